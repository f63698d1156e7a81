/* GET /health: is the service up, and how far behind is the search index. */
#include "platform/handlers.h"
#include "core/respond.h"
#include "core/worker.h"

int h_health(req *r)
{
    db *d = worker_db();
    db_rows *q = d ? db_query(d, r->a, STMT_QUEUE_COUNT, "") : NULL;
    if (!q)
        return resp_json(r, 503, json_pack("{s:s,s:s,s:n}", "status", "degraded", "db", "down", "index", NULL));
    xap_rdb *x = worker_xap();
    xap_err e;
    long docs = x ? xap_rdb_doccount(x, &e) : -1;
    json_t *index = json_pack("{s:I}", "pending", (json_int_t)db_cell_int(q, 0, 0));
    json_object_set_new(index, "documents", docs >= 0 ? json_integer(docs) : json_null());
    return resp_json(r, 200, json_pack("{s:s,s:s,s:o}", "status", "ok", "db", "ok", "index", index));
}
