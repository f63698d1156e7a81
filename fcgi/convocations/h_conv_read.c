/* Reading a convocation (its first reading by a recipient is « opened »)
 * and its delivery record, as JSON or CSV (docs/convocations.md). */
#include "convocations/handlers.h"
#include "convocations/conv_model.h"
#include "convocations/receipts_pdf_out.h"
#include "events/events_model.h"
#include "core/csv_out.h"
#include "core/respond.h"
#include "core/worker.h"
#include <stdlib.h>
#include <string.h>

static json_t *opt(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *parsed(const char *text)
{
    json_t *j = text ? json_loads(text, 0, NULL) : NULL;
    return j ? j : json_array();
}

/* GET /convocations/{id} */
int h_convocations_get(req *r)
{
    conv c;
    long long id = r->ids[0];
    if (!conv_find(r, id, CVA_SEE, &c)) return 0;
    db *d = worker_db();
    const db_rows *q = c.row;
    long long version = db_cell_int(q, 0, CV_COL_VERSION);
    const db_rows *mine = c.mine;
    /* « opened »: the recipient's first reading, in server time */
    if (c.my_version && !db_cell(mine, 0, 1)) {
        if (db_exec(d, STMT_CONV_OPENED, "iii", id, (long long)c.my_version, r->user->id) < 0) return resp_db_error(r);
        mine = db_query(d, r->a, STMT_CONV_MY_RECEIPTS, "ii", id, r->user->id);
        if (!mine) return resp_db_error(r);
    }
    db_rows *eq;
    event_facts ef;
    acl_verdict ev;
    int found = event_load(r, db_cell_int(q, 0, CV_COL_EVENT), &eq, &ef, &ev);
    if (found <= 0) { tz_restore(); return found < 0 ? resp_db_error(r) : resp_error(r, 404, "not_found", M_CONV_NOT_FOUND); }
    json_t *event = event_json(r, eq, 0, &ef);
    tz_restore();
    db_rows *vs = db_query(d, r->a, STMT_CONV_VERSIONS, "i", id);
    db_rows *n = db_query(d, r->a, STMT_CONV_COUNTS, "ii", id, version);
    if (!vs || !n) { json_decref(event); return resp_db_error(r); }
    json_t *versions = json_array();
    for (int i = 0; i < vs->nrows; i++)
        json_array_append_new(versions, json_pack("{s:I,s:s,s:s,s:s}", "version", (json_int_t)db_cell_int(vs, i, 0),
                                                  "sent_at", db_cell(vs, i, 1), "title", db_cell(vs, i, 2),
                                                  "start", db_cell(vs, i, 3)));
    json_t *atts = parsed(db_cell(q, 0, CV_COL_ATTACHMENTS));
    long long post = db_cell(q, 0, CV_COL_POST) ? db_cell_int(q, 0, CV_COL_POST) : 0;
    size_t i;
    json_t *a;
    json_array_foreach(atts, i, a)
        if (post)
            json_object_set_new(a, "content_url", json_string(arena_printf(r->a, "/api/v1/posts/%lld/attachments/%lld/content", post,
                                                                  (long long)json_integer_value(json_object_get(a, "id")))));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(id));
    json_object_set_new(o, "group", json_pack("{s:I,s:s}", "id", (json_int_t)db_cell_int(q, 0, CV_COL_GROUP_ID),
                                              "name", db_cell(q, 0, CV_COL_GROUP_NAME)));
    json_object_set_new(o, "post_id", post ? json_integer(post) : json_null());
    json_object_set_new(o, "event", event);
    json_object_set_new(o, "agenda", json_string(db_cell(q, 0, CV_COL_AGENDA)));
    json_object_set_new(o, "agenda_html", json_string(db_cell(q, 0, CV_COL_AGENDA_HTML)));
    json_object_set_new(o, "attachments", atts);
    json_object_set_new(o, "version", json_integer(version));
    json_object_set_new(o, "versions", versions);
    json_object_set_new(o, "reminders", parsed(db_cell(q, 0, CV_COL_REMINDERS)));
    json_object_set_new(o, "recipient", json_boolean(c.my_version == version));
    json_object_set_new(o, "my_receipt", mine->nrows
        ? json_pack("{s:I,s:o,s:o,s:o}", "version", (json_int_t)db_cell_int(mine, 0, 0), "opened", opt(db_cell(mine, 0, 1)),
                    "confirmed", opt(db_cell(mine, 0, 2)), "confirmed_via", opt(db_cell(mine, 0, 3)))
        : json_null());
    json_object_set_new(o, "counts", json_pack("{s:I,s:I,s:I}", "recipients", (json_int_t)db_cell_int(n, 0, 0),
                                               "confirmed", (json_int_t)db_cell_int(n, 0, 1),
                                               "opened", (json_int_t)db_cell_int(n, 0, 2)));
    json_object_set_new(o, "can", json_pack("{s:b,s:b}", "edit", acl_convocation(r->user, &c.f, CVA_SEND) == ACL_ALLOW,
                                            "receipts", acl_convocation(r->user, &c.f, CVA_RECEIPTS) == ACL_ALLOW));
    return resp_json(r, 200, o);
}

