/* parvis-fcgi: the FastCGI master and its prefork workers. The master binds
 * the sockets and supervises; each worker holds one MariaDB connection, one
 * Xapian reader and serves requests one at a time.
 *
 * Two sockets, two lanes of the same workers' code: fcgi.sock for every
 * request, fcgi-chat.sock (nginx sends the chat's requests there) for
 * workers of its own. A chat request is small and someone is waiting for
 * it; in one queue it waited behind the feed's, searches and exports of a
 * busy moment (seconds at 64 feed readers, bench/RESULTS.md). */
#include "accounts/throttle.h"
#include "authgen.h"
#include "crypto.h"
#include "blob_gc.h"
#include "core/dispatch.h"
#include "db_breaker.h"
#include "drive/drive_cleanup.h"
#include "event_time.h"
#include "log.h"
#include "password_policy.h"
#include "supervise.h"
#include "core/worker.h"
#include "priority.h"
#include <errno.h>
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int listen_fd = -1, chat_fd = -1;
/* workers 0..general_workers-1 take fcgi.sock, the rest fcgi-chat.sock;
 * fixed at start (a reload keeps the number of children) */
static int general_workers;
static volatile sig_atomic_t stopping;

static void on_term(int sig)
{
    (void)sig;
    stopping = 1;
    FCGX_ShutdownPending();
}

static void worker_main(int index, void *arg)
{
    (void)arg;
    struct sigaction sa = { 0 };
    sa.sa_handler = on_term;          /* no SA_RESTART: accept() returns */
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (index < general_workers) priority_lower("worker", W.cfg.workers_nice);   /* the chat's lane first */

    worker_db();
    password_dummy_init();
    arena *a = arena_new(64 * 1024);
    FCGX_Request fr;
    FCGX_InitRequest(&fr, index < general_workers ? listen_fd : chat_fd, FCGI_FAIL_ACCEPT_ON_INTR);
    log_info("worker %d ready%s", index, index < general_workers ? "" : " (the chat's lane)");
    /* chores between requests, about once an hour per worker, the first
     * a few minutes after start (spread by the worker's index) */
    time_t next_chores = time(NULL) + 60 * (index + 1), next_sweep = time(NULL) + 600;
    while (!stopping && FCGX_Accept_r(&fr) >= 0) {
        dispatch(&fr, a);
        FCGX_Finish_r(&fr);
        arena_reset(a);
        tz_restore();             /* an event's zone never outlives its request (lib/event_time.h) */
        if (time(NULL) >= next_chores) {
            drive_trash_expire(a);
            throttle_purge();
            arena_reset(a);
            next_chores = time(NULL) + 3600;
        }
        /* once a day, the first worker: blob files an upload's killed
         * worker left without their row (blob_gc.h) */
        if (index == 0 && time(NULL) >= next_sweep && worker_db()) {
            blob_orphans_sweep(worker_db(), a, arena_printf(a, "%s/blobs", W.cfg.var_dir), 600);
            arena_reset(a);
            next_sweep = time(NULL) + 86400;
        }
    }
    FCGX_Free(&fr, 1);
    arena_free(a);
    db_close(W.db);
    xap_rdb_close(W.xap);
    log_info("worker %d stopped", index);
    exit(0);
}

/* The master checks MariaDB while it is known to be away (db_breaker.h). */
static void tick(void *arg)
{
    (void)arg;
    db_breaker_probe(&W.cfg);
}

static int reload(void *arg)
{
    (void)arg;
    config c;
    char err[512];
    if (config_load(&c, err, sizeof err)) { log_error("%s", err); return -1; }
    if (strcmp(c.fcgi_socket, W.cfg.fcgi_socket) != 0 || strcmp(c.fcgi_chat_socket, W.cfg.fcgi_chat_socket) != 0)
        log_error("fcgi_socket and fcgi_chat_socket changes need a restart; keeping %s and %s",
                  W.cfg.fcgi_socket, W.cfg.fcgi_chat_socket);
    if (c.workers != W.cfg.workers || c.chat_workers != W.cfg.chat_workers)
        log_error("workers and chat_workers changes need a restart; keeping %d and %d", W.cfg.workers, W.cfg.chat_workers);
    snprintf(c.fcgi_socket, sizeof c.fcgi_socket, "%s", W.cfg.fcgi_socket);
    snprintf(c.fcgi_chat_socket, sizeof c.fcgi_chat_socket, "%s", W.cfg.fcgi_chat_socket);
    c.workers = W.cfg.workers;
    c.chat_workers = W.cfg.chat_workers;
    /* the list mapped again (rebuilt, or moved); the one in use otherwise */
    if (password_list_open(c.password_list, err, sizeof err)) log_error("%s; keeping the list in use", err);
    W.cfg = c;
    return 0;
}

int main(void)
{
    log_init("parvis-fcgi");
    char err[512];
    if (config_load(&W.cfg, err, sizeof err)) { log_error("%s", err); return 1; }
    if (crypto_setup()) { log_error("libsodium failed to start"); return 1; }
    if (secret_load_or_create(W.cfg.secret_file, W.secret, err, sizeof err)) { log_error("%s", err); return 1; }
    if (authgen_open(W.cfg.authgen_file, err, sizeof err)) { log_error("%s", err); return 1; }
    /* mapped once here, shared by the workers it forks (no password is
     * set without it: no list, no start) */
    if (password_list_open(W.cfg.password_list, err, sizeof err)) { log_error("%s", err); return 1; }
    W.secure_cookies = strncmp(W.cfg.public_url, "https://", 8) == 0;

    if (FCGX_Init() != 0) { log_error("FCGX_Init failed"); return 1; }
    unlink(W.cfg.fcgi_socket);
    unlink(W.cfg.fcgi_chat_socket);
    mode_t old = umask(0117);                 /* sockets: owner and group only */
    chat_fd = FCGX_OpenSocket(W.cfg.fcgi_chat_socket, 1024);
    /* the general socket last: the supervisor's readiness check waits for it */
    listen_fd = chat_fd < 0 ? -1 : FCGX_OpenSocket(W.cfg.fcgi_socket, 1024);
    umask(old);
    if (listen_fd < 0) {
        log_error("cannot listen on %s: %s", chat_fd < 0 ? W.cfg.fcgi_chat_socket : W.cfg.fcgi_socket, strerror(errno));
        return 1;
    }
    general_workers = W.cfg.workers;

    drive_startup_cleanup(&W.cfg);
    if (db_breaker_init()) { log_error("cannot map the database breaker"); return 1; }
    /* a worker waits at most 2 s for a connection and 5 s for an answer:
     * then the breaker answers for every worker at once */
    db_set_timeouts(2, 5);
    supervisor s = { .name = "parvis-fcgi", .children = W.cfg.workers + W.cfg.chat_workers, .child_main = worker_main,
                     .on_reload = reload, .on_tick = tick, .grace_seconds = 10 };
    int rc = supervise(&s);
    close(listen_fd);
    close(chat_fd);
    unlink(W.cfg.fcgi_socket);
    unlink(W.cfg.fcgi_chat_socket);
    return rc ? 1 : 0;
}
