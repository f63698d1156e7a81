/* parvis-indexer: the single Xapian writer. It takes index_queue rows in
 * batches (2,000 rows or a second's work), re-reads each entity, writes the documents, commits, and only
 * then deletes the rows: a crash anywhere replays at most one batch, which
 * is harmless (each document has a unique Q term). Workers poke it on a
 * datagram socket; it also polls every second. A supervising master
 * restarts it if it dies. */
#include "config.h"
#include "clock.h"
#include "db.h"
#include "documents.h"
#include "extract_server.h"
#include "log.h"
#include "outbox.h"
#include "supervise.h"
#include "xap.h"
#include "priority.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static config cfg;
static volatile sig_atomic_t stopping;

static void on_term(int sig) { (void)sig; stopping = 1; }

/* The longest a batch runs before its commit: what was done becomes
 * findable, even when files take long to read. */
#define BATCH_SECONDS 1.0

/* After a batch of a few rows the next waits a little, for more to come:
 * a busy chat's 100 messages a second were a hundred batches, each a
 * Xapian commit (an fsync) and the queue's statements and commit; now
 * about ten. A new text becomes findable at most this much later. */
#define GATHER_SECONDS 0.1
#define GATHER_BELOW 32

/* A row whose document Xapian keeps refusing (not MariaDB being away)
 * would hold the queue for ever: after a few failures in a row it is
 * dropped, logged, and left to the reconciliation. */
#define FAILURES_BEFORE_SKIP 3

static void note_failure(db *d, db_rows *q, int row, const char *err)
{
    static long long last_seq;
    static int times;
    long long seq = db_cell_int(q, row, 0);
    log_error("indexing %s %s failed: %s", db_cell(q, row, 1), db_cell(q, row, 2), err);
    times = seq == last_seq ? times + 1 : 1;
    last_seq = seq;
    if (strncmp(err, "db:", 3) == 0 || times < FAILURES_BEFORE_SKIP) return;   /* replayed */
    if (db_exec(d, STMT_QUEUE_DELETE, "i", seq) >= 0)
        log_error("indexing %s %s skipped after %d failures (make reconcile repairs it)",
                  db_cell(q, row, 1), db_cell(q, row, 2), times);
    times = 0;
}

/* The kind of queue row `i` (ENTITY__MAX: one this indexer does not know,
 * logged and dropped). */
static entity row_kind(db_rows *q, int i)
{
    entity kind;
    if (entity_parse(db_cell(q, i, 1), &kind) == 0) return kind;
    log_error("index_queue: unknown entity type %s (id %s) skipped", db_cell(q, i, 1), db_cell(q, i, 2));
    return ENTITY__MAX;
}

/* The row's work done (an unknown kind: nothing to do). */
static int index_row(db *d, xap_wdb *w, arena *a, db_rows *q, int i, char *err, int errlen)
{
    entity kind = row_kind(q, i);
    return kind == ENTITY__MAX ? 0 : index_entity(d, a, w, kind, db_cell_int(q, i, 2), err, errlen);
}

/* The files of a batch: their texts asked of the extraction servers a few
 * ahead, and indexed as they come back, so that both cores read files
 * while this process indexes (extract_server.h). Rows done are marked in
 * done[]. 0, or -1 (the caller replays the batch). */
static int index_files(db *d, xap_wdb *w, arena *a, db_rows *q, char *done, double start)
{
    char err[512], path[1200], mime[256];
    int next = 0;
    for (;;) {
        /* ask for more while there is room and time */
        while (next < q->nrows && mono_s() - start <= BATCH_SECONDS) {
            if (done[next] || strcmp(db_cell(q, next, 1), entity_names[ENTITY_FILE]) != 0) { next++; continue; }
            int has = index_file_source(d, a, db_cell_int(q, next, 2), path, sizeof path, mime, sizeof mime);
            if (has < 0) { log_error("index_queue file: %s", db_error(d)); extract_drain(); return -1; }
            if (has && extract_submit(next, path, mime) == 0) { next++; continue; }
            if (has && extract_in_flight()) break;                      /* full: collect first */
            /* nothing to read (gone from the index at once), or no server
             * to read it: done here, in turn */
            if (index_entity(d, a, w, ENTITY_FILE, db_cell_int(q, next, 2), err, sizeof err)) goto failed;
            done[next] = 1;
            next++;
        }
        if (!extract_in_flight()) return 0;
        long long tag;
        extract_result x;
        int rc = extract_collect(&tag, &x);
        if (rc == -3) return 0;
        int row = (int)tag;
        if (rc == -2) {                   /* its server died: once more, waiting for it */
            int has = index_file_source(d, a, db_cell_int(q, row, 2), path, sizeof path, mime, sizeof mime);
            if (has < 0) { log_error("index_queue file: %s", db_error(d)); extract_drain(); return -1; }
            if (has) extract_remote(path, mime, &x);
        }
        if (index_file_with(d, a, w, db_cell_int(q, row, 2), &x, err, sizeof err)) { free(x.text); next = row; goto failed; }
        free(x.text);
        done[row] = 1;
    }
failed:
    extract_drain();
    note_failure(d, q, next, err);
    return -1;
}

