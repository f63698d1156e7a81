/* POST /session (sign in), DELETE /session (sign out), GET /me. */
#include "account.h"
#include "core/auth.h"
#include "core/charter_gate.h"
#include "crypto.h"
#include "accounts/handlers.h"
#include "accounts/oidc.h"
#include "accounts/welcome.h"
#include "core/respond.h"
#include "log.h"
#include "accounts/throttle.h"
#include "core/validate.h"
#include "core/worker.h"
#include <stdio.h>
#include <string.h>

static const field_spec signin_fields[] = {
    { "email", F_STRING, 1, 254, NULL },
    { "password", F_SECRET, 1, 1024, NULL },
    { NULL, 0, 0, 0, NULL },
};

int h_session_create(req *r)
{
    if (req_read_json(r) || validate_body(r, signin_fields)) return 0;
    const char *password = body_str(r, "password");
    char *email = email_normalize(r->a, body_str(r, "email"));
    /* an invalid address is just an unknown account: same answer, same time */
    const char *account = email ? email : body_str(r, "email");
    const char *address = r->remote_addr ? r->remote_addr : "";
    /* passwords switched off but for the break-glass account (docs/sso.md):
     * the same answer whether the address exists or not */
    if (oidc_password_gate(r, account, M_PASSWORDS_OFF)) return 0;

    int wait = throttle_wait(r, account, address);
    if (wait < 0) return resp_db_error(r);
    if (wait > 0) {
        resp_header(r, "Retry-After", arena_printf(r->a, "%d", wait));
        log_info("sign-in throttled for account=%s address=%s", account, address);
        return resp_error(r, 429, "rate_limited", M_RATE_LIMITED, (wait + 59) / 60);
    }
    db_rows *q = db_query(worker_db(), r->a,
        STMT_USER_CREDENTIALS_BY_EMAIL, "s", email ? email : "");
    if (!q) return resp_db_error(r);
    int ok;
    if (q->nrows == 1) {
        /* the directory's password first (docs/ldap.md), else the local one */
        int lr = ldap_signin_check(r, db_cell_int(q, 0, 0), db_cell(q, 0, 1), password, &ok);
        if (lr < 0) return resp_db_error(r);
        if (lr == 2) return resp_error(r, 503, "directory_unavailable", M_LDAP_UNREACHABLE);
        if (lr == 0) ok = password_verify(db_cell(q, 0, 1), password);
    } else { password_verify_dummy(password); ok = 0; }
    if (!ok) {
        throttle_fail(r, account, address);
        /* the journal: the address typed (an unknown one too), from where */
        if (db_exec(worker_db(), STMT_AUDIT_USER_ACTION, "nsis", 0LL, "session.signin_failed",
                    q->nrows == 1 ? db_cell_int(q, 0, 0) : 0LL,
                    arena_printf(r->a, "email=%.254s address=%s", account, address)) < 0)
            log_error("audit of a failed sign-in: %s", db_error(worker_db()));
        log_info("sign-in failed for account=%s address=%s", account, address);
        return resp_error(r, 401, "bad_credentials", M_BAD_CREDENTIALS);
    }
    long long uid = db_cell_int(q, 0, 0);
    /* an account whose end passed is disabled now, if the notifier has
     * not done it yet (docs/guests.md) */
    db_rows *ended = db_query(worker_db(), r->a, STMT_USER_EXPIRED, "i", uid);
    if (!ended) return resp_db_error(r);
    if (ended->nrows && db_cell_int(ended, 0, 0)) {
        if (strcmp(db_cell(q, 0, 2), "active") == 0 && account_expire_due(worker_db(), r->a, 100) < 0)
            return resp_db_error(r);
        log_info("sign-in refused for expired account id=%lld", uid);
        return resp_error(r, 403, "account_disabled", M_ACCOUNT_EXPIRED);
    }
    if (strcmp(db_cell(q, 0, 2), "active") != 0) {
        log_info("sign-in refused for disabled account id=%lld", uid);
        if (db_exec(worker_db(), STMT_AUDIT_USER_ACTION, "nsis", 0LL, "session.signin_refused", uid,
                    arena_printf(r->a, "disabled address=%s", address)) < 0)
            log_error("audit of a refused sign-in: %s", db_error(worker_db()));
        return resp_error(r, 403, "account_disabled", M_ACCOUNT_DISABLED);
    }
    throttle_success(r, account, address);
    if (auth_start_session(r, uid)) return resp_db_error(r);
    log_info("sign-in user=%lld address=%s", uid, address);
    /* the journal, and the day's count of sign-ins (docs/statistics.md) */
    if (db_exec(worker_db(), STMT_AUDIT_USER_ACTION, "isis", uid, "session.signin", uid,
                arena_printf(r->a, "address=%s", address)) < 0
        || db_exec(worker_db(), STMT_STATS_BUMP_PERSON, "ssisi", "signins", "signins", uid, "signins", uid) < 0)
        log_error("sign-in's journal or count: %s", db_error(worker_db()));
    return resp_json(r, 200, json_pack("{s:o,s:s,s:o}", "user", with_language(r, me_json(r)),
                                       "csrf_token", auth_csrf_token(r), "charter_required", charter_pending_json(r)));
}

int h_session_delete(req *r)
{
    long long uid = r->user->id;
    if (auth_end_session(r)) return resp_db_error(r);
    log_info("sign-out user=%lld", uid);
    return resp_empty(r, 204);
}

int h_me(req *r)
{
    /* the unread counts (as GET /notifications/unread and GET
     * /conversations/unread give them): the page starts without asking
     * for them apart (www/js/live.js, docs/delivery.md) */
    long long me = r->user->id;
    db_rows *n = db_query(worker_db(), r->a, STMT_NOTIFICATION_UNREAD_COUNT, "i", me);
    db_rows *c = n ? db_query(worker_db(), r->a, STMT_CHAT_UNREAD_TOTAL, "iii", me, me, me) : NULL;
    if (!n || !n->nrows || !c || !c->nrows) return resp_db_error(r);
    json_t *unread = json_pack("{s:I,s:I,s:I}", "notifications", (json_int_t)db_cell_int(n, 0, 0),
                               "conversations", (json_int_t)db_cell_int(c, 0, 0), "messages", (json_int_t)db_cell_int(c, 0, 1));
    return resp_json(r, 200, json_pack("{s:o,s:s,s:o,s:o}", "user", with_language(r, me_json(r)),
                                       "csrf_token", auth_csrf_token(r), "charter_required", charter_pending_json(r),
                                       "unread", unread));
}
