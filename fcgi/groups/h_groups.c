/* /groups: creating, listing, reading, editing, archiving, deleting and
 * joining groups. Every decision is acl_group()'s. */
#include "notify.h"
#include "core/acl.h"
#include "fold.h"
#include "groups/group_cache.h"
#include "groups/groups_model.h"
#include "accounts/avatar.h"
#include "blob_gc.h"
#include "core/listing.h"
#include "groups/member_cache.h"
#include "feed/timeline_cache.h"
#include "log.h"
#include "membership.h"
#include "outbox.h"
#include "settings.h"
#include "core/validate.h"
#include "core/worker.h"
#include <stdlib.h>
#include <string.h>

#define GROUP_NAME_MAX 80
#define GROUP_DESCRIPTION_MAX 2000

/* A group called `name` (whatever the accents and case) that the asker can
 * see, other than `self`: answered 409 naming it, and 1. A name held only
 * by a secret group the asker cannot see stays free for them: trying names
 * must not reveal a secret group (sql/006_group_names.sql). 0 when free,
 * -1 when MariaDB failed (answered). */
static int visible_name_clash(req *r, const char *name, long long self)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_GROUP_BY_NAME, "iis", r->user->id, r->user->id, name);
    if (!q) { resp_db_error(r); return -1; }
    for (int i = 0; i < q->nrows; i++) {
        group_facts f;
        group_facts_at(q, i, &f);
        if (f.id == self || acl_group(r->user, &f, GA_SEE) != ACL_ALLOW) continue;
        resp_error_with(r, 409, "conflict", "group",
            json_pack("{s:I,s:s}", "id", (json_int_t)f.id, "name", db_cell(q, i, 1)), M_GROUP_NAME_TAKEN, name);
        return 1;
    }
    return 0;
}

/* MariaDB refused a name that a group everyone sees holds (the unique
 * listed name): a race with another writer, or a secret group made
 * visible under a taken name. */
static int name_taken(req *r, const char *name, long long self)
{
    if (visible_name_clash(r, name, self) == 0) return resp_error(r, 409, "conflict", M_GROUP_NAME_TAKEN, name);
    return 0;
}

static int send_page(req *r, int status, const db_rows *q)
{
    json_t *g = group_json(r, q, 0);
    json_object_set_new(g, "managers", group_managers_json(q, 0));
    return resp_json(r, status, g);
}

/* The group page after a change (the change is committed: it exists). */
static int answer_group(req *r, int status, long long id)
{
    db_rows *q;
    group_facts f;
    int found = group_load_page(r, id, &q, &f);
    if (found < 0) return resp_db_error(r);
    if (!found) return resp_error(r, 404, "not_found", M_GROUP_NOT_FOUND);
    return send_page(r, status, q);
}

static const field_spec create_fields[] = {
    { "name", F_STRING, 1, GROUP_NAME_MAX, NULL },
    { "description", F_TEXT, 0, GROUP_DESCRIPTION_MAX, NULL },
    { "visibility", F_STRING, 1, 0, "public|private|secret" },
    { "posting", F_STRING, 0, 0, "members|managers" },
    { NULL, 0, 0, 0, NULL },
};

int h_groups_create(req *r)
{
    char creation[32];
    if (settings_get(worker_db(), r->a, "group_creation", creation, sizeof creation)) return resp_db_error(r);
    if (!acl_can_create_group(r->user, creation)) return resp_error(r, 403, "forbidden", M_GROUP_CREATION_ADMINS);
    if (req_read_json(r) || validate_body(r, create_fields)) return 0;
    const char *name = trim_spaces(r->a, body_str(r, "name"));
    if (!name) return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "name");
    const char *description = body_str(r, "description") ? body_str(r, "description") : "";
    const char *posting = body_str(r, "posting") ? body_str(r, "posting") : "members";

    if (visible_name_clash(r, name, 0)) return 0;
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    if (db_exec(d, STMT_GROUP_INSERT,
                "ssssi", name, description, body_str(r, "visibility"), posting, r->user->id) < 0) {
        int dup = db_errno(d) == DB_ER_DUP_ENTRY;
        db_rollback(d);
        return dup ? name_taken(r, name, 0) : resp_db_error(r);
    }
    long long id = db_last_id(d);
    if (db_exec(d, STMT_MEMBER_INSERT_MANAGER,
                "ii", id, r->user->id) < 0
        || membership_recount(d, id) || outbox_add(d, ENTITY_GROUP, id)
        || db_exec(d, STMT_AUDIT_GROUP_CREATE, "iis", r->user->id, id, name) < 0) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (db_commit(d)) return resp_db_error(r);
    group_cache_changed();
    member_cache_changed(r->user->id);
    outbox_poke(W.cfg.indexer_socket);
    return answer_group(r, 201, id);
}

