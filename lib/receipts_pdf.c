#include "receipts_pdf.h"
#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The layout, in points (1/72 inch): A4 portrait, a fixed grid (every
 * line of the table has the same height, so the page count is known
 * before drawing and each page says « page i / n »). */
#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 40.0
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define FIRST_TOP 196.0               /* the table's top on page 1, below the meeting */
#define NEXT_TOP 62.0                 /* on the next pages, below a running title */
#define HEAD_H 18.0                   /* the table's header line */
#define ROW_H 24.0                    /* a recipient: two lines of text */
#define BOTTOM (PAGE_H - MARGIN - 10.0)
#define PAD 3.0
#define FONT "DejaVu Sans"
#define TEXT_MAX 1024                 /* bytes of a cell kept (it is ellipsised long before) */

enum { COL_NAME, COL_SENT, COL_RELAY, COL_OPENED, COL_CONFIRMED, COL_ANSWER, NCOLS };
static const double col_w[NCOLS] = { 165.0, 62.0, 92.28, 62.0, 78.0, 56.0 };  /* sums to CONTENT_W */

typedef struct {
    const char *doc, *organisation, *group, *when, *place, *version, *dispatched,
               *generated, *none, *summary, *cols[NCOLS];
} labels;

static const labels labels_fr = {
    "Accusés de réception", "Organisation", "Groupe", "Date", "Lieu", "Version",
    "envoyée le", "Généré le", "Aucun destinataire.",
    "Destinataires : %zu — ouvertes : %zu — confirmées : %zu",
    { "Destinataire", "Envoyée", "Relais", "Ouverte", "Confirmée", "Réponse" },
};
static const labels labels_en = {
    "Receipts", "Organisation", "Group", "When", "Where", "Version",
    "sent on", "Generated on", "No recipients.",
    "Recipients: %zu — opened: %zu — confirmed: %zu",
    { "Recipient", "Sent", "Relay", "Opened", "Confirmed", "Answer" },
};

typedef struct {
    cairo_t *cr;
    cairo_font_face_t *regular, *bold;
    const receipts_doc *doc;
    const labels *l;
    int pages;
} pdf;

static int rows_first(void) { return (int)((BOTTOM - (FIRST_TOP + HEAD_H)) / ROW_H); }
static int rows_next(void) { return (int)((BOTTOM - (NEXT_TOP + HEAD_H)) / ROW_H); }

int receipts_pdf_pages(size_t n)
{
    size_t first = (size_t)rows_first(), next = (size_t)rows_next();
    if (n <= first) return 1;
    return 1 + (int)((n - first + next - 1) / next);
}

/* ---- text ---------------------------------------------------------- */

/* The length of the valid UTF-8 sequence at s (1-4), or 0 when invalid */
static size_t utf8_len(const unsigned char *s, size_t left)
{
    size_t n;
    if (s[0] < 0x80) return 1;
    else if ((s[0] & 0xE0) == 0xC0 && s[0] >= 0xC2) n = 2;
    else if ((s[0] & 0xF0) == 0xE0) n = 3;
    else if ((s[0] & 0xF8) == 0xF0 && s[0] <= 0xF4) n = 4;
    else return 0;
    if (n > left) return 0;
    for (size_t i = 1; i < n; i++) if ((s[i] & 0xC0) != 0x80) return 0;
    if (n == 3 && s[0] == 0xE0 && s[1] < 0xA0) return 0;        /* overlong */
    if (n == 3 && s[0] == 0xED && s[1] >= 0xA0) return 0;       /* surrogates */
    if (n == 4 && s[0] == 0xF0 && s[1] < 0x90) return 0;
    if (n == 4 && s[0] == 0xF4 && s[1] >= 0x90) return 0;
    return n;
}

/* Copies `in` into out (TEXT_MAX bytes) as text cairo can draw: valid
 * UTF-8 (an invalid byte becomes '?'), control characters as spaces,
 * cut at a character's boundary. */