/* ?version=N: 1 to the current one; 0 after answering 400. */
static long long version_asked(req *r, long long current)
{
    const char *s = req_query(r, "version");
    if (!s) return current;
    long long v = parse_id(s);
    if (v < 1 || v > current) { resp_error(r, 400, "bad_request", M_CONV_BAD_VERSION, s); return 0; }
    return v;
}

static const char *relay_status(const db_rows *q, int i)
{
    return db_cell(q, i, 5) ? db_cell(q, i, 5) : "pending";
}

/* GET /convocations/{id}/receipts[?version=N][&format=csv|pdf] */
int h_convocation_receipts(req *r)
{
    conv c;
    long long id = r->ids[0];
    if (!conv_find(r, id, CVA_RECEIPTS, &c)) return 0;
    const char *format = req_query(r, "format");
    if (format && strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "pdf"))
        return resp_error(r, 400, "bad_request", M_BAD_FIELD, "format");
    long long version = version_asked(r, db_cell_int(c.row, 0, CV_COL_VERSION));
    if (!version) return 0;
    db_rows *q = db_query(worker_db(), r->a, STMT_CONV_RECEIPTS_OF, "ii", id, version);
    if (!q) return resp_db_error(r);
    if (format && strcmp(format, "pdf") == 0) return conv_receipts_pdf(r, &c, version, q);
    if (format && strcmp(format, "csv") == 0) {
        resp_header(r, "Content-Disposition",
                    arena_printf(r->a, "attachment; filename=\"convocation-%lld-v%lld.csv\"", id, version));
        r->status = 200;
        resp_stream_csv(r);
        static const char *const head[] = { "name", "email", "version", "sent", "relay_status", "relay_at",
                                            "relay_reply", "opened", "confirmed", "confirmed_via", "answer", "reminders" };
        csv_line(r, 12, head);
        for (int i = 0; i < q->nrows; i++) {
            const char *cells[12] = { db_cell(q, i, 1), db_cell(q, i, 2), db_cell(q, i, 3), db_cell(q, i, 4),
                                      relay_status(q, i), db_cell(q, i, 6), db_cell(q, i, 7), db_cell(q, i, 8),
                                      db_cell(q, i, 9), db_cell(q, i, 10), db_cell(q, i, 11), db_cell(q, i, 12) };
            csv_line(r, 12, cells);
        }
        return 0;
    }
    json_t *items = json_array();
    for (int i = 0; i < q->nrows; i++) {
        json_t *it = json_object();
        json_object_set_new(it, "user", json_pack("{s:I,s:s,s:s}", "id", (json_int_t)db_cell_int(q, i, 0),
                                                  "display_name", db_cell(q, i, 1), "email", db_cell(q, i, 2)));
        json_object_set_new(it, "version", json_integer(db_cell_int(q, i, 3)));
        json_object_set_new(it, "sent", opt(db_cell(q, i, 4)));
        json_object_set_new(it, "relay", json_pack("{s:o,s:s,s:s}", "at", opt(db_cell(q, i, 6)), "status", relay_status(q, i),
                                                   "reply", db_cell(q, i, 7) ? db_cell(q, i, 7) : ""));
        json_object_set_new(it, "opened", opt(db_cell(q, i, 8)));
        json_object_set_new(it, "confirmed", opt(db_cell(q, i, 9)));
        json_object_set_new(it, "confirmed_via", opt(db_cell(q, i, 10)));
        json_object_set_new(it, "answer", opt(db_cell(q, i, 11)));
        json_object_set_new(it, "reminders", json_pack("{s:I,s:o}", "sent", (json_int_t)db_cell_int(q, i, 12),
                                                       "last", opt(db_cell(q, i, 13))));
        json_array_append_new(items, it);
    }
    return resp_json(r, 200, json_pack("{s:I,s:o}", "version", (json_int_t)version, "items", items));
}
