/* The agenda: « Mon agenda » (GET /events: the events of the person's
 * groups, the organisation's and those they are invited to) and a group's
 * (GET /groups/{id}/events), their occurrences in a window expanded here
 * (lib/event_time.h), ordered by start. */
#include "events/handlers.h"
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

/* The answer is written as text: each event's object is serialised once,
 * however many of its occurrences the window holds. */
static int answer_window(req *r, db_rows *q, long long from, long long to)
{
    occ_list l = { 0 };
    const char **events = arena_alloc(r->a, (size_t)(q->nrows + 1) * sizeof *events);
    id_set seen;
    id_set_init(r->a, &seen, (size_t)q->nrows);
    for (int i = 0; i < q->nrows; i++) {
        if (id_set_seen(&seen, db_cell_int(q, i, EV_COL_ID))) continue;
        event_facts f;
        event_facts_at(r, q, i, &f);
        if (acl_event(r->user, &f, EA_SEE) != ACL_ALLOW) continue;
        event_time t;
        event_time_at(q, i, &t);
        int before = l.n;
        l.event = i;
        event_occurrences(&t, from, to, add_occ, &l, NULL);
        if (l.n == before) continue;
        json_t *j = event_json(r, q, i, &f);
        char *text = json_dumps(j, JSON_COMPACT);
        json_decref(j);
        if (!text) { free(l.v); tz_restore(); return resp_error(r, 500, "internal", M_INTERNAL); }
        events[i] = arena_strdup(r->a, text);
        free(text);
    }
    if (l.n) qsort(l.v, (size_t)l.n, sizeof *l.v, by_start);   /* none: l.v is NULL */
    resp_stream_begin(r, 200);
    resp_write(r, "{\"items\":[", 10);
    for (int k = 0; k < l.n && k < AGENDA_ITEMS_MAX; k++) {
        event_time t;
        event_time_at(q, l.v[k].event, &t);
        char s[48], e[48], head[128];
        event_wire_time(&t, l.v[k].start, s);
        event_wire_time(&t, l.v[k].end, e);
        int n = snprintf(head, sizeof head, "%s{\"start\":\"%s\",\"end\":\"%s\",\"event\":", k ? "," : "", s, e);
        resp_write(r, head, (size_t)n);
        const char *ev = events[l.v[k].event];
        resp_write(r, ev, strlen(ev));
        resp_write(r, "}", 1);
    }
    resp_write(r, "]}", 2);
    free(l.v);
    tz_restore();
    return 0;
}

int h_events_agenda(req *r)
{
    long long from, to;
    char f[32], t[32];
    if (read_window(r, &from, &to, f, t)) return 0;
    long long me = r->user->id;
    db_rows *q = db_query(worker_db(), r->a, STMT_EVENTS_MINE_WINDOW, "iiiiss" "iiiss" "iiiiss",
                          me, me, me, me, f, t, me, me, me, f, t, me, me, me, me, f, t);
    if (!q) { tz_restore(); return resp_db_error(r); }
    return answer_window(r, q, from, to);
}

int h_group_events(req *r)
{
    group_facts g;
    if (!group_allows(r, r->ids[0], GA_READ, NULL, &g)) return 0;
    long long from, to;
    char f[32], t[32];
    if (read_window(r, &from, &to, f, t)) return 0;
    long long me = r->user->id;
    db_rows *q = db_query(worker_db(), r->a, STMT_EVENTS_GROUP_WINDOW, "iiiiss", me, me, me, r->ids[0], f, t);
    if (!q) { tz_restore(); return resp_db_error(r); }
    return answer_window(r, q, from, to);
}
