/* The agenda: « Mon agenda » (GET /events: the events of the person's
 * groups, the organisation's and those they are invited to) and a group's
 * (GET /groups/{id}/events), their occurrences in a window expanded here
 * (lib/event_time.h), ordered by start. The light views the browser asks
 * for (?fields=summary) are answered from the workers' events cache
 * (events_cache.h) with no query of the events; the whole objects from
 * MariaDB. */
#include "events/handlers.h"
#include "events/events_visible.h"
#include "events/events_model.h"
#include "core/respond.h"
#include "core/worker.h"
#include "groups/groups_model.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define AGENDA_ITEMS_MAX 5000

typedef struct { long long start, end; int event; } occ;
typedef struct { occ *v; int n, cap, event; } occ_list;

static int add_occ(void *ctx, long long s, long long e, int index)
{
    occ_list *l = ctx;
    (void)index;
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 256;
        occ *v = realloc(l->v, (size_t)cap * sizeof *v);
        if (!v) return 1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = (occ){ s, e, l->event };
    return 0;
}

static int by_start(const void *a, const void *b)
{
    const occ *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return x->event - y->event;
}

/* The offsets of the zones used in the window, to write thousands of
 * times without a conversion each: each zone's offset changes found by
 * stepping a day at a time over the window (and a bisection at a change),
 * instants outside it converted as before. */
#define ZONES_MAX 8
#define ZONE_CHANGES_MAX 8
typedef struct {
    const char *tz;
    long long lo, hi;
    int n;
    long long at[ZONE_CHANGES_MAX];
    long off[ZONE_CHANGES_MAX + 1];
} zone_offsets;
typedef struct { zone_offsets z[ZONES_MAX]; int n; long long lo, hi; } zone_cache;

static long offset_of(const char *tz, long long t)
{
    struct tm tm;
    long off;
    utc_to_local(tz, t, &tm, &off);
    return off;
}

static zone_offsets *zone_of(zone_cache *c, const char *tz)
{
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->z[i].tz, tz) == 0) return &c->z[i];
    if (c->n == ZONES_MAX) return NULL;
    zone_offsets *z = &c->z[c->n++];
    memset(z, 0, sizeof *z);
    z->tz = tz;
    z->lo = c->lo;
    z->hi = c->hi;
    long prev = z->off[0] = offset_of(tz, z->lo);
    for (long long d = z->lo; d < z->hi;) {
        long long next = d + 86400 < z->hi ? d + 86400 : z->hi;
        long o = offset_of(tz, next);
        if (o != prev) {
            if (z->n == ZONE_CHANGES_MAX) { z->hi = d; break; }   /* not covered further */
            long long lo = d, hi = next;    /* offset(lo) == prev, offset(hi) == o */
            while (hi - lo > 1) {
                long long mid = lo + (hi - lo) / 2;
                if (offset_of(tz, mid) == prev) lo = mid; else hi = mid;
            }
            z->at[z->n] = hi;
            z->off[++z->n] = o;
            prev = o;
        }
        d = next;
    }
    return z;
}

static void two(char *o, int v) { o[0] = (char)('0' + v / 10 % 10); o[1] = (char)('0' + v % 10); }

/* event_wire_time, the same text, from the cache when it covers the instant. */
static void wire_time(zone_cache *c, const event_time *t, long long instant, char out[48])
{
    zone_offsets *z = zone_of(c, t->tz && *t->tz ? t->tz : "UTC");
    if (!z || instant < z->lo || instant > z->hi) { event_wire_time(t, instant, out); return; }
    int i = 0;
    while (i < z->n && instant >= z->at[i]) i++;
    long off = z->off[i];
    long long local = instant + off, days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    long long rem = local - days * 86400;
    ymd d = civil_from_days(days);
    if (d.y < 1000 || d.y > 9999) { event_wire_time(t, instant, out); return; }
    char *o = out;
    two(o, d.y / 100); two(o + 2, d.y % 100); o[4] = '-'; two(o + 5, d.m); o[7] = '-'; two(o + 8, d.d);
    if (t->all_day) { o[10] = 0; return; }
    o[10] = 'T'; two(o + 11, (int)(rem / 3600)); o[13] = ':'; two(o + 14, (int)(rem / 60 % 60)); o[16] = ':';
    two(o + 17, (int)(rem % 60));
    long a = off < 0 ? -off : off;
    o[19] = off < 0 ? '-' : '+'; two(o + 20, (int)(a / 3600 % 100)); o[22] = ':'; two(o + 23, (int)(a / 60 % 60));
    o[25] = 0;
}