/* Where a page of the catalogue starts after the cursor (the last group
 * shown: its id, and its name should it have been renamed or deleted). */
static size_t page_start(const char *after_name, long long after_id)
{
    if (after_id <= 0) return 0;
    size_t i = group_cache_index(after_id);
    if (i != (size_t)-1) return i + 1;
    char *folded = fold_text(after_name, strlen(after_name));
    size_t n = group_cache_count(), k = 0;
    while (k < n && folded && strcmp(group_cache_at(k)->folded_name, folded) <= 0) k++;
    free(folded);
    return k;
}

int h_groups_list(req *r)
{
    int limit;
    if (req_limit(r, 20, 100, &limit)) return 0;
    const char *q = req_query(r, "q"), *mine_s = req_query(r, "mine"), *cursor = req_query(r, "cursor");
    if (q && utf8_chars(q) > 100) return resp_error(r, 400, "bad_request", M_FIELD_TOO_LONG, "q", 100);
    if (mine_s && strcmp(mine_s, "0") && strcmp(mine_s, "1")) return resp_error(r, 400, "bad_request", M_BAD_FIELD, "mine");
    int mine = mine_s && strcmp(mine_s, "1") == 0;
    char *parts[2] = { "", "0" };
    long long after_id = 0;
    if (cursor && *cursor && (cursor_split(r->a, cursor, parts, 2) || (after_id = parse_id(parts[1])) <= 0))
        return resp_error(r, 400, "bad_request", M_BAD_CURSOR);

    /* the catalogue in memory, and one query: the asker's memberships */
    my_groups my;
    if (group_cache_refresh() || my_groups_load(r, &my)) return resp_db_error(r);
    char *folded_q = q && *q ? fold_text(q, strlen(q)) : NULL;
    size_t start = page_start(parts[0], after_id), n = group_cache_count();
    const cached_group *last = NULL;
    int more = 0, shown = 0;
    resp_stream_begin(r, 200);
    resp_write(r, "{\"items\":[", 10);
    /* a person's own groups: their memberships, in name order; the
     * directory: the catalogue from the cursor on, skipping what the
     * asker may not see */
    size_t k = 0;
    while (mine && k < my.n && my.items[k].pos < start) k++;
    for (size_t i = start; mine ? k < my.n : i < n; mine ? k++ : i++) {
        size_t pos = mine ? my.items[k].pos : i;
        if (mine && (my.items[k].f.role == ROLE_NONE || (k > 0 && my.items[k - 1].pos == pos))) continue;
        const cached_group *g = group_cache_at(pos);
        group_facts f;
        my_groups_facts(&my, g, pos, &f);
        if (acl_group(r->user, &f, GA_SEE) != ACL_ALLOW) continue;
        if (folded_q && !strstr(g->folded_name, folded_q)) continue;
        if (shown == limit) { more = 1; break; }
        if (shown++) resp_write(r, ",", 1);
        group_json_write(r, g, &f);
        last = g;
    }
    free(folded_q);
    json_t *next = more && last
        ? json_string(cursor_make(r->a, arena_printf(r->a, "%s\n%lld", last->name, last->id))) : json_null();
    char *next_text = json_dumps(next, JSON_ENCODE_ANY);
    json_decref(next);
    resp_write(r, "],\"next\":", 9);
    resp_write(r, next_text ? next_text : "null", next_text ? strlen(next_text) : 4);
    resp_write(r, "}", 1);
    free(next_text);
    return 0;
}

