/* Unit tests for lib/xap.cc through its C API, on a temporary database. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xap.h"
#include "unit.h"

static int by_char(const void *a, const void *b) { return *(const char *)a - *(const char *)b; }

/* Adds or replaces one person document. */
static int put_person(xap_wdb *w, int id, const char *folded_name, const char *scope)
{
    xap_err err;
    char idterm[64], data[64];
    snprintf(idterm, sizeof idterm, "Qperson:%d", id);
    int n = snprintf(data, sizeof data, "person:%d", id);
    xap_doc *d = xap_doc_new(&err);
    if (!d) { fprintf(stderr, "xap_doc_new: %s\n", err.msg); return -1; }
    int rc = 0;
    if (xap_doc_index_text(d, folded_name, "", &err) < 0 ||
        xap_doc_index_text(d, folded_name, "XN", &err) < 0 ||
        xap_doc_add_boolean(d, scope, &err) < 0 ||
        xap_doc_add_boolean(d, "XKperson", &err) < 0 ||
        xap_doc_set_data(d, data, (size_t)n, &err) < 0 ||
        xap_wdb_replace(w, idterm, d, &err) < 0) {
        fprintf(stderr, "put_person: %s\n", err.msg);
        rc = -1;
    }
    xap_doc_free(d);
    return rc;
}

static const char *const SCOPE_ALL[] = { "I*", NULL };
static const char *const SCOPE_GROUP[] = { "I#7", NULL };
static const char *const SCOPE_NONE[] = { NULL };
static const char *const SCOPE_EMPTY_STR[] = { "", NULL };
static const char *const KIND_PERSON[] = { "XKperson", NULL };
static const char *const KIND_POST[] = { "XKpost", NULL };

/* Runs one search; returns the hit count, or -1 on error. When want_data is
 * given, checks that the first hit carries it. */
static long search(xap_rdb *r, const char *text, int partial,
                   const char *const *all, const char *const *any,
                   const char *want_data)
{
    xap_query q = { .text = text, .partial = partial, .all = all, .any = any,
                    .offset = 0, .limit = 10 };
    xap_result res;
    xap_err err;
    if (xap_search(r, &q, &res, &err) < 0) {
        fprintf(stderr, "xap_search(%s): %s\n", text, err.msg);
        return -1;
    }
    long n = (long)res.n;
    if (want_data) {
        CHECK(n >= 1);
        if (n >= 1) {
            CHECK_STR(res.hits[0].data, want_data);
            CHECK(res.hits[0].data_len == strlen(want_data));
            CHECK(res.hits[0].percent > 0 && res.hits[0].percent <= 100);
        }
    }
    if (n > 0) CHECK(res.estimated >= (unsigned long)n);
    xap_result_free(&res);
    CHECK(res.n == 0 && res.hits == NULL);
    return n;
}

