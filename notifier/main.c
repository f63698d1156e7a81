/* parvis-notifier: the delivery process, one instance (its master
 * restarts each of its four children):
 *  - the events child takes notify_queue rows in order (each when due: a
 *    scheduled post's row waits for its publication), up to BATCH_ROWS in
 *    one transaction, and for each writes the notifications of the people
 *    concerned (notifier/events.c) and deletes the row: a crash replays
 *    the rows whole or not at all. Feeds' and posts' live messages go out as the
 *    row is read, the bell's counts after the commit. About every ten
 *    minutes it writes the must-read reminders that came due. The
 *    password reset links and their mails are made here too
 *    (notifier/password_reset.c);
 *  - the mail child queues the e-mails that are due (notifier/mail_notify.c:
 *    immediate ones outside the quiet hours, the digests) and sends the
 *    queue (notifier/mail_send.c). Apart, so that a slow relay or a
 *    backlog of mails never delays a notification or a live update;
 *  - the housekeeping child deletes, once an hour and at its start,
 *    the messages older than the setting chat_retention_days and the
 *    attachments never sent (notifier/chat_retention.c), applies the
 *    platform's retention (notifier/retention.c), and builds the data
 *    exports people ask for (notifier/gdpr_export.c). Apart, because
 *    the first pass after a setting is lowered may delete for minutes,
 *    and an export of gigabytes takes a while.
 *    Every account_expiry_seconds (a minute) it also disables the accounts
 *    whose end of access passed (docs/guests.md: account_expire_due in
 *    lib/account.c), and every 2 s it looks for a directory sync to run
 *    (asked, or the schedule's: lib/ldap_sync.h, docs/ldap.md);
 *  - the webhooks child sends the outgoing webhooks' deliveries
 *    (notifier/webhook_send.c, docs/webhooks.md) that the events child
 *    wrote with each event (notifier/webhook_fanout.c). Apart, because a
 *    receiver may take 10 s to answer.
 * Workers poke both datagram sockets after their commits (lib/notify.h);
 * each child also polls every second. */
#include "clock.h"
#include "chat_events.h"
#include "chat_retention.h"
#include "account.h"
#include "crypto.h"
#include "ldap_sync.h"
#include "gdpr_export.h"
#include "retention.h"
#include "stats.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "events.h"
#include "live.h"
#include "mail_notify.h"
#include "mail_send.h"
#include "password_reset.h"
#include "invitation.h"
#include "convocation_notices.h"
#include "log.h"
#include "outbox.h"
#include "settings.h"
#include "supervise.h"
#include "webhook.h"
#include "webhook_fanout.h"
#include "webhook_send.h"
#include "priority.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static config cfg;
static volatile sig_atomic_t stopping;

static void on_term(int sig) { (void)sig; stopping = 1; }

/* Once committed: chat's messages to people's channels, the unread
 * counts of the people whose notifications changed, and the chat header
 * counts that may have changed. */
static void publish(db *d, arena *a, const live_out *out)
{
    /* the same message to many people (a chat message to its
     * participants): one request for up to LIVE_CHANNELS_PER_PUBLISH */
    for (int i = 0; i < out->nmsgs;) {
        const char *json = out->msgs[i].json;
        size_t cap = LIVE_CHANNELS_PER_PUBLISH * 22 + 1, len = 0;
        char *channels = arena_alloc(a, cap);
        int k = 0;
        for (; i < out->nmsgs && k < LIVE_CHANNELS_PER_PUBLISH
               && (out->msgs[i].json == json || strcmp(out->msgs[i].json, json) == 0); i++, k++)
            len += (size_t)snprintf(channels + len, cap - len, "%su%lld", k ? "," : "", out->msgs[i].user);
        live_publish(channels, json);
    }
    /* the counts by 500 people a query (a fan-out to thousands costs a few) */
    for (int from = 0; from < out->nusers; from += 500) {
        int to = from + 500 < out->nusers ? from + 500 : out->nusers;
        db_rows *q = db_query(d, a, STMT_NOTIFICATION_UNREAD_COUNTS, "s", db_ids_json(a, out->users + from, to - from));
        if (!q) continue;                     /* the pages read it on their next request */
        for (int i = from; i < to; i++) {
            long long count = 0;          /* absent: nothing unread */
            for (int r = 0; r < q->nrows; r++)
                if (db_cell_int(q, r, 0) == out->users[i]) { count = db_cell_int(q, r, 1); break; }
            char channel[32], message[64];
            snprintf(channel, sizeof channel, "u%lld", out->users[i]);
            snprintf(message, sizeof message, "{\"type\":\"unread\",\"count\":%lld}", count);
            live_publish(channel, message);
        }
    }
    chat_publish_counts(d, a, out);
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
    if (out.nusers >= 100 || out.nmsgs >= 100)
        log_info("notify %s %lld: %d people, %d live messages, written in %.0f ms, published in %.0f ms more",
                 notify_event_names[row->event], row->object, out.nusers, out.nmsgs, 1000 * (t1 - t0),
                 1000 * (mono_s() - t1));
    return 1;
}

