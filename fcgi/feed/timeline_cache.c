#include "feed/timeline_cache.h"
#include "authgen.h"
#include "feed/reader_cache.h"
#include "core/worker.h"
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#define ENTRIES 1024            /* direct-mapped by source */

typedef struct {
    int used;
    long long source;
    uint64_t gen, all_gen;
    int64_t next_due_us;        /* the earliest scheduled post: reload then */
    int n, complete;            /* complete: the source has no older post */
    timeline_item items[TIMELINE_KEEP];
} entry;

static entry cache[ENTRIES];

static int64_t now_us(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

int64_t timeline_parse_key(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = s ? strptime(s, "%Y-%m-%d %H:%M:%S", &tm) : NULL;
    if (!end) return -1;
    int64_t us = 0;
    if (*end == '.') {
        int digits = 0;
        for (end++; *end >= '0' && *end <= '9'; end++, digits++)
            if (digits < 6) us = us * 10 + (*end - '0');
        for (; digits < 6; digits++) us *= 10;
    }
    if (*end) return -1;
    return (int64_t)timegm(&tm) * 1000000 + us;
}


static entry *load(long long source, uint64_t gen, uint64_t all_gen, arena *a)
{
    entry *e = &cache[(unsigned long long)source % ENTRIES];
    db *d = worker_db();
    if (!d) return NULL;
    /* the news are the posts without a group: source 0 gives SQL NULL */
    db_rows *q = db_query(d, a,
        STMT_TIMELINE_RECENT, "ni", source, (long long)TIMELINE_KEEP + 1);
    db_rows *due = q ? db_query(d, a, STMT_TIMELINE_NEXT_SCHEDULED, "n", source) : NULL;
    if (!due) return NULL;
    e->used = 1;
    e->source = source;
    e->gen = gen;
    e->all_gen = all_gen;
    e->next_due_us = db_cell(due, 0, 0) ? (int64_t)db_cell_int(due, 0, 0) : INT64_MAX;
    e->complete = q->nrows <= TIMELINE_KEEP;
    e->n = q->nrows > TIMELINE_KEEP ? TIMELINE_KEEP : q->nrows;
    for (int i = 0; i < e->n; i++) {
        timeline_item *t = &e->items[i];
        t->id = db_cell_int(q, i, 0);
        t->publish_us = (int64_t)db_cell_int(q, i, 1);
        t->unpublish_us = (int64_t)db_cell_int(q, i, 2);
        t->author_id = db_cell_int(q, i, 3);
    }
    return e;
}

static const entry *get(long long source, int64_t now, arena *a)
{
    /* counters first, then the query: see authgen.h */
    uint64_t gen = authgen_source_get(source), all = authgen_global_get(AUTHGEN_POSTS);
    entry *e = &cache[(unsigned long long)source % ENTRIES];
    if (e->used && e->source == source && e->gen == gen && e->all_gen == all && now < e->next_due_us) return e;
    return load(source, gen, all, a);
}

static int before(int64_t us, long long id, int64_t b_us, long long b_id)
{
    return us < b_us || (us == b_us && id < b_id);
}

int timeline_page(req *r, const long long *sources, int nsources, int64_t before_us, long long before_id,
                  long long *ids, int want)
{
    int64_t now = now_us();
    const entry **es = arena_alloc(r->a, (size_t)(nsources + 1) * sizeof *es);
    int *pos = arena_alloc(r->a, (size_t)(nsources + 1) * sizeof *pos);
    for (int s = 0; s < nsources; s++) {
        const entry *e = get(sources[s], now, r->a);
        if (!e) return -2;
        /* skip to the cursor */
        int k = 0;
        while (k < e->n && !before(e->items[k].publish_us, e->items[k].id, before_us, before_id)) k++;
        /* a copy of what the page may use, since a later source sharing
         * the slot may replace the entry; a window cut short of the kept
         * posts counts as incomplete, which the check below makes safe */
        int take = e->n - k < want ? e->n - k : want;
        entry *copy = arena_alloc(r->a, offsetof(entry, items) + (size_t)(take + 1) * sizeof(timeline_item));
        memcpy(copy, e, offsetof(entry, items));
        memcpy(copy->items, e->items + k, (size_t)take * sizeof(timeline_item));
        copy->n = take;
        copy->complete = e->complete && k + take == e->n;
        es[s] = copy;
        pos[s] = 0;
    }
    int found = 0;
    int64_t last_us = INT64_MAX;
    long long last_id = 0;
    while (found < want) {
        /* the newest next candidate of all sources */
        int best = -1;
        for (int s = 0; s < nsources; s++) {
            const entry *e = es[s];
            while (pos[s] < e->n) {
                const timeline_item *t = &e->items[pos[s]];
                int visible = t->unpublish_us == 0 || t->unpublish_us > now;
                if (visible) break;
                pos[s]++;
            }
            if (pos[s] >= e->n) continue;
            const timeline_item *t = &e->items[pos[s]];
            if (best < 0 || before(es[best]->items[pos[best]].publish_us, es[best]->items[pos[best]].id,
                                   t->publish_us, t->id))
                best = s;
        }
        if (best < 0) break;
        const timeline_item *t = &es[best]->items[pos[best]++];
        ids[found++] = t->id;
        last_us = t->publish_us;
        last_id = t->id;
    }
    /* exact only if no source ran out of kept posts above the last one
     * taken: a source cut at TIMELINE_KEEP may hold older posts that
     * belong on this page */
    for (int s = 0; s < nsources; s++) {
        const entry *e = es[s];
        if (e->complete || pos[s] < e->n) continue;
        /* nothing kept past the cursor: its older posts are unknown */
        if (found < want || e->n == 0) return -1;
        const timeline_item *oldest = &e->items[e->n - 1];
        if (before(last_us, last_id, oldest->publish_us, oldest->id)) return -1;
    }
    return found;
}

int timeline_count_since(req *r, long long source, int64_t since_us, long long not_author)
{
    int64_t now = now_us();
    const entry *e = get(source, now, r->a);
    if (!e) return -1;
    int n = 0;
    for (int i = 0; i < e->n && e->items[i].publish_us > since_us; i++) {
        const timeline_item *t = &e->items[i];
        if (t->author_id != not_author && (t->unpublish_us == 0 || t->unpublish_us > now)) n++;
    }
    return n;
}

/* The newest posts marked must-read or « À la une », any source. */
typedef struct {
    int used, complete;
    uint64_t gen, all_gen;
    int n;
    timeline_item items[TIMELINE_KEEP];
    long long sources[TIMELINE_KEEP];
} flagged_list;

static flagged_list flagged[2];

static const flagged_list *flagged_get(timeline_flag flag, arena *a)
{
    /* counters first, then the query: see authgen.h */
    uint64_t gen = authgen_global_get(AUTHGEN_FLAGGED), all = authgen_global_get(AUTHGEN_POSTS);
    flagged_list *l = &flagged[flag];
    if (l->used && l->gen == gen && l->all_gen == all) return l;
    db *d = worker_db();
    /* scheduled posts included (shown when they come due); withdrawn ones not */
    static const stmt sql[2] = { STMT_TIMELINE_MUST_READ, STMT_TIMELINE_FEATURED };
    db_rows *q = d ? db_query(d, a, sql[flag], "i", (long long)TIMELINE_KEEP + 1) : NULL;
    if (!q) return NULL;
    l->used = 1;
    l->gen = gen;
    l->all_gen = all;
    l->complete = q->nrows <= TIMELINE_KEEP;
    l->n = q->nrows > TIMELINE_KEEP ? TIMELINE_KEEP : q->nrows;
    for (int i = 0; i < l->n; i++) {
        timeline_item *t = &l->items[i];
        memset(t, 0, sizeof *t);
        t->id = db_cell_int(q, i, 0);
        l->sources[i] = db_cell_int(q, i, 1);
        t->publish_us = (int64_t)db_cell_int(q, i, 2);
        t->unpublish_us = (int64_t)db_cell_int(q, i, 3);
        t->author_id = db_cell_int(q, i, 4);
    }
    return l;
}

int timeline_flagged_page(req *r, timeline_flag flag, const long long *sources, int nsources,
                          int64_t before_us, long long before_id, long long *ids, int want)
{
    int64_t now = now_us();
    const flagged_list *l = flagged_get(flag, r->a);
    if (!l) return -2;
    /* the candidates: visible now, after the cursor, from the asker's sources */
    long long *cand = arena_alloc(r->a, (size_t)(l->n + 1) * sizeof *cand);
    int nc = 0;
    for (int i = 0; i < l->n; i++) {
        const timeline_item *t = &l->items[i];
        if (t->publish_us > now || (t->unpublish_us && t->unpublish_us <= now)
            || !before(t->publish_us, t->id, before_us, before_id))
            continue;
        for (int s = 0; s < nsources; s++)
            if (sources[s] == l->sources[i]) { cand[nc++] = t->id; break; }
    }
    int found = 0;
    if (flag == TIMELINE_MUST_READ) {
        /* only those the asker has not confirmed */
        reader_part *parts = arena_alloc(r->a, (size_t)(nc + 1) * sizeof *parts);
        if (nc && reader_cache_get(r, cand, nc, parts)) return -2;
        for (int i = 0; i < nc && found < want; i++)
            if (!parts[i].read_at) ids[found++] = cand[i];
    } else {
        for (; found < nc && found < want; found++) ids[found] = cand[found];
    }
    /* a list cut at TIMELINE_KEEP may hold older posts for this page */
    return found < want && !l->complete ? -1 : found;
}

void timeline_flags_changed(void)
{
    authgen_global_bump(AUTHGEN_FLAGGED);
}

void timeline_changed(long long source)
{
    authgen_source_bump(source);
}

void timeline_changed_all(void)
{
    authgen_global_bump(AUTHGEN_POSTS);
}
