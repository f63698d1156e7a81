#include "webhook_send.h"
#include "clock.h"
#include "log.h"
#include "net_guard.h"
#include "notify.h"
#include "settings.h"
#include "webhook.h"
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define ANSWER_KEPT 200          /* the first bytes of an answer kept in the log */

typedef struct {
    CURL *h;
    struct curl_slist *headers;
    net_guard guard;
    long long delivery, webhook;
    int attempts;
    char *body;
    char answer[ANSWER_KEPT + 1];
    size_t answer_len;
    double started;
} transfer;

static size_t keep_answer(char *p, size_t size, size_t n, void *arg)
{
    transfer *t = arg;
    size_t len = size * n;
    for (size_t i = 0; i < len && t->answer_len < ANSWER_KEPT; i++) {
        unsigned char c = (unsigned char)p[i];
        /* the log shows plain text: other bytes as '?' */
        t->answer[t->answer_len++] = c >= 0x20 && c < 0x7f ? (char)c : c == '\n' || c == '\t' ? ' ' : '?';
    }
    t->answer[t->answer_len] = 0;
    return len;                  /* the rest is read and dropped (10 s and 5 MB at most) */
}

typedef struct {
    char allow[1001];
    net_guard guard;             /* made once per reading of the settings */
    long long base_ms, window_s;
    double read_at;
} sender_settings;

/* (the rows of a query already read stay in the arena: not reset here) */
static void read_settings(db *d, arena *a, sender_settings *s)
{
    char v[1001];
    if (settings_get(d, a, "outgoing_allow", v, sizeof v) == 0 && (strcmp(v, s->allow) != 0 || !s->read_at)) {
        snprintf(s->allow, sizeof s->allow, "%s", v);
        if (net_guard_init(&s->guard, s->allow)) {
            log_error("webhooks: outgoing_allow: %s; nothing allowed", s->guard.refused);
            net_guard_init(&s->guard, NULL);
        }
    }
    /* the back-off's first step and the window of retries: the tests
     * shorten them (the same code path) */
    s->base_ms = 30000;
    s->window_s = 86400;
    char *end;
    long long n;
    if (settings_get(d, a, "webhook_backoff_ms", v, sizeof v) == 0 && (n = strtoll(v, &end, 10)) > 0 && !*end)
        s->base_ms = n;
    if (settings_get(d, a, "webhook_retry_seconds", v, sizeof v) == 0 && (n = strtoll(v, &end, 10)) > 0 && !*end)
        s->window_s = n;
    s->read_at = mono_s();
}

