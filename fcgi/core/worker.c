/* The worker's long-lived handles, opened lazily and reopened after loss. */
#include "log.h"
#include "core/worker.h"
#include <time.h>

worker_state W;

db *worker_db(void)
{
    static time_t last_try;
    if (W.db) return W.db;
    time_t now = time(NULL);
    if (now == last_try) return NULL;          /* at most one attempt a second */
    last_try = now;
    char err[512];
    W.db = db_open(&W.cfg, W.cfg.db_name, 1, err, sizeof err);
    if (!W.db) log_error("%s", err);
    return W.db;
}

xap_rdb *worker_xap(void)
{
    static time_t last_try;
    xap_err e;
    if (W.xap) {
        if (xap_rdb_reopen(W.xap, &e) == 0) return W.xap;
        log_error("search index reopen failed: %s", e.msg);
        xap_rdb_close(W.xap);
        W.xap = NULL;
    }
    time_t now = time(NULL);
    if (now == last_try) return NULL;
    last_try = now;
    W.xap = xap_rdb_open(W.cfg.xapian_path, &e);
    if (!W.xap) log_error("search index: %s", e.msg);
    return W.xap;
}