/* ?from= and ?to= (RFC 3339 or dates, in Europe/Paris when no offset):
 * by default the coming 31 days; also as MariaDB's UTC text (sf, st).
 * 0, or -1 after answering 400. */
static int read_window(req *r, long long *from, long long *to, char sf[32], char st[32])
{
    const char *f = req_query(r, "from"), *t = req_query(r, "to");
    int why;
    ymd d;
    long long now = (long long)time(NULL);
    *from = now - now % 86400;
    if (f) {
        if (parse_date(f, &d, &why) == 0) *from = local_to_utc("Europe/Paris", d.y, d.m, d.d, 0, 0, 0);
        else if (parse_rfc3339(f, "Europe/Paris", from, &why)) goto bad;
    }
    *to = *from + 31 * 86400LL;
    if (t) {
        if (parse_date(t, &d, &why) == 0) *to = local_to_utc("Europe/Paris", d.y, d.m, d.d, 0, 0, 0);
        else if (parse_rfc3339(t, "Europe/Paris", to, &why)) goto bad;
    }
    if (*to <= *from || *to - *from > EVENT_WINDOW_MAX_DAYS * 86400LL + 7200) goto bad;
    format_sql_utc(*from, sf);
    format_sql_utc(*to, st);
    return 0;
bad:
    tz_restore();
    resp_error(r, 400, "bad_request", M_EVENT_BAD_WINDOW, EVENT_WINDOW_MAX_DAYS);
    return -1;
}

/* The full objects of the chosen rows' events, as text (texts[row]; NULL
 * for an event gone meanwhile): one query for the objects, one for their
 * attachments, one for the invited by name, whatever their number. 0, -1
 * (MariaDB), or -2 (out of memory). */
static int full_texts(req *r, const db_rows *q, const int *rows, int n, const char **texts)
{
    long long *ids = arena_alloc(r->a, (size_t)n * sizeof *ids + 1);
    for (int k = 0; k < n; k++) ids[k] = db_cell_int(q, rows[k], EV_COL_ID);
    const char *list = db_ids_json(r->a, ids, n);
    long long me = r->user->id;
    db *d = worker_db();
    db_rows *full = db_query(d, r->a, STMT_EVENTS_BY_IDS, "iiis", me, me, me, list);
    if (!full) return -1;
    db_rows *att = db_query(d, r->a, STMT_EVENTS_ATTACHMENTS_OF, "s", list);
    if (!att) return -1;
    db_rows *extra = db_query(d, r->a, STMT_EVENTS_INVITED_EXTRA_OF, "s", list);
    if (!extra) return -1;
    id_map at;
    id_map_init(r->a, &at, (size_t)full->nrows);
    for (int i = 0; i < full->nrows; i++) id_map_put(&at, db_cell_int(full, i, EV_COL_ID), i);
    json_t **atts = arena_alloc(r->a, (size_t)(full->nrows + 1) * sizeof *atts);
    long long *more = arena_alloc(r->a, (size_t)(full->nrows + 1) * sizeof *more);
    for (int i = 0; i < att->nrows; i++) {   /* ordered by event, then position */
        int fr = id_map_get(&at, db_cell_int(att, i, 0));
        if (fr < 0) continue;
        if (!atts[fr]) atts[fr] = json_array();
        json_array_append_new(atts[fr], json_pack("{s:I,s:s,s:I,s:s}", "id", (json_int_t)db_cell_int(att, i, 1),
                                                  "name", db_cell(att, i, 2), "size", (json_int_t)db_cell_int(att, i, 3),
                                                  "mime", db_cell(att, i, 4) ? db_cell(att, i, 4) : ""));
    }
    for (int i = 0; i < extra->nrows; i++) {
        int fr = id_map_get(&at, db_cell_int(extra, i, 0));
        if (fr >= 0) more[fr] = db_cell_int(extra, i, 1);
    }
    int oom = 0;
    for (int k = 0; k < n; k++) {
        int fr = id_map_get(&at, ids[k]);
        if (fr < 0) continue;
        event_facts f;
        event_facts_at(r, full, fr, &f);
        if (acl_event(r->user, &f, EA_SEE) != ACL_ALLOW) continue;
        json_t *j = event_json_list(r, full, fr, &f, atts[fr], more[fr]);
        atts[fr] = NULL;
        char *text = json_dumps(j, JSON_COMPACT);
        json_decref(j);
        if (!text) { oom = 1; break; }
        texts[rows[k]] = arena_strdup(r->a, text);
        free(text);
    }
    for (int i = 0; i < full->nrows; i++) json_decref(atts[i]);   /* of events not kept */
    return oom ? -2 : 0;
}

