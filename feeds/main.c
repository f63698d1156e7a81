/* parvis-feeds: « Veille », the RSS and Atom poller (docs/feeds.md). One
 * child under its master (lib/supervise.c), which restarts it when it
 * dies. Its own process under parvis-ctl supervise, not a child of the
 * notifier: it reads documents from outside (a parser's crash on a hostile
 * feed must not take notifications down) and waits on slow servers, and
 * neither may delay a notification or a live update. It writes posts with
 * their outbox rows (lib/outbox.h, lib/notify.h) like a worker does. */
#include "authgen.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "poll.h"
#include "supervise.h"
#include "priority.h"
#include <curl/curl.h>
#include <libxml/parser.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static config cfg;
static volatile sig_atomic_t stopping;

static void on_term(int sig) { (void)sig; stopping = 1; }

static void feeds_child(int index, void *arg)
{
    (void)index; (void)arg;
    priority_lower("feeds", cfg.background_nice);
    struct sigaction sa = { 0 };
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    char err[512];
    if (authgen_open(cfg.authgen_file, err, sizeof err)) { log_error("%s", err); exit(1); }
    if (curl_global_init(CURL_GLOBAL_DEFAULT)) { log_error("libcurl could not start"); exit(1); }
    xmlInitParser();
    db_set_timeouts(5, 60);
    db *d = NULL;
    while (!stopping && !(d = db_open(&cfg, cfg.db_name, 1, err, sizeof err))) {
        log_error("%s; retrying", err);
        sleep(1);        /* lint-allow: sleep (MariaDB starting) */
    }
    if (d) {
        poll_run(d, &cfg, &stopping);
        db_close(d);
    }
    exit(0);
}

int main(void)
{
    log_init("parvis-feeds");
    char err[512];
    if (config_load(&cfg, err, sizeof err)) { log_error("%s", err); return 1; }
    supervisor s = { .name = "parvis-feeds", .children = 1, .child_main = feeds_child, .grace_seconds = 15 };
    return supervise(&s) ? 1 : 0;
}
