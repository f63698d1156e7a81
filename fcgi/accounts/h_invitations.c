/* Invitations (docs/invitations.md): POST /invitations (administrators
 * invite addresses, a status per address), GET /invitations (the list by
 * status), POST /invitations/{id}/resend, DELETE /invitations/{id}
 * (revoke) and POST /invitations/accept (the invited person, signed out,
 * chooses a name and a password and is signed in).
 *
 * The worker writes the invitation and a notify_queue row in one
 * transaction; parvis-notifier makes the link's token (only its SHA-256
 * is stored) and queues the mail (notifier/invitation.c), as it does for
 * password reset links. */
#include "account.h"
#include "accounts/handlers.h"
#include "accounts/welcome.h"
#include "accounts/throttle.h"
#include "core/acl.h"
#include "core/auth.h"
#include "core/charter_gate.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "crypto.h"
#include "groups/group_cache.h"
#include "groups/member_cache.h"
#include "log.h"
#include "notify.h"
#include "outbox.h"
#include "password_policy.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define INVITATION_SECONDS (14 * 24 * 3600)   /* a link works for 14 days */
#define INVITATION_MAX 500                     /* addresses in one request */

static json_t *invitation_json(db_rows *q, int i)
{
    const char *groups = db_cell(q, i, 14);
    json_t *g = groups ? json_loads(groups, 0, NULL) : NULL;
    json_t *by = db_cell(q, i, 7) ? json_pack("{s:I,s:s}", "id", (json_int_t)db_cell_int(q, i, 7),
                                              "display_name", db_cell(q, i, 8) ? db_cell(q, i, 8) : "")
                                  : json_null();
    return json_pack("{s:I,s:s,s:s,s:s,s:b,s:o,s:s,s:o,s:s,s:s,s:s,s:o,s:o,s:o}",
        "id", (json_int_t)db_cell_int(q, i, 0), "email", db_cell(q, i, 1), "status", db_cell(q, i, 2),
        "role", db_cell(q, i, 3), "guest", (int)db_cell_int(q, i, 4),
        "account_expires", db_cell(q, i, 5) ? json_string(db_cell(q, i, 5)) : json_null(),
        "locale", db_cell(q, i, 6), "invited_by", by,
        "created", db_cell(q, i, 9), "sent", db_cell(q, i, 10), "expires", db_cell(q, i, 11),
        "accepted", db_cell(q, i, 12) ? json_string(db_cell(q, i, 12)) : json_null(),
        "user_id", db_cell(q, i, 13) ? json_integer(db_cell_int(q, i, 13)) : json_null(),
        "groups", g ? g : json_array());
}

/* "YYYY-MM-DD", a real date */
static int is_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 0;
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static const field_spec invite_fields[] = {
    { "role", F_STRING, 0, 0, "user|admin" },
    { "guest", F_BOOL, 0, 0, NULL },
    { "expires", F_STRING, 0, 10, NULL },
    { NULL, 0, 0, 0, NULL },
};

/* The request's list of addresses and of groups, taken out of the body
 * before its other fields are checked. */
static json_t *take(req *r, const char *name)
{
    json_t *v = json_object_get(r->body, name);
    if (v) { json_incref(v); json_object_del(r->body, name); }
    return v;
}

/* One address: invited, already_member, already_invited (sent again). */
static const char *invite_one(req *r, db *d, const char *email, const char *role, int guest,
                              const char *expires, const char *groups, long long *id)
{
    db_rows *u = db_query(d, r->a, STMT_USER_CREDENTIALS_BY_EMAIL, "s", email);
    if (!u) return NULL;
    if (u->nrows) return "already_member";
    db_rows *p = db_query(d, r->a, STMT_INVITATION_PENDING_BY_EMAIL_LOCK, "s", email);
    if (!p) return NULL;
    const char *status;
    if (p->nrows) {
        *id = db_cell_int(p, 0, 0);
        if (db_exec(d, STMT_INVITATION_REINVITE, "sissiii", role, (long long)guest, expires, r->user->locale,
                    r->user->id, (long long)INVITATION_SECONDS, *id) < 0
            || db_exec(d, STMT_INVITATION_GROUPS_CLEAR, "i", *id) < 0)
            return NULL;
        status = "already_invited";
    } else {
        if (db_exec(d, STMT_INVITATION_INSERT, "ssissii", email, role, (long long)guest, expires, r->user->locale,
                    r->user->id, (long long)INVITATION_SECONDS) < 0)
            return NULL;
        *id = db_last_id(d);
        status = "invited";
    }
    if (db_exec(d, STMT_INVITATION_GROUPS_SET, "is", *id, groups) < 0
        || notify_add(d, NOTIFY_INVITATION, *id, r->user->id, 0, NULL)
        || db_exec(d, STMT_AUDIT_INVITATION, "isis", r->user->id,
                   strcmp(status, "invited") == 0 ? "invitation.create" : "invitation.resend", *id,
                   arena_printf(r->a, "email=%s role=%s guest=%s", email, role, guest ? "yes" : "no")) < 0)
        return NULL;
    return status;
}

