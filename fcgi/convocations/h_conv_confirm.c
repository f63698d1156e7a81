/* « J'ai lu »: in the app (POST /convocations/{id}/confirm, or the
 * acknowledgement of its must-read post) and by the e-mail's link (POST
 * /convocations/receipt, no session: the token is the proof); and the
 * managers' « Relancer » (docs/convocations.md). */
#include "convocations/handlers.h"
#include "convocations/conv_model.h"
#include "events/events_model.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "crypto.h"
#include "notify.h"
#include <string.h>
#include <time.h>

static int answer_confirmed(req *r, long long id, long long version, long long user, json_t *extra)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_CONV_CONFIRMED_AT, "iii", id, version, user);
    if (!q || !q->nrows) { json_decref(extra); return resp_db_error(r); }
    json_t *o = extra ? extra : json_object();
    json_object_set_new(o, "confirmed", db_cell(q, 0, 0) ? json_string(db_cell(q, 0, 0)) : json_null());
    json_object_set_new(o, "version", json_integer(version));
    return resp_json(r, 200, o);
}

/* POST /convocations/{id}/confirm */
int h_convocation_confirm(req *r)
{
    conv c;
    long long id = r->ids[0];
    if (!conv_find(r, id, CVA_SEE, &c)) return 0;
    if (!c.my_version) return resp_error(r, 409, "conflict", M_CONV_NOT_RECIPIENT);
    long long post = db_cell(c.row, 0, CV_COL_POST) ? db_cell_int(c.row, 0, CV_COL_POST) : 0;
    if (conv_confirm(worker_db(), id, c.my_version, r->user->id, post, "app")) return resp_db_error(r);
    return answer_confirmed(r, id, c.my_version, r->user->id, NULL);
}

static const field_spec token_fields[] = {
    { "token", F_STRING, 1, 100, NULL },
    { NULL, 0, 0, 0, NULL },
};

/* POST /convocations/receipt {"token"}: no session. An unknown token is
 * answered 404 after the same work as a known one: the token's SHA-256
 * is looked up by the primary key (the token itself is never compared,
 * and never stored). */
int h_convocation_receipt(req *r)
{
    if (req_read_json(r) || validate_body(r, token_fields)) return 0;
    const char *token = body_str(r, "token");
    size_t n = strlen(token);
    int wellformed = n == TOKEN_B64_LEN;
    unsigned char hash[32];
    token_hash((const unsigned char *)token, wellformed ? n : 0, hash);
    db *d = worker_db();
    db_rows *t = db_query(d, r->a, STMT_CONV_TOKEN_FIND, "b", hash, sizeof hash);
    if (!t) return resp_db_error(r);
    if (!wellformed || !t->nrows) return resp_error(r, 404, "not_found", M_CONV_NOT_FOUND);
    long long id = db_cell_int(t, 0, 0), version = db_cell_int(t, 0, 1), user = db_cell_int(t, 0, 2);
    long long post = db_cell(t, 0, 4) ? db_cell_int(t, 0, 4) : 0;
    if (conv_confirm(d, id, version, user, post, "mail")) return resp_db_error(r);
    return answer_confirmed(r, id, version, user, json_pack("{s:I,s:s}", "id", (json_int_t)id, "title", db_cell(t, 0, 3)));
}

/* POST /convocations/{id}/remind: sent again now to those of the current
 * version who have not confirmed. */
int h_convocation_remind(req *r)
{
    conv c;
    long long id = r->ids[0];
    if (!conv_find(r, id, CVA_SEND, &c)) return 0;
    db_rows *eq;
    event_facts ef;
    acl_verdict ev;
    int found = event_load(r, db_cell_int(c.row, 0, CV_COL_EVENT), &eq, &ef, &ev);
    if (found < 0) return resp_db_error(r);
    if (!found) return resp_error(r, 404, "not_found", M_CONV_NOT_FOUND);
    if (strcmp(db_cell(eq, 0, EV_COL_STATUS), "cancelled") == 0) return resp_error(r, 409, "conflict", M_EVENT_CANCELLED);
    if (parse_sql_utc(db_cell(eq, 0, EV_COL_START)) <= (long long)time(NULL))
        return resp_error(r, 409, "conflict", M_CONV_STARTED);
    if (notify_add(worker_db(), NOTIFY_CONVOCATION, id, r->user->id, 0, "remind")) return resp_db_error(r);
    notify_poke(&W.cfg);
    return resp_json(r, 202, json_pack("{s:b}", "queued", 1));
}