/* The whole objects (no ?fields=summary), written as text: each event's
 * object is serialised once, however many of its occurrences the window
 * holds. The rows are light (EVENT_COLUMNS_LIGHT): enough to choose the
 * events the asker may see that have an occurrence in the window; the full
 * objects of those only are read afterwards. (The summary views come from
 * the cache: answer_cached.) */
static int answer_window(req *r, db_rows *q, long long from, long long to)
{
    occ_list l = { 0 };
    const char **texts = arena_alloc(r->a, (size_t)(q->nrows + 1) * sizeof *texts);
    event_time *times = arena_alloc(r->a, (size_t)(q->nrows + 1) * sizeof *times);   /* read once a row */
    int *rows = arena_alloc(r->a, (size_t)(q->nrows + 1) * sizeof *rows), n = 0;
    id_set seen;
    id_set_init(r->a, &seen, (size_t)q->nrows);
    for (int i = 0; i < q->nrows; i++) {
        if (id_set_seen(&seen, db_cell_int(q, i, EV_COL_ID))) continue;
        event_facts f;
        event_facts_at(r, q, i, &f);
        if (acl_event(r->user, &f, EA_SEE) != ACL_ALLOW) continue;
        event_time *t = &times[i];
        event_time_at(q, i, t);
        int before = l.n;
        l.event = i;
        event_occurrences(t, from, to, add_occ, &l, NULL);
        if (l.n == before) continue;
        rows[n++] = i;
    }
    int rc = n ? full_texts(r, q, rows, n, texts) : 0;
    if (rc) {
        free(l.v);
        tz_restore();
        return rc == -1 ? resp_db_error(r) : resp_error(r, 500, "internal", M_INTERNAL);
    }
    if (l.n) qsort(l.v, (size_t)l.n, sizeof *l.v, by_start);   /* none: l.v is NULL */
    zone_cache zc = { .lo = from - 2 * 86400, .hi = to + 2 * 86400 };
    resp_stream_begin(r, 200);
    resp_write(r, "{\"items\":[", 10);
    for (int k = 0, written = 0; k < l.n && written < AGENDA_ITEMS_MAX; k++) {
        const char *ev = texts[l.v[k].event];
        if (!ev) continue;
        const event_time *t = &times[l.v[k].event];
        char s[48], e[48], head[128];
        wire_time(&zc, t, l.v[k].start, s);
        wire_time(&zc, t, l.v[k].end, e);
        int hn = snprintf(head, sizeof head, "%s{\"start\":\"%s\",\"end\":\"%s\",\"event\":", written ? "," : "", s, e);
        resp_write(r, head, (size_t)hn);
        resp_write(r, ev, strlen(ev));
        resp_write(r, "}", 1);
        written++;
    }
    resp_write(r, "]}", 2);
    free(l.v);
    tz_restore();
    return 0;
}

/* The summary views from the cache: the occurrences kept, each with its
 * cached event. */
typedef struct { long long start, end; const cached_event *e; } cocc;
typedef struct { cocc *v; int n, cap; } cocc_list;

static int cocc_add(cocc_list *l, long long s, long long e, const cached_event *ev)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 256;
        cocc *v = realloc(l->v, (size_t)cap * sizeof *v);
        if (!v) return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = (cocc){ s, e, ev };
    return 0;
}

static int by_cached_start(const void *a, const void *b)
{
    const cocc *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return (x->e->id > y->e->id) - (x->e->id < y->e->id);
}

/* Keeps the occurrences of a visible event (one that meets the window)
 * that meet [from, to). */
typedef struct { cocc_list *l; long long from, to; } window_ctx;

