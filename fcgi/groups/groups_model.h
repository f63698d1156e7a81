/* Reading groups and memberships from MariaDB into the facts acl.c decides
 * on, and the JSON the API answers with. */
#ifndef PARVIS_GROUPS_MODEL_H
#define PARVIS_GROUPS_MODEL_H
#include "core/acl.h"
#include "db.h"
#include "groups/group_cache.h"
#include "core/respond.h"

/* The columns group_facts_at() and group_json() read: a group, the
 * asker's membership (m) and whether they asked to join. Two parameters:
 * the asker's id twice. The request is a subquery, not a join, so that
 * the directory can walk the name index in order and stop at its page. */
#define GROUP_NCOLS 13

void group_facts_at(const db_rows *rows, int row, group_facts *f);
/* The group object of the API, with my_role, my_rights and `can`: from a
 * row of GROUP_COLUMNS, or from the catalogue and the asker's facts. */
json_t *group_json(req *r, const db_rows *rows, int row);
json_t *group_json_from(req *r, const cached_group *g, const group_facts *f);
/* The same object written to the answer (resp_stream_begin): the cached
 * fields, then the asker's role, rights and `can`. */
void group_json_write(req *r, const cached_group *g, const group_facts *f);

/* The asker's memberships and requests (member_cache.h): facts for every
 * group they are in or asked to join, sorted by catalogue position (the
 * groups the catalogue does not hold yet are left out). */
typedef struct { size_t pos; group_facts f; } my_group;
typedef struct { my_group *items; size_t n; } my_groups;
int my_groups_load(req *r, my_groups *out);   /* 0 or -1 */
/* The facts of the group at catalogue position pos for the asker. */
void my_groups_facts(const my_groups *m, const cached_group *g, size_t pos, group_facts *f);

/* Loads group `id` as seen by the asker. Returns 1 and fills rows/facts
 * when it exists, 0 when it does not, -1 on a database error. With
 * managers set, the row has one more column: the managers as a JSON array
 * of {"id","display_name"} (group_managers_json reads it), so that a group
 * page is a single query. */
int group_load(req *r, long long id, db_rows **rows, group_facts *f);
int group_load_page(req *r, long long id, db_rows **rows, group_facts *f);
json_t *group_managers_json(const db_rows *rows, int row);
/* Loads group `id` and checks the asker may see it and do `a`: 1 then;
 * otherwise the answer (404, 403, 409 or 503) is sent and 0 returned. */
int group_allows(req *r, long long id, group_action a, db_rows **rows, group_facts *f);
/* Inside a transaction: locks the group's row, so that membership changes
 * of one group happen one at a time (the last-manager rule relies on it).
 * 1 when locked, 0 when the group is gone, -1 on error. */
int group_lock(db *d, arena *a, long long id);
/* Opens a transaction and locks the group's row: 1 then; otherwise the
 * answer is sent (503, or 404 when the group is gone) and 0 returned. */
int group_begin_locked(req *r, db *d, long long id);
/* Managers other than `except_user` (0: all). -1 on error. */
long long group_count_managers(db *d, arena *a, long long id, long long except_user);
/* An administrator acting in a group they do not belong to: the act goes to
 * the audit log (in the caller's transaction). 0 or -1. */
int group_audit(req *r, const group_facts *f, const char *action, long long target_user);

/* A member entry {"user", "role", "drive_manager", "feed_moderator",
 * "joined_at"}, or NULL when that person is not a member. */
json_t *member_json(const db_rows *rows, int row);
json_t *member_load(req *r, long long group_id, long long user_id);
#endif
