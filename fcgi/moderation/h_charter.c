/* The charter (« Charte d'utilisation »): administrators publish versions
 * in Markdown; each person accepts the version in force (the gate in
 * core/charter_gate.c); who accepted which version when is kept and
 * exported. Publishing and withdrawing are audited. */
#include "core/acl.h"
#include "core/charter_gate.h"
#include "core/csv_out.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "log.h"
#include "markdown.h"
#include "moderation/handlers.h"
#include <limits.h>
#include <string.h>

#define CHARTER_BODY_MAX 60000

/* GET /charter: the newest version, whether it is in force, and whether
 * the asker accepted it. 404 when none was ever published. */
static int charter_answer(req *r, int status)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_CHARTER_LATEST, "i", r->user->id);
    if (!q) return resp_db_error(r);
    if (q->nrows == 0) return resp_error(r, 404, "not_found", M_CHARTER_NONE);
    int in_force = db_cell_int(q, 0, 4) != 0;
    const char *accepted_at = db_cell(q, 0, 5);
    return resp_json(r, status, json_pack("{s:I,s:s,s:s,s:s,s:b,s:b,s:s?,s:b}",
        "version", (json_int_t)db_cell_int(q, 0, 0), "body", db_cell(q, 0, 1), "body_html", db_cell(q, 0, 2),
        "published_at", db_cell(q, 0, 3), "in_force", in_force, "accepted", accepted_at != NULL,
        "accepted_at", accepted_at, "required", in_force && accepted_at == NULL));
}

int h_charter_get(req *r) { return charter_answer(r, 200); }

/* GET /charter/current (public: the invitation page shows it before the
 * account exists): the version in force, or 404 when none is. */
int h_charter_current(req *r)
{
    long long v = charter_in_force(r->a);
    if (v < 0) return resp_db_error(r);
    if (v == 0) return resp_error(r, 404, "not_found", M_CHARTER_NONE);
    db_rows *q = db_query(worker_db(), r->a, STMT_CHARTER_LATEST, "i", 0LL);
    if (!q) return resp_db_error(r);
    if (q->nrows == 0 || db_cell_int(q, 0, 0) != v) return resp_error(r, 404, "not_found", M_CHARTER_NONE);
    return resp_json(r, 200, json_pack("{s:I,s:s,s:s,s:s}", "version", (json_int_t)v, "body", db_cell(q, 0, 1),
                                       "body_html", db_cell(q, 0, 2), "published_at", db_cell(q, 0, 3)));
}

static int no_mentions(void *ctx, long long id)
{
    (void)ctx; (void)id;
    return 0;
}

/* POST /charter {"body"}: a new version, in force at once; its publisher
 * accepts it by publishing it. */
