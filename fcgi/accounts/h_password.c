/* Passwords (docs/passwords.md): PUT /me/password (one's own, the current
 * one asked), POST /password-reset (a link by e-mail, asked without
 * signing in), POST /password-reset/confirm (the link's token and the new
 * password) and POST /users/{id}/password-reset (an administrator sends
 * the link; nobody ever sees or sets another person's password).
 *
 * A request for a link costs the same whether or not the address is an
 * account's: one statement queues a notify_queue row either way (object 0
 * when it is none's), and parvis-notifier makes the link and the mail
 * (notifier/password_reset.c). The answer is 202 in both cases. */
#include "accounts/handlers.h"
#include "accounts/oidc.h"
#include "accounts/throttle.h"
#include "core/acl.h"
#include "core/auth.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "crypto.h"
#include "log.h"
#include "notify.h"
#include "password_policy.h"
#include <string.h>

/* 400 weak_password, saying which rule the password broke. */
int resp_weak_password(req *r, password_verdict v)
{
    if (v == PASSWORD_TOO_SHORT) return resp_error(r, 400, "weak_password", M_PASSWORD_SHORT, PASSWORD_MIN);
    return resp_error(r, 400, "weak_password", M_PASSWORD_COMMON);
}

static int too_many(req *r, int wait, msg_id m)
{
    resp_header(r, "Retry-After", arena_printf(r->a, "%d", wait));
    return resp_error(r, 429, "rate_limited", m, (wait + 59) / 60);
}

static const char *client_address(req *r)
{
    return r->remote_addr ? r->remote_addr : "";
}

/* The new hash written, the account's reset links deleted and its
 * sessions ended (all but `keep_session`, 0: all), with the audit row:
 * one transaction. 0 or -1. */
static int set_password(db *d, long long uid, const char *hash, long long keep_session, const char *action)
{
    if (db_exec(d, STMT_PASSWORD_SET, "si", hash, uid) < 0
        || (keep_session ? db_exec(d, STMT_SESSIONS_DELETE_OTHERS_OF_USER, "ii", uid, keep_session)
                         : db_exec(d, STMT_SESSIONS_DELETE_OF_USER, "i", uid)) < 0
        || db_exec(d, STMT_PASSWORD_RESETS_DELETE_OF_USER, "i", uid) < 0
        || db_exec(d, STMT_AUDIT_PASSWORD, "isi", uid, action, uid) < 0)
        return -1;
    return 0;
}

