/* libFuzzer target: the query path — folding, elisions, and Xapian's
 * query parser with prefixes, stems, filters and "did you mean" — on
 * arbitrary bytes, against a small index made once. Nothing may crash,
 * leak or throw into C. */
#include "fold.h"
#include "xap.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static xap_rdb *reader;

static void make_index(void)
{
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/parvis-fuzz-index-%d", (int)getpid());
    xap_err e;
    xap_wdb *w = xap_wdb_open(dir, &e);
    if (!w) return;
    static const char *const texts[] = { "la reunion du conseil municipal", "l ecole et les chevaux",
                                         "budget primitif deux mille vingt six", "helene dupont" };
    for (int i = 0; i < 4; i++) {
        xap_doc *d = xap_doc_new(&e);
        char id[32];
        snprintf(id, sizeof id, "Qpost:%d", i);
        if (d && xap_doc_index_text(d, texts[i], "", &e) == 0 && xap_doc_add_boolean(d, "I*", &e) == 0
            && xap_doc_set_date(d, "2026-11-30T10:00:00", &e) == 0 && xap_doc_add_spelling(d, texts[i], &e) == 0
            && xap_doc_set_data(d, id + 1, strlen(id + 1), &e) == 0)
            xap_wdb_replace(w, id, d, &e);
        xap_doc_free(d);
    }
    xap_wdb_close(w);
    reader = xap_rdb_open(dir, &e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!reader) make_index();
    if (!reader || size > 4096) return 0;
    char *folded = fold_text((const char *)data, size);
    if (!folded) return 0;
    fold_split_elisions(folded);
    static const char *const any[] = { "I*", NULL };
    static const char *const all[] = { "XKpost", NULL };
    for (int partial = 0; partial <= XAP_FULL; partial++) {
        xap_query q = { .text = folded, .partial = partial, .all = partial == 1 ? all : NULL, .any = any,
                        .offset = 0, .limit = 10, .newest_first = partial == 2,
                        .date_from = partial == 2 ? "2026-01-01" : NULL, .date_to = NULL,
                        .facets = partial == XAP_FULL ? ~0u : 0 };
        xap_result res;
        xap_err e;
        if (xap_search(reader, &q, &res, &e) == 0) xap_result_free(&res);
    }
    char fixed[256];
    xap_err e;
    xap_suggest(reader, folded, fixed, sizeof fixed, &e);
    free(folded);
    return 0;
}
