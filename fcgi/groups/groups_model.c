#include "groups/groups_model.h"
#include "groups/member_cache.h"
#include "core/worker.h"
#include <stdlib.h>
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

json_t *group_json_from(req *r, const cached_group *g, const group_facts *f)
{
    json_t *can = json_object();
    for (group_action a = GA_READ; a < GA_COUNT; a++)
        json_object_set_new(can, acl_group_action_name(a), json_boolean(acl_group(r->user, f, a) == ACL_ALLOW));
    const char *role = f->role == ROLE_MANAGER ? "manager" : f->role == ROLE_MEMBER ? "member" : NULL;
    json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:s,s:b,s:b,s:I,s:s,s:s?,s:{s:b,s:b},s:b,s:o}",
        "id", (json_int_t)g->id, "name", g->name, "description", g->description,
        "visibility", g->visibility, "posting", g->posting,
        "archived", g->archived, "default", g->is_default,
        "member_count", (json_int_t)g->member_count, "created_at", g->created_at,
        "my_role", role,
        "my_rights", "drive", f->drive_manager, "moderate", f->feed_moderator,
        "requested", f->requested, "can", can);
    if (j && g->follow_default) {
        json_object_set_new(j, "follow_default", json_string(g->follow_default));
        json_object_set_new(j, "must_read_reminder_days", json_integer(g->must_read_reminder_days));
    }
    return j;
}

void group_json_write(req *r, const cached_group *g, const group_facts *f)
{
    /* only fixed keys, null and booleans are written here: the text of
     * people is in json_head, serialised by jansson */
    char buf[640];
    const char *role = f->role == ROLE_MANAGER ? "\"manager\"" : f->role == ROLE_MEMBER ? "\"member\"" : "null";
    int n = snprintf(buf, sizeof buf, ",\"my_role\":%s,\"my_rights\":{\"drive\":%s,\"moderate\":%s},"
                     "\"requested\":%s,\"can\":{", role, f->drive_manager ? "true" : "false",
                     f->feed_moderator ? "true" : "false", f->requested ? "true" : "false");
    for (group_action a = GA_READ; a < GA_COUNT; a++)
        n += snprintf(buf + n, sizeof buf - (size_t)n, "%s\"%s\":%s", a == GA_READ ? "" : ",",
                      acl_group_action_name(a), acl_group(r->user, f, a) == ACL_ALLOW ? "true" : "false");
    n += snprintf(buf + n, sizeof buf - (size_t)n, "}}");
    resp_write(r, g->json_head, g->json_head_len);
    resp_write(r, buf, (size_t)n);
}

json_t *group_json(req *r, const db_rows *q, int row)
{
    group_facts f;
    group_facts_at(q, row, &f);
    cached_group g = { .id = f.id, .name = db_cell(q, row, 1), .description = db_cell(q, row, 2),
                       .visibility = db_cell(q, row, 3), .posting = db_cell(q, row, 4),
                       .archived = f.archived, .is_default = db_cell_int(q, row, 6) != 0,
                       .member_count = db_cell_int(q, row, 7), .created_at = db_cell(q, row, 8) };
    return group_json_from(r, &g, &f);
}

static int by_pos(const void *a, const void *b)
{
    size_t x = ((const my_group *)a)->pos, y = ((const my_group *)b)->pos;
    return x < y ? -1 : x > y;
}

int my_groups_load(req *r, my_groups *out)
{
    const member_fact *facts;
    size_t n;
    if (member_cache_get(r, &facts, &n)) return -1;
    out->items = arena_alloc(r->a, (n + 1) * sizeof *out->items);
    out->n = 0;
    for (size_t i = 0; i < n; i++) {
        size_t pos = group_cache_index(facts[i].group_id);
        if (pos == (size_t)-1) continue;
        my_group *m = &out->items[out->n++];
        m->pos = pos;
        m->f.role = facts[i].role;
        m->f.drive_manager = facts[i].drive_manager;
        m->f.feed_moderator = facts[i].feed_moderator;
        m->f.requested = facts[i].requested;
    }
    qsort(out->items, out->n, sizeof *out->items, by_pos);
    return 0;
}

