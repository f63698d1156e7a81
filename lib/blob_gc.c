/* The running sweep of orphan blob files (blob_gc.h). */
#include "blob_gc.h"
#include "blobstore.h"
#include "log.h"
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    db *d;
    arena *a;
    const db_rows *known;         /* every blob's row, sorted */
    time_t before;                /* files last written before this */
    int removed, failed;
} sweep;

static int judge(const char *path, const char *sha, void *p)
{
    sweep *s = p;
    struct stat st;
    if (!sha || db_rows_sorted_has(s->known, sha) || stat(path, &st) != 0 || st.st_mtime >= s->before) return 0;
    /* under the row's lock: an upload inserting it is waited for */
    if (db_begin(s->d)) { s->failed = 1; return 1; }
    db_rows *q = db_query(s->d, s->a, STMT_BLOB_LOCK, "s", sha);
    if (!q) { db_rollback(s->d); s->failed = 1; return 1; }
    if (q->nrows == 0 && unlink(path) == 0) s->removed++;
    if (db_commit(s->d)) { s->failed = 1; return 1; }
    return 0;
}

int blob_orphans_sweep(db *d, arena *a, const char *root, int grace_seconds)
{
    db_rows *known = db_query(d, a, STMT_BLOB_LIST_ALL, "");
    if (!known) return -1;
    sweep s = { d, a, known, time(NULL) - grace_seconds, 0, 0 };
    blob_walk(root, judge, &s);
    if (s.removed) log_info("blob sweep: %d files no row named removed", s.removed);
    return s.failed ? -1 : s.removed;
}

void blob_release(db *d, arena *a, const char *root, const char *freed)
{
    if (!freed || db_begin(d)) return;
    db_rows *q = db_query(d, a, STMT_BLOBS_UNREFERENCED_LOCK, "s", freed);
    int failed = !q;
    for (int i = 0; !failed && i < q->nrows; i++) failed = blob_remove(root, db_cell(q, i, 0)) != 0;
    if (failed || db_exec(d, STMT_BLOBS_UNREFERENCED_DELETE, "s", freed) < 0) {
        db_rollback(d);
        return;
    }
    db_commit(d);
}
