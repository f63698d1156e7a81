#include "events/events_cache.h"
#include "events/events_model.h"
#include "authgen.h"
#include "core/worker.h"
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* the bound: past it the cache starts again empty (a platform with more
 * events than this serves the larger agendas from a cold cache) */
#define EVENTS_MAX 100000

typedef struct {
    long long source;            /* valid when used */
    int used;
    cached_event *v;
    int n;
} source_entry;

static source_entry *table;      /* open addressing by source id */
static size_t table_cap, table_used;
static long total;
static uint64_t gen_events, gen_groups;

static void event_free(cached_event *e)
{
    free((char *)e->t.tz);
    free(e->occ);
    free((char *)e->summary);
    free((char *)e->title);
    free((char *)e->place);
    free((char *)e->url);
    free((char *)e->status);
}

/* a copy of a column that may be NULL or empty (NULL then); *failed on
 * a failed copy */
static char *copy_opt(const char *s, int *failed)
{
    if (!s || !*s) return NULL;
    char *c = strdup(s);
    if (!c) *failed = 1;
    return c;
}

static void clear_all(void)
{
    for (size_t i = 0; i < table_cap; i++) {
        if (!table[i].used) continue;
        for (int k = 0; k < table[i].n; k++) event_free(&table[i].v[k]);
        free(table[i].v);
    }
    free(table);
    table = NULL;
    table_cap = table_used = 0;
    total = 0;
}

void events_cache_begin(void)
{
    /* counters first, then the queries: see authgen.h */
    uint64_t ge = authgen_global_get(AUTHGEN_EVENTS), gg = authgen_global_get(AUTHGEN_GROUPS);
    if (ge != gen_events || gg != gen_groups || total > EVENTS_MAX) clear_all();
    gen_events = ge;
    gen_groups = gg;
}

void events_cache_changed(void)
{
    authgen_global_bump(AUTHGEN_EVENTS);
}

static size_t slot_of(long long source, size_t cap)
{
    return (size_t)((unsigned long long)(source + 1) * 0x9E3779B97F4A7C15ULL) & (cap - 1);
}

static source_entry *find(long long source)
{
    if (!table_cap) return NULL;
    for (size_t i = slot_of(source, table_cap);; i = (i + 1) & (table_cap - 1)) {
        if (!table[i].used) return NULL;
        if (table[i].source == source) return &table[i];
    }
}

/* A free slot for `source`, the table grown when half full; NULL: memory. */
static source_entry *insert(long long source)
{
    if (2 * (table_used + 1) > table_cap) {
        size_t cap = table_cap ? table_cap * 2 : 64;
        source_entry *t = calloc(cap, sizeof *t);
        if (!t) return NULL;
        for (size_t i = 0; i < table_cap; i++) {
            if (!table[i].used) continue;
            size_t j = slot_of(table[i].source, cap);
            while (t[j].used) j = (j + 1) & (cap - 1);
            t[j] = table[i];
        }
        free(table);
        table = t;
        table_cap = cap;
    }
    size_t i = slot_of(source, table_cap);
    while (table[i].used) i = (i + 1) & (table_cap - 1);
    table_used++;
    table[i] = (source_entry){ .source = source, .used = 1 };
    return &table[i];
}

typedef struct { event_occ *v; int n, cap, failed; } occ_buf;

static int keep_occ(void *ctx, long long s, long long e, int index)
{
    occ_buf *b = ctx;
    (void)index;
    if (b->n == b->cap) {
        int cap = b->cap ? b->cap * 2 : 4;
        event_occ *v = realloc(b->v, (size_t)cap * sizeof *v);
        if (!v) { b->failed = 1; return 1; }
        b->v = v;
        b->cap = cap;
    }
    b->v[b->n++] = (event_occ){ s, e };
    return 0;
}

/* One row of EVENTS_OF_* (EVENT_COLUMNS_ICS) into e. 0 or -1. */
static int load_event(req *r, const db_rows *q, int row, cached_event *e)
{
    event_facts f;
    event_facts_at(r, q, row, &f);
    event_time t;
    event_time_at(q, row, &t);
    memset(e, 0, sizeof *e);
    e->id = db_cell_int(q, row, EV_COL_ID);
    e->group_id = f.org ? 0 : f.group.id;
    e->organizer_id = f.organizer_id;
    e->invite_group = db_cell_int(q, row, EV_COL_INVITE_GROUP) != 0;
    occ_buf b = { 0 };
    /* the whole series: a rule ends within EVENT_MAX_OCCURRENCES */
    event_occurrences(&t, LLONG_MIN / 4, LLONG_MAX / 4, keep_occ, &b, NULL);
    tz_restore();
    const char *summary = event_summary_text(r, q, row, &f);
    e->t = t;
    e->t.tz = strdup(t.tz ? t.tz : "UTC");
    e->summary = strdup(summary);
    e->summary_len = strlen(summary);
    e->occ = b.v;
    e->nocc = b.n;
    e->first_start = b.n ? b.v[0].start : t.start;
    e->last_end = b.n ? b.v[b.n - 1].end : t.end;
    int failed = b.failed;
    e->title = copy_opt(db_cell(q, row, EV_COL_TITLE), &failed);
    e->place = copy_opt(db_cell(q, row, EV_COL_PLACE), &failed);
    e->url = copy_opt(db_cell(q, row, EV_COL_URL), &failed);
    e->status = copy_opt(db_cell(q, row, EV_COL_STATUS), &failed);
    e->sequence = (int)db_cell_int(q, row, EV_COL_SEQUENCE);
    e->created = parse_sql_utc(db_cell(q, row, EV_COL_CREATED));
    e->modified = parse_sql_utc(db_cell(q, row, EV_COL_UPDATED));
    if (failed || !e->t.tz || !e->summary || !e->title || !e->status) { event_free(e); return -1; }
    return 0;
}

int events_cache_source(req *r, long long source, const cached_event **v, int *n)
{
    source_entry *s = find(source);
    if (!s) {
        db_rows *q = source ? db_query(worker_db(), r->a, STMT_EVENTS_OF_GROUP_ALL, "iii", 0LL, 0LL, source)
                            : db_query(worker_db(), r->a, STMT_EVENTS_OF_ORG_ALL, "ii", 0LL, 0LL);
        if (!q) return -1;
        cached_event *events = calloc((size_t)q->nrows + 1, sizeof *events);
        if (!events) return -1;
        int k = 0;
        for (int i = 0; i < q->nrows; i++, k++)
            if (load_event(r, q, i, &events[k])) {
                while (k--) event_free(&events[k]);
                free(events);
                return -1;
            }
        if (!(s = insert(source))) {
            while (k--) event_free(&events[k]);
            free(events);
            return -1;
        }
        s->v = events;
        s->n = k;
        total += k;
    }
    *v = s->v;
    *n = s->n;
    return 0;
}
