/* Allocation failures (curl's "torture", SQLite's OOM tests): the parsers
 * of the request path — the query string, JSON bodies and their
 * validators, Markdown, the search query with Xapian's parser, folding —
 * each run once to count its allocations, then once for every N with the
 * N-th allocation failing (and once more with it and every one after
 * failing). Each run must end, with an error or a result, and free what
 * it took: the count of live allocations comes back to where it was.
 *
 * This program defines malloc, calloc, realloc and free itself (before the
 * C library's, for every library it loads: jansson, md4c, libxml2,
 * Xapian's operator new), so it is built without sanitizers; the request
 * arena is given room enough that it never allocates during a run (it
 * aborts the worker on exhaustion by design: the master restarts it).
 * Prints one line per parser and "unit tests/torture/alloc_torture.c: N
 * passed, N failed". */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <execinfo.h>
#include <ftw.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "core/req.h"
#include "core/validate.h"
#include "fold.h"
#include "markdown.h"
#include "xap.h"
#include "../unit/unit.h"

/* ---- the allocator ------------------------------------------------------ */

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

/* Atomic: a search's facets pass allocates on its own thread while the
 * ranked pass does (a count that lost an increment showed as a leak). */
static _Atomic long counted;  /* allocations seen while counting */
static _Atomic long fail_at;  /* the allocation to fail (1-based); 0: none */
static _Atomic int persistent; /* fail it and every one after */
static _Atomic long live;     /* allocations not freed yet */
static _Atomic int armed;

/* Whose allocation this is: the first frame above malloc that is not in
 * the C or C++ library (operator new, strdup). Two libraries are not made
 * to fail, because they do not survive it and Parvis cannot mend them:
 *  - Debian 12's md4c (0.4.8) frees some buffers twice when one of its own
 *    reallocations fails (fixed upstream: mity/md4c#324, #398), and glibc
 *    then aborts the worker;
 *  - Xapian 1.4.22 leaks a parser stack entry when its query parser runs
 *    out of memory, and a later query on the same handle crashed in its
 *    optimiser (xap.cc now opens such a handle anew).
 * Nor is jansson's json_loads (op_json says why). Their allocations are
 * counted apart; everything of Parvis's own, the rest of jansson's and
 * the C library's fails in turn. */
static _Atomic long library_skipped;
static int trace;

static int owned_by_fragile_library(void)
{
    void *frames[16];
    int n = backtrace(frames, 16);
    for (int i = 2; i < n; i++) {            /* 0: here, 1: fails() */
        Dl_info info;
        if (!dladdr(frames[i], &info) || !info.dli_fname) return 0;
        const char *f = info.dli_fname;
        if (strstr(f, "libstdc++") || strstr(f, "libc.so")) continue;
        if (info.dli_sname && (strcmp(info.dli_sname, "malloc") == 0 || strcmp(info.dli_sname, "calloc") == 0
                               || strcmp(info.dli_sname, "realloc") == 0))
            continue;
        return strstr(f, "libmd4c") || strstr(f, "libxapian");
    }
    return 0;
}

static int fails(void)
{
    if (!armed) return 0;
    if (owned_by_fragile_library()) { library_skipped++; return 0; }
    long n = ++counted;
    int fail = fail_at && (n == fail_at || (persistent && n > fail_at));
    if (fail && trace) {                    /* TORTURE_TRACE=1: where each failure is */
        void *frames[24];
        armed = 0;
        fprintf(stderr, "-- allocation %ld fails:\n", n);
        backtrace_symbols_fd(frames, backtrace(frames, 24), 2);
        armed = 1;
    }
    return fail;
}

void *malloc(size_t n)
{
    if (fails()) return NULL;
    void *p = __libc_malloc(n);
    if (p) live++;
    return p;
}

void *calloc(size_t n, size_t size)
{
    if (fails()) return NULL;
    void *p = __libc_calloc(n, size);
    if (p) live++;
    return p;
}

void *realloc(void *old, size_t n)
{
    if (!old) {
        if (fails()) return NULL;
        void *p = __libc_malloc(n);
        if (p) live++;
        return p;
    }
    if (n == 0) { free(old); return NULL; }
    if (fails()) return NULL;
    return __libc_realloc(old, n);
}

void free(void *p)
{
    if (p) live--;
    __libc_free(p);
}

/* ---- the parsers ------------------------------------------------------- */

