/* /notifications: a person's notifications, newest first, each checked
 * again when listed (a post deleted, a group left, a file trashed: the
 * notification is not shown), its sentence written in the asker's
 * language (lib/notify_text.c); the unread count; marking read. */
#include "core/acl.h"
#include "events/events_model.h"
#include "core/listing.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "drive/drive_model.h"
#include "groups/groups_model.h"
#include "notify/actor_cache.h"
#include "notify/handlers.h"
#include "notify.h"
#include "notify_text.h"
#include <stdlib.h>
#include <string.h>

/* The columns of NOTIFICATION_COLUMNS (lib/stmt/columns.h). */
enum { C_ID, C_KIND, C_TTYPE, C_TID, C_POST, C_GROUP, C_NODE, C_MESSAGE, C_DETAIL, C_ACTORS, C_ACTOR_COUNT,
       C_EVENT_COUNT, C_READ, C_CREATED, C_UPDATED, C_UPDATED_KEY, C_POST_TITLE, C_GROUP_NAME, C_NODE_NAME,
       C_MESSAGE_TITLE, C_POST_AUTHOR, C_USER, C_MAIL_STATE, C_MESSAGE_BODY, C_POST_EXISTS, C_POST_GROUP,
       C_POST_PUBLISHED, C_POST_CLOSED, C_CONV, C_CHAT_MESSAGE, C_CONV_NAME, C_CONV_KIND, C_CONV_GROUP,
       C_CONV_ENABLED, C_CONV_CLOSED, C_CONV_PARTICIPANT, C_POST_BODY, C_REQUESTS_SETTLED, C_CONVOCATION };

/* The asker's facts on group `id` from the worker's caches (no query):
 * 1, or 0 when the group is gone. */
static int cached_group_facts(const my_groups *my, long long id, group_facts *f)
{
    size_t pos = group_cache_index(id);
    if (pos == (size_t)-1) return 0;
    my_groups_facts(my, group_cache_at(pos), pos, f);
    return 1;
}

/* A chat notification: whether the asker takes part in its conversation
 * now (acl_conversation over the row's facts; a room's people are its
 * group's members, from the caches). */
static int chat_visible(req *r, const my_groups *my, const db_rows *q, int i)
{
    const char *kind = db_cell(q, i, C_CONV_KIND);
    if (!kind) return 0;                           /* the conversation is gone */
    conversation_facts f = { .kind = strcmp(kind, "room") == 0 ? CONV_ROOM
                                   : strcmp(kind, "group") == 0 ? CONV_GROUP : CONV_DIRECT,
                             .participant = db_cell_int(q, i, C_CONV_PARTICIPANT) != 0,
                             .enabled = db_cell_int(q, i, C_CONV_ENABLED) != 0,
                             .closed = db_cell_int(q, i, C_CONV_CLOSED) != 0 };
    if (f.kind == CONV_ROOM) {
        group_facts g;
        if (!cached_group_facts(my, db_cell_int(q, i, C_CONV_GROUP), &g)) return 0;
        f.group_role = g.role;
        f.group_manager = acl_group(r->user, &g, GA_MANAGE) == ACL_ALLOW;
    }
    return acl_conversation(r->user, &f, CA_READ) == ACL_ALLOW;
}

/* 1 when the asker may still see what the notification points at (and
 * *url where it points), 0 when not, -1 on a database error. */
