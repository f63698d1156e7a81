/* GET /admin/audit?actor=&action=&from=&to=&cursor=&limit= (administrators):
 * « Administration › Journal », the audit log newest first, keyset paged;
 * ?format=csv gives every row the filters select (at most CSV_MAX), and
 * that export is itself written in the journal. `actor` is a person: the
 * rows they did and the rows about their account (a failed sign-in has no
 * actor). `action` is an action ("account.role") or a family ending with
 * a dot ("account."). docs/audit.md. The log's retention is not here. */
#include "core/acl.h"
#include "core/csv_out.h"
#include "core/listing.h"
#include "core/respond.h"
#include "core/worker.h"
#include "log.h"
#include "stats/handlers.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define CSV_MAX 50000
#define ALL_DAYS 3660           /* the default period: ten years up to today */

/* "account.role" → "account.role"; "account." → "account.%"; '_' escaped */
static const char *action_pattern(req *r, const char *action)
{
    size_t n = strlen(action);
    char *out = arena_alloc(r->a, 2 * n + 2), *o = out;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)action[i];
        if (!(islower(c) || isdigit(c) || c == '_' || c == '.')) return NULL;
        if (c == '_') *o++ = '\\';
        *o++ = (char)c;
    }
    if (n && action[n - 1] == '.') *o++ = '%';
    *o = 0;
    return out;
}

static json_t *row_json(const db_rows *q, int i)
{
    const char *actor = db_cell(q, i, 2), *target_name = db_cell(q, i, 9);
    return json_pack("{s:I,s:s,s:o,s:s,s:{s:s,s:I,s:o},s:s}",
        "id", (json_int_t)db_cell_int(q, i, 0), "at", db_cell(q, i, 1),
        "actor", actor ? json_pack("{s:I,s:s?,s:s?}", "id", (json_int_t)db_cell_int(q, i, 2),
                                   "display_name", db_cell(q, i, 3), "email", db_cell(q, i, 4)) : json_null(),
        "action", db_cell(q, i, 5),
        "target", "type", db_cell(q, i, 6), "id", (json_int_t)db_cell_int(q, i, 7),
        "name", target_name ? json_string(target_name) : json_null(),
        "detail", db_cell(q, i, 8));
}

int h_audit_list(req *r)
{
    if (!acl_can_read_audit(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    const char *from, *to, *actor_s = req_query(r, "actor"), *action = req_query(r, "action");
    const char *format = req_query(r, "format"), *cursor = req_query(r, "cursor");
    if (stats_period(r, ALL_DAYS, ALL_DAYS + 1, &from, &to)) return 0;
    if (format && *format && strcmp(format, "csv") && strcmp(format, "json"))
        return resp_error(r, 400, "bad_request", M_FIELD_ENUM, "format", "json, csv");
    int csv = format && strcmp(format, "csv") == 0;
    long long actor = actor_s && *actor_s ? parse_id(actor_s) : 0;
    if (actor < 0) return resp_error(r, 400, "bad_request", M_BAD_FIELD, "actor");
    const char *pattern = "";
    if (action && *action) {
        if (strlen(action) > 64 || !(pattern = action_pattern(r, action)))
            return resp_error(r, 400, "bad_request", M_BAD_FIELD, "action");
    }
    int limit;
    if (req_limit(r, 50, 200, &limit)) return 0;
    if (csv) limit = CSV_MAX;
    const char *before_at = "9999-12-31 23:59:59.999999";
    long long before_id = 1LL << 62;
    if (!csv && cursor && *cursor) {
        char *parts[2];
        if (cursor_split(r->a, cursor, parts, 2) || (before_id = parse_id(parts[1])) <= 0)
            return resp_error(r, 400, "bad_request", M_BAD_CURSOR);
        before_at = parts[0];
    }
    db *d = worker_db();
    if (!d) return resp_db_error(r);
    db_rows *q = actor
        ? db_query(d, r->a, STMT_AUDIT_PAGE_PERSON, "iissssssii", actor, actor, pattern, pattern, from, to,
                   before_at, before_at, before_id, (long long)limit + 1)
        : db_query(d, r->a, STMT_AUDIT_PAGE, "ssssssii", pattern, pattern, from, to,
                   before_at, before_at, before_id, (long long)limit + 1);
    if (!q) return resp_db_error(r);
    int shown = q->nrows > limit ? limit : q->nrows;
    if (csv) {
        if (db_exec(d, STMT_AUDIT_EXPORT, "iss", r->user->id, "audit.export",
                    arena_printf(r->a, "actor=%lld action=%s from=%s to=%s rows=%d", actor,
                                 action && *action ? action : "-", from, to, shown)) < 0)
            log_error("audit of the journal's export: %s", db_error(d));
        resp_header(r, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"journal-%s-%s.csv\"", from, to));
        r->status = 200;
        resp_stream_csv(r);
        static const char head[] = "\"at\",\"actor\",\"actor_email\",\"action\",\"target_type\",\"target_id\",\"target_name\",\"detail\"\r\n";
        resp_write(r, head, sizeof head - 1);
        for (int i = 0; i < shown; i++)
            csv_line(r, 8, (const char *const[]){ db_cell(q, i, 1), db_cell(q, i, 3), db_cell(q, i, 4), db_cell(q, i, 5),
                                                  db_cell(q, i, 6), db_cell(q, i, 7), db_cell(q, i, 9), db_cell(q, i, 8) });
        return 0;
    }
    json_t *items = json_array();
    for (int i = 0; i < shown; i++) json_array_append_new(items, row_json(q, i));
    json_t *next = q->nrows > limit
        ? json_string(cursor_make(r->a, arena_printf(r->a, "%s\n%s", db_cell(q, shown - 1, 10), db_cell(q, shown - 1, 0))))
        : json_null();
    json_t *out = json_pack("{s:o,s:o}", "items", items, "next", next);
    if (!cursor || !*cursor) {
        /* the first page names the actions the journal holds (the filter's choices) */
        db_rows *a = db_query(d, r->a, STMT_AUDIT_ACTIONS, "");
        if (!a) { json_decref(out); return resp_db_error(r); }
        json_t *actions = json_array();
        for (int i = 0; i < a->nrows; i++) json_array_append_new(actions, json_string(db_cell(a, i, 0)));
        json_object_set_new(out, "actions", actions);
    }
    return resp_json(r, 200, out);
}
