/* The search path under ThreadSanitizer: the facets' thread of each reader
 * (lib/xap.cc) started, used, stopped and joined while other processes
 * search and a writer commits underneath (every search then reopens).
 *
 * A writer process commits batches for the whole run; WORKERS reader
 * processes, forked like FastCGI workers, search with facets in a loop,
 * close and open their handle again now and then (a new facets thread
 * each time), and end the way workers end: exit() with the handle closed,
 * exit() with it still open, or returning from main. ThreadSanitizer makes
 * a process whose threads race exit with status 66 and a report on
 * stderr; a wrong facet count fails the check. Prints one line per
 * process and "unit tests/tsan/tsan_search.c: N passed, N failed". */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xap.h"
#include "../unit/unit.h"

#define DOCS 2000
#define WORKERS 4
#define SEARCHES 150
#define WRITER_BATCHES 60
#define DEADLINE 300                   /* seconds a reader may take (it takes 1 to 5) */

static const char *const SCOPES[] = { "I*", NULL };

static int rm_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb; (void)type; (void)ftw;
    return remove(path);
}

/* Document `id`: the word "reunion" in every one, its group id % 5. */
static int put(xap_wdb *w, int id, int round)
{
    xap_err e;
    char idterm[32], group[16], text[96];
    snprintf(idterm, sizeof idterm, "Qpost:%d", id);
    snprintf(group, sizeof group, "%d", id % 5);
    snprintf(text, sizeof text, "reunion du conseil numero %d tour %d", id, round);
    xap_doc *d = xap_doc_new(&e);
    if (!d) return -1;
    int rc = xap_doc_index_text(d, text, "", &e) || xap_doc_add_boolean(d, "I*", &e)
          || xap_doc_set_value(d, XAP_SLOT_KIND, "post", &e) || xap_doc_set_value(d, XAP_SLOT_GROUP, group, &e)
          || xap_doc_set_data(d, idterm, strlen(idterm), &e) || xap_wdb_replace(w, idterm, d, &e);
    xap_doc_free(d);
    if (rc) fprintf(stderr, "put %d: %s\n", id, e.msg);
    return rc ? -1 : 0;
}

static void writer(const char *path)
{
    xap_err e;
    xap_wdb *w = xap_wdb_open(path, &e);
    if (!w) { fprintf(stderr, "writer: %s\n", e.msg); _exit(2); }
    for (int b = 0; b < WRITER_BATCHES; b++) {
        for (int i = 0; i < 40; i++)
            if (put(w, (b * 40 + i) % DOCS, b + 1)) _exit(2);
        if (xap_wdb_commit(w, &e)) { fprintf(stderr, "writer commit: %s\n", e.msg); _exit(2); }
        /* ten commits a second, as a busy indexer (it commits each batch
         * within a second): a search that outlives several of them under
         * ThreadSanitizer on a loaded machine would meet the limits of
         * xap_search's retries, not of the facets thread */
        usleep(100000);
    }
    xap_wdb_close(w);
    _exit(0);
}

/* A reader: searches with facets; every count must add up to DOCS. */
static void reader(const char *path, int index)
{
    alarm(DEADLINE);                    /* a search that never ends: SIGALRM */
    xap_err e;
    xap_rdb *r = xap_rdb_open(path, &e);
    if (!r) { fprintf(stderr, "reader %d: %s\n", index, e.msg); exit(2); }
    int bad = 0;
    for (int i = 0; i < SEARCHES && !bad; i++) {
        if (i % 25 == 24) {             /* a new handle, a new facets thread */
            xap_rdb_close(r);
            r = xap_rdb_open(path, &e);
            if (!r) { fprintf(stderr, "reader %d: %s\n", index, e.msg); exit(2); }
        }
        if (xap_rdb_reopen(r, &e)) { fprintf(stderr, "reader %d reopen: %s\n", index, e.msg); exit(2); }
        xap_query q = { .text = i % 2 ? "reunion" : "conseil reun", .partial = i % 2 ? XAP_FULL : XAP_PREFIX_LAST,
                        .any = SCOPES, .limit = 10,
                        .facets = (1u << XAP_SLOT_KIND) | (1u << XAP_SLOT_GROUP) };
        xap_result res;
        if (xap_search(r, &q, &res, &e)) { fprintf(stderr, "reader %d search: %s\n", index, e.msg); exit(2); }
        unsigned long sum = 0;
        for (size_t k = 0; k < res.facets[XAP_SLOT_GROUP].n; k++) sum += res.facets[XAP_SLOT_GROUP].values[k].count;
        if (res.estimated != DOCS || sum != DOCS || res.facets[XAP_SLOT_GROUP].n != 5) {
            fprintf(stderr, "reader %d: %lu matches, groups counted %lu in %zu values (want %d in 5)\n",
                    index, res.estimated, sum, res.facets[XAP_SLOT_GROUP].n, DOCS);
            bad = 1;
        }
        xap_result_free(&res);
    }
    /* the three ways a worker ends */
    switch (index % 3) {
    case 0: xap_rdb_close(r); exit(bad); break;
    case 1: exit(bad);                                  /* its facets thread still waiting */
    default: xap_rdb_close(r); _exit(bad); break;
    }
}

int main(void)
{
    char path[] = "/tmp/parvis-tsan.XXXXXX";
    if (!mkdtemp(path)) { perror("mkdtemp"); return 2; }
    xap_err e;
    xap_wdb *w = xap_wdb_open(path, &e);
    CHECK(w != NULL);
    if (!w) { fprintf(stderr, "%s\n", e.msg); return 1; }
    int ok = 1;
    for (int id = 0; id < DOCS && ok; id++) ok = put(w, id, 0) == 0;
    CHECK(ok && xap_wdb_commit(w, &e) == 0);
    xap_wdb_close(w);

    pid_t wp = fork();
    if (wp == 0) writer(path);
    pid_t readers[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        readers[i] = fork();
        if (readers[i] == 0) reader(path, i);
    }
    for (int i = 0; i < WORKERS; i++) {
        int st = 0;
        waitpid(readers[i], &st, 0);
        int clean = WIFEXITED(st) && WEXITSTATUS(st) == 0;
        if (clean) printf("reader %d: ok\n", i);
        else if (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM)
            printf("reader %d: FAILED: its searches did not end within %d s (a facets thread never answered)\n", i, DEADLINE);
        else if (WIFSIGNALED(st)) printf("reader %d: FAILED: killed by signal %d\n", i, WTERMSIG(st));
        else printf("reader %d: FAILED: exit status %d%s\n", i, WEXITSTATUS(st),
                    WEXITSTATUS(st) == 66 ? " (ThreadSanitizer found a data race: see above)" : "");
        CHECK(clean);
    }
    int st = 0;
    waitpid(wp, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return UNIT_DONE();
}