static int visible(req *r, const my_groups *my, const db_rows *q, int i, const char **url)
{
    const char *type = db_cell(q, i, C_TTYPE), *kind = db_cell(q, i, C_KIND);
    long long tid = db_cell_int(q, i, C_TID);
    if (db_cell_int(q, i, C_CONV)) {
        *url = arena_printf(r->a, "/messagerie/%lld?message=%lld", db_cell_int(q, i, C_CONV), tid);
        return chat_visible(r, my, q, i);
    }
    if (strcmp(type, "post") == 0 || strcmp(type, "comment") == 0) {
        /* the post's facts came with the row, the group's from the caches */
        post_facts f = { 0 };
        long long pg = db_cell_int(q, i, C_POST_GROUP);
        f.news = pg == 0;
        f.author_id = db_cell_int(q, i, C_POST_AUTHOR);
        f.published = db_cell_int(q, i, C_POST_PUBLISHED) != 0;
        f.comments_closed = db_cell_int(q, i, C_POST_CLOSED) != 0;
        int found = db_cell_int(q, i, C_POST_EXISTS) != 0 && (f.news || cached_group_facts(my, pg, &f.group))
                 && acl_post(r->user, &f, PA_READ) == ACL_ALLOW;
        long long group = db_cell_int(q, i, C_GROUP);
        /* several posts of a group: the group's feed; a convocation: its
         * page (the meeting, « J'ai lu », the record) */
        if (db_cell_int(q, i, C_CONVOCATION))
            *url = arena_printf(r->a, "/convocations/%lld", db_cell_int(q, i, C_CONVOCATION));
        else if (strcmp(kind, "post") == 0 && db_cell_int(q, i, C_EVENT_COUNT) > 1 && group)
            *url = arena_printf(r->a, "/groupes/%lld", group);
        else
            *url = arena_printf(r->a, "/publications/%lld", db_cell_int(q, i, C_POST));
        return found;
    }
    if (strcmp(type, "group") == 0) {
        group_facts f;
        if (!cached_group_facts(my, tid, &f)) return 0;
        group_action need = strcmp(kind, "request") == 0 ? GA_MANAGE
                          : strcmp(kind, "request_decided") == 0 ? GA_SEE : GA_READ;
        *url = strcmp(kind, "request") == 0 ? arena_printf(r->a, "/groupes/%lld?onglet=membres", tid)
                                            : arena_printf(r->a, "/groupes/%lld", tid);
        return acl_group(r->user, &f, need) == ACL_ALLOW;
    }
    if (strcmp(type, "file") == 0 || strcmp(type, "folder") == 0) {
        drive_node n;
        int found = node_load(r, tid, NULL, 0, &n);
        if (found <= 0) return found;
        *url = arena_printf(r->a, "/drive/dossiers/%lld", n.folder ? n.id : n.parent_id);
        return 1;
    }
    if (strcmp(type, "report") == 0) {        /* docs/moderation.md */
        *url = strcmp(kind, "report") == 0 ? "/moderation" : "/notifications";
        return 1;
    }
    if (strcmp(type, "event") == 0) {         /* docs/events.md: while the asker may see it */
        db_rows *ev;
        event_facts f;
        acl_verdict v;
        int found = event_load(r, tid, &ev, &f, &v);
        *url = arena_printf(r->a, "/evenements/%lld", tid);
        return found <= 0 ? found : v == ACL_ALLOW;
    }
    if (strcmp(kind, "export_ready") == 0) {   /* « Mes données »: the person's own */
        *url = "/mes-donnees";
        return 1;
    }
    *url = "/notifications";
    return 1;                                 /* an administrators' message */
}

/* id → display name of the actors of a page */
typedef struct { long long *ids; const char **names; int n; } actor_names;

static const char *actor_name(const actor_names *an, long long id)
{
    for (int i = 0; i < an->n; i++)
        if (an->ids[i] == id) return an->names[i];
    return NULL;
}

/* The first three actors' ids of row i: the column is our own JSON array
 * of decimal strings (NOTIFICATION_UPSERT), read without a JSON parser. */
static int row_actors(const db_rows *q, int i, long long out[3])
{
    const char *p = db_cell(q, i, C_ACTORS);
    int n = 0;
    while (p && *p && n < 3) {
        if (*p < '0' || *p > '9') { p++; continue; }
        char *end;
        long long id = strtoll(p, &end, 10);
        if (id > 0) out[n++] = id;
        p = end;
    }
    return n;
}

/* The names of the actors of rows [0, shown): from the worker's cache, the
 * others in one query. 0, or -1 on a database error. */
