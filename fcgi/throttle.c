#include "throttle.h"
#include "worker.h"

static int wait_for(req *r, const char *kind, const char *key, int max)
{
    db_rows *q = db_query(worker_db(), r->a,
        STMT_THROTTLE_GET,
        "iss", (long long)W.cfg.login_window, kind, key);
    if (!q) return -1;
    if (q->nrows == 0) return 0;
    long long failures = db_cell_int(q, 0, 0), left = db_cell_int(q, 0, 1);
    return failures >= max && left > 0 ? (int)left : 0;
}

int throttle_wait(req *r, const char *account, const char *address)
{
    if (!worker_db()) return -1;
    int a = wait_for(r, "account", account, W.cfg.login_max_account);
    int b = wait_for(r, "address", address, W.cfg.login_max_address);
    if (a < 0 || b < 0) return -1;
    return a > b ? a : b;
}

static void fail_one(const char *kind, const char *key)
{
    /* a new window starts when the previous one is over */
    db_exec(worker_db(),
        STMT_THROTTLE_FAIL,
        "ssi", kind, key, (long long)W.cfg.login_window);
}

void throttle_fail(req *r, const char *account, const char *address)
{
    (void)r;
    if (!worker_db()) return;
    fail_one("account", account);
    fail_one("address", address);
}

void throttle_clear_account(req *r, const char *account)
{
    (void)r;
    if (worker_db()) db_exec(worker_db(), STMT_THROTTLE_CLEAR_ACCOUNT, "s", account);
}