int h_me_password(req *r)
{
    static const field_spec fields[] = {
        { "current", F_SECRET, 1, 1024, NULL },
        { "new", F_SECRET, 1, 1024, NULL },
        { NULL, 0, 0, 0, NULL },
    };
    if (req_read_json(r) || validate_body(r, fields)) return 0;
    long long uid = r->user->id;
    if (!acl_can_change_password(r->user, uid)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    if (oidc_password_gate(r, r->user->email, M_PASSWORDS_OFF_CHANGE)) return 0;   /* docs/sso.md */
    const char *current = body_str(r, "current"), *fresh = body_str(r, "new");
    const char *account = r->user->email, *address = client_address(r);

    /* a wrong current password counts as a failed sign-in does */
    int wait = throttle_wait(r, account, address);
    if (wait < 0) return resp_db_error(r);
    if (wait > 0) {
        log_info("password change throttled for user=%lld address=%s", uid, address);
        return too_many(r, wait, M_PASSWORD_TRIES);
    }
    db *d = worker_db();
    db_rows *q = d ? db_query(d, r->a, STMT_PASSWORD_OF_USER, "i", uid) : NULL;
    if (!q) return resp_db_error(r);
    if (q->nrows == 0) return resp_error(r, 401, "unauthenticated", M_UNAUTHENTICATED);
    if (!password_verify(db_cell(q, 0, 0), current)) {
        throttle_fail(r, account, address);
        log_info("password change refused (wrong current password) user=%lld address=%s", uid, address);
        return resp_error(r, 403, "bad_credentials", M_PASSWORD_CURRENT_WRONG);
    }
    password_verdict v = password_check(fresh);
    if (v != PASSWORD_OK) return resp_weak_password(r, v);
    char hash[PASSWORD_HASH_LEN];
    if (password_hash(fresh, hash)) return resp_error(r, 500, "internal", M_INTERNAL);   /* before: slow */
    if (db_begin(d)) return resp_db_error(r);
    if (set_password(d, uid, hash, r->user->session_id, "password.change") || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    auth_revoke_user(uid);                 /* the other sessions end in every worker */
    throttle_success(r, account, address);
    log_info("password changed user=%lld", uid);
    return resp_empty(r, 204);
}

int h_password_reset_request(req *r)
{
    static const field_spec fields[] = { { "email", F_STRING, 1, 254, NULL }, { NULL, 0, 0, 0, NULL } };
    if (req_read_json(r) || validate_body(r, fields)) return 0;
    const char *email = email_normalize(r->a, body_str(r, "email"));
    if (!email) return resp_error(r, 400, "bad_request", M_BAD_EMAIL, body_str(r, "email"));
    if (oidc_password_gate(r, email, M_PASSWORDS_OFF)) return 0;   /* docs/sso.md */
    const char *address = client_address(r);
    int wait = throttle_reset_wait(r, address);
    if (wait < 0) return resp_db_error(r);
    if (wait > 0) {
        log_info("password reset throttled for address=%s", address);
        return too_many(r, wait, M_RESET_RATE_LIMITED);
    }
    throttle_reset_count(r, address);
    db *d = worker_db();
    if (!d || db_exec(d, STMT_PASSWORD_RESET_REQUEST, "ss", notify_event_names[NOTIFY_PASSWORD_RESET], email) < 0)
        return resp_db_error(r);
    notify_poke(&W.cfg);
    log_info("password reset asked for account=%s address=%s", email, address);
    return resp_empty(r, 202);
}

int h_password_reset_confirm(req *r)
{
    static const field_spec fields[] = {
        { "token", F_STRING, 1, 1024, NULL },
        { "new", F_SECRET, 1, 1024, NULL },
        { NULL, 0, 0, 0, NULL },
    };
    if (req_read_json(r) || validate_body(r, fields)) return 0;
    const char *token = body_str(r, "token"), *fresh = body_str(r, "new");
    unsigned char raw[TOKEN_BYTES], hash[32];
    if (strlen(token) != TOKEN_B64_LEN || b64url_decode(token, TOKEN_B64_LEN, raw, sizeof raw) != TOKEN_BYTES)
        return resp_error(r, 400, "invalid_token", M_RESET_INVALID);
    token_hash(raw, sizeof raw, hash);
    db *d = worker_db();
    db_rows *q = d ? db_query(d, r->a, STMT_PASSWORD_RESET_FIND_LOCK, "b", hash, (size_t)32) : NULL;
    if (!q) return resp_db_error(r);
    if (q->nrows == 0) return resp_error(r, 400, "invalid_token", M_RESET_INVALID);
    /* a weak password leaves the link usable, to try another */
    password_verdict v = password_check(fresh);
    if (v != PASSWORD_OK) return resp_weak_password(r, v);
    char phash[PASSWORD_HASH_LEN];
    if (password_hash(fresh, phash)) return resp_error(r, 500, "internal", M_INTERNAL);
    if (db_begin(d)) return resp_db_error(r);
    /* again, locked: the same link used twice at once works once */
    q = db_query(d, r->a, STMT_PASSWORD_RESET_FIND_LOCK, "b", hash, (size_t)32);
    if (!q) { db_rollback(d); return resp_db_error(r); }
    if (q->nrows == 0) { db_rollback(d); return resp_error(r, 400, "invalid_token", M_RESET_INVALID); }
    long long uid = db_cell_int(q, 0, 0);
    const char *email = arena_strdup(r->a, db_cell(q, 0, 1));
    if (oidc_password_allowed(r, email) != 1) {          /* docs/sso.md */
        db_rollback(d);
        return resp_error(r, 403, "passwords_off", M_PASSWORDS_OFF_CHANGE);
    }
    if (set_password(d, uid, phash, 0, "password.reset") || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    auth_revoke_user(uid);
    /* whoever holds the mailbox is the owner: their address may sign in */
    throttle_success(r, email, client_address(r));
    log_info("password reset by link user=%lld address=%s", uid, client_address(r));
    return resp_empty(r, 204);
}

int h_user_password_reset(req *r)
{
    long long id = r->ids[0];
    if (!acl_can_send_password_reset(r->user, id)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    db *d = worker_db();
    db_rows *q = d ? db_query(d, r->a, STMT_USER_BY_ID, "i", id) : NULL;
    if (!q) return resp_db_error(r);
    if (q->nrows == 0) return resp_error(r, 404, "not_found", M_USER_NOT_FOUND);
    if (strcmp(db_cell(q, 0, 4), "active") != 0)
        return resp_error(r, 409, "conflict", M_RESET_DISABLED, db_cell(q, 0, 2));
    if (db_begin(d)) return resp_db_error(r);
    if (notify_add(d, NOTIFY_PASSWORD_RESET, id, r->user->id, 0, "admin")
        || db_exec(d, STMT_AUDIT_PASSWORD, "isi", r->user->id, "password.reset_link", id) < 0
        || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    notify_poke(&W.cfg);
    log_info("password reset link sent to user=%lld by user=%lld", id, r->user->id);
    return resp_empty(r, 202);
}