static int load_actor_names(req *r, const db_rows *q, int shown, actor_names *an)
{
    an->ids = arena_alloc(r->a, sizeof *an->ids * (size_t)(3 * shown + 1));
    an->names = arena_alloc(r->a, sizeof *an->names * (size_t)(3 * shown + 1));
    an->n = 0;
    uint64_t *gens = arena_alloc(r->a, sizeof *gens * (size_t)(3 * shown + 1));
    json_t *missing = json_array();
    for (int i = 0; i < shown; i++) {
        long long ids[3];
        int n = row_actors(q, i, ids);
        for (int k = 0; k < n; k++) {
            int seen = 0;
            for (int j = 0; j < an->n; j++) seen |= an->ids[j] == ids[k];
            if (seen) continue;
            an->ids[an->n] = ids[k];
            an->names[an->n] = actor_cache_get(ids[k], &gens[an->n]);
            if (!an->names[an->n]) json_array_append_new(missing, json_integer(ids[k]));
            an->n++;
        }
    }
    if (json_array_size(missing) == 0) { json_decref(missing); return 0; }
    char *text = json_dumps(missing, JSON_COMPACT);
    json_decref(missing);
    db_rows *names = text ? db_query(worker_db(), r->a, STMT_NOTIFICATION_ACTORS, "s", text) : NULL;
    free(text);
    if (!names) return -1;
    for (int row = 0; row < names->nrows; row++)
        for (int j = 0; j < an->n; j++)
            if (!an->names[j] && an->ids[j] == db_cell_int(names, row, 0)) {
                an->names[j] = db_cell(names, row, 1);
                actor_cache_put(an->ids[j], gens[j], an->names[j]);
            }
    return 0;
}

/* "2026-12-02 13:18:43.123" (UTC) → "2026-12-02T13:18:43Z" */
static const char *iso_time(req *r, const char *t)
{
    if (!t || strlen(t) < 19) return t ? t : "";
    return arena_printf(r->a, "%.10sT%.8sZ", t, t + 11);
}

/* One notification as JSON text (written, not built with jansson: a page
 * is twenty of them, and the list is what the bell asks most). Strings
 * from people go through json_quote; the rest is ours. */
static const char *item_text(req *r, const db_rows *q, int i, const actor_names *an, const char *url)
{
    arena *a = r->a;
    long long ids[3];
    int n = row_actors(q, i, ids);
    const char *actors = "", *first = NULL, *second = NULL;
    for (int k = 0; k < n; k++) {
        const char *name = actor_name(an, ids[k]);
        if (!name) continue;                      /* an account erased since */
        if (!first) first = name; else if (!second) second = name;
        actors = arena_printf(a, "%s%s{\"id\":%lld,\"display_name\":%s}", actors, *actors ? "," : "", ids[k],
                              json_quote(a, name));
    }
    const char *type = db_cell(q, i, C_TTYPE), *kind = db_cell(q, i, C_KIND);
    const char *title = notify_post_title(a, db_cell(q, i, C_POST_TITLE), db_cell(q, i, C_POST_BODY));
    if (strcmp(type, "file") == 0 || strcmp(type, "folder") == 0) title = db_cell(q, i, C_NODE_NAME);
    if (strcmp(type, "announcement") == 0) title = db_cell(q, i, C_MESSAGE_TITLE);
    int chat = db_cell_int(q, i, C_CONV) != 0;
    if (chat) title = db_cell(q, i, C_CONV_NAME);
    const char *group_name = db_cell(q, i, C_GROUP_NAME);
    notify_text_in in = {
        .kind = kind, .detail = db_cell(q, i, C_DETAIL), .actor1 = first, .actor2 = second,
        .actor_count = db_cell_int(q, i, C_ACTOR_COUNT), .event_count = db_cell_int(q, i, C_EVENT_COUNT),
        .title = title ? title : "", .group = group_name,
        .own_post = db_cell_int(q, i, C_POST_AUTHOR) == r->user->id, .chat = chat,
    };
    const char *group = group_name
        ? arena_printf(a, "{\"id\":%lld,\"name\":%s}", db_cell_int(q, i, C_GROUP), json_quote(a, group_name)) : "null";
    /* an administrators' message is read here: its title and body */
    const char *message = strcmp(type, "announcement") == 0 && db_cell(q, i, C_MESSAGE_TITLE)
        ? arena_printf(a, ",\"announcement\":{\"title\":%s,\"body\":%s}", json_quote(a, db_cell(q, i, C_MESSAGE_TITLE)),
                       json_quote(a, db_cell(q, i, C_MESSAGE_BODY)))
        : "";
    /* a report's outcome: the moderator's answer (one query: they are few) */
    if (strcmp(type, "report") == 0 && strcmp(kind, "report_decided") == 0) {
        db_rows *rc = db_query(worker_db(), a, STMT_NOTIFICATION_REPORT_CASE, "i", db_cell_int(q, i, C_TID));
        if (rc && rc->nrows)
            message = arena_printf(a, ",\"report\":{\"decision\":%s,\"answer\":%s,\"target_type\":%s}",
                                   json_quote(a, db_cell(rc, 0, 0)), json_quote(a, db_cell(rc, 0, 1)),
                                   json_quote(a, db_cell(rc, 0, 2)));
    }
    /* join requests all answered: nothing left to do (docs/notifications.md) */
    if (db_cell_int(q, i, C_REQUESTS_SETTLED)) message = arena_printf(a, "%s,\"done\":true", message);
    /* posts, files, a conversation's messages: how many; the rest: how many people */
    long long count = strcmp(kind, "post") == 0 || strcmp(kind, "file") == 0 || (chat && strcmp(kind, "message") == 0)
        ? in.event_count : in.actor_count;
    /* kind, type and the times are ours: nothing to escape */
    return arena_printf(a, "{\"id\":%lld,\"kind\":\"%s\",\"read\":%s,\"created\":\"%s\",\"updated\":\"%s\","
                        "\"actors\":[%s],\"count\":%lld,\"target\":{\"type\":\"%s\",\"id\":%lld,\"url\":%s},"
                        "\"text\":%s,\"group\":%s%s}",
                        db_cell_int(q, i, C_ID), kind, db_cell_int(q, i, C_READ) ? "true" : "false",
                        iso_time(r, db_cell(q, i, C_CREATED)), iso_time(r, db_cell(q, i, C_UPDATED)), actors, count,
                        type, db_cell_int(q, i, C_TID), json_quote(a, url),
                        json_quote(a, notify_text(a, r->lang == LANG_EN, &in)), group, message);
}

