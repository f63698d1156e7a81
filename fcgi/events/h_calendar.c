/* Calendars outside Parvis (docs/events.md): an event as .ics (METHOD:
 * PUBLISH), and each person's private subscription address: a secret
 * token in the URL, renewable and revocable, giving every event they may
 * see (at most EVENT_FEED_MAX), read without a session.
 *
 * The token is the HMAC, under the server secret, of the person's id and
 * a random nonce kept with its SHA-256; the token itself is stored
 * nowhere. A request's token is hashed and looked up by that hash (a
 * unique index on a SHA-256: how close a guess is does not change the
 * time), and the hashes compared with sodium_memcmp; a wrong, revoked or
 * malformed token is 404 like an unknown address. */
#include "events/handlers.h"
#include "events/events_model.h"
#include "events/events_visible.h"
#include "core/respond.h"
#include "core/secret_url.h"
#include "core/worker.h"
#include "crypto.h"
#include "ics.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The host of the site's address (the UIDs' right part). */
static const char *site_host(arena *a)
{
    const char *u = W.cfg.public_url, *p = strstr(u, "://");
    p = p ? p + 3 : u;
    size_t n = strcspn(p, "/:");
    return n ? arena_strndup(a, p, n) : "parvis";
}

/* An event of a row as ics_event. */
static void ics_of_row(const char *host, const db_rows *q, int row, ics_event *e, long long now)
{
    memset(e, 0, sizeof *e);
    e->id = db_cell_int(q, row, EV_COL_ID);
    e->host = host;
    e->title = db_cell(q, row, EV_COL_TITLE);
    e->description = db_cell(q, row, EV_COL_DESCRIPTION);
    e->place = db_cell(q, row, EV_COL_PLACE);
    e->url = db_cell(q, row, EV_COL_URL);
    event_time_at(q, row, &e->time);
    e->status = db_cell(q, row, EV_COL_STATUS);
    e->sequence = (int)db_cell_int(q, row, EV_COL_SEQUENCE);
    e->stamp = now;
    e->created = parse_sql_utc(db_cell(q, row, EV_COL_CREATED));
    e->modified = parse_sql_utc(db_cell(q, row, EV_COL_UPDATED));
}

static int send_ics(req *r, ics_buf *b, const char *filename)
{
    tz_restore();
    if (b->oom) { ics_free(b); return resp_error(r, 500, "internal", M_INTERNAL); }
    if (filename) resp_header(r, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"%s\"", filename));
    resp_header(r, "Cache-Control", "private, no-store");
    resp_stream_typed(r, 200, "text/calendar; charset=utf-8");
    resp_write(r, b->s, b->n);
    ics_free(b);
    return 0;
}

/* GET /events/{id}.ics (the route's {name}: "<id>.ics") */
int h_event_ics(req *r)
{
    const char *name = strrchr(r->path, '/');
    name = name ? name + 1 : "";
    size_t n = strlen(name);
    char digits[20];
    long long id = -1;
    if (n > 4 && n - 4 < sizeof digits && strcmp(name + n - 4, ".ics") == 0) {
        memcpy(digits, name, n - 4);
        digits[n - 4] = 0;
        id = parse_id(digits);
    }
    if (id < 1) return resp_error(r, 404, "not_found", M_ROUTE_NOT_FOUND, r->path);
    db_rows *q;
    event_facts f;
    if (!event_find(r, id, &q, &f)) return 0;
    long long now = (long long)time(NULL);
    ics_buf b = { 0 };
    ics_event e;
    ics_of_row(site_host(r->a), q, 0, &e, now);
    ics_begin(&b, "PUBLISH");
    if (!e.time.all_day) ics_vtimezone(&b, e.time.tz, local_date(e.time.tz, e.time.start).y);
    ics_vevent(&b, &e);
    ics_end(&b);
    return send_ics(r, &b, arena_printf(r->a, "event-%lld.ics", id));
}

/* ---- the subscription ---- */

static json_t *url_json(req *r, const char *token)
{
    return json_pack("{s:s}", "url", arena_printf(r->a, "%s/api/v1/calendar/%s.ics", W.cfg.public_url, token));
}

int h_calendar_token_get(req *r)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_CALENDAR_TOKEN_OF, "i", r->user->id);
    if (!q) return resp_db_error(r);
    const char *tok = q->nrows ? secret_url_token(r, "calendar", r->user->id, db_cell(q, 0, 0))
                               : secret_url_renew(r, "calendar", STMT_CALENDAR_TOKEN_SET);
    if (!tok) return resp_db_error(r);
    resp_header(r, "Cache-Control", "no-store");
    return resp_json(r, 200, url_json(r, tok));
}

