/* /unsubscribe?t=TOKEN, public: a mail's unsubscribe link works without
 * signing in (the token, lib/mail_token.h, names the person and the kind).
 * GET says what would be switched off and for which address (partly
 * masked); POST switches it off (notification_prefs: never). Mail clients
 * POST "List-Unsubscribe=One-Click" as a form (RFC 8058), without a
 * session or a CSRF token: the body is not read, the token is the
 * authority. */
#include "core/respond.h"
#include "core/worker.h"
#include "mail/handlers.h"
#include "mail_token.h"
#include "notify_prefs.h"
#include <string.h>

/* the person's address, or NULL after answering */
static const char *token_owner(req *r, long long *uid, char *kind, size_t kindlen)
{
    const char *t = req_query(r, "t");
    if (!t || mail_token_check(W.secret, t, uid, kind, kindlen)) {
        resp_error(r, 400, "invalid_token", M_BAD_UNSUBSCRIBE);
        return NULL;
    }
    db_rows *q = db_query(worker_db(), r->a, STMT_MAIL_UNSUB_USER, "i", *uid);
    if (!q) { resp_db_error(r); return NULL; }
    if (q->nrows == 0) { resp_error(r, 400, "invalid_token", M_BAD_UNSUBSCRIBE); return NULL; }
    return db_cell(q, 0, 0);
}

/* a***@example.org */
static const char *masked(req *r, const char *email)
{
    const char *at = strchr(email, '@');
    if (!at || at == email) return "***";
    return arena_printf(r->a, "%c***%s", email[0], at);
}

int h_unsubscribe_get(req *r)
{
    long long uid;
    char kind[MAIL_KIND_MAX + 1];
    const char *email = token_owner(r, &uid, kind, sizeof kind);
    if (!email) return 0;
    return resp_json(r, 200, json_pack("{s:s,s:s}", "kind", kind, "email", masked(r, email)));
}

int h_unsubscribe_post(req *r)
{
    long long uid;
    char kind[MAIL_KIND_MAX + 1];
    if (!token_owner(r, &uid, kind, sizeof kind)) return 0;
    if (strcmp(kind, "daily") != 0 && strcmp(kind, "weekly") != 0) {
        if (db_exec(worker_db(), STMT_MAIL_UNSUB_SET, "is", uid, kind) < 0) return resp_db_error(r);
        return resp_empty(r, 204);
    }
    /* a digest's link: every kind the person has in that digest */
    db *d = worker_db();
    db_rows *q = db_query(d, r->a, STMT_NOTIFICATION_PREFS_GET, "i", uid);
    if (!q || db_begin(d)) return resp_db_error(r);
    for (int k = 0; notify_kinds[k]; k++) {
        const char *v = notify_default_email(notify_kinds[k]);
        for (int i = 0; i < q->nrows; i++)
            if (strcmp(db_cell(q, i, 0), notify_kinds[k]) == 0) v = db_cell(q, i, 1);
        if (strcmp(v, kind) == 0 && db_exec(d, STMT_MAIL_UNSUB_SET, "is", uid, notify_kinds[k]) < 0) {
            db_rollback(d);
            return resp_db_error(r);
        }
    }
    if (db_commit(d)) return resp_db_error(r);
    return resp_empty(r, 204);
}