static arena *A;
static xap_rdb *R;
/* What a run produced, as a hash: a run whose allocation failed must
 * answer an error or produce exactly what a run without failure does,
 * never less (a hashtag silently dropped, a truncated page). */
static unsigned long digest;

static void digest_of(const char *s, size_t n)
{
    unsigned long h = 1469598103934665603UL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211UL;
    digest = h;
}

/* The query string of a search, decoded (req.c) and folded as h_search
 * does. */
static int op_query(void)
{
    req r = { .a = A, .query_string = "q=r%C3%A9union%20du%20%22conseil%20municipal%22%20-budget&type=post,file&limit=20&sort=date" };
    const char *q = req_query(&r, "q");
    int bad = req_query_bad(&r);
    char *folded = q ? fold_text(q, strlen(q)) : NULL;
    int ok = q && !bad && folded;
    if (ok) digest_of(folded, strlen(folded));
    free(folded);
    arena_reset(A);
    return ok ? 0 : -1;
}

static const field_spec post_fields[] = {
    { "body", F_TEXT, 1, 20000, NULL },
    { "title", F_STRING, 0, 200, NULL },
    { "must_read", F_BOOL, 0, 0, NULL },
    { "visibility", F_STRING, 0, 0, "public|private|secret" },
    { NULL, 0, 0, 0, NULL },
};

/* A JSON body loaded, validated field by field, and an answer written. */
static int op_json(void)
{
    json_error_t je;
    /* jansson's lexer (2.14) ignores a buffer growth that fails (lex_save)
     * and reads on: a body would lose characters silently. Its loading is
     * not failed here (counted apart); what Parvis does with the body is. */
    int was = armed;
    armed = 0;
    json_t *body = json_loads("{\"body\":\"Réunion **jeudi** avec [@Alice](mention:3) #budget\","
                              "\"title\":\"Conseil\",\"must_read\":true,\"visibility\":\"public\"}",
                              JSON_REJECT_DUPLICATES, &je);
    armed = was;
    if (armed) library_skipped++;
    int rc = -1;
    if (body) {
        validation_error e;
        rc = validate_fields(body, post_fields, A, &e);
        json_t *answer = json_pack("{s:I,s:o,s:s}", "id", (json_int_t)12, "post", json_deep_copy(body), "status", "ok");
        char *text = answer ? json_dumps(answer, JSON_COMPACT) : NULL;
        if (!text) rc = -1;
        else digest_of(text, strlen(text));
        free(text);
        json_decref(answer);
        json_decref(body);
    }
    arena_reset(A);
    return rc;
}

static int mention_ok(void *ctx, long long id) { (void)ctx; return id == 3; }

/* A post's Markdown: emphasis, lists, links, code, a table, mentions and
 * hashtags. */
static int op_markdown(void)
{
    static const char text[] =
        "# Ordre du jour\n\nBonjour [@Alice](mention:3) et [@Bob](mention:4), voici le #budget 2027 :\n\n"
        "1. **Approbation** du compte rendu\n2. *Travaux* de l'école — [devis](https://example.org/devis?id=1&x=2)\n"
        "3. Questions `diverses`\n\n> Une citation\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode <script>\n```\n"
        "Un lien piégé [x](javascript:alert(1)) et une image ![i](http://e.org/i.png) #réunion\n";
    markdown_out out;
    memset(&out, 0, sizeof out);
    int rc = markdown_render(text, sizeof text - 1, mention_ok, NULL, &out);
    if (rc == 0) {
        /* the page, and the tags and mentions found */
        size_t n = out.html_len;
        for (int i = 0; i < out.ntags; i++) n += strlen(out.tags[i]);
        digest_of(out.html, out.html_len);
        digest ^= (unsigned long)out.ntags * 31 + (unsigned long)out.nmentions * 977 + n;
    }
    markdown_free(&out);
    return rc;
}

/* A search as the workers run it: Xapian's query parser, the stemmer, the
 * match and its facets (on a thread of its own). */
static int op_search(void)
{
    static const char *const any[] = { "I*", NULL };
    xap_query q = { .text = "reunion conseil* \"ordre du jour\" -budget OR ecole", .partial = XAP_FULL,
                    .any = any, .limit = 10,
                    .facets = (1u << XAP_SLOT_KIND) | (1u << XAP_SLOT_GROUP) };
    xap_result res;
    xap_err e;
    int rc = xap_search(R, &q, &res, &e);
    if (rc == 0) {
        unsigned long h = res.estimated;
        for (size_t i = 0; i < res.n; i++) h = h * 131 + strlen(res.hits[i].data);
        for (unsigned s = 0; s < XAP_SLOTS; s++)
            for (size_t i = 0; i < res.facets[s].n; i++) h = h * 137 + res.facets[s].values[i].count;
        digest = h;
        xap_result_free(&res);
    }
    return rc;
}

