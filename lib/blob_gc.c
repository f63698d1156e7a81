/* The running sweep of orphan blob files (blob_gc.h). */
#include "blob_gc.h"
#include "blobstore.h"
#include "log.h"
#include "preview_kind.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The previews' directory beside the blob store: <var>/blobs gives
 * <var>/previews (lib/preview_kind.h). */
static void previews_of(const char *blob_root, char *out, size_t n)
{
    const char *slash = strrchr(blob_root, '/');
    int len = slash ? (int)(slash - blob_root) : 0;
    snprintf(out, n, "%.*s/previews", len, blob_root);
}

typedef struct {
    db *d;
    arena *a;
    const db_rows *known;         /* every blob's row, sorted */
    time_t before;                /* files last written before this */
    int removed, failed;
} sweep;

/* Removes the file of `sha` unless a row names it, judged under the row's
 * lock (BLOB_LOCK: a locking read, so an upload inserting that row waits for
 * this commit, and one that inserted it first is waited for here). 0, or -1
 * when MariaDB failed. */
static int remove_unnamed(db *d, arena *a, const char *path, const char *sha, int *removed)
{
    if (db_begin(d)) return -1;
    db_rows *q = db_query(d, a, STMT_BLOB_LOCK, "s", sha);
    if (!q) { db_rollback(d); return -1; }
    if (q->nrows == 0 && unlink(path) == 0) (*removed)++;
    return db_commit(d) ? -1 : 0;
}

static int judge(const char *path, const char *sha, void *p)
{
    sweep *s = p;
    struct stat st;
    if (!sha || db_rows_sorted_has(s->known, sha) || stat(path, &st) != 0 || st.st_mtime >= s->before) return 0;
    if (remove_unnamed(s->d, s->a, path, sha, &s->removed)) { s->failed = 1; return 1; }
    return 0;
}

/* A preview's file ("<sha256>-small.webp", "<sha256>.pdf"...): removed
 * when no blob row names its content and it is older than the grace. */
static int judge_preview(const char *path, const char *sha, void *p)
{
    sweep *s = p;
    (void)sha;                              /* the name is longer than a SHA-256 */
    const char *name = strrchr(path, '/');
    name = name ? name + 1 : path;
    char content[65];
    struct stat st;
    if (strlen(name) < 65 || (name[64] != '-' && name[64] != '.')) return 0;
    memcpy(content, name, 64);
    content[64] = 0;
    if (db_rows_sorted_has(s->known, content) || stat(path, &st) != 0 || st.st_mtime >= s->before) return 0;
    if (unlink(path) == 0) s->removed++;
    return 0;
}

int blob_orphans_sweep(db *d, arena *a, const char *root, int grace_seconds)
{
    db_rows *known = db_query(d, a, STMT_BLOB_LIST_ALL, "");
    if (!known) return -1;
    sweep s = { d, a, known, time(NULL) - grace_seconds, 0, 0 };
    blob_walk(root, judge, &s);
    /* previews whose blob has no row (a crash between the two removals,
     * or a preview finished after its blob went) */
    char previews[4096];
    previews_of(root, previews, sizeof previews);
    blob_walk(previews, judge_preview, &s);
    if (s.removed) log_info("blob sweep: %d files no row named removed", s.removed);
    return s.failed ? -1 : s.removed;
}

void blob_release(db *d, arena *a, const char *root, const char *freed)
{
    if (!freed || db_begin(d)) return;
    /* the rows first, committed: a file is never removed while a row that
     * could still be rolled back names it */
    db_rows *q = db_query(d, a, STMT_BLOBS_UNREFERENCED_LOCK, "s", freed);
    if (!q || db_exec(d, STMT_BLOBS_UNREFERENCED_DELETE, "s", freed) < 0 || db_commit(d)) {
        db_rollback(d);
        return;
    }
    /* then each file, unless an upload of the same content gave it a row
     * again meanwhile; a failure here leaves a file no row names, which the
     * sweep removes */
    int removed = 0;
    char previews[4096];
    previews_of(root, previews, sizeof previews);
    for (int i = 0; i < q->nrows; i++) {
        char path[4096];
        blob_path(root, db_cell(q, i, 0), path, sizeof path);
        int before = removed;
        if (remove_unnamed(d, a, path, db_cell(q, i, 0), &removed)) return;
        /* its previews go with it (their rows went with the blob's row) */
        if (removed > before) preview_remove_files(previews, db_cell(q, i, 0));
    }
}