static void clean(const char *in, char *out)
{
    size_t o = 0, left = in ? strlen(in) : 0;
    const unsigned char *s = (const unsigned char *)(in ? in : "");
    while (left > 0) {
        size_t n = utf8_len(s, left);
        if (n == 0) { if (o + 1 >= TEXT_MAX) break; out[o++] = '?'; s++; left--; continue; }
        if (o + n >= TEXT_MAX) break;
        if (n == 1 && (s[0] < 0x20 || s[0] == 0x7F)) out[o++] = ' ';
        else { memcpy(out + o, s, n); o += n; }
        s += n;
        left -= n;
    }
    out[o] = 0;
}

static double width_of(pdf *p, const char *s, size_t len)
{
    char buf[TEXT_MAX + 4];
    cairo_text_extents_t e;
    memcpy(buf, s, len);
    buf[len] = 0;
    cairo_text_extents(p->cr, buf, &e);
    return e.x_advance;
}

/* The longest prefix of s[0..len) cut at a character boundary whose width,
 * plus `extra`, fits in w (a binary search over the boundaries) */
static size_t fitting_prefix(pdf *p, const char *s, size_t len, double w, double extra)
{
    static __thread size_t at[TEXT_MAX + 1];
    size_t n = 0;
    for (size_t i = 1; i <= len; i++)
        if (i == len || ((unsigned char)s[i] & 0xC0) != 0x80) at[n++] = i;
    size_t lo = 0, hi = n;          /* the first `lo` boundaries fit; at[hi] and beyond do not */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (width_of(p, s, at[mid]) + extra <= w) lo = mid + 1; else hi = mid;
    }
    return lo == 0 ? 0 : at[lo - 1];
}

static void show(pdf *p, double x, double y, const char *s, size_t len)
{
    char buf[TEXT_MAX + 4];
    memcpy(buf, s, len);
    buf[len] = 0;
    cairo_move_to(p->cr, x, y);
    cairo_show_text(p->cr, buf);
}

static const char ELLIPSIS[] = "\xE2\x80\xA6";   /* … */

/* Draws `text` at (x, first baseline y) in at most `lines` lines of width
 * w and `lead` points apart: broken at spaces (a word longer than a line
 * is cut), the last line ellipsised when the text does not fit. */
static void text_box(pdf *p, double x, double y, double w, int lines, double lead, const char *text)
{
    char t[TEXT_MAX];
    clean(text, t);
    const char *s = t;
    size_t len = strlen(t);
    for (int line = 0; line < lines && len > 0; line++) {
        while (len > 0 && *s == ' ') { s++; len--; }
        if (len == 0) break;
        double yy = y + line * lead;
        if (width_of(p, s, len) <= w) { show(p, x, yy, s, len); return; }
        if (line == lines - 1) {
            double ew = width_of(p, ELLIPSIS, sizeof ELLIPSIS - 1);
            size_t k = fitting_prefix(p, s, len, w, ew);
            while (k > 0 && s[k - 1] == ' ') k--;
            char buf[TEXT_MAX + 4];
            memcpy(buf, s, k);
            memcpy(buf + k, ELLIPSIS, sizeof ELLIPSIS);
            show(p, x, yy, buf, k + sizeof ELLIPSIS - 1);
            return;
        }
        size_t k = fitting_prefix(p, s, len, w, 0), cut = k;
        while (cut > 0 && s[cut] != ' ') cut--;            /* the last space that fits */
        if (cut == 0) cut = k ? k : 1;                     /* one long word: cut it */
        while (cut < len && ((unsigned char)s[cut] & 0xC0) == 0x80) cut++;
        show(p, x, yy, s, cut);
        s += cut;
        len -= cut;
    }
}

static void font(pdf *p, int bold, double size, double grey)
{
    cairo_set_font_face(p->cr, bold ? p->bold : p->regular);
    cairo_set_font_size(p->cr, size);
    cairo_set_source_rgb(p->cr, grey, grey, grey);
}

