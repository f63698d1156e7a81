/* /groups/{id}/members and /groups/{id}/requests: who is in a group, with
 * which role and rights; invitations, requests, leaving. A group's
 * membership changes under a lock on the group's row, so two managers
 * cannot both step down and leave it without one. */
#include "notify.h"
#include "core/acl.h"
#include "groups/groups_model.h"
#include "core/listing.h"
#include "groups/member_cache.h"
#include "membership.h"
#include "core/validate.h"
#include "core/worker.h"
#include <stdlib.h>
#include <string.h>

int h_members_list(req *r)
{
    group_facts f;
    if (!group_allows(r, r->ids[0], GA_READ, NULL, &f)) return 0;
    int limit;
    if (req_limit(r, 50, 100, &limit)) return 0;
    const char *q = req_query(r, "q"), *cursor = req_query(r, "cursor");
    if (q && utf8_chars(q) > 100) return resp_error(r, 400, "bad_request", M_FIELD_TOO_LONG, "q", 100);
    char *parts[3] = { "0", "", "0" };
    if (cursor && *cursor && (cursor_split(r->a, cursor, parts, 3) || parse_id(parts[2]) < 0
                              || (strcmp(parts[0], "0") && strcmp(parts[0], "1"))))
        return resp_error(r, 400, "bad_request", M_BAD_CURSOR);
    long long rank = strcmp(parts[0], "1") == 0, after_id = cursor && *cursor ? parse_id(parts[2]) : 0;
    const char *pattern = q && *q ? like_contains(r->a, q) : "";
    /* managers first (rank 0), then by name */
    db_rows *rows = db_query(worker_db(), r->a,
        STMT_MEMBERS_OF_GROUP_PAGE,
        "isssiiissii", f.id, pattern, pattern, pattern, after_id, rank, rank, parts[1], parts[1], after_id,
        (long long)limit + 1);
    if (!rows) return resp_db_error(r);
    json_t *items = json_array();
    int shown = rows->nrows > limit ? limit : rows->nrows;
    for (int i = 0; i < shown; i++) json_array_append_new(items, member_json(rows, i));
    json_t *next = json_null();
    if (rows->nrows > limit)
        next = json_string(cursor_make(r->a, arena_printf(r->a, "%s\n%s\n%s", db_cell(rows, shown - 1, USER_NCOLS + 4),
                                                          db_cell(rows, shown - 1, 2), db_cell(rows, shown - 1, 0))));
    return resp_json(r, 200, json_pack("{s:o,s:o}", "items", items, "next", next));
}

/* The target person of /members/{user_id}: active, or 404. */
static int target_active(req *r, long long user_id)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_USER_STATUS, "i", user_id);
    if (!q) { resp_db_error(r); return 0; }
    if (q->nrows == 0 || strcmp(db_cell(q, 0, 0), "active") != 0) {
        resp_error(r, 404, "not_found", M_USER_NOT_FOUND);
        return 0;
    }
    return 1;
}

/* Inside the locked transaction: the person's role row (none when not a
 * member). NULL after rolling back and answering. */
static db_rows *current_role(req *r, db *d, long long group_id, long long uid)
{
    db_rows *cur = db_query(d, r->a, STMT_MEMBER_ROLE,
                            "ii", group_id, uid);
    if (!cur) { db_rollback(d); resp_db_error(r); }
    return cur;
}

/* 1 when the person (role row `cur`) is not a manager or is not the last
 * one; otherwise rolls back, answers 409 (or 503) and returns 0. */
static int another_manager_remains(req *r, db *d, long long group_id, const db_rows *cur, long long uid)
{
    if (strcmp(db_cell(cur, 0, 0), "manager") != 0) return 1;
    long long others = group_count_managers(d, r->a, group_id, uid);
    if (others > 0) return 1;
    db_rollback(d);
    if (others < 0) resp_db_error(r); else resp_error(r, 409, "conflict", M_LAST_MANAGER);
    return 0;
}

static const field_spec put_fields[] = {
    { "role", F_STRING, 0, 0, "member|manager" },
    { "drive_manager", F_BOOL, 0, 0, NULL },
    { "feed_moderator", F_BOOL, 0, 0, NULL },
    { NULL, 0, 0, 0, NULL },
};

/* Finishes a membership change: commits and answers the member entry. */
static int commit_and_answer(req *r, db *d, long long group_id, long long user_id)
{
    if (db_commit(d)) return resp_db_error(r);
    notify_poke(&W.cfg);
    group_cache_changed();
    member_cache_changed(user_id);
    json_t *m = member_load(r, group_id, user_id);
    return m ? resp_json(r, 200, m) : resp_db_error(r);
}

