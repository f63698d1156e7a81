/* Conversations: opening one (a direct one is found again), the person's
 * list latest activity first, the header's unread count, one
 * conversation, and changing its name, settings, mute or (a room) whether
 * it is on. */
#include "chat/chat_model.h"
#include "chat/my_conversations.h"
#include "core/respond.h"
#include "chat/handlers.h"
#include "chat_message.h"
#include "core/validate.h"
#include "core/worker.h"
#include "groups/groups_model.h"
#include "notify.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_CHARS 200

/* Answers conversation `id` as the asker sees it, with its people and last message. */
static int answer_conversation(req *r, long long id, int status)
{
    conversation c;
    int found = conversation_load(r, id, &c);
    if (found < 0) return resp_db_error(r);
    if (!found) return resp_error(r, 404, "not_found", M_CHAT_NOT_FOUND);
    json_t *last = NULL;
    const char *last_id = db_cell(c.q, c.row, 10);
    if (last_id && acl_conversation(r->user, &c.f, CA_READ) == ACL_ALLOW
        && chat_message_json(worker_db(), r->a, strtoll(last_id, NULL, 10), &last) < 0) return resp_db_error(r);
    json_t *o = conversation_json(r, &c, 1, last);
    return o ? resp_json(r, status, o) : resp_db_error(r);
}

/* The other people of {"participants": [...]}: positive ids, no repeats,
 * active accounts, oneself left out. Their number, or -1 after answering. */
static int read_people(req *r, long long **out)
{
    json_t *p = json_object_get(r->body, "participants"), *v;
    size_t i;
    if (!json_is_array(p) || json_array_size(p) == 0 || json_array_size(p) > CHAT_PARTICIPANTS_MAX) {
        resp_error(r, 400, "bad_request", M_CHAT_PEOPLE, CHAT_PARTICIPANTS_MAX - 1);
        return -1;
    }
    long long *ids = arena_alloc(r->a, json_array_size(p) * sizeof *ids);
    int n = 0;
    json_array_foreach(p, i, v) {
        long long id = json_is_integer(v) ? (long long)json_integer_value(v) : 0;
        int repeated = 0;
        for (int k = 0; k < n; k++) repeated |= ids[k] == id;
        if (id <= 0 || repeated) { resp_error(r, 400, "bad_request", M_CHAT_PEOPLE, CHAT_PARTICIPANTS_MAX - 1); return -1; }
        if (id == r->user->id) continue;
        ids[n++] = id;
    }
    if (n == 0) { resp_error(r, 400, "bad_request", M_CHAT_ALONE); return -1; }
    if (n > CHAT_PARTICIPANTS_MAX - 1) { resp_error(r, 400, "bad_request", M_CHAT_FULL, CHAT_PARTICIPANTS_MAX); return -1; }
    db_rows *q = db_query(worker_db(), r->a, STMT_CHAT_PEOPLE_ACTIVE, "s", db_ids_json(r->a, ids, n));
    if (!q) { resp_db_error(r); return -1; }
    for (int k = 0; k < n; k++) {
        int active = 0;
        for (int j = 0; j < q->nrows; j++) active |= db_cell_int(q, j, 0) == ids[k];
        if (!active) { resp_error(r, 400, "bad_request", M_CHAT_PERSON_UNKNOWN, ids[k]); return -1; }
        /* a guest writes only to the people of their groups; the others
         * are answered as unknown, as a guess of an id must be */
        int shares = chat_shares_group(r, ids[k]);
        if (shares < 0) { resp_db_error(r); return -1; }
        if (!acl_can_chat_with(r->user, shares)) { resp_error(r, 400, "bad_request", M_CHAT_PERSON_UNKNOWN, ids[k]); return -1; }
    }
    json_object_del(r->body, "participants");
    *out = ids;
    return n;
}

/* Inserts a conversation with its people (the asker first), in one
 * transaction. Its id, 0 when the direct key was taken meanwhile, -1. */
