/* The search index for administrators: GET /search/status (documents,
 * rows waiting, the files whose text could not be read and why, their
 * count by reason code, the last reconciliation) and POST /search/reconcile
 * (one queued). */
#include "core/acl.h"
#include "search/handlers.h"
#include "core/respond.h"
#include "outbox.h"
#include "core/worker.h"
#include "index_reason.h"
#include <stdlib.h>
#include <string.h>

#define FAILURES_SHOWN 100
#define REASON_TEXTS_COUNTED 5000       /* distinct reason texts read; the rest count as "other" */

/* [{code, count}] for every code with a count, in the codes' order; the
 * failures beyond the reason texts read are "other". NULL (MariaDB). */
static json_t *by_reason(req *r, long long total)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_INDEX_FAILURES_BY_REASON, "i", (long long)REASON_TEXTS_COUNTED);
    if (!q) return NULL;
#define X(c) #c,
    static const char *const codes[] = { INDEX_REASON_CODES };
#undef X
    enum { N = sizeof codes / sizeof *codes };
    long long count[N] = { 0 }, seen = 0;
    for (int i = 0; i < q->nrows; i++) {
        const char *code = index_reason_code(db_cell(q, i, 0));
        long long n = db_cell_int(q, i, 1);
        seen += n;
        for (size_t k = 0; k < N; k++) if (strcmp(codes[k], code) == 0) { count[k] += n; break; }
    }
    if (total > seen) count[N - 1] += total - seen;
    json_t *list = json_array();
    for (size_t k = 0; k < N; k++)
        if (count[k]) json_array_append_new(list, json_pack("{s:s,s:I}", "code", codes[k], "count", (json_int_t)count[k]));
    return list;
}

int h_search_status(req *r)
{
    if (!acl_can_manage_index(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    db *d = worker_db();
    db_rows *counts = db_query(d, r->a,
        STMT_SEARCH_STATUS_COUNTS, "");
    db_rows *failures = counts ? db_query(d, r->a,
        STMT_INDEX_FAILURES_RECENT,
        "i", (long long)FAILURES_SHOWN) : NULL;
    if (!failures) return resp_db_error(r);
    json_t *list = json_array();
    for (int i = 0; i < failures->nrows; i++)
        json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "file_id", (json_int_t)db_cell_int(failures, i, 0),
            "name", db_cell(failures, i, 1), "mime", db_cell(failures, i, 2), "reason", db_cell(failures, i, 3),
            "at", db_cell(failures, i, 4), "code", index_reason_code(db_cell(failures, i, 3))));
    json_t *reasons = by_reason(r, db_cell_int(counts, 0, 1));
    if (!reasons) { json_decref(list); return resp_db_error(r); }
    xap_rdb *x = worker_xap();
    xap_err e;
    long docs = x ? xap_rdb_doccount(x, &e) : -1;
    const char *reconcile = db_cell(counts, 0, 2);
    return resp_json(r, 200, json_pack("{s:o,s:I,s:I,s:o,s:o,s:o}",
        "documents", docs >= 0 ? json_integer(docs) : json_null(),
        "pending", (json_int_t)db_cell_int(counts, 0, 0), "failures_total", (json_int_t)db_cell_int(counts, 0, 1),
        "failures", list, "last_reconcile", reconcile ? json_string(reconcile) : json_null(),
        "failures_by_reason", reasons));
}

int h_search_reconcile(req *r)
{
    if (!acl_can_manage_index(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    if (db_exec(worker_db(), STMT_QUEUE_RECONCILE, "") < 0)
        return resp_db_error(r);
    outbox_poke(W.cfg.indexer_socket);
    return resp_json(r, 202, json_pack("{s:b}", "queued", 1));
}