int h_invitations_create(req *r)
{
    if (!acl_can_invite(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    if (req_read_json(r)) return 0;
    json_t *emails = take(r, "emails"), *groups = take(r, "groups");
    int rc = 0;
    if (validate_body(r, invite_fields)) goto out;
    if (!emails || !json_is_array(emails)) { rc = resp_error(r, 400, "bad_request", M_INVITATION_BAD_EMAILS); goto out; }
    size_t n = json_array_size(emails), i;
    if (n == 0) { rc = resp_error(r, 400, "bad_request", M_INVITATION_NONE); goto out; }
    if (n > INVITATION_MAX) { rc = resp_error(r, 400, "too_many", M_INVITATION_TOO_MANY, INVITATION_MAX); goto out; }
    json_t *v;
    json_array_foreach(emails, i, v)
        if (!json_is_string(v) || utf8_chars(json_string_value(v)) > 254) {
            rc = resp_error(r, 400, "bad_request", M_INVITATION_BAD_EMAILS);
            goto out;
        }
    if (groups && !json_is_array(groups)) { rc = resp_error(r, 400, "bad_request", M_INVITATION_BAD_GROUPS); goto out; }
    json_array_foreach(groups, i, v)
        if (!json_is_integer(v) || json_integer_value(v) <= 0) {
            rc = resp_error(r, 400, "bad_request", M_INVITATION_BAD_GROUPS);
            goto out;
        }
    char *group_ids = groups ? json_dumps(groups, JSON_COMPACT) : NULL;
    const char *gids = group_ids ? arena_strdup(r->a, group_ids) : "[]";
    free(group_ids);
    const char *expires = body_str(r, "expires");
    char today[16];
    time_t now = time(NULL);
    struct tm tm;
    strftime(today, sizeof today, "%Y-%m-%d", gmtime_r(&now, &tm));
    if (expires && (!is_date(expires) || strcmp(expires, today) <= 0)) { rc = resp_error(r, 400, "bad_request", M_INVITATION_BAD_DATE); goto out; }
    const char *role = body_str(r, "role") ? body_str(r, "role") : "user";
    int guest = body_bool(r, "guest", 0);
    /* a guest account (docs/guests.md) sees only the invitation's groups;
     * it is never an administrator */
    if (guest && !acl_can_be_guest(role)) { rc = resp_error(r, 400, "bad_request", M_GUEST_NOT_ADMIN); goto out; }

    db *d = worker_db();
    db_rows *k = d ? db_query(d, r->a, STMT_INVITATION_GROUPS_KNOWN, "s", gids) : NULL;
    if (!k) { rc = resp_db_error(r); goto out; }
    if (db_cell_int(k, 0, 0) != db_cell_int(k, 0, 1)) {
        rc = resp_error(r, 404, "not_found", M_INVITATION_UNKNOWN_GROUP);
        goto out;
    }
    if (db_begin(d)) { rc = resp_db_error(r); goto out; }
    json_t *items = json_array(), *seen = json_object();
    json_array_foreach(emails, i, v) {
        const char *given = json_string_value(v);
        char *email = email_normalize(r->a, trim_spaces(r->a, given) ? trim_spaces(r->a, given) : "");
        const char *status;
        if (!email) status = "invalid";
        else if (json_object_get(seen, email)) status = json_string_value(json_object_get(seen, email));
        else {
            long long id = 0;
            status = invite_one(r, d, email, role, guest, expires, gids, &id);
            if (!status) {
                db_rollback(d);
                json_decref(items); json_decref(seen);
                rc = resp_db_error(r);
                goto out;
            }
            json_object_set_new(seen, email, json_string(status));
        }
        json_array_append_new(items, json_pack("{s:s,s:s}", "email", email ? email : given, "status", status));
    }
    json_decref(seen);
    if (db_commit(d)) { json_decref(items); rc = resp_db_error(r); goto out; }
    notify_poke(&W.cfg);
    log_info("invitations: %zu addresses by user=%lld", n, r->user->id);
    rc = resp_json(r, 201, json_pack("{s:o}", "items", items));
out:
    json_decref(emails);
    json_decref(groups);
    return rc;
}

int h_invitations_list(req *r)
{
    if (!acl_can_invite(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    const char *status = req_query(r, "status");
    if (!status || !*status) status = "pending";
    if (strcmp(status, "pending") && strcmp(status, "accepted") && strcmp(status, "expired") && strcmp(status, "revoked"))
        return resp_error(r, 400, "bad_request", M_INVITATION_BAD_STATUS);
    int limit;
    if (req_limit(r, 100, 500, &limit)) return 0;
    const char *cursor = req_query(r, "cursor");
    long long before = 0;
    if (cursor && *cursor && (before = parse_id(cursor)) <= 0) return resp_error(r, 400, "bad_request", M_BAD_CURSOR);
    db_rows *q = db_query(worker_db(), r->a, STMT_INVITATIONS_PAGE, "ssiii", status, status, before, before,
                          (long long)limit + 1);
    if (!q) return resp_db_error(r);
    json_t *items = json_array();
    int shown = q->nrows > limit ? limit : q->nrows;
    for (int i = 0; i < shown; i++) json_array_append_new(items, invitation_json(q, i));
    json_t *next = q->nrows > limit ? json_string(db_cell(q, shown - 1, 0)) : json_null();
    return resp_json(r, 200, json_pack("{s:o,s:o}", "items", items, "next", next));
}

/* The invitation locked, still pending: 0, or the answer sent (-1). */
static int lock_pending(req *r, db *d, long long id)
{
    if (db_begin(d)) return resp_db_error(r), -1;
    db_rows *q = db_query(d, r->a, STMT_INVITATION_LOCK, "i", id);
    if (!q) { db_rollback(d); return resp_db_error(r), -1; }
    if (!q->nrows) { db_rollback(d); return resp_error(r, 404, "not_found", M_INVITATION_NOT_FOUND), -1; }
    if (strcmp(db_cell(q, 0, 0), "pending") != 0) {
        db_rollback(d);
        return resp_error(r, 409, "conflict", M_INVITATION_NOT_PENDING), -1;
    }
    return 0;
}

int h_invitation_resend(req *r)
{
    if (!acl_can_invite(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    long long id = r->ids[0];
    db *d = worker_db();
    if (!d) return resp_db_error(r);
    if (lock_pending(r, d, id)) return 0;
    if (db_exec(d, STMT_INVITATION_RESEND, "ii", (long long)INVITATION_SECONDS, id) < 0
        || notify_add(d, NOTIFY_INVITATION, id, r->user->id, 0, NULL)
        || db_exec(d, STMT_AUDIT_INVITATION, "isis", r->user->id, "invitation.resend", id, "") < 0
        || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    notify_poke(&W.cfg);
    log_info("invitation %lld sent again by user=%lld", id, r->user->id);
    db_rows *q = db_query(d, r->a, STMT_INVITATION_BY_ID, "i", id);
    if (!q || !q->nrows) return resp_db_error(r);
    return resp_json(r, 200, invitation_json(q, 0));
}

int h_invitation_delete(req *r)
{
    if (!acl_can_invite(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    long long id = r->ids[0];
    db *d = worker_db();
    if (!d) return resp_db_error(r);
    if (lock_pending(r, d, id)) return 0;
    if (db_exec(d, STMT_INVITATION_REVOKE, "i", id) < 0
        || db_exec(d, STMT_AUDIT_INVITATION, "isis", r->user->id, "invitation.revoke", id, "") < 0
        || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    log_info("invitation %lld revoked by user=%lld", id, r->user->id);
    return resp_empty(r, 204);
}

int h_invitation_accept(req *r)
{
    static const field_spec fields[] = {
        { "token", F_STRING, 1, 1024, NULL },
        { "display_name", F_STRING, 1, 100, NULL },
        { "password", F_SECRET, 1, 1024, NULL },
        { "charter_version", F_ID, 0, 0, NULL },      /* the charter shown and accepted (docs/moderation.md) */
        { NULL, 0, 0, 0, NULL },
    };
    if (req_read_json(r) || validate_body(r, fields)) return 0;
    const char *token = body_str(r, "token"), *password = body_str(r, "password");
    long long charter = body_int(r, "charter_version", 0);
    int charter_taken = 0;
    const char *name = trim_spaces(r->a, body_str(r, "display_name"));
    unsigned char raw[TOKEN_BYTES], hash[32];
    if (strlen(token) != TOKEN_B64_LEN || b64url_decode(token, TOKEN_B64_LEN, raw, sizeof raw) != TOKEN_BYTES)
        return resp_error(r, 400, "invalid_token", M_INVITATION_INVALID);
    token_hash(raw, sizeof raw, hash);
    db *d = worker_db();
    db_rows *q = d ? db_query(d, r->a, STMT_INVITATION_BY_TOKEN_LOCK, "b", hash, (size_t)32) : NULL;
    if (!q) return resp_db_error(r);
    if (q->nrows == 0) return resp_error(r, 400, "invalid_token", M_INVITATION_INVALID);
    if (!name) return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "display_name");
    /* a weak password leaves the link usable, to try another */
    password_verdict v = password_check(password);
    if (v != PASSWORD_OK) return resp_weak_password(r, v);
    char phash[PASSWORD_HASH_LEN];
    if (password_hash(password, phash)) return resp_error(r, 500, "internal", M_INTERNAL);
    if (db_begin(d)) return resp_db_error(r);
    /* again, locked: the same link used twice at once works once */
    q = db_query(d, r->a, STMT_INVITATION_BY_TOKEN_LOCK, "b", hash, (size_t)32);
    if (!q) { db_rollback(d); return resp_db_error(r); }
    if (q->nrows == 0) { db_rollback(d); return resp_error(r, 400, "invalid_token", M_INVITATION_INVALID); }
    long long inv = db_cell_int(q, 0, 0);
    const char *email = arena_strdup(r->a, db_cell(q, 0, 1)), *role = arena_strdup(r->a, db_cell(q, 0, 2));
    const char *locale = arena_strdup(r->a, db_cell(q, 0, 3));
    long long imported = db_cell_int(q, 0, 4);
    if (imported > 0) {                  /* an imported account (docs/imports.md): its password, its name */
        long long n = db_exec(d, STMT_IMPORT_ACCOUNT_ACTIVATE, "ssi", phash, name, imported);
        if (n == 0) { db_rollback(d); return resp_error(r, 400, "invalid_token", M_INVITATION_INVALID); }
        if (n < 0
            || db_exec(d, STMT_INVITATION_ACCEPT, "ii", imported, inv) < 0
            || (charter > 0 && (charter_taken = charter_accept_in_tx(r, imported, charter)) < 0)
            || outbox_add(d, ENTITY_PERSON, imported)
            || db_exec(d, STMT_AUDIT_INVITATION, "nsis", imported, "invitation.accept", inv,
                       arena_printf(r->a, "user=%lld", imported)) < 0
            || db_commit(d)) {
            db_rollback(d);
            return resp_db_error(r);
        }
        if (charter_taken > 0) charter_accepted(imported, charter);
        group_cache_changed();           /* managers' names */
        outbox_poke(W.cfg.indexer_socket);
        throttle_success(r, email, r->remote_addr ? r->remote_addr : "");
        if (auth_start_session(r, imported)) return resp_db_error(r);
        log_info("invitation %lld accepted: imported account %lld", inv, imported);
        return resp_json(r, 200, json_pack("{s:o,s:s,s:o}", "user", me_json(r), "csrf_token",
                                           auth_csrf_token(r), "charter_required", charter_pending_json(r)));
    }
    /* the account's kind and end, as the invitation says (docs/guests.md) */
    db_rows *terms = db_query(d, r->a, STMT_INVITATION_GUEST_TERMS, "i", inv);
    if (!terms || !terms->nrows) { db_rollback(d); return resp_db_error(r); }
    int guest = db_cell_int(terms, 0, 0) != 0;
    const char *ends = db_cell(terms, 0, 1) ? arena_strdup(r->a, db_cell(terms, 0, 1)) : NULL;
    long long uid = account_insert_kind(d, email, name, phash, role, NULL, 0, guest ? "guest" : "staff", ends);
    if (uid == 0) {                      /* an account got the address meanwhile */
        db_rollback(d);
        return resp_error(r, 409, "conflict", M_EMAIL_TAKEN, email);
    }
    if (uid < 0
        || db_exec(d, STMT_USER_SET_LOCALE, "si", locale, uid) < 0
        || db_exec(d, STMT_INVITATION_JOIN_GROUPS, "ii", uid, inv) < 0
        || db_exec(d, STMT_INVITATION_GROUPS_RECOUNT, "i", inv) < 0
        || db_exec(d, STMT_INVITATION_ACCEPT, "ii", uid, inv) < 0
        || (charter > 0 && (charter_taken = charter_accept_in_tx(r, uid, charter)) < 0)
        || db_exec(d, STMT_AUDIT_INVITATION, "nsis", uid, "invitation.accept", inv,
                   arena_printf(r->a, "user=%lld", uid)) < 0
        || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (charter_taken > 0) charter_accepted(uid, charter);
    group_cache_changed();
    member_cache_changed(uid);
    outbox_poke(W.cfg.indexer_socket);
    throttle_success(r, email, r->remote_addr ? r->remote_addr : "");
    if (auth_start_session(r, uid)) return resp_db_error(r);
    log_info("invitation %lld accepted: account %lld", inv, uid);
    return resp_json(r, 200, json_pack("{s:o,s:s,s:o}", "user", me_json(r),
                                       "csrf_token", auth_csrf_token(r), "charter_required", charter_pending_json(r)));
}