int h_notifications_list(req *r)
{
    int limit;
    if (req_limit(r, 20, 100, &limit)) return 0;
    const char *cursor = req_query(r, "cursor"), *unread = req_query(r, "unread");
    char *parts[2] = { NULL, NULL };
    if (cursor && *cursor && (cursor_split(r->a, cursor, parts, 2) || parse_id(parts[1]) < 0))
        return resp_error(r, 400, "bad_request", M_BAD_CURSOR);
    long long only_unread = unread && strcmp(unread, "1") == 0;
    db_rows *q = db_query(worker_db(), r->a, STMT_NOTIFICATIONS_PAGE, "issiii", r->user->id, parts[0], parts[0],
                          parts[1] ? parse_id(parts[1]) : 0LL, only_unread, (long long)limit + 1);
    if (!q) return resp_db_error(r);
    int shown = q->nrows > limit ? limit : q->nrows;
    actor_names an;
    if (load_actor_names(r, q, shown, &an)) return resp_db_error(r);
    my_groups my;
    if (group_cache_refresh() || my_groups_load(r, &my)) return resp_db_error(r);
    const char **texts = arena_alloc(r->a, sizeof *texts * (size_t)(shown + 1));
    int n = 0;
    for (int i = 0; i < shown; i++) {
        const char *url = NULL;
        int v = visible(r, &my, q, i, &url);
        if (v < 0) return resp_db_error(r);
        if (v) texts[n++] = item_text(r, q, i, &an, url);
    }
    const char *next = "null";
    if (q->nrows > limit)
        next = json_quote(r->a, cursor_make(r->a, arena_printf(r->a, "%s\n%s", db_cell(q, shown - 1, C_UPDATED_KEY),
                                                               db_cell(q, shown - 1, C_ID))));
    resp_stream_begin(r, 200);
    resp_write(r, "{\"items\":[", 10);
    for (int i = 0; i < n; i++) {
        if (i) resp_write(r, ",", 1);
        resp_write(r, texts[i], strlen(texts[i]));
    }
    resp_write(r, "],\"next\":", 9);
    resp_write(r, next, strlen(next));
    resp_write(r, "}", 1);
    return 0;
}

int h_notifications_unread(req *r)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_NOTIFICATION_UNREAD_COUNT, "i", r->user->id);
    if (!q || !q->nrows) return resp_db_error(r);
    return resp_json(r, 200, json_pack("{s:I}", "count", (json_int_t)db_cell_int(q, 0, 0)));
}

/* Marks read with statement `s` (user, then `arg`: an id, or a list as
 * text), and in the same transaction asks the notifier to publish the
 * person's new count to their other tabs. */
