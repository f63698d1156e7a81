#include "drive/drive_cleanup.h"
#include "arena.h"
#include "blobstore.h"
#include "db.h"
#include "log.h"
#include <stdio.h>
#include <string.h>

/* The blobs some version uses, sorted, for a binary search per file. */
typedef struct { const db_rows *q; } sweep_ctx;

static int known(const char *sha256, void *p)
{
    return db_rows_sorted_has(((sweep_ctx *)p)->q, sha256);
}

void drive_startup_cleanup(const config *c)
{
    char err[256], root[600];
    db *d = db_open(c, c->db_name, 0, err, sizeof err);
    if (!d) { log_error("drive clean-up skipped: %s", err); return; }
    arena *a = arena_new(1 << 16);
    /* the rows first: a file is removed only when no row names it */
    long long rows = db_exec(d, STMT_BLOB_DELETE_UNREFERENCED, "");
    db_rows *q = rows >= 0 ? db_query(d, a, STMT_BLOB_LIST_ALL, "") : NULL;
    if (q) {
        snprintf(root, sizeof root, "%s/blobs", c->var_dir);
        sweep_ctx ctx = { q };
        int files = blob_sweep(root, known, &ctx);
        if (files > 0 || rows > 0) log_info("drive clean-up: %d unreferenced blob files, %lld rows removed", files, rows);
    } else {
        log_error("drive clean-up skipped: %s", db_error(d));
    }
    arena_free(a);
    db_close(d);
}
