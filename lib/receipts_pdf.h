/* The PDF « Accusés de réception » (« Receipts ») of a convocation
 * (docs/convocations.md, docs/convocations_ui.md): A4 portrait, made with
 * libcairo as real text (pdftotext reads it), one line per recipient,
 * the table's headers repeated on each page, « page 2 / 5 » at the foot.
 * The caller gives display text only (dates already formatted in the
 * reader's language and zone): this file formats nothing. */
#ifndef PARVIS_RECEIPTS_PDF_H
#define PARVIS_RECEIPTS_PDF_H
#include <stddef.h>

typedef struct {
    const char *name, *email;          /* the recipient */
    const char *sent, *relay, *opened, *confirmed, *answer; /* display text, "" when none */
} receipt_row;

typedef struct {
    const char *organisation, *group, *title;   /* the meeting */
    const char *when, *place;                   /* display text */
    const char *dispatched;                     /* date of dispatch, display text */
    int version;
    const char *generated;                      /* generation time, display text */
    const char *locale;                         /* "fr" | "en": the fixed labels */
    const receipt_row *rows; size_t n;
} receipts_doc;

/* Writes the PDF « Accusés de réception » to `out` (a growable buffer:
 * the function appends with the callback). 0, or -1 on a cairo error. */
typedef int (*receipts_write_fn)(void *ctx, const unsigned char *data, size_t len);
int receipts_pdf(const receipts_doc *doc, receipts_write_fn write, void *ctx);

/* The number of pages of a document of n rows (a fixed layout: every
 * line has the same height, the first page holds fewer lines than the
 * next ones, below the meeting's block). Always ≥ 1. */
int receipts_pdf_pages(size_t n);

/* Frees cairo's and fontconfig's static caches (fontconfig's would be
 * reported by LeakSanitizer): receipts_pdf registers it with atexit on
 * its first call, so a worker's exit is clean; never call it while
 * another thread may draw. Harmless when called twice. */
void receipts_pdf_release(void);
#endif