static long long insert_conversation(req *r, const char *kind, const char *name, const char *direct_key,
                                     const char *policy, const long long *people, int n)
{
    db *d = worker_db();
    if (db_begin(d)) return -1;
    if (db_exec(d, STMT_CHAT_CONVERSATION_INSERT, "sssnis", kind, name, direct_key, 0LL, r->user->id, policy) < 0) {
        int taken = db_errno(d) == DB_ER_DUP_ENTRY;
        db_rollback(d);
        return taken ? 0 : -1;
    }
    long long id = db_last_id(d);
    int failed = db_exec(d, STMT_CHAT_MEMBER_ADD, "iii", r->user->id, r->user->id, id) < 0;
    for (int i = 0; !failed && i < n; i++) failed = db_exec(d, STMT_CHAT_MEMBER_ADD, "iii", people[i], r->user->id, id) < 0;
    if (failed || notify_add(d, NOTIFY_CHAT_CONVERSATION, id, r->user->id, 0, "created") || db_commit(d)) {
        db_rollback(d);
        return -1;
    }
    my_conversations_changed(r->user->id);
    for (int i = 0; i < n; i++) my_conversations_changed(people[i]);
    notify_poke(&W.cfg);
    return id;
}

/* A group conversation without a name is named after its first people. */
static const char *default_name(req *r, const long long *people, int n)
{
    const char *name = r->user->display_name;
    for (int i = 0; i < n && i < 3; i++) {
        db_rows *q = db_query(worker_db(), r->a, STMT_CHAT_USER_NAME, "i", people[i]);
        if (q && q->nrows) name = arena_printf(r->a, "%s, %s", name, db_cell(q, 0, 0));
    }
    return n > 3 ? arena_printf(r->a, "%s +%d", name, n - 3) : name;
}

static int create_room(req *r)
{
    json_t *g = json_object_get(r->body, "group_id");
    long long group_id = json_is_integer(g) ? (long long)json_integer_value(g) : 0;
    if (group_id <= 0 || json_object_size(r->body) != 1) return resp_error(r, 400, "bad_request", M_FIELD_TYPE_ID, "group_id");
    db_rows *rows;
    group_facts gf;
    int found = group_load(r, group_id, &rows, &gf);
    if (found < 0) return resp_db_error(r);
    if (!found || acl_group(r->user, &gf, GA_READ) != ACL_ALLOW)
        return resp_error(r, 404, "not_found", M_CHAT_GROUP_MISSING, group_id);
    int manager = acl_group(r->user, &gf, GA_MANAGE) == ACL_ALLOW;
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    db_rows *q = db_query(d, r->a, STMT_CHAT_ROOM_OF_GROUP, "i", group_id);
    if (!q) { db_rollback(d); return resp_db_error(r); }
    long long id = q->nrows ? db_cell_int(q, 0, 0) : 0;
    int on = q->nrows && db_cell_int(q, 0, 1);
    if (!on && !manager) {
        db_rollback(d);
        return gf.role != ROLE_NONE ? resp_error(r, 403, "forbidden", M_CHAT_ROOM_OFF)
                                    : resp_error(r, 404, "not_found", M_CHAT_NOT_FOUND);
    }
    int failed = 0;
    if (!id) {
        failed = db_exec(d, STMT_CHAT_CONVERSATION_INSERT, "sssnis", "room", NULL, NULL, group_id, r->user->id, "members") < 0;
        id = failed ? 0 : db_last_id(d);
    } else if (!on) {
        failed = db_exec(d, STMT_CHAT_ROOM_SET_ENABLED, "ii", 1LL, id) < 0;
    }
    if (!on) failed = failed || notify_add(d, NOTIFY_CHAT_CONVERSATION, id, r->user->id, 0, "enabled");
    if (failed || db_commit(d)) { db_rollback(d); return resp_db_error(r); }
    if (!on) {
        my_conversations_changed_all();     /* the group's members take part from now */
        notify_poke(&W.cfg);
    }
    return answer_conversation(r, id, on ? 200 : 201);
}

static const field_spec create_fields[] = {
    { "name", F_STRING, 0, NAME_MAX_CHARS, NULL },
    { "add_policy", F_STRING, 0, 0, "members|creator" },
    { NULL, 0, 0, 0, NULL },
};