int h_calendar_token_post(req *r)
{
    const char *tok = secret_url_renew(r, "calendar", STMT_CALENDAR_TOKEN_SET);
    if (!tok) return resp_db_error(r);
    resp_header(r, "Cache-Control", "no-store");
    return resp_json(r, 200, url_json(r, tok));
}

int h_calendar_token_delete(req *r)
{
    if (db_exec(worker_db(), STMT_CALENDAR_TOKEN_DELETE, "i", r->user->id) < 0) return resp_db_error(r);
    return resp_empty(r, 204);
}

/* The subscription's events: every visible one, then the latest last end
 * first (then the highest id), EVENT_FEED_MAX kept. */
typedef struct { const cached_event **v; int n, cap; } picked;

static int pick(void *ctx, const cached_event *e)
{
    picked *p = ctx;
    if (p->n == p->cap) {
        int cap = p->cap ? p->cap * 2 : 256;
        const cached_event **v = realloc(p->v, (size_t)cap * sizeof *v);
        if (!v) return -1;
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n++] = e;
    return 0;
}

static int by_last_end(const void *a, const void *b)
{
    const cached_event *x = *(const cached_event *const *)a, *y = *(const cached_event *const *)b;
    if (x->last_end != y->last_end) return x->last_end < y->last_end ? 1 : -1;
    return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

typedef struct { const char *tz; long long first; } zone_use;

/* The VCALENDAR of the picked events: a VTIMEZONE per zone from the year
 * of its earliest event, then each VEVENT. */
static void write_feed(req *r, ics_buf *b, const picked *p, long long now)
{
    int n = p->n < EVENT_FEED_MAX ? p->n : EVENT_FEED_MAX, nzones = 0;
    zone_use *zones = arena_alloc(r->a, (size_t)(n + 1) * sizeof *zones);
    for (int k = 0; k < n; k++) {
        const cached_event *e = p->v[k];
        if (e->t.all_day) continue;
        int z = 0;
        while (z < nzones && strcmp(zones[z].tz, e->t.tz) != 0) z++;
        if (z == nzones) zones[nzones++] = (zone_use){ e->t.tz, e->t.start };
        else if (e->t.start < zones[z].first) zones[z].first = e->t.start;
    }
    ics_begin(b, "PUBLISH");
    ics_line(b, "X-WR-CALNAME", "Parvis");
    for (int z = 0; z < nzones; z++) ics_vtimezone(b, zones[z].tz, local_date(zones[z].tz, zones[z].first).y);
    const char *host = site_host(r->a);
    for (int k = 0; k < n; k++) {
        const cached_event *c = p->v[k];
        ics_event e = { .id = c->id, .host = host, .title = c->title, .place = c->place, .url = c->url,
                        .time = c->t, .status = c->status, .sequence = c->sequence, .stamp = now,
                        .created = c->created, .modified = c->modified };
        ics_vevent(b, &e);
    }
    ics_end(b);
}

/* GET /calendar/{token}.ics, without a session */
int h_calendar_feed(req *r)
{
    const char *name = strrchr(r->path, '/');
    name = name ? name + 1 : "";
    size_t n = strlen(name);
    int wellformed = n == TOKEN_B64_LEN + 4 && strcmp(name + TOKEN_B64_LEN, ".ics") == 0;
    /* the person the token belongs to asks */
    auth_user u;
    if (!secret_url_person(r, name, wellformed, STMT_CALENDAR_TOKEN_FIND, "/calendar", &u)) return 0;
    r->user = &u;
    /* the events from the workers' cache (events_visible.h): one small
     * query, those the person is invited to by name */
    db_rows *inv = db_query(worker_db(), r->a, STMT_EVENTS_INVITED_ALL, "i", u.id);
    picked p = { 0 };
    if (!inv || events_visible_mine(r, inv, EVENTS_ALWAYS, pick, &p)) { free(p.v); r->user = NULL; return resp_db_error(r); }
    if (p.n) qsort(p.v, (size_t)p.n, sizeof *p.v, by_last_end);
    ics_buf b = { 0 };
    write_feed(r, &b, &p, (long long)time(NULL));
    free(p.v);
    r->user = NULL;
    return send_ics(r, &b, NULL);
}