/* ---- the torture -------------------------------------------------------- */

typedef struct { const char *name; int (*fn)(void); } parser;

static void torture(const parser *p)
{
    /* warm: caches and lazy set-up happen once, outside the count */
    for (int i = 0; i < 2; i++) p->fn();
    long base = live;
    armed = 1; counted = 0; fail_at = 0;
    int ok = p->fn() == 0;
    armed = 0;
    long total = counted;
    unsigned long expected = digest;
    CHECK(ok);
    CHECK(live == base);
    long runs = 0, errors = 0, leaks = 0, degraded = 0;
    for (int mode = 0; mode < 2; mode++) {
        for (long n = 1; n <= total; n++) {
            persistent = mode;
            armed = 1; counted = 0; fail_at = n;
            digest = 0;
            int rc = p->fn();
            armed = 0; fail_at = 0;
            runs++;
            if (rc != 0) errors++;
            else if (digest != expected) {
                if (!degraded) fprintf(stderr, "%s: allocation %ld failed, and the run answered less than it should\n", p->name, n);
                degraded++;
            }
            /* a cache the failure emptied (Xapian's database handles) is
             * filled again by a run that succeeds: what is still over the
             * mark then is a leak */
            p->fn();
            if (live != base) {
                if (!leaks) fprintf(stderr, "%s: %ld allocation(s) left after failing allocation %ld%s\n",
                                    p->name, live - base, n, mode ? " and after" : "");
                leaks++;
                base = live;          /* report each leak once */
            }
        }
    }
    CHECK(leaks == 0);
    CHECK(degraded == 0);
    /* and it still works */
    CHECK(p->fn() == 0);
    printf("%s: %ld allocations failed in turn, %ld runs (%ld answered an error, the others all they should),"
           " %ld leaks; %ld of md4c's, Xapian's and jansson's loading not failed\n", p->name, total, runs, errors, leaks, library_skipped);
    library_skipped = 0;
}

static int rm_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb; (void)type; (void)ftw;
    return remove(path);
}

int main(void)
{
    trace = getenv("TORTURE_TRACE") != NULL;
    void *warm[2];
    backtrace(warm, 2);           /* its first call loads libgcc: not in a count */
    /* an index to search: a few documents */
    char dir[] = "/tmp/parvis-torture.XXXXXX";
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 2; }
    xap_err e;
    xap_wdb *w = xap_wdb_open(dir, &e);
    CHECK(w != NULL);
    if (!w) return UNIT_DONE();
    static const char *const texts[] = { "reunion du conseil municipal ordre du jour", "budget de l ecole",
                                         "conseil d ecole reunion", "ordre du jour de la reunion" };
    for (int i = 0; i < 4; i++) {
        char id[32], group[8];
        snprintf(id, sizeof id, "Qpost:%d", i + 1);
        snprintf(group, sizeof group, "%d", i % 2);
        xap_doc *d = xap_doc_new(&e);
        CHECK(d && xap_doc_index_text(d, texts[i], "", &e) == 0 && xap_doc_add_boolean(d, "I*", &e) == 0
              && xap_doc_set_value(d, XAP_SLOT_KIND, "post", &e) == 0 && xap_doc_set_value(d, XAP_SLOT_GROUP, group, &e) == 0
              && xap_doc_set_data(d, id, strlen(id), &e) == 0 && xap_wdb_replace(w, id, d, &e) == 0);
        xap_doc_free(d);
    }
    CHECK(xap_wdb_commit(w, &e) == 0);
    xap_wdb_close(w);
    R = xap_rdb_open(dir, &e);
    CHECK(R != NULL);
    A = arena_new(1 << 20);      /* room: the arena never allocates in a run */

    static const parser parsers[] = {
        { "query string", op_query },
        { "JSON body and validators", op_json },
        { "Markdown", op_markdown },
        { "search (Xapian)", op_search },
    };
    for (size_t i = 0; i < sizeof parsers / sizeof *parsers; i++)
        if (R || parsers[i].fn != op_search) torture(&parsers[i]);

    xap_rdb_close(R);
    arena_free(A);
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return UNIT_DONE();
}
