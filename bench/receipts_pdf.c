/* The PDF « Accusés de réception » (lib/receipts_pdf.c) of 500 recipients:
 * the first document of a process (fontconfig's and cairo's caches cold),
 * then N more (warm), each timed alone; prints one line per measure:
 * "first MS", "warm P50 P99 MAX", "bytes B", "pages P". Run by
 * bench/receipts_pdf.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "receipts_pdf.h"

typedef struct { size_t n; } counter;

static int count(void *ctx, const unsigned char *data, size_t len)
{
    (void)data;
    ((counter *)ctx)->n += len;
    return 0;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 20;
    size_t n = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 500;
    if (runs < 1) runs = 1;
    static const char *firsts[] = { "Élodie", "Gaëlle", "Jérôme", "François", "Zoé", "Anaïs", "Benoît", "Cécile" };
    static const char *lasts[] = { "Lefèvre", "Dupré", "Müller", "Béranger", "Crépeau", "Nuñez" };
    receipt_row *rows = calloc(n ? n : 1, sizeof *rows);
    char (*names)[64] = calloc(n ? n : 1, 64), (*emails)[64] = calloc(n ? n : 1, 64);
    if (!rows || !names || !emails) return 1;
    for (size_t i = 0; i < n; i++) {
        snprintf(names[i], 64, "%s %s %zu", firsts[i % 8], lasts[i % 6], i);
        snprintf(emails[i], 64, "personne%zu@exemple.fr", i);
        rows[i] = (receipt_row){ names[i], emails[i], "03/12/2026 09:30", "accepté — 250 2.0.0 Ok: queued as 4F2A1B3C",
                                 i % 2 ? "03/12/2026 10:02" : "", i % 3 ? "" : "03/12/2026 10:05 (courriel)",
                                 i % 4 ? "" : "Oui" };
    }
    receipts_doc doc = { "Mairie de Saint-Étienne", "Conseil d'administration", "Assemblée générale extraordinaire",
                         "jeudi 10 décembre 2026, 18:00 – 20:00", "Salle des fêtes", "03/12/2026 09:30", 1,
                         "03/12/2026 11:00", "fr", rows, n };
    counter c = { 0 };
    double t0 = now_ms();
    if (receipts_pdf(&doc, count, &c) != 0) { fprintf(stderr, "bench: receipts_pdf failed\n"); return 1; }
    printf("first %.1f\n", now_ms() - t0);
    double *t = calloc((size_t)runs, sizeof *t);
    for (int r = 0; r < runs; r++) {
        c.n = 0;
        double s = now_ms();
        if (receipts_pdf(&doc, count, &c) != 0) return 1;
        t[r] = now_ms() - s;
    }
    qsort(t, (size_t)runs, sizeof *t, cmp);
    int i99 = (int)(runs * 0.99 + 0.999) - 1;
    if (i99 >= runs) i99 = runs - 1;
    printf("warm %.1f %.1f %.1f\n", t[(runs - 1) / 2], t[i99], t[runs - 1]);
    printf("bytes %zu\npages %d\n", c.n, receipts_pdf_pages(n));
    free(t);
    free(rows);
    free(names);
    free(emails);
    return 0;
}