int h_groups_get(req *r)
{
    my_groups my;
    if (group_cache_refresh() || my_groups_load(r, &my)) return resp_db_error(r);
    size_t pos = group_cache_index(r->ids[0]);
    if (pos == (size_t)-1) return acl_refuse(r, ACL_HIDDEN);
    const cached_group *g = group_cache_at(pos);
    group_facts f;
    my_groups_facts(&my, g, pos, &f);
    acl_verdict v = acl_group(r->user, &f, GA_SEE);
    if (v != ACL_ALLOW) return acl_refuse(r, v);
    json_t *j = group_json_from(r, g, &f);
    json_object_set(j, "managers", g->managers);
    /* the group's image (docs/viewer.md) */
    int failed = 0;
    const char *image = avatar_version(r, "group", g->id, &failed);
    if (failed) { json_decref(j); return resp_db_error(r); }
    if (image) json_object_set_new(j, "image_url", group_image_url_json(g->id, image));
    return resp_json(r, 200, j);
}

static const field_spec patch_fields[] = {
    { "name", F_STRING, 0, GROUP_NAME_MAX, NULL },
    { "description", F_TEXT, 0, GROUP_DESCRIPTION_MAX, NULL },
    { "visibility", F_STRING, 0, 0, "public|private|secret" },
    { "posting", F_STRING, 0, 0, "members|managers" },
    { "archived", F_BOOL, 0, 0, NULL },
    { "default", F_BOOL, 0, 0, NULL },
    /* notifications: the members' level when they chose none, and the
     * days after which a must-read post not confirmed is recalled (0: never) */
    { "follow_default", F_STRING, 0, 0, "all|essential|none" },
    { "must_read_reminder_days", F_COUNT, 0, 30, NULL },
    { NULL, 0, 0, 0, NULL },
};

int h_groups_patch(req *r)
{
    group_facts f;
    if (!group_allows(r, r->ids[0], GA_SEE, NULL, &f)) return 0;
    if (req_read_json(r) || validate_body(r, patch_fields)) return 0;
    const char *name = body_str(r, "name"), *description = body_str(r, "description");
    const char *visibility = body_str(r, "visibility"), *posting = body_str(r, "posting");
    int archived = body_bool(r, "archived", -1), is_default = body_bool(r, "default", -1);
    const char *follow_default = body_str(r, "follow_default");
    long long reminder = body_int(r, "must_read_reminder_days", -1);
    int notify_settings = follow_default || reminder >= 0;
    int settings = name || description || visibility || posting || archived >= 0 || notify_settings;
    acl_verdict v;
    if (settings && (v = acl_group(r->user, &f, GA_MANAGE)) != ACL_ALLOW) return acl_refuse(r, v);
    if (is_default >= 0 && (v = acl_group(r->user, &f, GA_SET_DEFAULT)) != ACL_ALLOW) return acl_refuse(r, v);
    /* an archived group changes only by being restored */
    if (f.archived && (name || description || visibility || posting || is_default >= 0 || archived == 1
                       || notify_settings))
        return acl_refuse(r, ACL_ARCHIVED);
    if (name && !(name = trim_spaces(r->a, name))) return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "name");
    if (name && visible_name_clash(r, name, f.id)) return 0;

    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    if (db_exec(d, STMT_GROUP_UPDATE,
                "ssssiiiii", name, description, visibility, posting, (long long)archived, (long long)archived,
                (long long)is_default, (long long)is_default, f.id) < 0) {
        int dup = db_errno(d) == DB_ER_DUP_ENTRY;
        db_rollback(d);
        if (!dup) return resp_db_error(r);
        if (name) return name_taken(r, name, f.id);
        /* made visible under a name a listed group has */
        size_t at = group_cache_refresh() == 0 ? group_cache_index(f.id) : (size_t)-1;
        return name_taken(r, at != (size_t)-1 ? group_cache_at(at)->name : "", f.id);
    }
    const char *action = archived == 1 ? "group.archive" : archived == 0 ? "group.restore" : "group.update";
    if ((notify_settings
         && db_exec(d, STMT_GROUP_NOTIFY_SETTINGS, "ssi", follow_default,
                    reminder >= 0 ? arena_printf(r->a, "%lld", reminder) : NULL, f.id) < 0)
        || outbox_add(d, ENTITY_GROUP, f.id) || (visibility && outbox_add(d, ENTITY_GROUP_CONTENT, f.id))
        || (visibility && notify_add(d, NOTIFY_GROUP_RIGHTS, f.id, r->user->id, 0, NULL))
        || group_audit(r, &f, action, 0)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (db_commit(d)) return resp_db_error(r);
    group_cache_changed();
    if (name) timeline_changed_all();           /* the group's name on its posts */
    outbox_poke(W.cfg.indexer_socket);
    if (visibility) notify_poke(&W.cfg);
    return answer_group(r, 200, f.id);
}

