/* POST /webhooks/{id}/test: a « ping » delivery to the subscription's URL,
 * sent by the notifier like any other (signed, logged, retried). */
#include "core/respond.h"
#include "core/worker.h"
#include "integrations/handlers.h"
#include "integrations/webhook_model.h"
#include "webhook.h"
#include <stdlib.h>
#include <time.h>

int h_webhooks_test(req *r)
{
    db_rows *q;
    if (!webhook_find(r, r->ids[0], &q)) return 0;
    if (!db_cell_int(q, 0, 4)) return resp_error(r, 409, "conflict", M_WEBHOOK_INACTIVE);
    char uid[33], when[32];
    webhook_uid_new(uid);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_t *body = json_pack("{s:s,s:s,s:s,s:{s:I,s:I}}", "id", uid, "event", "ping", "created", when,
                             "data", "webhook_id", (json_int_t)r->ids[0], "by", (json_int_t)r->user->id);
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    long long n = text ? db_exec(worker_db(), STMT_WEBHOOK_DELIVERY_INSERT, "siss", uid, r->ids[0], "ping", text) : -1;
    free(text);
    if (n < 0) return resp_db_error(r);
    webhook_poke(&W.cfg);
    return resp_json(r, 202, json_pack("{s:s}", "delivery", uid));
}