/* Rows run together in one transaction: one commit, and its fsync, for
 * many chat messages and read marks instead of one each (with a hundred
 * people sending, the commits alone outran this one connection). A
 * transaction takes no more rows once it has BATCH_FANOUT people to tell:
 * a large fan-out is published without waiting for the rows after it. */
#define BATCH_ROWS 50
#define BATCH_FANOUT 2000

/* rows[0..n) in one transaction: the number run (the first ones, up to
 * BATCH_FANOUT), or -1 after rolling back. */
static int run_together(db *d, arena *a, const queue_row *rows, int n)
{
    live_out out = { 0 };
    double t0 = mono_s();
    if (db_begin(d)) return -1;
    int k = 0;
    while (k < n && out.nusers + out.nmsgs + out.nchat < BATCH_FANOUT) {
        live_out one = { 0 };    /* each event tells a person once (live_out_told) */
        if (event_run(d, a, &rows[k], &one) || db_exec(d, STMT_NOTIFY_QUEUE_DELETE, "i", rows[k].seq) < 0) {
            db_rollback(d);
            return -1;
        }
        live_out_merge(a, &out, &one);
        k++;
    }
    if (db_commit(d)) { db_rollback(d); return -1; }
    double t1 = mono_s();
    live_out_settle(&out);
    publish(d, a, &out);
    if (out.nusers >= 100 || out.nmsgs >= 100)
        log_info("notify: %d events, %d people, %d live messages, written in %.0f ms, published in %.0f ms more",
                 k, out.nusers, out.nmsgs, 1000 * (t1 - t0), 1000 * (mono_s() - t1));
    return k;
}

/* Up to 100 due rows, BATCH_ROWS a transaction; a transaction that fails
 * is run again a row at a time (run_row), so that one bad row holds back
 * only itself. The number done, or -1. */
