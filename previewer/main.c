/* parvis-previewer: makes the previews (docs/previews.md). It takes
 * preview_queue rows (written with each new file version, or by a person
 * asking for a preview not made yet, those first), makes each in a limited
 * child (preview.c), records the result — ready, or failed with its reason
 * — and deletes the row in one transaction: a crash replays the row, and a
 * row whose result is recorded already is only deleted. A row that was
 * started MAX_ATTEMPTS times without an end (the previewer killed under
 * it) is recorded as failed. Workers poke it on a datagram socket; it also
 * polls every second. A supervising master restarts it if it dies. */
#include "arena.h"
#include "blobstore.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "outbox.h"
#include "preview.h"
#include "supervise.h"
#include "priority.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BATCH 8
#define MAX_ATTEMPTS 3

static config cfg;
static volatile sig_atomic_t stopping;

static void on_term(int sig) { (void)sig; stopping = 1; }

/* The result of queue row `seq` recorded and the row deleted, together. */
static int record(db *d, long long seq, const char *sha, long long page, const preview_result *res, preview_kind kind)
{
    if (db_begin(d)) return -1;
    if (db_exec(d, STMT_PREVIEW_SAVE, "sisssii", sha, page, res->reason[0] ? "failed" : "ready",
                res->reason[0] ? res->reason : NULL, preview_kind_name(kind), (long long)res->pages, (long long)res->ms) < 0
        || db_exec(d, STMT_PREVIEW_QUEUE_DELETE, "i", seq) < 0 || db_commit(d)) {
        log_error("preview of %s page %lld not recorded: %s", sha, page, db_error(d));
        db_rollback(d);
        return -1;
    }
    return 0;
}

/* One row: 0 done, -1 MariaDB failed (replayed later). */
static int make_one(db *d, arena *a, db_rows *q, int i, const char *blobs, const char *root, const char *work)
{
    long long seq = db_cell_int(q, i, 0), page = db_cell_int(q, i, 2), attempts = db_cell_int(q, i, 3);
    const char *sha = db_cell(q, i, 1), *mime = db_cell(q, i, 4);
    preview_kind kind = preview_kind_of(mime);
    db_rows *made = db_query(d, a, STMT_PREVIEW_EXISTS, "si", sha, page);
    if (!made) return -1;
    if (made->nrows) return db_exec(d, STMT_PREVIEW_QUEUE_DELETE, "i", seq) < 0 ? -1 : 0;   /* a replay */
    preview_result res;
    memset(&res, 0, sizeof res);
    if (attempts >= MAX_ATTEMPTS) {
        snprintf(res.reason, sizeof res.reason, "crashed: the previewer stopped %lld times while making it", attempts);
        log_error("preview of %s page %lld given up after %lld attempts", sha, page, attempts);
        return record(d, seq, sha, page, &res, kind);
    }
    /* started: counted before, so that a file that kills the previewer
     * itself is given up after a few tries */
    if (db_exec(d, STMT_PREVIEW_QUEUE_STARTED, "i", seq) < 0) return -1;
    char src[4096];
    blob_path(blobs, sha, src, sizeof src);
    preview_make(src, mime, (int)page, root, sha, work, &res);
    if (res.reason[0]) log_info("preview of %s (%s) page %lld: %s", sha, mime, page, res.reason);
    return record(d, seq, sha, page, &res, kind);
}

static int run_batch(db *d, arena *a, const char *blobs, const char *root, const char *work)
{
    arena_reset(a);
    db_rows *q = db_query(d, a, STMT_PREVIEW_QUEUE_BATCH, "i", (long long)BATCH);
    if (!q) { log_error("preview_queue: %s", db_error(d)); return -1; }
    int done = 0;
    for (int i = 0; i < q->nrows && !stopping; i++) {
        if (make_one(d, a, q, i, blobs, root, work)) return -1;
        done++;
    }
    return done;
}

static void previewer_main(int index, void *arg)
{
    (void)index; (void)arg;
    priority_lower("previewer", cfg.background_nice);
    struct sigaction sa = { 0 };
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    char sock[600], blobs[600], root[600], work[600];
    preview_socket(cfg.var_dir, sock, sizeof sock);
    snprintf(blobs, sizeof blobs, "%s/blobs", cfg.var_dir);
    preview_root(cfg.var_dir, root, sizeof root);
    snprintf(work, sizeof work, "%s/tmp/previewer", cfg.var_dir);
    char tmpdir[600];
    snprintf(tmpdir, sizeof tmpdir, "%s/tmp", cfg.var_dir);
    mkdir(tmpdir, 0750);
    if (mkdir(work, 0700) && errno != EEXIST) log_error("cannot create %s: %s", work, strerror(errno));
    if (mkdir(root, 0750) && errno != EEXIST) log_error("cannot create %s: %s", root, strerror(errno));
    if (preview_init()) log_error("libvips did not start; each conversion starts it");
    int fd = poke_bind(sock);
    if (fd < 0) log_error("cannot bind %s (%s); polling only", sock, strerror(errno));
    char err[512];
    db *d = NULL;
    db_set_timeouts(5, 120);
    while (!stopping && !(d = db_open(&cfg, cfg.db_name, 1, err, sizeof err))) {
        log_error("%s; retrying", err);
        sleep(1);
    }
    arena *a = arena_new(64 * 1024);
    log_info("previewer ready (previews in %s)", root);
    long total = 0;
    while (!stopping) {
        int n = run_batch(d, a, blobs, root, work);
        if (n > 0) { total += n; continue; }
        if (n < 0) sleep(1);          /* back off after a failure, then replay */
        poke_wait(fd);
    }
    log_info("previewer stopping after %ld previews", total);
    arena_free(a);
    db_close(d);
    if (fd >= 0) close(fd);
    preview_shutdown();
    exit(0);
}

int main(void)
{
    log_init("parvis-previewer");
    char err[512];
    if (config_load(&cfg, err, sizeof err)) { log_error("%s", err); return 1; }
    supervisor s = { .name = "parvis-previewer", .children = 1, .child_main = previewer_main,
                     .grace_seconds = 30 };
    return supervise(&s) ? 1 : 0;
}
