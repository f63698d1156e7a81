#include "groups/member_cache.h"
#include "authgen.h"
#include "core/worker.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ENTRIES 8192           /* direct-mapped by user id: every active person of a large organisation */

typedef struct {
    long long user_id;         /* 0: empty */
    uint64_t user_gen, all_gen;
    member_fact *items;
    size_t n;
} entry;

static entry cache[ENTRIES];

int member_cache_get(req *r, const member_fact **items, size_t *n)
{
    long long uid = r->user->id;
    entry *e = &cache[(unsigned long long)uid % ENTRIES];
    /* counters first, then the query: see authgen.h */
    uint64_t ug = authgen_get(uid), ag = authgen_global_get(AUTHGEN_MEMBERSHIPS);
    if (e->user_id == uid && e->user_gen == ug && e->all_gen == ag) {
        *items = e->items;
        *n = e->n;
        return 0;
    }
    db_rows *q = db_query(worker_db(), r->a,
        STMT_MEMBERSHIPS_AND_REQUESTS_OF_USER,
        "ii", uid, uid);
    if (!q) return -1;
    member_fact *fresh = calloc((size_t)q->nrows + 1, sizeof *fresh);
    if (!fresh) return -1;
    for (int i = 0; i < q->nrows; i++) {
        const char *role = db_cell(q, i, 1);
        fresh[i].group_id = db_cell_int(q, i, 0);
        fresh[i].role = !role ? ROLE_NONE : strcmp(role, "manager") == 0 ? ROLE_MANAGER : ROLE_MEMBER;
        fresh[i].drive_manager = db_cell_int(q, i, 2) != 0;
        fresh[i].feed_moderator = db_cell_int(q, i, 3) != 0;
        fresh[i].requested = db_cell_int(q, i, 4) != 0;
    }
    free(e->items);
    *e = (entry){ .user_id = uid, .user_gen = ug, .all_gen = ag, .items = fresh, .n = (size_t)q->nrows };
    *items = e->items;
    *n = e->n;
    return 0;
}

void member_cache_changed(long long user_id)
{
    authgen_bump(user_id);
}

void member_cache_changed_all(void)
{
    authgen_global_bump(AUTHGEN_MEMBERSHIPS);
}