int h_charter_publish(req *r)
{
    static const field_spec fields[] = {
        { "body", F_TEXT, 1, CHARTER_BODY_MAX, NULL },
        { NULL, 0, 0, 0, NULL },
    };
    if (!acl_can_publish_charter(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    if (req_read_json(r) || validate_body(r, fields)) return 0;
    const char *body = body_str(r, "body");
    if (!trim_spaces(r->a, body)) return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "body");
    markdown_out md;
    if (markdown_render(body, strlen(body), no_mentions, NULL, &md)) return resp_error(r, 500, "internal", M_INTERNAL);
    db *d = worker_db();
    if (db_begin(d)) { markdown_free(&md); return resp_db_error(r); }
    db_rows *v = db_query(d, r->a, STMT_CHARTER_NEXT_VERSION_LOCK, "");
    long long version = v && v->nrows ? db_cell_int(v, 0, 0) : 0;
    int failed = !v
        || db_exec(d, STMT_CHARTER_WITHDRAW, "") < 0
        || db_exec(d, STMT_CHARTER_INSERT, "issi", version, body, md.html, r->user->id) < 0
        || db_exec(d, STMT_CHARTER_ACCEPT, "ii", r->user->id, version) < 0
        || db_exec(d, STMT_AUDIT_CHARTER, "isi", r->user->id, "charter.publish", version) < 0;
    markdown_free(&md);
    if (failed || db_commit(d)) { db_rollback(d); return resp_db_error(r); }
    charter_changed();
    charter_accepted(r->user->id, version);
    log_info("charter version %lld published by user=%lld", version, r->user->id);
    return charter_answer(r, 201);
}

/* DELETE /charter: no charter in force any more (nobody is asked to
 * accept one) until a new version is published; the versions and their
 * acceptances are kept. */
int h_charter_withdraw(req *r)
{
    if (!acl_can_publish_charter(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    long long n = db_exec(d, STMT_CHARTER_WITHDRAW, "");
    if (n < 0 || (n > 0 && db_exec(d, STMT_AUDIT_CHARTER, "isi", r->user->id, "charter.withdraw", 0LL) < 0)
        || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    charter_changed();
    return resp_empty(r, 204);
}

/* GET /charter/versions: every version, newest first, with how many
 * active accounts accepted it, and the number of active accounts. */
int h_charter_versions(req *r)
{
    if (!acl_can_publish_charter(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    db *d = worker_db();
    db_rows *q = db_query(d, r->a, STMT_CHARTER_VERSIONS, "");
    db_rows *n = q ? db_query(d, r->a, STMT_CHARTER_ACTIVE_ACCOUNTS, "") : NULL;
    if (!q || !n) return resp_db_error(r);
    long long in_force = charter_in_force(r->a);
    if (in_force < 0) return resp_db_error(r);
    json_t *items = json_array();
    for (int i = 0; i < q->nrows; i++)
        json_array_append_new(items, json_pack("{s:I,s:s,s:o,s:s?,s:b,s:I,s:s}",
            "version", (json_int_t)db_cell_int(q, i, 0), "published_at", db_cell(q, i, 1),
            "published_by", db_cell(q, i, 2) ? json_pack("{s:I,s:s?}", "id", (json_int_t)db_cell_int(q, i, 2),
                                                         "display_name", db_cell(q, i, 3)) : json_null(),
            "withdrawn_at", db_cell(q, i, 4), "in_force", db_cell_int(q, i, 0) == in_force,
            "accepted_count", (json_int_t)db_cell_int(q, i, 5), "body", db_cell(q, i, 6)));
    return resp_json(r, 200, json_pack("{s:o,s:n,s:I}", "items", items, "next",
                                       "active_accounts", (json_int_t)db_cell_int(n, 0, 0)));
}

/* POST /charter/accept {"version"}: the version in force (409 when a
 * newer one came meanwhile, or it was withdrawn). Accepting again is
 * harmless. */
int h_charter_accept(req *r)
{
    static const field_spec fields[] = {
        { "version", F_ID, 1, 0, NULL },
        { NULL, 0, 0, 0, NULL },
    };
    if (req_read_json(r) || validate_body(r, fields)) return 0;
    long long version = body_int(r, "version", 0);
    long long in_force = charter_in_force(r->a);
    if (in_force < 0) return resp_db_error(r);
    if (in_force == 0) return resp_error(r, 409, "conflict", M_CHARTER_NONE);
    if (version != in_force)
        return resp_error_with(r, 409, "conflict", "version", json_integer(in_force), M_CHARTER_STALE, in_force);
    db *d = worker_db();
    if (db_exec(d, STMT_CHARTER_ACCEPT, "ii", r->user->id, version) < 0) return resp_db_error(r);
    db_rows *q = db_query(d, r->a, STMT_CHARTER_ACCEPTED_AT, "ii", r->user->id, version);
    if (!q || q->nrows == 0) return resp_db_error(r);
    charter_accepted(r->user->id, version);
    return resp_json(r, 200, json_pack("{s:I,s:s}", "version", (json_int_t)version, "accepted_at", db_cell(q, 0, 0)));
}

/* GET /charter/acceptances?version=N[&format=csv]: who accepted a version
 * (the one in force, or the newest, by default) and when. */
int h_charter_acceptances(req *r)
{
    if (!acl_can_publish_charter(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    const char *format = req_query(r, "format"), *vs = req_query(r, "version");
    if (format && strcmp(format, "csv") && strcmp(format, "json")) return resp_error(r, 400, "bad_request", M_BAD_FIELD, "format");
    int csv = format && strcmp(format, "csv") == 0;
    db *d = worker_db();
    long long version;
    if (vs && *vs) {
        version = parse_id(vs);
        if (version <= 0) return resp_error(r, 400, "bad_request", M_BAD_FIELD, "version");
    } else {
        db_rows *l = db_query(d, r->a, STMT_CHARTER_LATEST, "i", r->user->id);
        if (!l) return resp_db_error(r);
        if (l->nrows == 0) return resp_error(r, 404, "not_found", M_CHARTER_NONE);
        version = db_cell_int(l, 0, 0);
    }
    db_rows *e = db_query(d, r->a, STMT_CHARTER_EXISTS, "i", version);
    if (!e) return resp_db_error(r);
    if (e->nrows == 0) return resp_error(r, 404, "not_found", M_CHARTER_NONE);
    int limit = INT_MAX - 1;
    long long after = 0;
    if (!csv) {
        if (req_limit(r, 100, 1000, &limit)) return 0;
        const char *cursor = req_query(r, "cursor");
        after = cursor && *cursor ? parse_id(cursor) : 0;
        if (after < 0) return resp_error(r, 400, "bad_request", M_BAD_CURSOR);
    }
    db_rows *q = db_query(d, r->a, STMT_CHARTER_ACCEPTANCES_PAGE, "iii", version, after, (long long)limit + 1);
    if (!q) return resp_db_error(r);
    if (csv) {
        resp_header(r, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"charte-v%lld.csv\"", version));
        r->status = 200;
        resp_stream_csv(r);
        csv_line(r, 4, (const char *const[]){ "name", "email", "version", "accepted_at" });
        const char *v = arena_printf(r->a, "%lld", version);
        for (int i = 0; i < q->nrows; i++)
            csv_line(r, 4, (const char *const[]){ db_cell(q, i, 1), db_cell(q, i, 2), v, db_cell(q, i, 3) });
        return 0;
    }
    int shown = q->nrows > limit ? limit : q->nrows;
    json_t *items = json_array();
    for (int i = 0; i < shown; i++)
        json_array_append_new(items, json_pack("{s:{s:I,s:s,s:s},s:s}",
            "user", "id", (json_int_t)db_cell_int(q, i, 0), "display_name", db_cell(q, i, 1), "email", db_cell(q, i, 2),
            "accepted_at", db_cell(q, i, 3)));
    json_t *next = q->nrows > limit ? json_string(db_cell(q, shown - 1, 0)) : json_null();
    return resp_json(r, 200, json_pack("{s:I,s:o,s:o}", "version", (json_int_t)version, "items", items, "next", next));
}
