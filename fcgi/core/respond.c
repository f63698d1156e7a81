/* Pieces several handlers share. */
#include "core/respond.h"
#include "core/acl.h"
#include "db_breaker.h"
#include "log.h"
#include "core/worker.h"
#include "core/avatar_url.h"
#include <stdlib.h>
#include <string.h>

json_t *user_json_at(const db_rows *q, int row, int c)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:o}",
        "id", (json_int_t)db_cell_int(q, row, c),
        "email", db_cell(q, row, c + 1), "display_name", db_cell(q, row, c + 2),
        "role", db_cell(q, row, c + 3), "status", db_cell(q, row, c + 4),
        "locale", db_cell(q, row, c + 5), "created_at", db_cell(q, row, c + 6),
        "job_title", db_cell(q, row, c + 7), "department", db_cell(q, row, c + 8),
        "site", db_cell(q, row, c + 9), "phone", db_cell(q, row, c + 10), "bio", db_cell(q, row, c + 11),
        "comm_editor", db_cell_int(q, row, c + 12) != 0,
        "kind", db_cell(q, row, c + 13) ? db_cell(q, row, c + 13) : "staff",
        "expires_at", db_cell(q, row, c + 14) ? json_string(db_cell(q, row, c + 14)) : json_null());
    avatar_url_set(o, db_cell_int(q, row, c), db_cell(q, row, c + 15));
    return o;
}

json_t *user_json_seen(req *r, const db_rows *q, int row, int col)
{
    json_t *u = user_json_at(q, row, col);
    if (u && !acl_can_see_account_expiry(r->user, db_cell_int(q, row, col))) json_object_del(u, "expires_at");
    return u;
}

json_t *user_json(const db_rows *q, int row)
{
    return user_json_at(q, row, 0);
}

json_t *auth_user_json(const auth_user *u)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:o,s:b}",
        "id", (json_int_t)u->id, "email", u->email, "display_name", u->display_name,
        "role", u->role, "status", u->status, "locale", u->locale, "created_at", u->created_at,
        "comm_editor", u->comm_editor, "kind", u->guest ? "guest" : "staff",
        "expires_at", u->expires_at[0] ? json_string(u->expires_at) : json_null(),
        "sees_news", acl_can_read_news(u));
}

int resp_db_error(req *r)
{
    db *d = W.db;
    /* MariaDB known to be away: said once by the breaker, not per request */
    if (db_breaker_tripped()) {
        resp_header(r, "Retry-After", "1");
        return resp_error(r, 503, "unavailable", M_DB_DOWN);
    }
    log_error("db error on %s %s: %s", r->method, r->path, d ? db_error(d) : "not connected");
    /* a deadlock or a lock wait: nothing was written, and trying again
     * will do; a connection lost: what was being written was rolled back,
     * unless it was lost while committing (503, as for a database away) */
    if (!d || db_transient(d) || db_ping(d) != 0) {
        resp_header(r, "Retry-After", "1");
        return resp_error(r, 503, "unavailable", M_DB_DOWN);
    }
    return resp_error(r, 500, "internal", M_INTERNAL);
}

int req_limit(req *r, int dflt, int max, int *out)
{
    const char *s = req_query(r, "limit");
    if (!s) { *out = dflt; return 0; }
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < 1 || v > max) {
        resp_error(r, 400, "bad_request", M_BAD_LIMIT, "limit", 1, max);
        return -1;
    }
    *out = (int)v;
    return 0;
}

const char *json_quote(arena *a, const char *s)
{
    if (!s) s = "";
    size_t n = 2;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += *p == '"' || *p == '\\' ? 2 : *p < 0x20 ? 6 : 1;
    char *out = arena_alloc(a, n + 1), *o = out;
    *o++ = '"';
    static const char hex[] = "0123456789abcdef";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            *o++ = '\\';
            *o++ = (char)*p;
        } else if (*p < 0x20) {
            memcpy(o, "\\u00", 4);
            o += 4;
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        } else {
            *o++ = (char)*p;
        }
    }
    *o++ = '"';
    *o = 0;
    return out;
}
