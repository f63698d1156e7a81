/* The previews' conversions (docs/previews.md): each runs in a limited
 * child (child.c), whose failure is the file's reason and nothing more.
 * Files are written aside, synced, then renamed into place. */
#ifndef PARVIS_PREVIEWER_PREVIEW_H
#define PARVIS_PREVIEWER_PREVIEW_H
#include "preview_kind.h"
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif

/* An image larger than this is refused before it is decoded. */
#define PREVIEW_MAX_PIXELS 100000000.0
/* A document's page is drawn at this many dots per inch at most (and
 * fewer when it would not fit in its box). */
#define PREVIEW_MAX_DPI 200.0
/* Text: the lines and columns drawn. */
#define PREVIEW_TEXT_LINES 48
#define PREVIEW_TEXT_COLUMNS 100

typedef struct {
    char reason[256];       /* why none was made ("" when made) */
    int pages;              /* a document's pages */
    long ms;                /* how long, in all */
    long maxrss_kb;         /* the largest peak memory of its children (wait4) */
    long cpu_ms;            /* its children's CPU time */
    long office_start_ms;   /* LibreOffice's start, for an office document */
} preview_result;

/* Starts libvips and fontconfig once, before any child is forked (they
 * start no thread then; each child's work starts its own): what each
 * child would spend starting them (tens of ms of CPU) is spent once. */
int preview_init(void);
/* Its end: libvips and fontconfig given back (previewer/image.c). */
void preview_shutdown(void);

/* Makes the preview `page` of the file `src` of type `mime`: page 0 the
 * two thumbnails, page n >= 1 page n of a document. Its files go under
 * `root` named after `sha256` (preview_path); `work_dir` holds the
 * conversions' scratch files. 0, or -1 with res->reason. */
int preview_make(const char *src, const char *mime, int page, const char *root, const char *sha256,
                 const char *work_dir, preview_result *res);

/* --- the converters, run inside the limited child --- */
/* The two thumbnails of an image file (vips). */
int image_thumbs(const char *src, const char *large, const char *small, char *reason, size_t rlen);
/* Saves pixels (RGB, 3 bytes each, rows of w * 3) as the thumbnails (small
 * NULL: `large` alone, fitted in its box). */
int image_save_rgb(const unsigned char *rgb, int w, int h, const char *large, int box, const char *small,
                   char *reason, size_t rlen);
/* Page `page` (1-based) of a PDF drawn to fit a box of `box` pixels, at
 * PREVIEW_MAX_DPI at most: RGB pixels (malloc'd) and the document's pages. */
int pdf_render_page(const char *path, int page, int box, unsigned char **rgb, int *w, int *h, int *pages,
                    char *reason, size_t rlen);
/* The first lines of a text file drawn (cairo, DejaVu Sans Mono): RGB pixels. */
int text_render(const char *path, unsigned char **rgb, int *w, int *h, char *reason, size_t rlen);
/* A file written aside (`tmp`) put in place: fsync, rename, fsync of the
 * directory. 0, or -1. */
int preview_commit_file(const char *tmp, const char *final);
#ifdef __cplusplus
}
#endif
#endif
