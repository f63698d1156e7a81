#include "groups_model.h"
#include "worker.h"
#include <string.h>

void group_facts_at(const db_rows *q, int row, group_facts *f)
{
    const char *vis = db_cell(q, row, 3), *role = db_cell(q, row, 9);
    memset(f, 0, sizeof *f);
    f->id = db_cell_int(q, row, 0);
    f->visibility = strcmp(vis, "public") == 0 ? VIS_PUBLIC
                  : strcmp(vis, "private") == 0 ? VIS_PRIVATE : VIS_SECRET;
    f->posting_managers_only = strcmp(db_cell(q, row, 4), "managers") == 0;
    f->archived = db_cell_int(q, row, 5) != 0;
    f->role = !role ? ROLE_NONE : strcmp(role, "manager") == 0 ? ROLE_MANAGER : ROLE_MEMBER;
    f->drive_manager = role && db_cell_int(q, row, 10) != 0;
    f->feed_moderator = role && db_cell_int(q, row, 11) != 0;
    f->requested = db_cell_int(q, row, 12) != 0;
}

json_t *group_json(req *r, const db_rows *q, int row)
{
    group_facts f;
    group_facts_at(q, row, &f);
    json_t *can = json_object();
    for (group_action a = GA_READ; a < GA_COUNT; a++)
        json_object_set_new(can, acl_group_action_name(a), json_boolean(acl_group(r->user, &f, a) == ACL_ALLOW));
    const char *role = db_cell(q, row, 9);
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:b,s:b,s:I,s:s,s:s?,s:{s:b,s:b},s:b,s:o}",
        "id", (json_int_t)f.id, "name", db_cell(q, row, 1), "description", db_cell(q, row, 2),
        "visibility", db_cell(q, row, 3), "posting", db_cell(q, row, 4),
        "archived", f.archived, "default", db_cell_int(q, row, 6) != 0,
        "member_count", (json_int_t)db_cell_int(q, row, 7), "created_at", db_cell(q, row, 8),
        "my_role", role,
        "my_rights", "drive", f.drive_manager, "moderate", f.feed_moderator,
        "requested", f.requested, "can", can);
}

int group_load(req *r, long long id, db_rows **rows, group_facts *f)
{
    db_rows *q = db_query(worker_db(), r->a, "SELECT " GROUP_COLUMNS GROUP_FROM " WHERE g.id = ?",
                          "iii", r->user->id, r->user->id, id);
    if (!q) return -1;
    if (q->nrows == 0) return 0;
    group_facts_at(q, 0, f);
    if (rows) *rows = q;
    return 1;
}

int group_lock(db *d, arena *a, long long id)
{
    db_rows *q = db_query(d, a, "SELECT id FROM `groups` WHERE id = ? FOR UPDATE", "i", id);
    return !q ? -1 : q->nrows > 0;
}

long long group_count_managers(db *d, arena *a, long long id, long long except_user)
{
    db_rows *q = db_query(d, a, "SELECT COUNT(*) FROM group_members WHERE group_id = ? AND role = 'manager'"
                                " AND user_id <> ?", "ii", id, except_user);
    return q ? db_cell_int(q, 0, 0) : -1;
}

int group_audit(req *r, const group_facts *f, const char *action, long long target_user)
{
    if (!acl_acts_as_outsider(r->user, f)) return 0;
    const char *detail = target_user > 0 ? arena_printf(r->a, "user=%lld outsider=admin", target_user)
                                         : "outsider=admin";
    return db_exec(worker_db(), "INSERT INTO audit_log (actor_id, action, target_type, target_id, detail)"
                                " VALUES (?, ?, 'group', ?, ?)",
                   "isis", r->user->id, action, f->id, detail) < 0 ? -1 : 0;
}

json_t *member_json(const db_rows *q, int row)
{
    return json_pack("{s:o,s:s,s:b,s:b,s:s}",
        "user", user_json(q, row), "role", db_cell(q, row, USER_NCOLS),
        "drive_manager", db_cell_int(q, row, USER_NCOLS + 1) != 0,
        "feed_moderator", db_cell_int(q, row, USER_NCOLS + 2) != 0,
        "joined_at", db_cell(q, row, USER_NCOLS + 3));
}

json_t *member_load(req *r, long long group_id, long long user_id)
{
    db_rows *q = db_query(worker_db(), r->a,
        "SELECT " MEMBER_COLUMNS " FROM group_members m JOIN users u ON u.id = m.user_id"
        " WHERE m.group_id = ? AND m.user_id = ?", "ii", group_id, user_id);
    return q && q->nrows ? member_json(q, 0) : NULL;
}