int h_groups_delete(req *r)
{
    db_rows *q;
    group_facts f;
    if (!group_allows(r, r->ids[0], GA_DELETE, &q, &f)) return 0;
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    const char *image_freed = NULL;   /* its image goes with it (docs/viewer.md) */
    if (avatar_erase(d, r->a, "group", f.id, &image_freed)
        || db_exec(d, STMT_GROUP_DELETE, "i", f.id) < 0
        || outbox_add(d, ENTITY_GROUP, f.id)
        || db_exec(d, STMT_AUDIT_GROUP_DELETE, "iis", r->user->id, f.id,
                   arena_printf(r->a, "name=%s%s", db_cell(q, 0, 1),
                                acl_acts_as_outsider(r->user, &f) ? " outsider=admin" : "")) < 0) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (db_commit(d)) return resp_db_error(r);
    blob_release(d, r->a, arena_printf(r->a, "%s/blobs", W.cfg.var_dir), image_freed);
    group_cache_changed();
    member_cache_changed_all();
    outbox_poke(W.cfg.indexer_socket);
    log_info("group deleted id=%lld by user=%lld", f.id, r->user->id);
    return resp_empty(r, 204);
}

int h_groups_join(req *r)
{
    group_facts f;
    if (!group_allows(r, r->ids[0], GA_SEE, NULL, &f)) return 0;
    if (f.role != ROLE_NONE) return resp_json(r, 200, json_pack("{s:s}", "status", "member"));
    if (f.requested) return resp_json(r, 200, json_pack("{s:s}", "status", "requested"));

    int join = acl_group(r->user, &f, GA_JOIN) == ACL_ALLOW;
    acl_verdict v;
    if (!join && (v = acl_group(r->user, &f, GA_REQUEST)) != ACL_ALLOW) {
        acl_verdict jv = acl_group(r->user, &f, GA_JOIN);
        return acl_refuse(r, jv == ACL_ARCHIVED ? jv : v);
    }
    db *d = worker_db();
    if (!group_begin_locked(r, d, f.id)) return 0;
    /* joining is told too (nobody is notified of it; the group's
     * discussion appears in the person's open pages) */
    int failed = join
        ? db_exec(d, STMT_MEMBER_INSERT_IGNORE, "ii", f.id, r->user->id) < 0
          || membership_recount(d, f.id) || group_audit(r, &f, "group.join", r->user->id)
          || notify_add(d, NOTIFY_ADDED, f.id, r->user->id, r->user->id, "member")
        : db_exec(d, STMT_REQUEST_INSERT_IGNORE, "ii", f.id, r->user->id) < 0
          || notify_add(d, NOTIFY_REQUEST, f.id, r->user->id, 0, NULL);
    if (failed) { db_rollback(d); return resp_db_error(r); }
    if (db_commit(d)) return resp_db_error(r);
    notify_poke(&W.cfg);
    if (join) group_cache_changed();
    member_cache_changed(r->user->id);
    return resp_json(r, 200, json_pack("{s:s}", "status", join ? "member" : "requested"));
}
