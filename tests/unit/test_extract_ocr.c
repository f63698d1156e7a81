/* Unit tests for OCR (indexer/extract_ocr.c, extract_pdf_ocr.cc): text
 * rendered by cairo into a PNG (then a JPEG and a TIFF by Leptonica) and a
 * PDF made of that image only (no text layer), read back through
 * extract_file, the limited child; and its limits. */
#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <leptonica/allheaders.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "extract.h"
#include "fold.h"
#include "index_reason.h"
#include "unit.h"

static char dir[64];

/* The lines of text drawn black on white, at about 300 dpi. */
static cairo_surface_t *render(const char *const *lines, int n, int width)
{
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, 90 * n + 80);
    cairo_t *cr = cairo_create(img);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 46);
    for (int i = 0; i < n; i++) {
        cairo_move_to(cr, 60, 100 + 90 * i);
        cairo_show_text(cr, lines[i]);
    }
    cairo_destroy(cr);
    cairo_surface_set_fallback_resolution(img, 300, 300);
    return img;
}

static const char *path_of(const char *name)
{
    static char p[4][128];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

/* A PDF of `pages` pages, each the image alone (no text layer). */
static void write_pdf(const char *path, cairo_surface_t *img, int pages)
{
    double w = cairo_image_surface_get_width(img) * 72.0 / 300, h = cairo_image_surface_get_height(img) * 72.0 / 300;
    cairo_surface_t *pdf = cairo_pdf_surface_create(path, w, h);
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

/* Folded text read from path as mime; NULL when none (why in x). */
static char *read_folded(const char *path, const char *mime, extract_result *x)
{
    if (extract_file(path, mime, x) != 0) return NULL;
    char *f = fold_text(x->text, x->len);
    free(x->text);
    x->text = NULL;
    return f;
}

/* How many of the words are in the folded text. */
static int words_in(const char *folded, const char *const *words)
{
    int n = 0;
    for (; *words; words++) if (folded && strstr(folded, *words)) n++;
    return n;
}

int main(void)
{
    char *const self[] = { "test_extract_ocr", NULL };
    extract_ocr_one_thread(self);
    snprintf(dir, sizeof dir, "/tmp/parvis-ocr-XXXXXX");
    if (!mkdtemp(dir)) { CHECK(0); return UNIT_DONE(); }
    static const char *const lines[] = {
        "Facture du déménagement des archives",
        "municipales de Villeurbanne, réglée",
        "le quinze novembre par le trésorier.",
    };
    static const char *const words[] = { "facture", "demenagement", "archives", "municipales", "villeurbanne",
                                         "reglee", "quinze", "novembre", "tresorier", NULL };
    cairo_surface_t *img = render(lines, 3, 1100);
    CHECK(cairo_surface_write_to_png(img, path_of("scan.png")) == CAIRO_STATUS_SUCCESS);
    PIX *pix = pixRead(path_of("scan.png"));
    CHECK(pix != NULL);
    if (pix) {
        pixSetResolution(pix, 300, 300);
        CHECK(pixWrite(path_of("scan.jpg"), pix, IFF_JFIF_JPEG) == 0);
        CHECK(pixWrite(path_of("scan.tif"), pix, IFF_TIFF_ZIP) == 0);
        pixDestroy(&pix);
    }
    write_pdf(path_of("scan.pdf"), img, 1);

    struct { const char *name, *mime; } files[] = {
        { "scan.png", "image/png" }, { "scan.jpg", "image/jpeg" }, { "scan.tif", "image/tiff" },
        { "scan.pdf", "application/pdf" },
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        extract_result x;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        char *f = read_folded(path_of(files[i].name), files[i].mime, &x);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        int found = words_in(f, words);
        fprintf(stderr, "  %s: %d of 9 words, %.2f s%s%s\n", files[i].name, found,
                (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
                f ? "" : ", reason: ", f ? "" : x.reason);
        CHECK(f != NULL);
        CHECK(found >= 7);                   /* OCR may miss an accent or two */
        CHECK(x.ocr == 1);                   /* marked « texte reconnu » */
        CHECK_STR(x.reason, "");
        free(f);
    }

    /* a PDF with a text layer is not read by OCR */
    {
        cairo_surface_t *pdf = cairo_pdf_surface_create(path_of("text.pdf"), 595, 842);
        cairo_t *cr = cairo_create(pdf);
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr, 14);
        cairo_move_to(cr, 50, 100);
        cairo_show_text(cr, "Un document avec son texte, sans image scannée.");
        cairo_destroy(cr);
        cairo_surface_destroy(pdf);
        extract_result x;
        char *f = read_folded(path_of("text.pdf"), "application/pdf", &x);
        CHECK(f && strstr(f, "scannee"));
        CHECK(x.ocr == 0);
        free(f);
    }

    /* limits: pages (the text of the first ones kept, the reason said) */
    {
        static const char *const one[] = { "Page" };
        cairo_surface_t *small = render(one, 1, 300);
        write_pdf(path_of("long.pdf"), small, OCR_PAGES_MAX + 2);
        cairo_surface_destroy(small);
        extract_result x;
        char *f = read_folded(path_of("long.pdf"), "application/pdf", &x);
        CHECK(f && strstr(f, "page"));
        CHECK(x.ocr == 1);
        CHECK(strstr(x.reason, "first 20 pages") != NULL);
        CHECK_STR(index_reason_code(x.reason), "ocr_limit");
        free(f);
    }
    /* pixels: an image over the limit is not decoded at all */
    {
        cairo_surface_t *huge = cairo_image_surface_create(CAIRO_FORMAT_A1, 7000, 7000);
        CHECK(cairo_surface_write_to_png(huge, path_of("huge.png")) == CAIRO_STATUS_SUCCESS);
        cairo_surface_destroy(huge);
        extract_result x;
        CHECK(extract_file(path_of("huge.png"), "image/png", &x) == -1);
        CHECK(strstr(x.reason, "over 40 million") != NULL);
        CHECK_STR(index_reason_code(x.reason), "ocr_limit");
    }
    /* an image without text: no text, and no failure either */
    {
        cairo_surface_t *blank = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 300);
        cairo_t *cr = cairo_create(blank);
        cairo_set_source_rgb(cr, 0.2, 0.5, 0.8);
        cairo_paint(cr);
        cairo_destroy(cr);
        CHECK(cairo_surface_write_to_png(blank, path_of("blank.png")) == CAIRO_STATUS_SUCCESS);
        cairo_surface_destroy(blank);
        extract_result x;
        CHECK(extract_file(path_of("blank.png"), "image/png", &x) == -1);
        CHECK_STR(x.reason, "");
        /* and a broken one says so */
        FILE *f = fopen(path_of("broken.png"), "wb");
        if (f) { fputs("\x89PNG\r\n\x1a\n not really", f); fclose(f); }
        CHECK(extract_file(path_of("broken.png"), "image/png", &x) == -1);
        CHECK(strstr(x.reason, "not a readable image") != NULL);
        CHECK_STR(index_reason_code(x.reason), "damaged");
    }

    cairo_surface_destroy(img);
    cairo_debug_reset_static_data();         /* fontconfig's caches, for LeakSanitizer */
    FcFini();
    unit_rm_rf(dir);
    return UNIT_DONE();
}
