/* OCR's cost (indexer/extract_ocr.c, docs/search_text.md): pages of French
 * text rendered by cairo at 300 dpi into PDFs made of images only (scans)
 * and a PNG, read through extract_file (the limited child, Tesseract
 * fra+eng) as the indexer reads them. Prints, one per line:
 *   pdf PAGES MS WORDS_FOUND WORDS CPU_MS  (a scanned PDF of PAGES pages;
 *                                          CPU_MS: the child's CPU time)
 *   png 1 MS WORDS_FOUND WORDS CPU_MS
 *   rss KIB                          (the largest child's peak memory)
 * Usage: ocr_bench PAGES RUNS */
#include "extract.h"
#include "fold.h"
#include <cairo.h>
#include <cairo-pdf.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static const char *const LINES[] = {
    "Compte rendu de la réunion du conseil d'administration",
    "Le conseil s'est réuni le jeudi douze mars à dix-huit heures",
    "dans la salle polyvalente de la mairie. Étaient présents",
    "la présidente, le trésorier, la secrétaire et sept membres.",
    "Le trésorier présente le budget de l'année prochaine : les",
    "dépenses de fonctionnement augmentent de trois pour cent,",
    "principalement à cause du chauffage et de l'assurance.",
    "La secrétaire rappelle que les cotisations doivent être",
    "versées avant la fin du mois et que les retardataires",
    "recevront un courrier de relance avec un nouveau formulaire.",
    "Le conseil décide à l'unanimité de rénover la toiture de",
    "l'entrepôt et de demander trois devis à des entreprises",
    "locales. Les travaux commenceront au printemps prochain.",
    "Questions diverses : la fête annuelle aura lieu en juin,",
    "les bénévoles sont invités à s'inscrire auprès du bureau.",
    "La séance est levée à vingt heures trente. Prochaine réunion",
    "le jeudi neuf avril, même heure, même lieu. Ordre du jour à",
    "venir. Signé : la présidente et la secrétaire de séance.",
};
#define NLINES (sizeof LINES / sizeof *LINES)

/* An A4 page at 300 dpi (2480 x 3508) with the lines, gray on white. */
static cairo_surface_t *page(void)
{
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 2480, 3508);
    cairo_t *cr = cairo_create(img);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_select_font_face(cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 46);                 /* 11 pt at 300 dpi */
    for (size_t i = 0; i < NLINES; i++) {
        cairo_move_to(cr, 240, 300 + 90 * (double)i);
        cairo_show_text(cr, LINES[i]);
    }
    cairo_destroy(cr);
    return img;
}

static void write_pdf(const char *path, cairo_surface_t *img, int pages)
{
    cairo_surface_t *pdf = cairo_pdf_surface_create(path, 595.3, 841.9);
    cairo_t *cr = cairo_create(pdf);
    for (int i = 0; i < pages; i++) {
        cairo_save(cr);
        cairo_scale(cr, 72.0 / 300, 72.0 / 300);
        cairo_set_source_surface(cr, img, 0, 0);
        cairo_paint(cr);
        cairo_restore(cr);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(pdf);
}

/* The words of the page's lines (4 letters or more) found in the text. */
static void score(const char *text, size_t len, int *found, int *total)
{
    char *f = fold_text(text, len);
    *found = *total = 0;
    for (size_t i = 0; i < NLINES; i++) {
        char *line = fold_text(LINES[i], strlen(LINES[i]));
        char *save = NULL;
        for (char *w = strtok_r(line, " ,.:'-", &save); w; w = strtok_r(NULL, " ,.:'-", &save)) {
            if (strlen(w) < 4) continue;
            (*total)++;
            if (f && strstr(f, w)) (*found)++;
        }
        free(line);
    }
    free(f);
}

static double child_cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3
         + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static double cpu_ms;                        /* the last run's child CPU time */

static double run(const char *path, const char *mime, int *found, int *total)
{
    struct timespec a, b;
    extract_result x;
    double c0 = child_cpu_ms();
    clock_gettime(CLOCK_MONOTONIC, &a);
    int rc = extract_file(path, mime, &x);
    clock_gettime(CLOCK_MONOTONIC, &b);
    cpu_ms = child_cpu_ms() - c0;
    if (rc) { fprintf(stderr, "ocr_bench: %s: %s\n", path, x.reason); exit(1); }
    score(x.text, x.len, found, total);
    free(x.text);
    return (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
}

static int rm_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb; (void)type; (void)ftw;
    return remove(path);
}

int main(int argc, char **argv)
{
    extract_ocr_one_thread(argv);       /* as the indexer reads scans */
    int pages = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 5, runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 3;
    if (pages < 2) pages = 2;
    if (runs < 1) runs = 1;
    char dir[] = "/tmp/parvis-ocr-bench-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    char one[128], many[128], png[128];
    snprintf(one, sizeof one, "%s/one.pdf", dir);
    snprintf(many, sizeof many, "%s/many.pdf", dir);
    snprintf(png, sizeof png, "%s/page.png", dir);
    cairo_surface_t *img = page();
    write_pdf(one, img, 1);
    write_pdf(many, img, pages);
    cairo_surface_write_to_png(img, png);
    cairo_surface_destroy(img);
    int found, total;
    for (int r = 0; r < runs; r++) {
        double ms = run(one, "application/pdf", &found, &total);
        printf("pdf 1 %.0f %d %d %.0f\n", ms, found, total, cpu_ms);
        ms = run(many, "application/pdf", &found, &total);
        printf("pdf %d %.0f %d %d %.0f\n", pages, ms, found, total, cpu_ms);
        ms = run(png, "image/png", &found, &total);
        printf("png 1 %.0f %d %d %.0f\n", ms, found, total, cpu_ms);
    }
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    printf("rss %ld\n", ru.ru_maxrss);
    return nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS) ? 1 : 0;   /* the scratch directory */
}