int h_members_put(req *r)
{
    group_facts f;
    long long uid = r->ids[1];
    if (!group_allows(r, r->ids[0], GA_MANAGE, NULL, &f)) return 0;
    if (req_read_json(r) || validate_body(r, put_fields)) return 0;
    if (f.archived) return acl_refuse(r, ACL_ARCHIVED);
    if (!target_active(r, uid)) return 0;
    const char *role = body_str(r, "role");
    int drive = body_bool(r, "drive_manager", -1), moderate = body_bool(r, "feed_moderator", -1);

    db *d = worker_db();
    if (!group_begin_locked(r, d, f.id)) return 0;
    db_rows *cur = current_role(r, d, f.id, uid);
    if (!cur) return 0;
    if (cur->nrows && role && strcmp(role, "member") == 0 && !another_manager_remains(r, d, f.id, cur, uid))
        return 0;
    /* a person a manager names or gives a right to stays whatever the
     * rules say: source becomes 'manual' */
    long long done = cur->nrows
        ? db_exec(d, STMT_MEMBER_UPDATE,
                  "siiiiii", role, (long long)drive, (long long)drive, (long long)moderate, (long long)moderate, f.id, uid)
        : db_exec(d, STMT_MEMBER_INSERT, "iisii", f.id, uid, role ? role : "member",
                  (long long)(drive > 0), (long long)(moderate > 0));
    /* told: being added, or being made a manager */
    int promoted = role && strcmp(role, "manager") == 0 && (!cur->nrows || strcmp(db_cell(cur, 0, 0), "manager") != 0);
    if (done < 0
        || ((!cur->nrows || promoted)
            && notify_add(d, NOTIFY_ADDED, f.id, r->user->id, uid, promoted ? "manager" : "member"))
        || db_exec(d, STMT_REQUEST_DELETE, "ii", f.id, uid) < 0
        || membership_recount(d, f.id)
        || group_audit(r, &f, cur->nrows ? "group.member.update" : "group.member.add", uid)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    return commit_and_answer(r, d, f.id, uid);
}

int h_members_delete(req *r)
{
    group_facts f;
    long long uid = r->ids[1];
    int self = uid == r->user->id;
    if (!group_allows(r, r->ids[0], self ? GA_LEAVE : GA_MANAGE, NULL, &f)) return 0;
    if (!self && f.archived) return acl_refuse(r, ACL_ARCHIVED);
    db *d = worker_db();
    if (!group_begin_locked(r, d, f.id)) return 0;
    db_rows *cur = current_role(r, d, f.id, uid);
    if (!cur) return 0;
    if (cur->nrows == 0) { db_rollback(d); return resp_error(r, 404, "not_found", M_NOT_MEMBER); }
    if (!another_manager_remains(r, d, f.id, cur, uid)) return 0;
    if (db_exec(d, STMT_MEMBER_DELETE, "ii", f.id, uid) < 0
        || notify_add(d, NOTIFY_LEFT, f.id, r->user->id, uid, NULL)
        || membership_recount(d, f.id)
        || (!self && group_audit(r, &f, "group.member.remove", uid))) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (db_commit(d)) return resp_db_error(r);
    notify_poke(&W.cfg);
    group_cache_changed();
    member_cache_changed(uid);
    return resp_empty(r, 204);
}

int h_requests_list(req *r)
{
    group_facts f;
    if (!group_allows(r, r->ids[0], GA_MANAGE, NULL, &f)) return 0;
    db_rows *rows = db_query(worker_db(), r->a,
        STMT_REQUESTS_OF_GROUP, "i", f.id);
    if (!rows) return resp_db_error(r);
    json_t *items = json_array();
    for (int i = 0; i < rows->nrows; i++)
        json_array_append_new(items, json_pack("{s:o,s:s}", "user", user_json_seen(r, rows, i, 0),
                                               "created_at", db_cell(rows, i, USER_NCOLS)));
    return resp_json(r, 200, json_pack("{s:o,s:n}", "items", items, "next"));
}

int h_requests_approve(req *r)
{
    group_facts f;
    long long uid = r->ids[1];
    if (!group_allows(r, r->ids[0], GA_MANAGE, NULL, &f)) return 0;
    if (f.archived) return acl_refuse(r, ACL_ARCHIVED);
    db *d = worker_db();
    if (!group_begin_locked(r, d, f.id)) return 0;
    long long gone = db_exec(d, STMT_REQUEST_TAKE_OF_ACTIVE, "ii", f.id, uid);
    if (gone < 0) { db_rollback(d); return resp_db_error(r); }
    if (gone == 0) { db_rollback(d); return resp_error(r, 404, "not_found", M_NO_REQUEST); }
    if (db_exec(d, STMT_MEMBER_INSERT_IGNORE, "ii", f.id, uid) < 0
        || notify_add(d, NOTIFY_DECIDED, f.id, r->user->id, uid, "approved")
        || membership_recount(d, f.id) || group_audit(r, &f, "group.request.approve", uid)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    return commit_and_answer(r, d, f.id, uid);
}

int h_requests_delete(req *r)
{
    group_facts f;
    long long uid = r->ids[1];
    int self = uid == r->user->id;
    /* withdrawing one's own request needs only to see the group */
    if (!group_allows(r, r->ids[0], self ? GA_SEE : GA_MANAGE, NULL, &f)) return 0;
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    long long gone = db_exec(d, STMT_REQUEST_DELETE, "ii", f.id, uid);
    /* withdrawn: only the managers' notification may be done (events.c) */
    if (gone < 0 || (gone > 0 && !self && (group_audit(r, &f, "group.request.decline", uid)
                                           || notify_add(d, NOTIFY_DECIDED, f.id, r->user->id, uid, "declined")))
        || (gone > 0 && self && notify_add(d, NOTIFY_DECIDED, f.id, uid, uid, "withdrawn"))) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (gone == 0) { db_rollback(d); return resp_error(r, 404, "not_found", M_NO_REQUEST); }
    if (db_commit(d)) return resp_db_error(r);
    notify_poke(&W.cfg);
    member_cache_changed(uid);
    return resp_empty(r, 204);
}