void my_groups_facts(const my_groups *m, const cached_group *g, size_t pos, group_facts *f)
{
    memset(f, 0, sizeof *f);
    /* a member row and a request row cannot both exist, but merge anyway */
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->items[mid].pos < pos) lo = mid + 1; else hi = mid;
    }
    for (; lo < m->n && m->items[lo].pos == pos; lo++) {
        const group_facts *x = &m->items[lo].f;
        if (x->role != ROLE_NONE) { f->role = x->role; f->drive_manager = x->drive_manager;
                                    f->feed_moderator = x->feed_moderator; }
        if (x->requested) f->requested = 1;
    }
    f->id = g->id;
    f->visibility = g->vis;
    f->posting_managers_only = g->posting_managers_only;
    f->archived = g->archived;
}

static int load_answer(db_rows *q, db_rows **rows, group_facts *f)
{
    if (!q) return -1;
    if (q->nrows == 0) return 0;
    group_facts_at(q, 0, f);
    if (rows) *rows = q;
    return 1;
}

int group_load(req *r, long long id, db_rows **rows, group_facts *f)
{
    return load_answer(db_query(worker_db(), r->a, STMT_GROUP_BY_ID,
                                "iii", r->user->id, r->user->id, id), rows, f);
}

int group_allows(req *r, long long id, group_action a, db_rows **rows, group_facts *f)
{
    int found = group_load(r, id, rows, f);
    if (found < 0) { resp_db_error(r); return 0; }
    acl_verdict v = found ? acl_group(r->user, f, GA_SEE) : ACL_HIDDEN;
    if (v == ACL_ALLOW) v = acl_group(r->user, f, a);
    if (v != ACL_ALLOW) { acl_refuse(r, v); return 0; }
    return 1;
}

int group_load_page(req *r, long long id, db_rows **rows, group_facts *f)
{
    return load_answer(db_query(worker_db(), r->a,
        STMT_GROUP_PAGE_BY_ID,
        "iii", r->user->id, r->user->id, id), rows, f);
}

json_t *group_managers_json(const db_rows *q, int row)
{
    const char *text = db_cell(q, row, GROUP_NCOLS);
    json_t *j = text ? json_loads(text, 0, NULL) : NULL;
    if (!json_is_array(j)) { json_decref(j); j = json_array(); }
    return j;
}

int group_lock(db *d, arena *a, long long id)
{
    db_rows *q = db_query(d, a, STMT_GROUP_LOCK, "i", id);
    return !q ? -1 : q->nrows > 0;
}

int group_begin_locked(req *r, db *d, long long id)
{
    if (db_begin(d)) { resp_db_error(r); return 0; }
    int locked = group_lock(d, r->a, id);
    if (locked > 0) return 1;
    db_rollback(d);
    if (locked < 0) resp_db_error(r); else acl_refuse(r, ACL_HIDDEN);
    return 0;
}

long long group_count_managers(db *d, arena *a, long long id, long long except_user)
{
    db_rows *q = db_query(d, a, STMT_GROUP_COUNT_OTHER_MANAGERS, "ii", id, except_user);
    return q ? db_cell_int(q, 0, 0) : -1;
}

int group_audit(req *r, const group_facts *f, const char *action, long long target_user)
{
    if (!acl_acts_as_outsider(r->user, f)) return 0;
    const char *detail = target_user > 0 ? arena_printf(r->a, "user=%lld outsider=admin", target_user)
                                         : "outsider=admin";
    return db_exec(worker_db(), STMT_AUDIT_GROUP,
                   "isis", r->user->id, action, f->id, detail) < 0 ? -1 : 0;
}

json_t *member_json(const db_rows *q, int row)
{
    json_t *u = user_json(q, row);
    json_object_del(u, "expires_at");          /* the account's end: its person and administrators (GET /users/{id}) */
    return json_pack("{s:o,s:s,s:b,s:b,s:s}",
        "user", u, "role", db_cell(q, row, USER_NCOLS),
        "drive_manager", db_cell_int(q, row, USER_NCOLS + 1) != 0,
        "feed_moderator", db_cell_int(q, row, USER_NCOLS + 2) != 0,
        "joined_at", db_cell(q, row, USER_NCOLS + 3));
}

json_t *member_load(req *r, long long group_id, long long user_id)
{
    db_rows *q = db_query(worker_db(), r->a,
        STMT_MEMBER_BY_GROUP_USER, "ii", group_id, user_id);
    return q && q->nrows ? member_json(q, 0) : NULL;
}