int h_conversations_create(req *r)
{
    if (req_read_json(r)) return 0;
    if (json_object_get(r->body, "group_id")) return create_room(r);
    long long *people;
    int n = read_people(r, &people);
    if (n < 0 || validate_body(r, create_fields)) return 0;
    const char *name = body_str(r, "name"), *policy = body_str(r, "add_policy");
    if (name && !(name = trim_spaces(r->a, name))) return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "name");
    if (n == 1 && !name && !policy) {
        /* the pair's conversation: found again, or made (a race makes it once) */
        long long lo = r->user->id < people[0] ? r->user->id : people[0], hi = lo == people[0] ? r->user->id : people[0];
        const char *key = arena_printf(r->a, "%lld:%lld", lo, hi);
        for (int attempt = 0; attempt < 2; attempt++) {
            db_rows *q = db_query(worker_db(), r->a, STMT_CHAT_DIRECT_FIND, "s", key);
            if (!q) return resp_db_error(r);
            if (q->nrows) return answer_conversation(r, db_cell_int(q, 0, 0), 200);
            long long id = insert_conversation(r, "direct", NULL, key, "members", people, n);
            if (id < 0) return resp_db_error(r);
            if (id > 0) return answer_conversation(r, id, 201);
        }
        return resp_db_error(r);
    }
    long long id = insert_conversation(r, "group", name ? name : default_name(r, people, n), NULL,
                                       policy ? policy : "members", people, n);
    if (id <= 0) return resp_db_error(r);
    return answer_conversation(r, id, 201);
}

/* "YYYY-MM-DD HH:MM:SS.ffffff_ID" (the list's cursor) into its parts. */
static int parse_cursor(req *r, const char *s, const char **at, long long *id)
{
    const char *u = s ? strrchr(s, '_') : NULL;
    if (!u || u - s != 26) return -1;
    for (int i = 0; i < 26; i++)
        if (!(s[i] >= '0' && s[i] <= '9') && !strchr("- :.", s[i])) return -1;
    *id = parse_id(u + 1);
    *at = arena_printf(r->a, "%.26s", s);
    return *id > 0 ? 0 : -1;
}

int h_conversations_list(req *r)
{
    int limit;
    if (req_limit(r, 20, 100, &limit)) return 0;
    const char *cursor = req_query(r, "cursor"), *at = "9999-12-31 23:59:59.999999";
    long long before_id = LLONG_MAX;
    if (cursor && *cursor && parse_cursor(r, cursor, &at, &before_id))
        return resp_error(r, 400, "bad_request", M_BAD_CURSOR);
    long long me = r->user->id;
    const long long *mine;
    size_t n;
    if (my_conversations(r, &mine, &n)) return resp_db_error(r);
    if (n == 0) return resp_json(r, 200, json_pack("{s:[],s:n}", "items", "next"));
    db_rows *q = db_query(worker_db(), r->a, STMT_CHAT_CONVERSATIONS_PAGE, "iiisssii",
                          me, me, me, db_ids_json(r->a, mine, (int)n), at, at, before_id, (long long)limit + 1);
    if (!q) return resp_db_error(r);
    int shown = q->nrows > limit ? limit : q->nrows;
    /* the previews: every last message in one query */
    const char *ids = "[";
    for (int i = 0; i < shown; i++)
        if (db_cell(q, i, 10)) ids = arena_printf(r->a, "%s%s%s", ids, ids[1] ? "," : "", db_cell(q, i, 10));
    db_rows *lq = db_query(worker_db(), r->a, STMT_CHAT_MESSAGES_OF_IDS, "s", arena_printf(r->a, "%s]", ids));
    json_t *last = lq ? chat_messages_json(worker_db(), r->a, lq) : NULL;
    if (!last) return resp_db_error(r);
    json_t *items = json_array();
    for (int i = 0; i < shown; i++) {
        conversation c;
        conversation_at(r, q, i, &c);
        json_t *preview = NULL;
        size_t k;
        json_t *m;
        json_array_foreach(last, k, m)
            if (db_cell(q, i, 10) && json_integer_value(json_object_get(m, "id")) == db_cell_int(q, i, 10))
                preview = json_incref(m);
        json_t *o = conversation_json(r, &c, 0, preview);
        if (!o) { json_decref(items); json_decref(last); return resp_db_error(r); }
        json_array_append_new(items, o);
    }
    json_decref(last);
    json_t *next = q->nrows > limit ? json_string(db_cell(q, shown - 1, 20)) : json_null();
    return resp_json(r, 200, json_pack("{s:o,s:o}", "items", items, "next", next));
}