static const char *or_empty(const char *s) { return s ? s : ""; }

/* ---- the page's parts ---------------------------------------------- */

static void meeting_block(pdf *p)
{
    const receipts_doc *d = p->doc;
    const labels *l = p->l;
    char line[TEXT_MAX];

    font(p, 1, 18, 0);
    text_box(p, MARGIN, MARGIN + 18, CONTENT_W, 1, 0, l->doc);
    font(p, 1, 13, 0);
    text_box(p, MARGIN, MARGIN + 40, CONTENT_W, 1, 0, or_empty(d->title));

    snprintf(line, sizeof line, "%d — %s %s", d->version, l->dispatched, or_empty(d->dispatched));
    const char *rows[][2] = {
        { l->organisation, or_empty(d->organisation) },
        { l->group, or_empty(d->group) },
        { l->when, or_empty(d->when) },
        { l->place, or_empty(d->place) },
        { l->version, line },
        { l->generated, or_empty(d->generated) },
    };
    double y = MARGIN + 58;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++, y += 14) {
        font(p, 1, 9, 0.25);
        text_box(p, MARGIN, y, 88, 1, 0, rows[i][0]);
        font(p, 0, 9, 0);
        text_box(p, MARGIN + 92, y, CONTENT_W - 92, 1, 0, rows[i][1]);
    }
    size_t opened = 0, confirmed = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (d->rows[i].opened && d->rows[i].opened[0]) opened++;
        if (d->rows[i].confirmed && d->rows[i].confirmed[0]) confirmed++;
    }
    snprintf(line, sizeof line, l->summary, d->n, opened, confirmed);
    font(p, 1, 9, 0);
    text_box(p, MARGIN, y, CONTENT_W, 1, 0, line);
}

static void running_title(pdf *p)
{
    char line[TEXT_MAX];
    snprintf(line, sizeof line, "%s — %s", p->l->doc, or_empty(p->doc->title));
    font(p, 1, 9, 0.25);
    text_box(p, MARGIN, MARGIN + 8, CONTENT_W, 1, 0, line);
}

static void table_head(pdf *p, double top)
{
    cairo_set_source_rgb(p->cr, 0.88, 0.9, 0.93);
    cairo_rectangle(p->cr, MARGIN, top, CONTENT_W, HEAD_H);
    cairo_fill(p->cr);
    font(p, 1, 8, 0);
    double x = MARGIN;
    for (int c = 0; c < NCOLS; c++) {
        text_box(p, x + PAD, top + 12, col_w[c] - 2 * PAD, 1, 0, p->l->cols[c]);
        x += col_w[c];
    }
}

static void table_row(pdf *p, double top, const receipt_row *r, int stripe)
{
    if (stripe) {
        cairo_set_source_rgb(p->cr, 0.96, 0.965, 0.97);
        cairo_rectangle(p->cr, MARGIN, top, CONTENT_W, ROW_H);
        cairo_fill(p->cr);
    }
    double x = MARGIN, w = col_w[COL_NAME] - 2 * PAD;
    font(p, 0, 8, 0);
    text_box(p, x + PAD, top + 10, w, 1, 0, or_empty(r->name));
    font(p, 0, 7, 0.35);
    text_box(p, x + PAD, top + 20, w, 1, 0, or_empty(r->email));
    x += col_w[COL_NAME];
    const char *cells[] = { r->sent, r->relay, r->opened, r->confirmed, r->answer };
    font(p, 0, 7.5, 0);
    for (int c = COL_SENT; c < NCOLS; c++) {
        text_box(p, x + PAD, top + 10, col_w[c] - 2 * PAD, 2, 9.5, or_empty(cells[c - COL_SENT]));
        x += col_w[c];
    }
    cairo_set_source_rgb(p->cr, 0.8, 0.8, 0.8);
    cairo_set_line_width(p->cr, 0.4);
    cairo_move_to(p->cr, MARGIN, top + ROW_H);
    cairo_line_to(p->cr, MARGIN + CONTENT_W, top + ROW_H);
    cairo_stroke(p->cr);
}