int main(void)
{
    char tmpl[] = "/tmp/parvis-xap-XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL);
    if (!dir) return UNIT_DONE();
    char dbpath[512];
    snprintf(dbpath, sizeof dbpath, "%s/db", dir);
    xap_err err;

    /* A reader before the indexer created anything: NULL with a message. */
    xap_rdb *none = xap_rdb_open(dbpath, &err);
    CHECK(none == NULL);
    CHECK(strstr(err.msg, "does not exist") != NULL);
    /* A directory that is not (yet) a database. */
    xap_rdb *notyet = xap_rdb_open(dir, &err);
    CHECK(notyet == NULL);
    CHECK(err.msg[0] != '\0');

    xap_wdb *w = xap_wdb_open(dbpath, &err);
    CHECK(w != NULL);
    if (!w) { fprintf(stderr, "xap_wdb_open: %s\n", err.msg); unit_rm_rf(dir); return UNIT_DONE(); }

    CHECK(put_person(w, 1, "helene dupont", "I*") == 0);
    CHECK(put_person(w, 2, "marc durand", "I*") == 0);
    CHECK(put_person(w, 3, "helmut schmidt", "I#7") == 0);
    CHECK(xap_wdb_commit(w, &err) == 0);
    CHECK(xap_wdb_doccount(w, &err) == 3);

    /* Bad arguments are errors, not crashes. */
    CHECK(xap_wdb_replace(w, "", NULL, &err) == -1);
    CHECK(err.msg[0] != '\0');
    {
        xap_doc *d = xap_doc_new(&err);
        char longterm[300];
        memset(longterm, 'x', sizeof longterm - 1);
        longterm[sizeof longterm - 1] = '\0';
        longterm[0] = 'I';
        CHECK(xap_doc_add_boolean(d, longterm, &err) == -1);
        CHECK(strstr(err.msg, "245") != NULL);
        CHECK(xap_doc_add_boolean(d, "", &err) == -1);
        CHECK(xap_doc_set_data(d, NULL, 3, &err) == -1);
        xap_doc_free(d);
    }

    xap_rdb *r = xap_rdb_open(dbpath, &err);
    CHECK(r != NULL);
    if (!r) { fprintf(stderr, "xap_rdb_open: %s\n", err.msg); xap_wdb_close(w); unit_rm_rf(dir); return UNIT_DONE(); }
    CHECK(xap_rdb_doccount(r, &err) == 3);
    CHECK(xap_rdb_reopen(r, &err) == 0);

    /* Plain word. */
    CHECK(search(r, "helene", 0, NULL, SCOPE_ALL, "person:1") == 1);
    CHECK(search(r, "helene dupont", 0, KIND_PERSON, SCOPE_ALL, "person:1") == 1);
    CHECK(search(r, "\"helene dupont\"", 0, NULL, SCOPE_ALL, "person:1") == 1);
    CHECK(search(r, "\"dupont helene\"", 0, NULL, SCOPE_ALL, NULL) == 0);
    /* Default operator is AND. */
    CHECK(search(r, "helene durand", 0, NULL, SCOPE_ALL, NULL) == 0);
    CHECK(search(r, "helene OR durand", 0, NULL, SCOPE_ALL, NULL) == 2);
    CHECK(search(r, "nobody", 0, NULL, SCOPE_ALL, NULL) == 0);

    /* Partial last word (typing ahead). */
    CHECK(search(r, "hel", 1, NULL, SCOPE_ALL, "person:1") == 1);
    CHECK(search(r, "hel", 0, NULL, SCOPE_ALL, NULL) == 0);
    CHECK(search(r, "dupont h", 1, NULL, SCOPE_ALL, "person:1") == 1);
    /* "hel" also matches helmut, but only in scope I#7. */
    CHECK(search(r, "hel", 1, NULL, SCOPE_GROUP, "person:3") == 1);
    {
        static const char *const both[] = { "I*", "I#7", NULL };
        CHECK(search(r, "hel", 1, NULL, both, NULL) == 2);
    }

    /* Scope and kind filters. */
    CHECK(search(r, "helene", 0, NULL, SCOPE_GROUP, NULL) == 0);
    CHECK(search(r, "helene", 0, KIND_POST, SCOPE_ALL, NULL) == 0);
    CHECK(search(r, "helene", 0, NULL, NULL, NULL) == 0);
    CHECK(search(r, "helene", 0, NULL, SCOPE_NONE, NULL) == 0);
    CHECK(search(r, "helene", 0, NULL, SCOPE_EMPTY_STR, NULL) == 0);

    /* No words: no hit (never "everything"). */
    CHECK(search(r, "", 0, NULL, SCOPE_ALL, NULL) == 0);
    CHECK(search(r, "   ", 0, NULL, SCOPE_ALL, NULL) == 0);
    CHECK(search(r, NULL, 0, NULL, SCOPE_ALL, NULL) == 0);
    CHECK(search(r, "", 1, NULL, SCOPE_ALL, NULL) == 0);

    /* Odd syntax never errors. */
    CHECK(search(r, "\"unterminated AND OR (", 0, NULL, SCOPE_ALL, NULL) >= 0);
    CHECK(search(r, "\"unterminated AND OR (", 1, NULL, SCOPE_ALL, NULL) >= 0);
    CHECK(search(r, "AND", 0, NULL, SCOPE_ALL, NULL) >= 0);
    CHECK(search(r, "NOT helene", 0, NULL, SCOPE_ALL, NULL) >= 0);
    CHECK(search(r, "((( helene", 0, NULL, SCOPE_ALL, NULL) >= 0);
    CHECK(search(r, "helene ) ) OR", 1, NULL, SCOPE_ALL, NULL) >= 0);
    CHECK(search(r, "-+-\"* ~ helene", 1, NULL, SCOPE_ALL, NULL) >= 0);

    /* Replacing the same idterm twice keeps one document. */
    CHECK(put_person(w, 1, "helene martin", "I*") == 0);
    CHECK(put_person(w, 1, "helene martin", "I*") == 0);
    CHECK(xap_wdb_commit(w, &err) == 0);
    CHECK(xap_wdb_doccount(w, &err) == 3);
    CHECK(xap_rdb_reopen(r, &err) == 0);
    CHECK(xap_rdb_doccount(r, &err) == 3);
    CHECK(search(r, "helene", 0, NULL, SCOPE_ALL, "person:1") == 1);
    CHECK(search(r, "martin", 0, NULL, SCOPE_ALL, "person:1") == 1);
    CHECK(search(r, "dupont", 0, NULL, SCOPE_ALL, NULL) == 0);

    /* Delete, then the reader sees it after reopen; deleting again is fine. */
    CHECK(xap_wdb_delete(w, "Qperson:1", &err) == 0);
    CHECK(xap_wdb_delete(w, "Qperson:1", &err) == 0);
    CHECK(xap_wdb_delete(w, "Qperson:999", &err) == 0);
    CHECK(xap_wdb_commit(w, &err) == 0);
    CHECK(xap_wdb_doccount(w, &err) == 2);
    CHECK(xap_rdb_reopen(r, &err) == 0);
    CHECK(search(r, "helene", 0, NULL, SCOPE_ALL, NULL) == 0);
    CHECK(search(r, "marc", 0, NULL, SCOPE_ALL, "person:2") == 1);

    /* Offset and limit. */
    {
        static const char *const both[] = { "I*", "I#7", NULL };
        xap_query q = { .text = "marc OR helmut", .partial = 0, .all = NULL,
                        .any = both, .offset = 1, .limit = 10 };
        xap_result res;
        CHECK(xap_search(r, &q, &res, &err) == 0);
        CHECK(res.n == 1);
        CHECK(res.estimated == 2);
        xap_result_free(&res);
    }

    /* NULL handles are errors. */
    {
        xap_query q = { .text = "x", .any = SCOPE_ALL, .limit = 1 };
        xap_result res;
        CHECK(xap_search(NULL, &q, &res, &err) == -1);
        CHECK(res.n == 0 && res.hits == NULL);
        CHECK(xap_rdb_doccount(NULL, &err) == -1);
    }

    /* A reader left behind while the writer rewrites everything many times:
     * its revision is discarded (DatabaseModifiedError inside), and the
     * search succeeds after the one internal reopen-and-retry. */
    {
        char name[64];
        int ok = 1;
        for (int i = 0; i < 500 && ok; i++) {
            snprintf(name, sizeof name, "anna bulk%d", i);
            ok = put_person(w, 100 + i, name, "I*") == 0;
        }
        CHECK(ok);
        CHECK(xap_wdb_commit(w, &err) == 0);
        xap_rdb *stale = xap_rdb_open(dbpath, &err);
        CHECK(stale != NULL);
        for (int c = 0; c < 10 && ok; c++) {
            for (int i = 0; i < 500 && ok; i++) {
                snprintf(name, sizeof name, "anna round%d item%d", c, i);
                ok = put_person(w, 100 + i, name, "I*") == 0;
            }
            ok = ok && xap_wdb_commit(w, &err) == 0;
        }
        CHECK(ok);
        if (stale) {
            long n = search(stale, "anna", 0, NULL, SCOPE_ALL, NULL);
            CHECK(n == 10);
            CHECK(search(stale, "round9", 0, NULL, SCOPE_ALL, NULL) == 10);
            xap_rdb_close(stale);
        }
    }

    /* A full search (XAP_FULL) finds words by their stems, French and
     * English alike: « reunions » finds « reunion » and the other way
     * round, « chevaux » finds « cheval », "running" finds "runs"; the
     * suggestions' prefixes (XAP_PREFIX_ALL) do not stem; stop words are
     * left out of queries but phrases keep them */
    {
        static const char *const STEMS[] = { "I#stem", NULL };
        CHECK(put_person(w, 300, "la reunion du conseil", "I#stem") == 0);
        CHECK(put_person(w, 301, "trois chevaux au pre", "I#stem") == 0);
        CHECK(put_person(w, 302, "the meetings of the board", "I#stem") == 0);
        CHECK(put_person(w, 303, "she runs every morning", "I#stem") == 0);
        CHECK(xap_wdb_commit(w, &err) == 0);
        CHECK(xap_rdb_reopen(r, &err) == 0);
        CHECK(search(r, "reunions", XAP_FULL, NULL, STEMS, "person:300") == 1);
        CHECK(search(r, "reunion", XAP_FULL, NULL, STEMS, "person:300") == 1);
        CHECK(search(r, "cheval", XAP_FULL, NULL, STEMS, "person:301") == 1);
        CHECK(search(r, "meeting", XAP_FULL, NULL, STEMS, "person:302") == 1);
        CHECK(search(r, "running", XAP_FULL, NULL, STEMS, "person:303") == 1);
        CHECK(search(r, "\"the meetings\"", XAP_FULL, NULL, STEMS, "person:302") == 1);
        CHECK(search(r, "\"the meetings of board\"", XAP_FULL, NULL, STEMS, NULL) == 0);
        CHECK(search(r, "les reunions du conseil", XAP_FULL, NULL, STEMS, "person:300") == 1);
        CHECK(search(r, "cheval", XAP_EXACT, NULL, STEMS, NULL) == 0);
        CHECK(search(r, "reunions", XAP_PREFIX_ALL, NULL, STEMS, NULL) == 0);
        CHECK(search(r, "reun", XAP_PREFIX_ALL, NULL, STEMS, "person:300") == 1);
        CHECK(search(r, "reunions conseil -chevaux", XAP_FULL, NULL, STEMS, "person:300") == 1);
        CHECK(search(r, "reunions OR cheval", XAP_FULL, NULL, STEMS, NULL) == 2);
        CHECK(search(r, "reun*", XAP_FULL, NULL, STEMS, "person:300") == 1);
        /* stop words only: kept, not an empty query; Xapian 1.4.22's parser
         * crashed on this one with its own stopper (the fuzzer found it) */
        for (int mode = XAP_EXACT; mode <= XAP_FULL; mode++) {
            CHECK(search(r, "r +,m l m", mode, NULL, STEMS, NULL) >= 0);
            CHECK(search(r, "la", mode, NULL, STEMS, NULL) >= 0);
        }
        CHECK(search(r, "+la reunion", XAP_FULL, NULL, STEMS, "person:300") == 1);
    }

    /* Names (xap_doc_index_name) are words as typed, never stems: a full
     * search finds « helene » by its name, and « helena » does not */
    {
        static const char *const NAMES[] = { "I#names", NULL };
        xap_doc *d = xap_doc_new(&err);
        CHECK(d != NULL);
        CHECK(xap_doc_index_name(d, "helene durand", "", &err) == 0);
        CHECK(xap_doc_add_boolean(d, "I#names", &err) == 0);
        CHECK(xap_doc_set_data(d, "person:400", 10, &err) == 0);
        CHECK(xap_wdb_replace(w, "Qperson:400", d, &err) == 0);
        xap_doc_free(d);
        CHECK(xap_wdb_commit(w, &err) == 0);
        CHECK(xap_rdb_reopen(r, &err) == 0);
        CHECK(search(r, "helene", XAP_FULL, NULL, NAMES, "person:400") == 1);
        CHECK(search(r, "helena", XAP_FULL, NULL, NAMES, NULL) == 0);
        CHECK(search(r, "hel dur", XAP_PREFIX_ALL, NULL, NAMES, "person:400") == 1);
    }

    /* A change of rights rewrites the scope terms and the group, the words
     * stay: found by the new scopes only */
    {
        static const char *const OLD[] = { "G7", NULL }, *const NEW[] = { "U5", NULL };
        xap_doc *d = xap_doc_new(&err);
        CHECK(d != NULL);
        CHECK(xap_doc_index_text(d, "budget primitif", "", &err) == 0);
        CHECK(xap_doc_add_boolean(d, "G7", &err) == 0);
        CHECK(xap_doc_add_boolean(d, "A*", &err) == 0);
        CHECK(xap_doc_add_boolean(d, "XG7", &err) == 0);
        CHECK(xap_doc_set_value(d, XAP_SLOT_GROUP, "7", &err) == 0);
        CHECK(xap_doc_set_data(d, "file:600", 8, &err) == 0);
        CHECK(xap_wdb_replace(w, "Qfile:600", d, &err) == 0);
        xap_doc_free(d);
        CHECK(xap_wdb_commit(w, &err) == 0);
        char scopes[64];
        CHECK(xap_wdb_scopes(w, "Qfile:600", scopes, sizeof scopes, &err) == 1);
        CHECK_STR(scopes, "A* G7");
        CHECK(xap_wdb_rescope(w, "Qfile:600", "U5", 0, &err) == 1);
        CHECK(xap_wdb_rescope(w, "Qfile:601", "U5", 0, &err) == 0);
        CHECK(xap_wdb_commit(w, &err) == 0);
        CHECK(xap_rdb_reopen(r, &err) == 0);
        CHECK(xap_wdb_scopes(w, "Qfile:600", scopes, sizeof scopes, &err) == 1);
        CHECK_STR(scopes, "U5");
        CHECK(search(r, "budget primitif", XAP_FULL, NULL, NEW, "file:600") == 1);
        CHECK(search(r, "budget primitif", XAP_FULL, NULL, OLD, NULL) == 0);
        static const char *const IN_G7[] = { "XG7", NULL };
        CHECK(search(r, "budget", XAP_FULL, IN_G7, NEW, NULL) == 0);
        CHECK(xap_wdb_scopes(w, "Qfile:601", scopes, sizeof scopes, &err) == 0);
        /* again, the document without a group now (a personal file shared) */
        CHECK(xap_wdb_rescope(w, "Qfile:600", "U5 U6", 0, &err) == 1);
        CHECK(xap_wdb_scopes(w, "Qfile:600", scopes, sizeof scopes, &err) == 1);
        CHECK_STR(scopes, "U5 U6");
    }

    /* A chat message's scope, its conversation's "C<id>", is a scope term
     * (read back for the reconciliation) that only that scope finds */
    {
        static const char *const CONV[] = { "C12", NULL }, *const OTHERS[] = { "A*", "I*", "G12", "U12", "C1", NULL };
        xap_doc *d = xap_doc_new(&err);
        CHECK(d != NULL);
        CHECK(xap_doc_index_text(d, "ordre du jour chaudronnerie", "", &err) == 0);
        CHECK(xap_doc_add_boolean(d, "C12", &err) == 0);
        CHECK(xap_doc_add_boolean(d, "XKmessage", &err) == 0);
        CHECK(xap_doc_set_data(d, "message:700", 11, &err) == 0);
        CHECK(xap_wdb_replace(w, "Qmessage:700", d, &err) == 0);
        xap_doc_free(d);
        CHECK(xap_wdb_commit(w, &err) == 0);
        CHECK(xap_rdb_reopen(r, &err) == 0);
        char scopes[64];
        CHECK(xap_wdb_scopes(w, "Qmessage:700", scopes, sizeof scopes, &err) == 1);
        CHECK_STR(scopes, "C12");
        static const char *const KIND_MESSAGE[] = { "XKmessage", NULL };
        CHECK(search(r, "chaudronnerie", XAP_FULL, KIND_MESSAGE, CONV, "message:700") == 1);
        CHECK(search(r, "chaudronnerie", XAP_FULL, KIND_MESSAGE, OTHERS, NULL) == 0);
    }

    /* Facets: the values of the matches counted, most frequent first */
    {
        static const char *const FACETED[] = { "I#facets", NULL };
        int ok = 1;
        for (int i = 0; i < 30 && ok; i++) {
            char idterm[32], data[32], group[8];
            snprintf(idterm, sizeof idterm, "Qpost:%d", 500 + i);
            int n = snprintf(data, sizeof data, "post:%d", 500 + i);
            snprintf(group, sizeof group, "%d", i % 3 == 0 ? 7 : 9);   /* 10 in group 7, 20 in 9 */
            xap_doc *d = xap_doc_new(&err);
            ok = d && xap_doc_index_text(d, "ordre du jour", "", &err) == 0
                && xap_doc_add_boolean(d, "I#facets", &err) == 0
                && xap_doc_set_value(d, XAP_SLOT_KIND, i < 25 ? "post" : "comment", &err) == 0
                && xap_doc_set_value(d, XAP_SLOT_GROUP, group, &err) == 0
                && xap_doc_set_data(d, data, (size_t)n, &err) == 0
                && xap_wdb_replace(w, idterm, d, &err) == 0;
            xap_doc_free(d);
        }
        CHECK(ok);
        CHECK(xap_doc_set_value(NULL, XAP_SLOT_KIND, "x", &err) == -1);
        CHECK(xap_wdb_commit(w, &err) == 0);
        CHECK(xap_rdb_reopen(r, &err) == 0);
        for (int limit = 0; limit <= 10; limit += 10) {   /* with hits, and counts only */
            xap_query q = { .text = "jour", .partial = XAP_FULL, .any = FACETED, .limit = (unsigned)limit,
                            .facets = (1u << XAP_SLOT_KIND) | (1u << XAP_SLOT_GROUP) };
            xap_result res;
            CHECK(xap_search(r, &q, &res, &err) == 0);
            CHECK(res.estimated == 30);
            CHECK(res.n == (size_t)limit);
            CHECK(res.facets[XAP_SLOT_GROUP].n == 2);
            CHECK_STR(res.facets[XAP_SLOT_GROUP].values[0].value, "9");
            CHECK(res.facets[XAP_SLOT_GROUP].values[0].count == 20);
            CHECK_STR(res.facets[XAP_SLOT_GROUP].values[1].value, "7");
            CHECK(res.facets[XAP_SLOT_GROUP].values[1].count == 10);
            CHECK(res.facets[XAP_SLOT_KIND].n == 2);
            CHECK(res.facets[XAP_SLOT_KIND].values[0].count == 25);
            CHECK(res.facets[XAP_SLOT_AUTHOR].n == 0);        /* not asked */
            xap_result_free(&res);
        }
    }

    /* Publication times: a scheduled post, a withdrawn one, one always
     * shown and a plain document are left out of hits, counts and facets
     * alike at times they are not shown, but for those exempt */
    {
        static const char *const SCOPE[] = { "I#shown", NULL };
        static const struct { int id; const char *from, *until, *group, *by; } docs[] = {
            { 700, "2026-01-01T00:00:00.000000", NULL, "1", "XP1" },                         /* published */
            { 701, "2026-06-01T12:00:00.000000", NULL, "2", "XP2" },                         /* scheduled */
            { 702, "2026-01-01T00:00:00.000000", "2026-03-01T00:00:00.000000", "3", "XP3" }, /* withdrawn */
            { 703, NULL, NULL, "4", "XP4" },                                                 /* no times */
        };
        int ok = 1;
        for (size_t i = 0; i < sizeof docs / sizeof *docs && ok; i++) {
            char idterm[32], data[32];
            snprintf(idterm, sizeof idterm, "Qpost:%d", docs[i].id);
            int n = snprintf(data, sizeof data, "post:%d", docs[i].id);
            xap_doc *d = xap_doc_new(&err);
            ok = d && xap_doc_index_text(d, "budget primitif", "", &err) == 0
                && xap_doc_add_boolean(d, "I#shown", &err) == 0
                && xap_doc_add_boolean(d, docs[i].by, &err) == 0
                && xap_doc_set_value(d, XAP_SLOT_GROUP, docs[i].group, &err) == 0
                && xap_doc_set_shown(d, docs[i].from, docs[i].until, &err) == 0
                && xap_doc_set_data(d, data, (size_t)n, &err) == 0
                && xap_wdb_replace(w, idterm, d, &err) == 0;
            xap_doc_free(d);
        }
        CHECK(ok);
        CHECK(xap_wdb_commit(w, &err) == 0);
        CHECK(xap_rdb_reopen(r, &err) == 0);
        static const char *const BY2[] = { "XP2", NULL }, *const BY3[] = { "XP3", NULL };
        static const struct { const char *now; const char *const *seen; long want; const char *groups; } cases[] = {
            { NULL, NULL, 4, "1234" },                              /* no filter: all */
            { "2026-02-01T00:00:00.000000", NULL, 3, "134" },       /* before 701, while 702 */
            { "2026-04-01T00:00:00.000000", NULL, 2, "14" },        /* 702 withdrawn */
            { "2026-06-01T12:00:00.000000", NULL, 3, "124" },       /* 701 at its very time */
            { "2026-06-01T11:59:59.999999", NULL, 2, "14" },        /* a microsecond before */
            { "2026-03-01T00:00:00.000000", NULL, 2, "14" },        /* 702 at its withdrawal */
            { "2026-04-01T00:00:00.000000", BY2, 3, "124" },        /* its author sees 701 */
            { "2026-04-01T00:00:00.000000", BY3, 3, "134" },        /* and 702 */
        };
        for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
            for (int limit = 0; limit <= 10; limit += 10) {
                xap_query q = { .text = "budget", .partial = XAP_FULL, .any = SCOPE, .limit = (unsigned)limit,
                                .facets = 1u << XAP_SLOT_GROUP, .now = cases[c].now, .sees_unshown = cases[c].seen };
                xap_result res;
                CHECK(xap_search(r, &q, &res, &err) == 0);
                CHECK(res.estimated == (unsigned long)cases[c].want);
                CHECK(res.n == (limit ? (size_t)cases[c].want : 0));
                char got[8] = "";
                for (size_t k = 0; k < res.facets[XAP_SLOT_GROUP].n && k < 4; k++) got[k] = res.facets[XAP_SLOT_GROUP].values[k].value[0];
                qsort(got, strlen(got), 1, by_char);
                CHECK_STR(got, cases[c].groups);
                xap_result_free(&res);
            }
        }
    }

    /* What Xapian compressed reads back whole (lib/xap_zlib.c): a
     * document whose data unpacks past 8 KiB from a few bytes, and one
     * whose term list does (many numbers) */
    {
        static const char *const SCOPE[] = { "I#zlib", NULL };
        static char big[8300];
        memset(big, 'x', sizeof big - 1);
        memcpy(big, "file:800\n", 9);
        xap_doc *d = xap_doc_new(&err);
        CHECK(d && xap_doc_index_text(d, "colonne de zeros", "", &err) == 0 && xap_doc_add_boolean(d, "I#zlib", &err) == 0
              && xap_doc_set_data(d, big, 8208, &err) == 0 && xap_wdb_replace(w, "Qfile:800", d, &err) == 0);
        xap_doc_free(d);
        d = xap_doc_new(&err);
        int ok = d != NULL;
        for (int k = 0; ok && k < 3000; k++) {
            char term[32];
            snprintf(term, sizeof term, "XN%d", k);
            ok = xap_doc_add_boolean(d, term, &err) == 0;
        }
        CHECK(ok && xap_doc_index_text(d, "tableau de nombres", "", &err) == 0 && xap_doc_add_boolean(d, "I#zlib", &err) == 0
              && xap_doc_set_data(d, "file:801", 8, &err) == 0 && xap_wdb_replace(w, "Qfile:801", d, &err) == 0);
        xap_doc_free(d);
        CHECK(xap_wdb_commit(w, &err) == 0);
        CHECK(xap_rdb_reopen(r, &err) == 0);
        xap_query q = { .text = "zeros", .partial = XAP_FULL, .any = SCOPE, .limit = 10 };
        xap_result res;
        int rc = xap_search(r, &q, &res, &err);
        CHECK(rc == 0);
        if (rc) fprintf(stderr, "search: %s\n", err.msg);
        CHECK(rc == 0 && res.n == 1 && res.hits[0].data_len == 8208 && memcmp(res.hits[0].data, big, 8208) == 0);
        if (rc == 0) xap_result_free(&res);
        /* a term list read back (the reconciliation's scopes), then the
         * documents replaced (which reads their old term lists) */
        char scopes[64];
        CHECK(xap_wdb_scopes(w, "Qfile:801", scopes, sizeof scopes, &err) == 1);
        CHECK(xap_wdb_rescope(w, "Qfile:801", "I#zlib U1", 0, &err) == 1);
        CHECK(xap_wdb_delete(w, "Qfile:800", &err) == 0);
        CHECK(xap_wdb_commit(w, &err) == 0);
    }

    xap_rdb_close(r);
    xap_wdb_close(w);
    xap_rdb_close(NULL);
    xap_wdb_close(NULL);
    xap_doc_free(NULL);
    xap_result_free(NULL);

    unit_rm_rf(dir);
    CHECK(access(dir, F_OK) != 0);
    return UNIT_DONE();
}