/* One batch (up to indexer_batch rows, or a second's work): returns the
 * number of rows done, or -1 on failure. */
static int run_batch(db *d, xap_wdb *w, arena *a)
{
    arena_reset(a);
    db_rows *q = db_query(d, a, STMT_QUEUE_BATCH,
                          "i", (long long)cfg.indexer_batch);
    if (!q) { log_error("index_queue: %s", db_error(d)); return -1; }
    if (q->nrows == 0) return 0;
    char err[512];
    char *done = arena_alloc(a, (size_t)q->nrows);
    double start = mono_s();
    /* every row but the files', in order, then the files (each entity is
     * read again from MariaDB: the order between entities does not matter) */
    for (int i = 0; i < q->nrows && mono_s() - start <= BATCH_SECONDS; i++) {
        if (strcmp(db_cell(q, i, 1), entity_names[ENTITY_FILE]) == 0) continue;
        if (index_row(d, w, a, q, i, err, sizeof err)) {
            note_failure(d, q, i, err);
            return -1;        /* nothing deleted: the batch is replayed */
        }
        done[i] = 1;
    }
    if (index_files(d, w, a, q, done, start)) return -1;
    int ndone = 0;
    for (int i = 0; i < q->nrows; i++) ndone += done[i];
    if (!ndone) {                                   /* a single row longer than the limit: done alone */
        if (index_row(d, w, a, q, 0, err, sizeof err)) {
            note_failure(d, q, 0, err);
            return -1;
        }
        done[0] = 1;
        ndone = 1;
    }
    xap_err e;
    if (xap_wdb_commit(w, &e)) { log_error("xapian commit: %s", e.msg); return -1; }
    /* the rows go only now that the index has them (one statement and
     * its own commit: nothing else is written with it) */
    long long *seqs = arena_alloc(a, (size_t)ndone * sizeof *seqs);
    for (int i = 0, k = 0; i < q->nrows; i++)
        if (done[i]) seqs[k++] = db_cell_int(q, i, 0);
    if (db_exec(d, STMT_QUEUE_DELETE_SEQS, "s", db_ids_json(a, seqs, ndone)) < 0) {
        log_error("index_queue delete: %s", db_error(d));
        return -1;
    }
    return ndone;
}

static void indexer_main(int index, void *arg)
{
    (void)index; (void)arg;
    struct sigaction sa = { 0 };
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);

    priority_lower("indexer", cfg.background_nice);   /* its extraction servers too */
    /* before MariaDB and Xapian make this process big: see extract_server.h */
    if (extract_server_start()) log_error("no extraction server (%s); files read from the indexer itself", strerror(errno));
    int fd = poke_bind(cfg.indexer_socket);
    if (fd < 0) log_error("cannot bind %s (%s); polling only", cfg.indexer_socket, strerror(errno));
    char err[512];
    db *d = NULL;
    /* a MariaDB that stops answering fails the batch after two minutes
     * (the longest statement, a reconciliation's, takes seconds); the
     * batch is replayed once it answers */
    db_set_timeouts(5, 120);
    while (!stopping && !(d = db_open(&cfg, cfg.db_name, 1, err, sizeof err))) {
        log_error("%s; retrying", err);
        sleep(1);
    }
    xap_err e;
    xap_wdb *w = NULL;
    while (!stopping && !(w = xap_wdb_open(cfg.xapian_path, &e))) {
        log_error("cannot open the index %s: %s; retrying", cfg.xapian_path, e.msg);
        sleep(1);
    }
    arena *a = arena_new(64 * 1024);
    index_set_var_dir(cfg.var_dir);
    log_info("indexer ready (index %s)", cfg.xapian_path);
    long total = 0;
    while (!stopping) {
        int n = run_batch(d, w, a);
        if (n > 0) {
            total += n;
            if (n < GATHER_BELOW) nanosleep(&(struct timespec){ 0, (long)(GATHER_SECONDS * 1e9) }, NULL);
            continue;
        }
        if (n < 0) sleep(1);          /* back off after a failure, then replay */
        poke_wait(fd);
    }
    log_info("indexer stopping after %ld rows", total);
    arena_free(a);
    xap_wdb_close(w);
    db_close(d);
    extract_server_stop();
    if (fd >= 0) close(fd);
    exit(0);
}

int main(void)
{
    char *const self[] = { "parvis-indexer", NULL };
    extract_ocr_one_thread(self);       /* first: it may run the program again */
    log_init("parvis-indexer");
    char err[512];
    if (config_load(&cfg, err, sizeof err)) { log_error("%s", err); return 1; }
    supervisor s = { .name = "parvis-indexer", .children = 1, .child_main = indexer_main,
                     .grace_seconds = 30 };
    return supervise(&s) ? 1 : 0;
}
