#include "chat_retention.h"
#include "blob_gc.h"
#include "log.h"
#include "outbox.h"
#include "settings.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 1000

/* Column `col` of `q` as a JSON array text: numbers, or (quote) strings
 * that need no escaping (ids, SHA-256 in hex). */
static const char *column_json(arena *a, const db_rows *q, int col, int quote)
{
    size_t cap = 3, len = 0;
    for (int i = 0; i < q->nrows; i++) cap += strlen(db_cell(q, i, col)) + 3;
    char *out = arena_alloc(a, cap);
    out[len++] = '[';
    for (int i = 0; i < q->nrows; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%s%s%s", i ? "," : "", quote ? "\"" : "",
                                db_cell(q, i, col), quote ? "\"" : "");
    snprintf(out + len, cap - len, "]");
    return out;
}

/* Up to BATCH messages older than `days`, in one transaction, then their
 * blobs left without a reference. The number deleted, or -1. */
static int messages_batch(db *d, arena *a, const char *root, long long days)
{
    if (db_begin(d)) return -1;
    db_rows *q = db_query(d, a, STMT_CHAT_RETENTION_IDS, "ii", days, (long long)BATCH);
    if (!q || !q->nrows) {
        int rc = q ? db_commit(d) : -1;
        if (rc) db_rollback(d);
        return rc ? -1 : 0;
    }
    const char *ids = column_json(a, q, 0, 0);
    db_rows *sha = db_query(d, a, STMT_CHAT_ATTACHMENTS_SHA_OF_MESSAGES, "s", ids);
    /* the references first (their rows name the blobs), then the rows; the
     * search documents are removed by the indexer (one index_queue row
     * each, written before the message goes) */
    if (!sha || db_exec(d, STMT_CHAT_BLOBS_UNREF_OF_MESSAGES, "s", ids) < 0
        || db_exec(d, STMT_CHAT_ATTACHMENTS_DELETE_OF_MESSAGES, "s", ids) < 0
        || db_exec(d, STMT_CHAT_MESSAGES_QUEUE_OF_IDS, "s", ids) < 0
        || db_exec(d, STMT_CHAT_MESSAGES_DELETE_OF_IDS, "s", ids) < 0 || db_commit(d)) {
        db_rollback(d);
        return -1;
    }
    blob_release(d, a, root, db_cell(sha, 0, 0));
    return q->nrows;
}

/* Up to BATCH attachments never sent, a day old, likewise. */
static int unsent_batch(db *d, arena *a, const char *root)
{
    if (db_begin(d)) return -1;
    db_rows *q = db_query(d, a, STMT_CHAT_UNSENT_ATTACHMENTS, "i", (long long)BATCH);
    if (!q || !q->nrows) {
        int rc = q ? db_commit(d) : -1;
        if (rc) db_rollback(d);
        return rc ? -1 : 0;
    }
    const char *ids = column_json(a, q, 0, 0), *freed = column_json(a, q, 1, 1);
    if (db_exec(d, STMT_CHAT_BLOBS_UNREF_OF_ATTACHMENTS, "s", ids) < 0
        || db_exec(d, STMT_CHAT_ATTACHMENTS_DELETE_UNSENT, "s", ids) < 0 || db_commit(d)) {
        db_rollback(d);
        return -1;
    }
    blob_release(d, a, root, freed);
    return q->nrows;
}

long chat_retention_pass(db *d, arena *a, const config *c, volatile sig_atomic_t *stopping)
{
    char root[600], value[32] = "";
    snprintf(root, sizeof root, "%s/blobs", c->var_dir);
    arena_reset(a);
    if (settings_get(d, a, "chat_retention_days", value, sizeof value)) return -1;
    char *end;
    long long days = strtoll(value, &end, 10);
    if (end == value || days < 0) days = 0;
    long messages = 0, unsent = 0;
    int n = BATCH;
    while (days > 0 && n == BATCH && !*stopping) {
        arena_reset(a);
        if ((n = messages_batch(d, a, root, days)) < 0) return -1;
        messages += n;
        if (n) outbox_poke(c->indexer_socket);       /* their documents go now */
    }
    n = BATCH;
    while (n == BATCH && !*stopping) {
        arena_reset(a);
        if ((n = unsent_batch(d, a, root)) < 0) return -1;
        unsent += n;
    }
    if (messages || unsent)
        log_info("chat retention: %ld messages older than %lld days, %ld attachments never sent, deleted",
                 messages, days, unsent);
    return messages + unsent;
}
