#include "feed/reader_cache.h"
#include "authgen.h"
#include "core/worker.h"
#include <jansson.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ENTRIES 512             /* people, direct-mapped by id */
#define KEEP 256                /* posts remembered per person, the oldest forgotten first */

typedef struct {
    long long post_id;
    char reaction[12];          /* "" for none */
    char read_at[24];           /* "" when not confirmed */
} known;

typedef struct {
    long long user_id;
    uint64_t gen;
    int n, next;                /* next: where the next post goes once full */
    known posts[KEEP];
} entry;

static entry *cache[ENTRIES];

static known *find(entry *e, long long post_id)
{
    for (int i = 0; i < e->n; i++)
        if (e->posts[i].post_id == post_id) return &e->posts[i];
    return NULL;
}

static known *add(entry *e, long long post_id)
{
    known *k;
    if (e->n < KEEP) k = &e->posts[e->n++];
    else { k = &e->posts[e->next]; e->next = (e->next + 1) % KEEP; }
    memset(k, 0, sizeof *k);
    k->post_id = post_id;
    return k;
}

static int lookup(req *r, const long long *ids, int n, reader_part *out, int fresh_start);

int reader_cache_get(req *r, const long long *ids, int n, reader_part *out)
{
    if (n > KEEP) return -1;
    /* adding a page's unknown posts may push out known ones of the same
     * page: then start the person's entry afresh, once */
    int rc = lookup(r, ids, n, out, 0);
    return rc == 1 ? lookup(r, ids, n, out, 1) : rc;
}

/* 0 done, -1 database error, 1 a post of the page was pushed out. */
static int lookup(req *r, const long long *ids, int n, reader_part *out, int fresh_start)
{
    long long uid = r->user->id;
    entry **slot = &cache[(unsigned long long)uid % ENTRIES];
    /* the counter first, then the query: see authgen.h */
    uint64_t gen = authgen_get(uid);
    if (!*slot && !(*slot = calloc(1, sizeof **slot))) return -1;
    entry *e = *slot;
    if (fresh_start || e->user_id != uid || e->gen != gen) {
        memset(e, 0, sizeof *e);
        e->user_id = uid;
        e->gen = gen;
    }

    json_t *missing = json_array();
    for (int i = 0; i < n; i++)
        if (!find(e, ids[i])) json_array_append_new(missing, json_integer(ids[i]));
    if (json_array_size(missing) > 0) {
        char *text = json_dumps(missing, JSON_COMPACT);
        db_rows *q = db_query(worker_db(), r->a,
            STMT_READER_STATE_OF_POSTS,
            "sisi", text ? text : "[]", uid, text ? text : "[]", uid);
        free(text);
        if (!q) { json_decref(missing); return -1; }
        size_t i;
        json_t *v;
        json_array_foreach(missing, i, v) {
            long long id = json_integer_value(v);
            known *k = add(e, id);
            for (int row = 0; row < q->nrows; row++) {
                if (db_cell_int(q, row, 1) != id) continue;
                char *dst = db_cell_int(q, row, 0) == 0 ? k->reaction : k->read_at;
                size_t cap = db_cell_int(q, row, 0) == 0 ? sizeof k->reaction : sizeof k->read_at;
                snprintf(dst, cap, "%s", db_cell(q, row, 2) ? db_cell(q, row, 2) : "");
            }
        }
    }
    json_decref(missing);
    for (int i = 0; i < n; i++) {
        const known *k = find(e, ids[i]);
        if (!k) return 1;
        out[i].reaction = *k->reaction ? arena_strdup(r->a, k->reaction) : NULL;
        out[i].read_at = *k->read_at ? arena_strdup(r->a, k->read_at) : NULL;
    }
    return 0;
}

void reader_cache_changed(long long user_id)
{
    authgen_bump(user_id);
}
