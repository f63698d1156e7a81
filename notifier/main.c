/* parvis-notifier: the delivery process. It takes notify_queue rows in
 * order (each due: a scheduled post's row waits for its publication) and,
 * for each, in one transaction, writes the notifications of the people
 * concerned (notifier/events.c) and deletes the row: a crash replays the
 * row whole or not at all. After the commit it publishes to nchan (the
 * bell's count, a feed's new post, a post's counts). Between batches it
 * queues the e-mails that are due (notifier/mail_notify.c: immediate
 * ones, outside quiet hours, and the digests) and sends the queue
 * (notifier/mail_send.c), and about every ten minutes it looks for
 * must-read reminders that came due. Workers poke its datagram socket;
 * it also polls every second. One instance, restarted by its master. */
#include "clock.h"
#include "config.h"
#include "db.h"
#include "events.h"
#include "live.h"
#include "mail_notify.h"
#include "mail_send.h"
#include "log.h"
#include "outbox.h"
#include "supervise.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static config cfg;
static volatile sig_atomic_t stopping;

static void on_term(int sig) { (void)sig; stopping = 1; }

/* The unread counts of the people whose notifications changed, and the
 * feeds' and posts' messages: published once committed. */
static void publish(db *d, arena *a, const live_out *out)
{
    for (int i = 0; i < out->nusers; i++) {
        db_rows *q = db_query(d, a, STMT_NOTIFICATION_UNREAD_COUNT, "i", out->users[i]);
        if (!q || !q->nrows) continue;
        char channel[32], message[64];
        snprintf(channel, sizeof channel, "u%lld", out->users[i]);
        snprintf(message, sizeof message, "{\"type\":\"unread\",\"count\":%lld}", db_cell_int(q, 0, 0));
        live_publish(channel, message);
    }
}

/* A row that keeps failing (not MariaDB being away) would hold the queue
 * for ever: after a few failures in a row it is dropped and logged. */
#define FAILURES_BEFORE_SKIP 3

/* One row, in its own transaction. 1 done, -1 failed (replayed later). */
static int run_row(db *d, arena *a, const queue_row *row)
{
    static long long last_seq;
    static int times;
    live_out out = { 0 };
    double t0 = mono_s();
    if (db_begin(d)) return -1;
    if (event_run(d, a, row, &out) || db_exec(d, STMT_NOTIFY_QUEUE_DELETE, "i", row->seq) < 0) {
        log_error("notify %s %lld failed: %s", notify_event_names[row->event], row->object, db_error(d));
        int transient = db_transient(d);
        db_rollback(d);
        times = row->seq == last_seq ? times + 1 : 1;
        last_seq = row->seq;
        if (!transient && times >= FAILURES_BEFORE_SKIP && db_exec(d, STMT_NOTIFY_QUEUE_DELETE, "i", row->seq) >= 0)
            log_error("notify %s %lld skipped after %d failures", notify_event_names[row->event], row->object, times);
        return -1;
    }
    if (db_commit(d)) { log_error("notify commit: %s", db_error(d)); return -1; }
    double t1 = mono_s();
    publish(d, a, &out);
    /* a large fan-out says what it cost (bench/notify.sh reads it) */
    if (out.nusers >= 100)
        log_info("notify %s %lld: %d people, written in %.0f ms, published in %.0f ms more",
                 notify_event_names[row->event], row->object, out.nusers, 1000 * (t1 - t0), 1000 * (mono_s() - t1));
    return 1;
}

/* A digest asked for by an administrator: "daily", "weekly" or "". */
static char digest_asked[8];

