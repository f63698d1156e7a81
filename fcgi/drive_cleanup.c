#include "drive_cleanup.h"
#include "arena.h"
#include "blobstore.h"
#include "db.h"
#include "log.h"
#include <stdio.h>

typedef struct { db *d; arena *a; } sweep_ctx;

/* A blob file is kept when a row with references names it. */
static int known(const char *sha256, void *p)
{
    sweep_ctx *c = p;
    arena_reset(c->a);
    db_rows *q = db_query(c->d, c->a, "SELECT refs FROM blobs WHERE sha256 = ?", "s", sha256);
    return !q || (q->nrows && db_cell_int(q, 0, 0) > 0);   /* in doubt, keep */
}

void drive_startup_cleanup(const config *c)
{
    char err[256], root[600];
    db *d = db_open(c, c->db_name, err, sizeof err);
    if (!d) { log_error("drive clean-up skipped: %s", err); return; }
    arena *a = arena_new(1 << 16);
    snprintf(root, sizeof root, "%s/blobs", c->var_dir);
    sweep_ctx ctx = { d, a };
    int files = blob_sweep(root, known, &ctx);
    long long rows = db_exec(d, "DELETE FROM blobs WHERE refs = 0", "");
    if (files > 0 || rows > 0) log_info("drive clean-up: %d unreferenced blob files, %lld rows removed", files, rows);
    arena_free(a);
    db_close(d);
}
