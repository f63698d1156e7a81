/* Reports and closing. A participant reports a conversation; the
 * administrators see who reported what, in which conversation and between
 * whom, never its messages (they read only the conversations they take
 * part in), and may close it: it stays readable by its participants and
 * nobody writes in it any more. Closing and opening again are audited. */
#include "chat/chat_model.h"
#include "core/respond.h"
#include "chat/handlers.h"
#include "core/validate.h"
#include "core/worker.h"
#include "notify.h"
#include <limits.h>

static const field_spec report_fields[] = {
    { "reason", F_TEXT, 1, 1000, NULL },
    { NULL, 0, 0, 0, NULL },
};

int h_conversation_report(req *r)
{
    conversation c;
    if (!conversation_allows(r, r->ids[0], CA_REPORT, &c)) return 0;
    if (req_read_json(r) || validate_body(r, report_fields)) return 0;
    const char *reason = body_str(r, "reason");
    if (!trim_spaces(r->a, reason)) return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "reason");
    if (db_exec(worker_db(), STMT_CHAT_REPORT_INSERT, "iis", c.id, r->user->id, reason) < 0) return resp_db_error(r);
    return resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)db_last_id(worker_db())));
}

/* administrators, whatever conversation: acl_conversation's CA_CLOSE */
static int may_close(req *r)
{
    conversation_facts none = { .kind = CONV_GROUP };
    if (acl_conversation(r->user, &none, CA_CLOSE) == ACL_ALLOW) return 1;
    resp_error(r, 403, "forbidden", M_FORBIDDEN);
    return 0;
}

int h_chat_reports_list(req *r)
{
    if (!may_close(r)) return 0;
    int limit;
    if (req_limit(r, 20, 100, &limit)) return 0;
    const char *cursor = req_query(r, "cursor");
    long long before = cursor && *cursor ? parse_id(cursor) : LLONG_MAX;
    if (before <= 0) return resp_error(r, 400, "bad_request", M_BAD_CURSOR);
    db *d = worker_db();
    db_rows *q = db_query(d, r->a, STMT_CHAT_REPORTS_PAGE, "ii", before, (long long)limit + 1);
    if (!q) return resp_db_error(r);
    int shown = q->nrows > limit ? limit : q->nrows;
    json_t *items = json_array();
    for (int i = 0; i < shown; i++) {
        /* the people of a direct or group conversation; a room's are its group's */
        json_t *people = json_array();
        if (!db_cell(q, i, 10)) {
            db_rows *p = db_query(d, r->a, STMT_CHAT_PARTICIPANT_NAMES, "i", db_cell_int(q, i, 1));
            if (!p) { json_decref(people); json_decref(items); return resp_db_error(r); }
            for (int k = 0; k < p->nrows; k++)
                json_array_append_new(people, json_pack("{s:I,s:s}", "id", (json_int_t)db_cell_int(p, k, 0),
                                                        "display_name", db_cell(p, k, 1)));
        }
        json_array_append_new(items, json_pack("{s:I,s:{s:I,s:s,s:s?,s:o,s:b,s:o},s:o,s:s,s:s,s:b}",
            "id", (json_int_t)db_cell_int(q, i, 0),
            "conversation", "id", (json_int_t)db_cell_int(q, i, 1), "kind", db_cell(q, i, 2), "name", db_cell(q, i, 3),
            "participants", people, "closed", db_cell_int(q, i, 4) != 0,
            "group", db_cell(q, i, 10) ? json_pack("{s:I,s:s?}", "id", (json_int_t)db_cell_int(q, i, 10),
                                                   "name", db_cell(q, i, 3)) : json_null(),
            "reporter", db_cell(q, i, 5) ? json_pack("{s:I,s:s}", "id", (json_int_t)db_cell_int(q, i, 5),
                                                     "display_name", db_cell(q, i, 6)) : json_null(),
            "reason", db_cell(q, i, 7), "created", db_cell(q, i, 8), "handled", db_cell_int(q, i, 9) != 0));
    }
    json_t *next = q->nrows > limit ? json_string(db_cell(q, shown - 1, 0)) : json_null();
    return resp_json(r, 200, json_pack("{s:o,s:o}", "items", items, "next", next));
}

static int set_closed(req *r, int close)
{
    if (!may_close(r)) return 0;
    long long id = r->ids[0];
    db *d = worker_db();
    db_rows *q = db_query(d, r->a, STMT_CHAT_CONVERSATION_EXISTS, "i", id);
    if (!q) return resp_db_error(r);
    if (q->nrows == 0) return resp_error(r, 404, "not_found", M_CHAT_NOT_FOUND);
    if (db_begin(d)) return resp_db_error(r);
    long long changed = close ? db_exec(d, STMT_CHAT_CONVERSATION_CLOSE, "ii", r->user->id, id)
                              : db_exec(d, STMT_CHAT_CONVERSATION_REOPEN, "i", id);
    int failed = changed < 0
        || (close && db_exec(d, STMT_CHAT_REPORTS_HANDLE, "ii", r->user->id, id) < 0)
        || (changed > 0 && (db_exec(d, STMT_CHAT_AUDIT, "isis", r->user->id, close ? "chat_close" : "chat_reopen", id, "") < 0
                            || notify_add(d, NOTIFY_CHAT_CONVERSATION, id, r->user->id, 0, close ? "closed" : "reopened")));
    if (failed || db_commit(d)) { db_rollback(d); return resp_db_error(r); }
    if (changed > 0) notify_poke(&W.cfg);
    return resp_empty(r, 204);
}

int h_conversation_close(req *r) { return set_closed(r, 1); }
int h_conversation_reopen(req *r) { return set_closed(r, 0); }
