/* Sign-in throttling (throttle.h). Three counters, each over the window
 * (login_window):
 *  - "pair" (account|address): that address is refused for that account
 *    after login_max_account failures; the owner, elsewhere, is not;
 *  - "address": an address trying many accounts is refused for all;
 *  - "account": an account tried from many addresses is refused, past
 *    login_max_account_all, to every address it has not signed in from
 *    ("known", remembered for KNOWN_DAYS), so that a distributed attack
 *    slows down while the owner's usual addresses still get in. The price:
 *    during such an attack the owner on a new device or a new address
 *    waits for the window's end, as an attacker does.
 * And a fourth, "reset": the password reset requests of an address
 * (reset_max_address over reset_window). */
#include "accounts/throttle.h"
#include "core/worker.h"

#define KNOWN_DAYS 90

static const char *pair_key(req *r, const char *account, const char *address)
{
    return arena_printf(r->a, "%s|%s", account, address);
}

/* Seconds left of a window whose failures reached `max`, 0, or -1. */
static int wait_for_in(req *r, const char *kind, const char *key, int max, int window)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_THROTTLE_GET, "iss", (long long)window, kind, key);
    if (!q) return -1;
    if (q->nrows == 0) return 0;
    long long failures = db_cell_int(q, 0, 0), left = db_cell_int(q, 0, 1);
    return failures >= max && left > 0 ? (int)left : 0;
}

static int wait_for(req *r, const char *kind, const char *key, int max)
{
    return wait_for_in(r, kind, key, max, W.cfg.login_window);
}

int throttle_wait(req *r, const char *account, const char *address)
{
    if (!worker_db()) return -1;
    const char *pair = pair_key(r, account, address);
    int p = wait_for(r, "pair", pair, W.cfg.login_max_account);
    int b = wait_for(r, "address", address, W.cfg.login_max_address);
    int a = wait_for(r, "account", account, W.cfg.login_max_account_all);
    if (p < 0 || b < 0 || a < 0) return -1;
    if (a > 0) {
        db_rows *known = db_query(worker_db(), r->a, STMT_THROTTLE_KNOWN_GET, "si", pair, (long long)KNOWN_DAYS);
        if (!known) return -1;
        if (known->nrows) a = 0;          /* its owner's usual address */
    }
    int wait = p > b ? p : b;
    return a > wait ? a : wait;
}

static void fail_one(const char *kind, const char *key)
{
    /* a new window starts when the previous one is over */
    db_exec(worker_db(), STMT_THROTTLE_FAIL, "ssi", kind, key, (long long)W.cfg.login_window);
}

void throttle_fail(req *r, const char *account, const char *address)
{
    if (!worker_db()) return;
    fail_one("pair", pair_key(r, account, address));
    fail_one("address", address);
    fail_one("account", account);
}

void throttle_success(req *r, const char *account, const char *address)
{
    if (!worker_db()) return;
    const char *pair = pair_key(r, account, address);
    db_exec(worker_db(), STMT_THROTTLE_CLEAR, "ss", "pair", pair);
    db_exec(worker_db(), STMT_THROTTLE_KNOWN_SET, "s", pair);
}

int throttle_reset_wait(req *r, const char *address)
{
    if (!worker_db()) return -1;
    return wait_for_in(r, "reset", address, W.cfg.reset_max_address, W.cfg.reset_window);
}

void throttle_reset_count(req *r, const char *address)
{
    (void)r;
    if (worker_db()) db_exec(worker_db(), STMT_THROTTLE_FAIL, "ssi", "reset", address, (long long)W.cfg.reset_window);
}

void throttle_purge(void)
{
    db *d = worker_db();
    /* the longer window: a counter is forgotten only once neither applies */
    int window = W.cfg.login_window > W.cfg.reset_window ? W.cfg.login_window : W.cfg.reset_window;
    if (d) db_exec(d, STMT_THROTTLE_PURGE, "ii", (long long)window, (long long)KNOWN_DAYS);
    if (d) db_exec(d, STMT_PASSWORD_RESETS_PURGE, "");
}