static void footer(pdf *p, int page)
{
    char line[64];
    snprintf(line, sizeof line, "page %d / %d", page, p->pages);
    font(p, 0, 8, 0.35);
    cairo_text_extents_t e;
    cairo_text_extents(p->cr, line, &e);
    cairo_move_to(p->cr, PAGE_W - MARGIN - e.x_advance, PAGE_H - 22);
    cairo_show_text(p->cr, line);
    char left[TEXT_MAX];
    snprintf(left, sizeof left, "%s — %s", or_empty(p->doc->group), or_empty(p->doc->title));
    text_box(p, MARGIN, PAGE_H - 22, CONTENT_W - e.x_advance - 20, 1, 0, left);
}

/* ---- the document -------------------------------------------------- */

typedef struct {
    receipts_write_fn write;
    void *ctx;
} sink;

static cairo_status_t to_sink(void *closure, const unsigned char *data, unsigned int length)
{
    sink *k = closure;
    return k->write(k->ctx, data, length) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* fontconfig's caches are freed at the program's exit (before
 * LeakSanitizer's check, which an earlier atexit registered) */
static int used;
static pthread_once_t at_exit_once = PTHREAD_ONCE_INIT;
static void register_release(void) { atexit(receipts_pdf_release); }

int receipts_pdf(const receipts_doc *doc, receipts_write_fn write, void *ctx)
{
    if (!doc || !write || (doc->n > 0 && !doc->rows)) return -1;
    pthread_once(&at_exit_once, register_release);
    used = 1;
    sink k = { write, ctx };
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(to_sink, &k, PAGE_W, PAGE_H);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        return -1;
    }
    pdf p = {
        .doc = doc,
        .l = doc->locale && strcmp(doc->locale, "en") == 0 ? &labels_en : &labels_fr,
        .pages = receipts_pdf_pages(doc->n),
    };
    char title[TEXT_MAX + 64], clean_title[TEXT_MAX];
    clean(doc->title, clean_title);
    snprintf(title, sizeof title, "%s — %s", p.l->doc, clean_title);
    clean(title, clean_title);                /* snprintf may have cut a character */
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, clean_title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Parvis");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, p.l->doc);

    p.cr = cairo_create(surface);
    p.regular = cairo_toy_font_face_create(FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    p.bold = cairo_toy_font_face_create(FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);

    size_t row = 0;
    for (int page = 1; page <= p.pages; page++) {
        double top;
        if (page == 1) { meeting_block(&p); top = FIRST_TOP; }
        else { running_title(&p); top = NEXT_TOP; }
        table_head(&p, top);
        top += HEAD_H;
        size_t room = (size_t)(page == 1 ? rows_first() : rows_next());
        if (doc->n == 0) {
            font(&p, 0, 9, 0.35);
            text_box(&p, MARGIN + PAD, top + 14, CONTENT_W, 1, 0, p.l->none);
        }
        for (size_t i = 0; i < room && row < doc->n; i++, row++)
            table_row(&p, top + i * ROW_H, &doc->rows[row], (int)(row % 2));
        footer(&p, page);
        cairo_show_page(p.cr);
        if (cairo_status(p.cr) != CAIRO_STATUS_SUCCESS) break;
    }
    int rc = cairo_status(p.cr) == CAIRO_STATUS_SUCCESS ? 0 : -1;
    cairo_font_face_destroy(p.regular);
    cairo_font_face_destroy(p.bold);
    cairo_destroy(p.cr);
    cairo_surface_finish(surface);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) rc = -1;
    cairo_surface_destroy(surface);
    return rc;
}

void receipts_pdf_release(void)
{
    if (!used) return;
    used = 0;
    cairo_debug_reset_static_data();
    FcFini();
}
