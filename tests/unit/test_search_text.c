/* Unit tests for the text of the search, from folding to Xapian (lib/fold.c,
 * lib/xap.cc): decomposed Unicode (NFD) found as composed (NFC) both ways,
 * and Chinese and Japanese words found inside sentences (CJK n-grams). The
 * NFD forms are made by utf8proc from the composed text. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "fold.h"
#include "xap.h"
#include "unit.h"

static char *nfd(const char *s) { return (char *)utf8proc_NFD((const utf8proc_uint8_t *)s); }

/* A document of text `text`, folded as the indexer folds it. */
static int put(xap_wdb *w, int id, const char *text)
{
    xap_err err;
    char idterm[64], data[64];
    snprintf(idterm, sizeof idterm, "Qpost:%d", id);
    int n = snprintf(data, sizeof data, "post:%d", id);
    char *f = fold_text(text, strlen(text));
    if (f) fold_split_elisions(f);
    xap_doc *d = xap_doc_new(&err);
    int rc = !f || !d || xap_doc_index_text(d, f, "", &err) || xap_doc_add_boolean(d, "I*", &err)
          || xap_doc_set_data(d, data, (size_t)n, &err) || xap_wdb_replace(w, idterm, d, &err) ? -1 : 0;
    if (rc) fprintf(stderr, "put: %s\n", err.msg);
    xap_doc_free(d);
    free(f);
    return rc;
}

static const char *const ALL[] = { "I*", NULL };

/* The ids found for `typed` (folded as the search folds it), as "1,3", in
 * the mode given. */
static const char *found(xap_rdb *r, const char *typed, int mode)
{
    static char out[128];
    out[0] = 0;
    char *f = fold_text(typed, strlen(typed));
    if (f) fold_split_elisions(f);
    xap_query q = { .text = f, .partial = mode, .any = ALL, .limit = 20 };
    xap_result res;
    xap_err err;
    if (!f || xap_search(r, &q, &res, &err)) { free(f); return "error"; }
    int ids[20], n = 0;
    for (size_t i = 0; i < res.n && n < 20; i++) ids[n++] = (int)strtol(res.hits[i].data + 5, NULL, 10);
    for (int i = 0; i < n; i++)           /* in order of id: relevance aside */
        for (int j = i + 1; j < n; j++) if (ids[j] < ids[i]) { int t = ids[i]; ids[i] = ids[j]; ids[j] = t; }
    for (int i = 0; i < n; i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%d", i ? "," : "", ids[i]);
    xap_result_free(&res);
    free(f);
    return out;
}

int main(void)
{
    char tmpl[] = "/tmp/parvis-searchtext-XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL);
    if (!dir) return UNIT_DONE();
    char path[512];
    snprintf(path, sizeof path, "%s/db", dir);
    xap_err err;
    xap_wdb *w = xap_wdb_open(path, &err);
    CHECK(w != NULL);
    if (!w) return UNIT_DONE();

    /* 1: composed; 2: the same kind of text decomposed, as macOS writes it */
    char *d2 = nfd("Compte rendu de la réunion à Besançon, Noël approche");
    CHECK(d2 && strstr(d2, "réunion") == NULL);         /* really decomposed */
    CHECK(put(w, 1, "Le comité a validé le budget de l'été") == 0);
    CHECK(put(w, 2, d2 ? d2 : "") == 0);
    /* 3, 4: Chinese and Japanese sentences, no spaces between words */
    CHECK(put(w, 3, "我们明天在北京开会讨论预算问题") == 0);
    CHECK(put(w, 4, "東京で会議の議事録を作成しました") == 0);
    /* 5: a Cyrillic word with a decomposed short i */
    char *d5 = nfd("Отчёт о собрании в Йошкар-Оле");
    CHECK(put(w, 5, d5 ? d5 : "") == 0);
    CHECK(xap_wdb_commit(w, &err) == 0);

    xap_rdb *r = xap_rdb_open(path, &err);
    CHECK(r != NULL);
    if (!r) return UNIT_DONE();

    /* NFC queries find the NFD document, NFD queries the NFC one */
    CHECK_STR(found(r, "réunion", XAP_FULL), "2");
    CHECK_STR(found(r, "Besançon", XAP_EXACT), "2");
    char *q1 = nfd("comité été"), *q2 = nfd("Йошкар"), *q3 = nfd("отчёт");
    CHECK_STR(found(r, q1 ? q1 : "", XAP_FULL), "1");
    CHECK_STR(found(r, q1 ? q1 : "", XAP_PREFIX_LAST), "1");
    CHECK_STR(found(r, "Йошкар", XAP_FULL), "5");         /* NFC query, NFD text */
    CHECK_STR(found(r, q2 ? q2 : "", XAP_FULL), "5");      /* NFD query, NFD text */
    CHECK_STR(found(r, q3 ? q3 : "", XAP_EXACT), "5");
    CHECK_STR(found(r, "\"réunion à Besançon\"", XAP_FULL), "2");   /* a phrase across forms */

    /* Chinese and Japanese: a word inside a sentence, in every mode */
    CHECK_STR(found(r, "北京", XAP_FULL), "3");
    CHECK_STR(found(r, "预算", XAP_EXACT), "3");
    CHECK_STR(found(r, "预算", XAP_PREFIX_LAST), "3");
    CHECK_STR(found(r, "北京 预算", XAP_FULL), "3");
    CHECK_STR(found(r, "会議", XAP_FULL), "4");
    CHECK_STR(found(r, "議事録", XAP_FULL), "4");
    CHECK_STR(found(r, "上海", XAP_FULL), "");            /* a word it has not */
    CHECK_STR(found(r, "東京 上海", XAP_FULL), "");         /* every word is required */
    CHECK_STR(found(r, "録議", XAP_FULL), "");             /* its characters in another order */

    xap_rdb_close(r);
    xap_wdb_close(w);
    free(d2); free(d5); free(q1); free(q2); free(q3);
    unit_rm_rf(dir);
    return UNIT_DONE();
}