static int start(CURLM *m, transfer *t, const db_rows *q, int i, const sender_settings *s)
{
    memset(t, 0, sizeof *t);
    t->delivery = db_cell_int(q, i, 0);
    t->attempts = (int)db_cell_int(q, i, 4);
    t->webhook = db_cell_int(q, i, 5);
    const char *uid = db_cell(q, i, 1), *event = db_cell(q, i, 2), *body = db_cell(q, i, 3);
    t->body = strdup(body);
    t->guard = s->guard;
    t->h = curl_easy_init();
    if (!t->h || !t->body) return -1;
    char sig[128], line[256];
    webhook_sign(db_cell(q, i, 7), (long long)time(NULL), t->body, strlen(t->body), sig, sizeof sig);
    t->headers = curl_slist_append(t->headers, "Content-Type: application/json");
    t->headers = curl_slist_append(t->headers, "Expect:");
    snprintf(line, sizeof line, "Parvis-Event: %s", event);
    t->headers = curl_slist_append(t->headers, line);
    snprintf(line, sizeof line, "Parvis-Delivery: %s", uid);
    t->headers = curl_slist_append(t->headers, line);
    snprintf(line, sizeof line, "Parvis-Signature: %s", sig);
    t->headers = curl_slist_append(t->headers, line);
    net_guard_curl(t->h, &t->guard);
    curl_easy_setopt(t->h, CURLOPT_FOLLOWLOCATION, 0L);          /* a POST is never redirected */
    /* a connection of its own, judged by the guard when it opens: a
     * cached one would outlive a change of the allow list */
    curl_easy_setopt(t->h, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(t->h, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(t->h, CURLOPT_URL, db_cell(q, i, 6));
    curl_easy_setopt(t->h, CURLOPT_POSTFIELDS, t->body);
    curl_easy_setopt(t->h, CURLOPT_POSTFIELDSIZE, (long)strlen(t->body));
    curl_easy_setopt(t->h, CURLOPT_HTTPHEADER, t->headers);
    curl_easy_setopt(t->h, CURLOPT_USERAGENT, "Parvis-Webhooks/1");
    curl_easy_setopt(t->h, CURLOPT_WRITEFUNCTION, keep_answer);
    curl_easy_setopt(t->h, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(t->h, CURLOPT_PRIVATE, t);
    curl_easy_setopt(t->h, CURLOPT_NOSIGNAL, 1L);
    t->started = mono_s();
    return curl_multi_add_handle(m, t->h) == CURLM_OK ? 0 : -1;
}

static void release(CURLM *m, transfer *t)
{
    if (t->h) { curl_multi_remove_handle(m, t->h); curl_easy_cleanup(t->h); }
    curl_slist_free_all(t->headers);
    free(t->body);
    t->h = NULL;
    t->headers = NULL;
    t->body = NULL;
}

/* The attempt's outcome, in the caller's transaction: the log, the
 * delivery, the subscription's failing state. 0 or -1. */
static int record(db *d, arena *a, transfer *t, CURLcode res, const sender_settings *s)
{
    long status = 0;
    if (res == CURLE_OK) curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &status);
    long long ms = (long long)((mono_s() - t->started) * 1000);
    int ok = res == CURLE_OK && status >= 200 && status < 300;
    const char *answer = t->answer;
    if (res != CURLE_OK)
        answer = arena_printf(a, "%s", *t->guard.refused && (res == CURLE_COULDNT_CONNECT || res == CURLE_RECV_ERROR)
                                       ? t->guard.refused : curl_easy_strerror(res));
    else if (status >= 300 && status < 400)
        answer = arena_printf(a, "redirection non suivie (%ld)", status);
    long long delay = webhook_backoff_ms(s->base_ms, t->attempts + 1, randombytes_uniform(1000) / 1000.0);
    return db_exec(d, STMT_WEBHOOK_ATTEMPT_INSERT, "iiiis", t->webhook, t->delivery, (long long)status, ms, answer) < 0
        || db_exec(d, STMT_WEBHOOK_ATTEMPTS_TRIM, "ii", t->webhook, t->webhook) < 0
        || (ok ? db_exec(d, STMT_WEBHOOK_DELIVERED, "i", t->delivery) < 0
                 || db_exec(d, STMT_WEBHOOK_SUCCEEDED, "i", t->webhook) < 0
               : db_exec(d, STMT_WEBHOOK_RETRY, "iiii", s->window_s, s->window_s, delay, t->delivery) < 0
                 || db_exec(d, STMT_WEBHOOK_FAILED, "i", t->webhook) < 0) ? -1 : 0;
}

/* Subscriptions failing for the whole window: switched off, their
 * creator told (a notification, notifier/events.c). */
static void switch_off_failing(db *d, arena *a, const sender_settings *s)
{
    arena_reset(a);
    db_rows *q = db_query(d, a, STMT_WEBHOOK_FAILING_TOO_LONG, "i", s->window_s);
    if (!q) return;
    for (int i = 0; i < q->nrows; i++) {
        long long id = db_cell_int(q, i, 0);
        if (db_begin(d) || db_exec(d, STMT_WEBHOOK_SWITCH_OFF, "si", "failing", id) < 0
            || notify_add(d, NOTIFY_WEBHOOK_OFF, id, 0, db_cell_int(q, i, 1), NULL) || db_commit(d)) {
            db_rollback(d);
            continue;
        }
        log_info("webhooks: subscription %lld switched off after failing for %lld s", id, s->window_s);
    }
}

static void drain(int fd)
{
    char buf[64];
    if (fd >= 0) while (recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0) {}
}

void webhook_send_main(db *d, const config *c, int fd, volatile sig_atomic_t *stopping)
{
    arena *a = arena_new(64 * 1024);
    CURLM *m = curl_multi_init();
    transfer slots[WEBHOOK_PARALLEL];
    memset(slots, 0, sizeof slots);
    sender_settings s = { .read_at = 0 };
    read_settings(d, a, &s);
    double last_sweep = -1e9;
    long sent = 0;
    (void)c;
    log_info("notifier ready (webhooks)");
    while (!*stopping) {
        if (mono_s() - s.read_at >= 1) { arena_reset(a); read_settings(d, a, &s); }
        /* free slots: the deliveries due, taken for a minute */
        int free_slots = 0;
        for (int i = 0; i < WEBHOOK_PARALLEL; i++) free_slots += !slots[i].h;
        if (free_slots) {
            arena_reset(a);
            db_rows *q = db_query(d, a, STMT_WEBHOOK_DUE, "i", (long long)free_slots);
            /* the allow list as it is now, before any connection is opened */
            if (q && q->nrows) read_settings(d, a, &s);
            if (q && q->nrows) {
                long long ids[WEBHOOK_PARALLEL];
                for (int i = 0; i < q->nrows && i < WEBHOOK_PARALLEL; i++) ids[i] = db_cell_int(q, i, 0);
                /* taken, all in one statement */
                if (db_exec(d, STMT_WEBHOOK_TAKE, "s", db_ids_json(a, ids, q->nrows)) < 0) q = NULL;
            }
            for (int i = 0, k = 0; q && i < q->nrows; i++) {
                while (slots[k].h) k++;
                if (start(m, &slots[k], q, i, &s)) { release(m, &slots[k]); break; }
            }
        }
        int running = 0;
        curl_multi_perform(m, &running);
        /* the attempts that ended, recorded in one transaction (one
         * commit for up to WEBHOOK_PARALLEL of them) */
        CURLMsg *msg;
        int left, finished = 0;
        transfer *done[WEBHOOK_PARALLEL];
        CURLcode result[WEBHOOK_PARALLEL];
        while ((msg = curl_multi_info_read(m, &left)) && finished < WEBHOOK_PARALLEL) {
            if (msg->msg != CURLMSG_DONE) continue;
            transfer *t = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
            if (!t) continue;
            done[finished] = t;
            result[finished++] = msg->data.result;
        }
        if (finished) {
            arena_reset(a);
            int failed = db_begin(d);
            for (int i = 0; i < finished && !failed; i++) failed = record(d, a, done[i], result[i], &s);
            if (failed || db_commit(d)) {
                log_error("webhooks: %d attempts not recorded: %s", finished, db_error(d));
                db_rollback(d);      /* taken for a minute: sent again then, the same id */
            }
            for (int i = 0; i < finished; i++) release(m, done[i]);
            sent += finished;
        }
        if (mono_s() - last_sweep >= 10) {
            switch_off_failing(d, a, &s);
            arena_reset(a);
            if (db_exec(d, STMT_WEBHOOK_EXPIRE, "i", s.window_s) < 0 || db_exec(d, STMT_WEBHOOK_PRUNE, "") < 0)
                log_error("webhooks: sweep: %s", db_error(d));
            last_sweep = mono_s();
        }
        /* slots freed: more may be due at once */
        if (finished) continue;
        /* wait for a transfer, a poke, or a second (a retry's time) */
        struct curl_waitfd extra = { .fd = fd, .events = CURL_WAIT_POLLIN };
        int busy = 0;
        for (int i = 0; i < WEBHOOK_PARALLEL; i++) busy += slots[i].h != NULL;
        curl_multi_poll(m, fd >= 0 ? &extra : NULL, fd >= 0 ? 1 : 0, busy ? 200 : 1000, NULL);
        drain(fd);
    }
    for (int i = 0; i < WEBHOOK_PARALLEL; i++) if (slots[i].h) release(m, &slots[i]);
    curl_multi_cleanup(m);
    log_info("webhooks: stopping after %ld attempts", sent);
    arena_free(a);
}