static int mark_read(req *r, stmt s, long long id, const char *list)
{
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    long long n = list ? db_exec(d, s, "is", r->user->id, list) : id ? db_exec(d, s, "ii", r->user->id, id)
                       : db_exec(d, s, "i", r->user->id);
    if (n < 0 || (n > 0 && notify_add(d, NOTIFY_UNREAD, r->user->id, r->user->id, 0, NULL)) || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (n > 0) notify_poke(&W.cfg);
    return resp_empty(r, 204);
}

/* « Tout marquer comme lu »: in batches, each its own statement, so that a
 * person with tens of thousands of unread notifications never holds one
 * statement past the workers' database timeout (a batch costs tens of
 * milliseconds); the new counts are published once, at the end. A failure
 * half-way leaves the first batches read: asking again finishes. */
#define READ_ALL_BATCH 2000
static int mark_all_read(req *r)
{
    db *d = worker_db();
    long long n, total = 0;
    do {
        n = db_exec(d, STMT_NOTIFICATION_READ_ALL, "ii", r->user->id, (long long)READ_ALL_BATCH);
        if (n < 0) return resp_db_error(r);
        total += n;
    } while (n == READ_ALL_BATCH);
    if (total > 0) {
        if (db_begin(d)) return resp_db_error(r);
        if (notify_add(d, NOTIFY_UNREAD, r->user->id, r->user->id, 0, NULL) || db_commit(d)) {
            db_rollback(d);
            return resp_db_error(r);
        }
        notify_poke(&W.cfg);
    }
    return resp_empty(r, 204);
}

int h_notifications_read(req *r)
{
    if (req_read_json(r)) return 0;
    json_t *ids = json_object_get(r->body, "ids"), *all = json_object_get(r->body, "all");
    json_t *target = json_object_get(r->body, "target");
    db *d = worker_db();
    long long me = r->user->id;
    if (json_is_array(ids) && !all && !target) {
        if (json_array_size(ids) == 0 || json_array_size(ids) > 500) return resp_error(r, 400, "bad_request", M_READ_WHAT);
        size_t k;
        json_t *v;
        json_array_foreach(ids, k, v)
            if (!json_is_integer(v) || json_integer_value(v) <= 0) return resp_error(r, 400, "bad_request", M_READ_WHAT);
        char *text = json_dumps(ids, JSON_COMPACT);
        if (!text) return resp_db_error(r);
        const char *list = arena_strdup(r->a, text);
        free(text);
        /* another person's id, or an unknown one: 404, and nothing is marked */
        db_rows *own = db_query(d, r->a, STMT_NOTIFICATION_OWNED_COUNT, "is", me, list);
        if (!own || !own->nrows) return resp_db_error(r);
        db_rows *distinct = db_query(d, r->a, STMT_JSON_DISTINCT_COUNT, "s", list);
        if (!distinct || !distinct->nrows) return resp_db_error(r);
        if (db_cell_int(own, 0, 0) != db_cell_int(distinct, 0, 0))
            return resp_error(r, 404, "not_found", M_NOTIFICATION_NOT_FOUND);
        return mark_read(r, STMT_NOTIFICATION_READ_IDS, 0, list);
    }
    if (json_is_true(all) && !ids && !target) return mark_all_read(r);
    if (json_is_object(target) && !ids && !all) {
        const char *type = json_string_value(json_object_get(target, "type"));
        json_t *id = json_object_get(target, "id");
        if (!type || !json_is_integer(id) || json_integer_value(id) <= 0)
            return resp_error(r, 400, "bad_request", M_READ_WHAT);
        long long tid = (long long)json_integer_value(id);
        stmt s = strcmp(type, "post") == 0 ? STMT_NOTIFICATION_READ_POST
               : strcmp(type, "file") == 0 || strcmp(type, "folder") == 0 ? STMT_NOTIFICATION_READ_NODE
               : strcmp(type, "group") == 0 ? STMT_NOTIFICATION_READ_GROUP
               : strcmp(type, "conversation") == 0 ? STMT_NOTIFICATION_READ_CONVERSATION : STMT__MAX;
        if (s == STMT__MAX) return resp_error(r, 400, "bad_request", M_READ_WHAT);
        return mark_read(r, s, tid, NULL);
    }
    return resp_error(r, 400, "bad_request", M_READ_WHAT);
}
