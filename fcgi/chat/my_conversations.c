#include "chat/my_conversations.h"
#include "authgen.h"
#include "core/worker.h"
#include <stdint.h>
#include <stdlib.h>

#define ENTRIES 8192           /* direct-mapped by user id: every active person of a large organisation */

typedef struct {
    long long user_id;         /* 0: empty */
    uint64_t user_gen, all_gen;
    long long *ids;
    size_t n;
} entry;

static entry cache[ENTRIES];

static int by_value(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

int my_conversations(req *r, const long long **ids, size_t *n)
{
    long long uid = r->user->id;
    entry *e = &cache[(unsigned long long)uid % ENTRIES];
    /* counters first, then the query: see authgen.h */
    uint64_t ug = authgen_get(uid), ag = authgen_global_get(AUTHGEN_MEMBERSHIPS);
    if (e->user_id != uid || e->user_gen != ug || e->all_gen != ag) {
        db_rows *q = db_query(worker_db(), r->a, STMT_SEARCH_CONVERSATIONS, "ii", uid, uid);
        if (!q) return -1;
        long long *fresh = malloc(((size_t)q->nrows + 1) * sizeof *fresh);
        if (!fresh) return -1;
        for (int i = 0; i < q->nrows; i++) fresh[i] = db_cell_int(q, i, 0);
        qsort(fresh, (size_t)q->nrows, sizeof *fresh, by_value);
        free(e->ids);
        *e = (entry){ .user_id = uid, .user_gen = ug, .all_gen = ag, .ids = fresh, .n = (size_t)q->nrows };
    }
    *ids = e->ids;
    *n = e->n;
    return 0;
}

int my_conversations_has(const long long *ids, size_t n, long long id)
{
    return bsearch(&id, ids, n, sizeof *ids, by_value) != NULL;
}

void my_conversations_changed(long long user_id)
{
    authgen_bump(user_id);
}

void my_conversations_changed_all(void)
{
    authgen_global_bump(AUTHGEN_MEMBERSHIPS);
}
