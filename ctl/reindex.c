/* parvis-ctl reindex: the index rebuilt from MariaDB, while everything runs.
 * What MariaDB no longer has is removed, then every entity is queued
 * (replaying a document is harmless: each has a unique term).
 * parvis-ctl reconcile: the reconciliation alone (reconcile.c in the
 * indexer): orphans, missing documents and stale scopes repaired.
 * parvis-ctl sweep: blob files no row names removed (lib/blob_gc.h). */
#include "blob_gc.h"
#include "ctl.h"
#include "db.h"
#include "log.h"
#include <stdio.h>
#include <stdlib.h>

int ctl_reindex(const config *c)
{
    char err[256];
    db *d = db_open(c, c->db_name, 0, err, sizeof err);
    if (!d) { fprintf(stderr, "%s\n", err); return -1; }
    /* the orphans first, then the cheap documents before the files, whose
     * text is read */
    static const stmt queue[] = {
        STMT_REINDEX_QUEUE_ORPHANS, STMT_REINDEX_QUEUE_POSTS, STMT_REINDEX_QUEUE_COMMENTS,
        STMT_REINDEX_QUEUE_GROUPS, STMT_REINDEX_QUEUE_PERSONS, STMT_REINDEX_QUEUE_MESSAGES, STMT_REINDEX_QUEUE_FILES,
    };
    long long total = 0;
    int failed = db_begin(d);
    for (size_t i = 0; !failed && i < sizeof queue / sizeof *queue; i++) {
        long long n = db_exec(d, queue[i], "");
        if (n < 0) failed = 1;
        else total += n;
    }
    if (failed || db_commit(d)) {
        fprintf(stderr, "reindex: %s\n", db_error(d));
        db_rollback(d);
        db_close(d);
        return -1;
    }
    printf("reindex: %lld entities queued; the indexer takes them in batches\n", total - 1);
    db_close(d);
    return 0;
}

int ctl_reconcile(const config *c)
{
    char err[256];
    db *d = db_open(c, c->db_name, 0, err, sizeof err);
    if (!d) { fprintf(stderr, "%s\n", err); return -1; }
    if (db_exec(d, STMT_QUEUE_RECONCILE, "") < 0) {
        fprintf(stderr, "reconcile: %s\n", db_error(d));
        db_close(d);
        return -1;
    }
    puts("reconcile: queued; the indexer logs its counts and keeps them in the settings (search_reconcile)");
    db_close(d);
    return 0;
}

int ctl_sweep(const config *c, const char *seconds)
{
    char *end;
    long grace = strtol(seconds, &end, 10);
    if (*end || grace < 0) { fprintf(stderr, "sweep: a number of seconds, not %s\n", seconds); return -1; }
    char err[256], root[600];
    db *d = db_open(c, c->db_name, 0, err, sizeof err);
    if (!d) { fprintf(stderr, "%s\n", err); return -1; }
    arena *a = arena_new(1 << 16);
    snprintf(root, sizeof root, "%s/blobs", c->var_dir);
    int removed = blob_orphans_sweep(d, a, root, (int)grace);
    if (removed < 0) fprintf(stderr, "sweep: %s\n", db_error(d));
    arena_free(a);
    db_close(d);
    if (removed < 0) return -1;
    printf("sweep: %d blob files no row named removed\n", removed);
    return 0;
}