int h_conversations_unread(req *r)
{
    long long me = r->user->id;
    db_rows *q = db_query(worker_db(), r->a, STMT_CHAT_UNREAD_TOTAL, "iii", me, me, me);
    if (!q) return resp_db_error(r);
    return resp_json(r, 200, json_pack("{s:I,s:I}", "count", (json_int_t)db_cell_int(q, 0, 0),
                                       "messages", (json_int_t)db_cell_int(q, 0, 1)));
}

int h_conversation_get(req *r)
{
    conversation c;
    if (!conversation_allows(r, r->ids[0], CA_READ, &c)) return 0;
    return answer_conversation(r, c.id, 200);
}

static const field_spec patch_fields[] = {
    { "name", F_STRING, 0, NAME_MAX_CHARS, NULL },
    { "add_policy", F_STRING, 0, 0, "members|creator" },
    { "muted", F_BOOL, 0, 0, NULL },
    { "enabled", F_BOOL, 0, 0, NULL },
    { NULL, 0, 0, 0, NULL },
};

int h_conversation_patch(req *r)
{
    conversation c;
    int found = conversation_load(r, r->ids[0], &c);
    if (found < 0) return resp_db_error(r);
    if (!found) return resp_error(r, 404, "not_found", M_CHAT_NOT_FOUND);
    if (req_read_json(r) || validate_body(r, patch_fields)) return 0;
    const char *name = body_str(r, "name"), *policy = body_str(r, "add_policy");
    int has_muted = json_object_get(r->body, "muted") != NULL, has_enabled = json_object_get(r->body, "enabled") != NULL;
    /* each change asks for its own right; the first refusal answers */
    struct { int asked; conversation_action a; } asks[] = {
        { name != NULL, CA_RENAME }, { policy != NULL, CA_SETTINGS }, { has_muted, CA_OWN_STATE }, { has_enabled, CA_ENABLE },
    };
    int any = 0;
    for (size_t i = 0; i < sizeof asks / sizeof asks[0]; i++) {
        if (!asks[i].asked) continue;
        any = 1;
        acl_verdict v = acl_conversation(r->user, &c.f, asks[i].a);
        if (v != ACL_ALLOW) return acl_refuse_chat(r, v);
    }
    if (!any) {
        acl_verdict v = acl_conversation(r->user, &c.f, CA_READ);
        if (v != ACL_ALLOW) return acl_refuse_chat(r, v);
        return answer_conversation(r, c.id, 200);
    }
    if (name && !(name = trim_spaces(r->a, name))) return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "name");
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    int failed = (name && db_exec(d, STMT_CHAT_CONVERSATION_RENAME, "si", name, c.id) < 0)
        || (policy && db_exec(d, STMT_CHAT_CONVERSATION_SET_POLICY, "si", policy, c.id) < 0)
        || (has_muted && db_exec(d, STMT_CHAT_MUTE_SET, "iii", c.id, r->user->id, (long long)body_bool(r, "muted", 0)) < 0)
        || (has_enabled && db_exec(d, STMT_CHAT_ROOM_SET_ENABLED, "ii", (long long)body_bool(r, "enabled", 1), c.id) < 0);
    const char *what = has_enabled ? "enabled" : name ? "renamed" : policy ? "settings" : NULL;
    if (!failed && what) failed = notify_add(d, NOTIFY_CHAT_CONVERSATION, c.id, r->user->id, 0, what) != 0;
    /* muting changes the person's own count, in their other tabs */
    if (!failed && has_muted) failed = notify_add(d, NOTIFY_CHAT_READ, c.id, r->user->id, c.last_read_seq, "mute") != 0;
    if (failed || db_commit(d)) { db_rollback(d); return resp_db_error(r); }
    if (has_enabled) my_conversations_changed_all();
    notify_poke(&W.cfg);
    /* a room switched off: its managers still see what they changed */
    if (has_enabled && !body_bool(r, "enabled", 1)) {
        conversation after;
        if (conversation_load(r, c.id, &after) <= 0) return resp_db_error(r);
        json_t *o = conversation_json(r, &after, 0, NULL);
        return o ? resp_json(r, 200, o) : resp_db_error(r);
    }
    return answer_conversation(r, c.id, 200);
}