static int run_batch(db *d, arena *a)
{
    arena_reset(a);
    db_rows *q = db_query(d, a, STMT_NOTIFY_QUEUE_BATCH, "i", 100LL);
    if (!q) { log_error("notify_queue: %s", db_error(d)); return -1; }
    double read_at = mono_s();
    queue_row *rows = arena_alloc(a, sizeof *rows * (size_t)(q->nrows ? q->nrows : 1));
    double *age = arena_alloc(a, sizeof *age * (size_t)(q->nrows ? q->nrows : 1));   /* when read */
    int n = 0;
    for (int i = 0; i < q->nrows; i++) {
        queue_row row = { .seq = db_cell_int(q, i, 0), .object = db_cell_int(q, i, 2),
                          .actor = db_cell_int(q, i, 3), .subject = db_cell_int(q, i, 4),
                          .detail = db_cell(q, i, 5), .age = (double)db_cell_int(q, i, 6) / 1000 };
        if (notify_event_parse(db_cell(q, i, 1), &row.event)) {
            log_error("notify_queue: unknown event %s (row %lld) dropped", db_cell(q, i, 1), row.seq);
            db_exec(d, STMT_NOTIFY_QUEUE_DELETE, "i", row.seq);
            continue;
        }
        age[n] = row.age;
        rows[n++] = row;
    }
    int done = 0;
    while (done < n && !stopping) {
        int want = n - done < BATCH_ROWS ? n - done : BATCH_ROWS;
        for (int i = done; i < done + want; i++) rows[i].age = age[i] + (mono_s() - read_at);
        int k = want > 1 ? run_together(d, a, rows + done, want) : -1;
        if (k < 0) {
            /* alone: the failure is logged, and a row that keeps failing dropped */
            for (int end = done + want; done < end && !stopping; done++)
                if (run_row(d, a, &rows[done]) < 0) return done ? done : -1;
            continue;
        }
        done += k;
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

/* Until MariaDB answers (or a stop is asked): NULL then. */
static db *connect_db(void)
{
    char err[512];
    db *d = NULL;
    db_set_timeouts(5, 60);
    while (!stopping && !(d = db_open(&cfg, cfg.db_name, 1, err, sizeof err))) {
        log_error("%s; retrying", err);
        sleep(1);        /* lint-allow: sleep (MariaDB starting) */
    }
    return d;
}

/* Child 0: the events. A row's notifications are written and published
 * as soon as it is due; nothing else runs here, so that a slow relay or
 * thousands of mails to write never delay a live update. */
static void events_main(db *d, int fd)
{
    if (live_init(cfg.live_socket)) log_error("live: libcurl could not start; no live updates");
    password_reset_start(&cfg);
    invitation_start(&cfg);
    convocation_notices_start(&cfg);
    arena *a = arena_new(64 * 1024);
    log_info("notifier ready (events)");
    double last_reminders = 0;
    long total = 0;
    while (!stopping) {
        int n = run_batch(d, a);
        if (n > 0) {
            total += n;
            notify_poke_mailer(&cfg);            /* immediate mails may be due */
            if (webhook_fanout_take()) webhook_poke(&cfg);   /* deliveries to send (docs/webhooks.md) */
            continue;
        }
        if (mono_s() - last_reminders >= 600) {
            run_reminders(d, a);
            last_reminders = mono_s();
        }
        if (n < 0) sleep(1);   /* lint-allow: sleep (back off after a failure, then replay) */
        poke_wait(fd);
    }
    log_info("notifier stopping after %ld events", total);
    arena_free(a);
    live_close();
}

/* Child 1: e-mail. The immediate mails due (outside the quiet hours), the
 * digests (every minute it looks whether they are due, or at once when an
 * administrator asked: the settings row digest_asked), and the queue sent
 * to the relay (notifier/mail_send.c). */
#define MAIL_PASS_GAP 1.0      /* seconds */

static void mailer_main(db *d, int fd)
{
    arena *a = arena_new(64 * 1024);
    mail_start(d, &cfg);
    mail_notify_start(&cfg);
    log_info("notifier ready (mail)");
    double last_digests = 0;
    while (!stopping) {
        double started = mono_s();
        arena_reset(a);
        if (mail_notify_immediate(d, a) < 0) log_error("mail: immediate mails: %s", db_error(d));
        arena_reset(a);
        char asked[16] = "";
        if (settings_get(d, a, "digest_asked", asked, sizeof asked) == 0 && *asked)
            settings_set(d, "digest_asked", "");
        if (*asked || mono_s() - last_digests >= 60) {
            arena_reset(a);
            int q = mail_notify_digests(d, a, *asked ? asked : NULL);
            if (q < 0) log_error("mail: digests: %s", db_error(d));
            else if (q) log_info("%d digests queued", q);
            last_digests = mono_s();
        }
        int sent = mail_pass(d, &cfg);
        if (sent < 0) log_error("mail: %s", db_error(d));
        if (sent > 0) continue;                  /* more may be due */
        poke_wait(fd);
        /* every notification written pokes this child, and a pass reads
         * the settings and the queue: with people chatting, that was three
         * statements a message. A mail can wait a second: passes start at
         * least MAIL_PASS_GAP apart, the pokes between them taken as one */
        double rest = MAIL_PASS_GAP - (mono_s() - started);
        if (rest > 0 && !stopping) {
            struct timespec ts = { 0, (long)(rest * 1e9) };
            nanosleep(&ts, NULL);                /* a signal cuts it short */
        }
    }
    arena_free(a);
}

/* Child 2: housekeeping. The chat's retention and the platform's
 * (notifier/retention.c: the audit log, inactive accounts) every
 * chat_retention_seconds (an hour; the tests shorten it) and at the
 * start; the data exports asked (notifier/gdpr_export.c) within a second,
 * one after the other, and the expired ones removed. */
static void retention_main(db *d)
{
    arena *a = arena_new(64 * 1024);
    retention_start(&cfg);
    log_info("notifier ready (housekeeping: retention, exports, accounts' end, statistics)");
    double last = -1e9, last_expiry = -1e9, last_stats = -1e9, last_ldap = -1e9;
    /* the directory sync's service password is sealed with the platform
     * secret (docs/ldap.md) */
    unsigned char ldap_secret[32];
    char ldap_err[256];
    int have_ldap_secret = secret_load_or_create(cfg.secret_file, ldap_secret, ldap_err, sizeof ldap_err) == 0;
    if (!have_ldap_secret) log_error("ldap: %s (the bind password cannot be read)", ldap_err);
    if (ldap_sync_recover(d)) log_error("ldap: runs left running: %s", db_error(d));
    while (!stopping) {
        if (mono_s() - last >= cfg.chat_retention_seconds) {
            if (chat_retention_pass(d, a, &cfg, &stopping) < 0) log_error("chat retention: %s", db_error(d));
            if (retention_pass(d, a, &cfg, &stopping) < 0) log_error("retention: %s", db_error(d));
            if (gdpr_export_sweep(d, a, &cfg) < 0) log_error("exports: %s", db_error(d));
            last = mono_s();
        }
        /* accounts whose end passed (docs/guests.md): disabled within a
         * minute; their sessions were refused from that moment already */
        if (mono_s() - last_expiry >= cfg.account_expiry_seconds) {
            int n;
            while ((n = account_expire_due(d, a, 500)) == 500 && !stopping) arena_reset(a);
            if (n < 0) log_error("account expiry: %s", db_error(d));
            else if (n > 0) log_info("account expiry: accounts disabled");
            arena_reset(a);
            last_expiry = mono_s();
        }
        /* the directory sync (docs/ldap.md): a run asked from
         * Administration, or the schedule's when its interval passed */
        if (mono_s() - last_ldap >= 2) {
            if (ldap_sync_tick(d, a, have_ldap_secret ? ldap_secret : NULL) < 0) log_error("ldap sync: %s", db_error(d));
            arena_reset(a);
            last_ldap = mono_s();
        }
        /* the statistics: the days over closed, presence forgotten after
         * 31 days (lib/stats.h), every hour and at the start */
        if (mono_s() - last_stats >= 3600) {
            if (stats_close_pass(d, a) < 0) log_error("statistics: closing the days: %s", db_error(d));
            arena_reset(a);
            last_stats = mono_s();
        }
        int built = gdpr_export_next(d, a, &cfg);
        if (built < 0) log_error("exports: %s", db_error(d));
        if (built > 0) continue;                 /* another may wait */
        poke_wait(-1);                           /* a second */
    }
    arena_free(a);
}

static void notifier_main(int index, void *arg)
{
    (void)arg;
    struct sigaction sa = { 0 };
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    /* the events (live, the bell) at the requests' priority; mail,
     * housekeeping and webhooks in the background */
    if (index != 0) priority_lower("notifier", cfg.background_nice);
    char hooks[600];
    webhook_socket_path(&cfg, hooks, sizeof hooks);
    const char *sock = index == 0 ? cfg.notifier_socket : index == 1 ? cfg.mailer_socket
                     : index == 3 ? hooks : NULL;
    int fd = sock ? poke_bind(sock) : -1;
    if (sock && fd < 0) log_error("cannot bind %s (%s); polling only", sock, strerror(errno));
    db *d = connect_db();
    if (d) {
        if (index == 0) events_main(d, fd);
        else if (index == 1) mailer_main(d, fd);
        else if (index == 3) webhook_send_main(d, &cfg, fd, &stopping);   /* docs/webhooks.md */
        else retention_main(d);
        db_close(d);
    }
    if (fd >= 0) close(fd);
    exit(0);
}

int main(void)
{
    log_init("parvis-notifier");
    char err[512];
    if (config_load(&cfg, err, sizeof err)) { log_error("%s", err); return 1; }
    /* libsodium: the webhooks' delivery ids and back-off jitter */
    if (crypto_setup()) { log_error("libsodium failed to start"); return 1; }
    /* four children, each the only one of its kind: the events, e-mail,
     * the chat's retention, the outgoing webhooks' sender */
    supervisor s = { .name = "parvis-notifier", .children = 4, .child_main = notifier_main,
                     .grace_seconds = 20 };
    return supervise(&s) ? 1 : 0;
}
