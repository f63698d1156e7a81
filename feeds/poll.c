#include "poll.h"
#include "authgen.h"
#include "clock.h"
#include "fetch.h"
#include "log.h"
#include "publish.h"
#include "settings.h"
#include <stdlib.h>
#include <string.h>

#define LOOK_EVERY 1.0                 /* seconds between looks for due feeds */
#define ALLOW_EVERY 60.0               /* the allow list read again at least this often */

static char *dup_or_empty(const char *s) { return strdup(s ? s : ""); }

static void due_free(due_feed *f)
{
    if (!f) return;
    free(f->url);
    free(f->etag);
    free(f->last_modified);
    free(f->title);
    free(f);
}

/* The administrators' allow list into *g (lib/net_guard.h); an unreadable
 * one (a name that no longer resolves) keeps the guard without it. */
static void read_allow(db *d, arena *a, net_guard *g)
{
    char allow[1001] = "";
    arena_reset(a);
    if (settings_get(d, a, "outgoing_allow", allow, sizeof allow)) { log_error("feeds: settings: %s", db_error(d)); return; }
    if (net_guard_init(g, allow)) {
        log_error("feeds: outgoing_allow: unreadable entry \"%s\"; no internal host allowed", g->refused);
        net_guard_init(g, NULL);
    }
}

/* Starts the due feeds, up to `room`: the number started, -1 on error. */
static int start_due(db *d, arena *a, CURLM *m, const net_guard *g, int room)
{
    arena_reset(a);
    db_rows *q = db_query(d, a, STMT_FEEDS_DUE, "i", (long long)room);
    if (!q) { log_error("feeds: %s", db_error(d)); return -1; }
    if (!q->nrows) return 0;
    long long *ids = arena_alloc(a, sizeof *ids * (size_t)q->nrows);
    int started = 0;
    for (int i = 0; i < q->nrows; i++) {
        due_feed *f = calloc(1, sizeof *f);
        if (!f) break;
        f->id = db_cell_int(q, i, 0);
        f->group_id = db_cell_int(q, i, 1);
        f->url = dup_or_empty(db_cell(q, i, 2));
        f->etag = dup_or_empty(db_cell(q, i, 3));
        f->last_modified = dup_or_empty(db_cell(q, i, 4));
        f->failures = (int)db_cell_int(q, i, 5);
        f->primed = (int)db_cell_int(q, i, 6);
        f->connector_id = db_cell_int(q, i, 7);
        f->title = dup_or_empty(db_cell(q, i, 8));
        if (!f->url || !f->etag || !f->last_modified || !f->title) { due_free(f); break; }
        fetch_req rq = { .url = f->url, .etag = f->etag, .last_modified = f->last_modified,
                         .accept = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9,"
                                   " application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5" };
        fetch_xfer *x = fetch_start(g, &rq, f);
        if (!x) { due_free(f); break; }
        if (curl_multi_add_handle(m, fetch_handle(x)) != CURLM_OK) {
            fetch_res res;
            fetch_done(x, CURLE_FAILED_INIT, &res);
            due_free(f);
            break;
        }
        ids[started++] = f->id;
    }
    /* not due again while being fetched (a minute: a fetch lasts 10 s) */
    if (started && db_exec(d, STMT_FEEDS_STARTED, "s", db_ids_json(a, ids, started)) < 0)
        log_error("feeds: %s", db_error(d));
    return started;
}

/* Handles the transfers that ended: how many. */
static int finish_done(db *d, arena *a, const config *c, CURLM *m)
{
    int left, done = 0;
    CURLMsg *msg;
    while ((msg = curl_multi_info_read(m, &left))) {
        if (msg->msg != CURLMSG_DONE) continue;
        CURL *h = msg->easy_handle;
        CURLcode rc = msg->data.result;
        curl_multi_remove_handle(m, h);
        fetch_xfer *x = fetch_of_handle(h);
        due_feed *f = fetch_user(x);
        fetch_res res;
        fetch_done(x, rc, &res);
        arena_reset(a);
        feed_handle(d, a, c, f, &res);
        fetch_res_free(&res);
        due_free(f);
        done++;
    }
    return done;
}

void poll_run(db *d, const config *c, volatile sig_atomic_t *stopping)
{
    CURLM *m = curl_multi_init();
    arena *a = arena_new(64 * 1024);
    if (!m || !a) { log_error("feeds: out of memory"); return; }
    net_guard guard;
    net_guard_init(&guard, NULL);
    uint64_t settings_gen = authgen_global_get(AUTHGEN_SETTINGS) - 1;
    double allow_read = -1e9, last_look = -1e9;
    int in_flight = 0, more_due = 0;
    long long polled = 0;
    log_info("parvis-feeds ready (%d fetches at once, every %d s)", FEEDS_PARALLEL, FEED_INTERVAL);
    while (!*stopping) {
        uint64_t gen = authgen_global_get(AUTHGEN_SETTINGS);
        if (gen != settings_gen || mono_s() - allow_read >= ALLOW_EVERY) {
            read_allow(d, a, &guard);
            settings_gen = gen;
            allow_read = mono_s();
        }
        if (in_flight < FEEDS_PARALLEL && (more_due || mono_s() - last_look >= LOOK_EVERY)) {
            int room = FEEDS_PARALLEL - in_flight;
            int n = start_due(d, a, m, &guard, room);
            last_look = mono_s();
            more_due = n == room;            /* a full batch: others may be due */
            if (n > 0) in_flight += n;
        }
        int running = 0;
        curl_multi_perform(m, &running);
        int done = finish_done(d, a, c, m);
        in_flight -= done;
        polled += done;
        if (done) continue;
        /* until a transfer has news, or the next look */
        curl_multi_poll(m, NULL, 0, more_due && in_flight < FEEDS_PARALLEL ? 0 : in_flight ? 100 : 500, NULL);
    }
    /* stopping: the transfers still running are dropped (their feeds are
     * due again within a minute); the process exits */
    log_info("parvis-feeds stopping after %lld fetches", polled);
    curl_multi_cleanup(m);
    arena_free(a);
}
