#include "feed/visit_cache.h"
#include "authgen.h"
#include "core/worker.h"
#include <stdlib.h>
#include <string.h>

#define ENTRIES 512            /* direct-mapped by user id */

typedef struct {
    long long user_id;         /* 0: empty */
    uint64_t visit_gen, user_gen, all_gen;
    group_visit *items;
    size_t n;
} entry;

static entry cache[ENTRIES];

/* A copy in the request's arena: a later person may take the slot. */
static int answer(req *r, const entry *e, const group_visit **items, size_t *n)
{
    group_visit *copy = arena_alloc(r->a, (e->n + 1) * sizeof *copy);
    if (e->n) memcpy(copy, e->items, e->n * sizeof *copy);
    *items = copy;
    *n = e->n;
    return 0;
}

int visit_cache_get(req *r, const group_visit **items, size_t *n)
{
    long long uid = r->user->id;
    entry *e = &cache[(unsigned long long)uid % ENTRIES];
    /* counters first, then the query: see authgen.h */
    uint64_t vg = authgen_visits_get(uid), ug = authgen_get(uid), ag = authgen_global_get(AUTHGEN_MEMBERSHIPS);
    if (e->user_id == uid && e->visit_gen == vg && e->user_gen == ug && e->all_gen == ag) return answer(r, e, items, n);
    db_rows *q = db_query(worker_db(), r->a,
        STMT_VISITS_OF_USER, "i", uid);
    if (!q) return -1;
    group_visit *fresh = calloc((size_t)q->nrows + 1, sizeof *fresh);
    if (!fresh) return -1;
    for (int i = 0; i < q->nrows; i++)
        fresh[i] = (group_visit){ db_cell_int(q, i, 0), (int64_t)db_cell_int(q, i, 1) };
    free(e->items);
    *e = (entry){ .user_id = uid, .visit_gen = vg, .user_gen = ug, .all_gen = ag, .items = fresh, .n = (size_t)q->nrows };
    return answer(r, e, items, n);
}

void visit_cache_changed(long long user_id)
{
    authgen_visits_bump(user_id);
}