/* Up to 100 due rows: the number done, or -1. */
static int run_batch(db *d, arena *a)
{
    arena_reset(a);
    db_rows *q = db_query(d, a, STMT_NOTIFY_QUEUE_BATCH, "i", 100LL);
    if (!q) { log_error("notify_queue: %s", db_error(d)); return -1; }
    int done = 0;
    for (int i = 0; i < q->nrows && !stopping; i++) {
        queue_row row = { .seq = db_cell_int(q, i, 0), .object = db_cell_int(q, i, 2),
                          .actor = db_cell_int(q, i, 3), .subject = db_cell_int(q, i, 4),
                          .detail = db_cell(q, i, 5) };
        if (notify_event_parse(db_cell(q, i, 1), &row.event)) {
            log_error("notify_queue: unknown event %s (row %lld) dropped", db_cell(q, i, 1), row.seq);
            db_exec(d, STMT_NOTIFY_QUEUE_DELETE, "i", row.seq);
            continue;
        }
        if (row.event == NOTIFY_DIGEST)
            snprintf(digest_asked, sizeof digest_asked, "%s", strcmp(row.detail, "weekly") == 0 ? "weekly" : "daily");
        if (run_row(d, a, &row) < 0) return done ? done : -1;
        done++;
    }
    return done;
}

static void run_reminders(db *d, arena *a)
{
    arena_reset(a);
    live_out out = { 0 };
    if (db_begin(d)) return;
    int n = reminders_run(d, a, &out);
    if (n < 0 || db_commit(d)) { db_rollback(d); log_error("must-read reminders: %s", db_error(d)); return; }
    if (n) log_info("%d must-read reminders", n);
    publish(d, a, &out);
}

static void notifier_main(int index, void *arg)
{
    (void)index; (void)arg;
    struct sigaction sa = { 0 };
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    int fd = poke_bind(cfg.notifier_socket);
    if (fd < 0) log_error("cannot bind %s (%s); polling only", cfg.notifier_socket, strerror(errno));
    if (live_init(cfg.live_socket)) log_error("live: libcurl could not start; no live updates");
    char err[512];
    db *d = NULL;
    db_set_timeouts(5, 60);
    while (!stopping && !(d = db_open(&cfg, cfg.db_name, 1, err, sizeof err))) {
        log_error("%s; retrying", err);
        sleep(1);        /* lint-allow: sleep (MariaDB starting) */
    }
    arena *a = arena_new(64 * 1024);
    if (d) {
        mail_start(d, &cfg);
        mail_notify_start(&cfg);
    }
    log_info("notifier ready");
    double last_reminders = 0, last_digests = 0;
    long total = 0;
    while (!stopping && d) {
        int n = run_batch(d, a);
        if (n > 0) total += n;
        arena_reset(a);
        if (mail_notify_immediate(d, a) < 0) log_error("mail: immediate mails: %s", db_error(d));
        if (digest_asked[0] || mono_s() - last_digests >= 60) {
            arena_reset(a);
            int q = mail_notify_digests(d, a, digest_asked[0] ? digest_asked : NULL);
            if (q < 0) log_error("mail: digests: %s", db_error(d));
            else if (q) log_info("%d digests queued", q);
            digest_asked[0] = 0;
            last_digests = mono_s();
        }
        if (mail_pass(d, &cfg) < 0) log_error("mail: %s", db_error(d));
        if (mono_s() - last_reminders >= 600) {
            run_reminders(d, a);
            last_reminders = mono_s();
        }
        if (n > 0) continue;
        if (n < 0) sleep(1);   /* lint-allow: sleep (back off after a failure, then replay) */
        poke_wait(fd);
    }
    log_info("notifier stopping after %ld events", total);
    arena_free(a);
    if (d) db_close(d);
    live_close();
    if (fd >= 0) close(fd);
    exit(0);
}

int main(void)
{
    log_init("parvis-notifier");
    char err[512];
    if (config_load(&cfg, err, sizeof err)) { log_error("%s", err); return 1; }
    supervisor s = { .name = "parvis-notifier", .children = 1, .child_main = notifier_main,
                     .grace_seconds = 20 };
    return supervise(&s) ? 1 : 0;
}