static int keep_in_window(void *ctx, const cached_event *e)
{
    window_ctx *w = ctx;
    int lo = 0, hi = e->nocc;                    /* the first occurrence ending after from */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (e->occ[mid].end <= w->from) lo = mid + 1; else hi = mid;
    }
    for (int k = lo; k < e->nocc && e->occ[k].start < w->to; k++)
        if (cocc_add(w->l, e->occ[k].start, e->occ[k].end, e)) return -1;
    return 0;
}

/* The occurrences in order of start, as answer_window writes them. */
static int answer_cached(req *r, cocc_list *l, long long from, long long to)
{
    if (l->n) qsort(l->v, (size_t)l->n, sizeof *l->v, by_cached_start);
    zone_cache zc = { .lo = from - 2 * 86400, .hi = to + 2 * 86400 };
    resp_stream_begin(r, 200);
    resp_write(r, "{\"items\":[", 10);
    for (int k = 0; k < l->n && k < AGENDA_ITEMS_MAX; k++) {
        const cached_event *e = l->v[k].e;
        char s[48], en[48], head[128];
        wire_time(&zc, &e->t, l->v[k].start, s);
        wire_time(&zc, &e->t, l->v[k].end, en);
        int hn = snprintf(head, sizeof head, "%s{\"start\":\"%s\",\"end\":\"%s\",\"event\":", k ? "," : "", s, en);
        resp_write(r, head, (size_t)hn);
        resp_write(r, e->summary, e->summary_len);
        resp_write(r, "}", 1);
    }
    resp_write(r, "]}", 2);
    free(l->v);
    tz_restore();
    return 0;
}

static int cached_failed(req *r, cocc_list *l)
{
    free(l->v);
    tz_restore();
    return resp_db_error(r);
}

/* « Mon agenda » from the cache (events_visible.h): one small query, the
 * events the asker is invited to by name in the window. */
static int agenda_cached(req *r, long long from, long long to, const char *f, const char *t)
{
    cocc_list l = { 0 };
    window_ctx w = { &l, from, to };
    db_rows *inv = db_query(worker_db(), r->a, STMT_EVENTS_INVITED_WINDOW, "iss", r->user->id, f, t);
    if (!inv || events_visible_mine(r, inv, (events_window){ from, to }, keep_in_window, &w)) return cached_failed(r, &l);
    return answer_cached(r, &l, from, to);
}

/* ?fields=summary (1), nothing (0), or -1 after answering 400. */
static int read_fields(req *r)
{
    const char *v = req_query(r, "fields");
    if (!v) return 0;
    if (strcmp(v, "summary") == 0) return 1;
    resp_error(r, 400, "bad_request", M_EVENT_BAD_FIELDS);
    return -1;
}

int h_events_agenda(req *r)
{
    int summary = read_fields(r);
    if (summary < 0) return 0;
    long long from, to;
    char f[32], t[32];
    if (read_window(r, &from, &to, f, t)) return 0;
    if (summary) return agenda_cached(r, from, to, f, t);
    long long me = r->user->id;
    db_rows *q = db_query(worker_db(), r->a, STMT_EVENTS_MINE_WINDOW, "ii" "iss" "ss" "iss",
                          me, me, me, f, t, f, t, me, f, t);
    if (!q) { tz_restore(); return resp_db_error(r); }
    return answer_window(r, q, from, to);
}

int h_group_events(req *r)
{
    group_facts g;
    if (!group_allows(r, r->ids[0], GA_READ, NULL, &g)) return 0;
    int summary = read_fields(r);
    if (summary < 0) return 0;
    long long from, to;
    char f[32], t[32];
    if (read_window(r, &from, &to, f, t)) return 0;
    if (summary) {
        cocc_list l = { 0 };
        window_ctx w = { &l, from, to };
        if (events_visible_group(r, r->ids[0], (events_window){ from, to }, keep_in_window, &w)) return cached_failed(r, &l);
        return answer_cached(r, &l, from, to);
    }
    long long me = r->user->id;
    db_rows *q = db_query(worker_db(), r->a, STMT_EVENTS_GROUP_WINDOW, "iiiss", me, me, r->ids[0], f, t);
    if (!q) { tz_restore(); return resp_db_error(r); }
    return answer_window(r, q, from, to);
}
