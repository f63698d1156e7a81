/* Text extraction from files, for the index. Each file is read by a child
 * process under CPU, memory, output and time limits, so that a hostile or
 * broken file costs that file only: the indexer gets the text, or a reason
 * (then the file is indexed by its name alone). Formats: plain text (CSV,
 * Markdown...), HTML and XHTML, even typed text/xml (libxml2's HTML
 * parser, scripts and styles skipped), PDF (poppler), OOXML (docx, xlsx,
 * pptx), OpenDocument (odt, ods, odp)
 * and EPUB read from their zip with libarchive into bounded buffers and
 * parsed by libxml2 without network, entities or DTD; e-mail (.eml) with
 * GMime: headers, text and HTML parts, attachments' names; legacy Word,
 * Excel and PowerPoint (.doc, .xls, .ppt) and RTF by Debian's converters
 * (antiword, xls2csv and catppt, unrtf) run under the same limits;
 * archives (zip, tar, 7z...): the names and the text of their entries, to
 * ARCHIVE_DEPTH_MAX levels. A zip or an unknown binary is looked into
 * with libarchive (an office document libmagic did not name, an archive).
 * Text that is not UTF-8 is converted from the charset uchardet finds;
 * images (PNG, JPEG, TIFF) and PDF pages without a text layer are read by
 * OCR (Tesseract), within its own limits (docs/search_text.md). */
#ifndef PARVIS_EXTRACT_H
#define PARVIS_EXTRACT_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EXTRACT_TEXT_MAX (1 << 20)       /* text kept per file */
#define ARCHIVE_DEPTH_MAX 3              /* archives inside archives, levels read */

typedef struct {
    char *text;                          /* malloc'd, NUL-terminated; NULL on failure */
    size_t len;
    char reason[160];                    /* why there is no text (or it was cut) */
    int ocr;                             /* 1: the text was recognised (OCR) */
} extract_result;

/* Extracts the text of the file at `path` of type `mime` (libmagic's).
 * Returns 0 with out->text set, or -1 with out->reason. A type without
 * text (an image, a binary that is no archive) returns -1 with reason "". */
int extract_file(const char *path, const char *mime, extract_result *out);
/* OCR on one thread, the other core indexing: Tesseract's OpenMP reads
 * OMP_THREAD_LIMIT when libgomp loads, before main, so a program that may
 * read scans calls this first: without OMP_THREAD_LIMIT=1 in its
 * environment it runs itself again (execv of /proc/self/exe, argv) with
 * it. A team of two spinning threads made a scanned page take 7.3 s instead
 * of 1.08 on two cores (bench/RESULTS.md, OCR). */
void extract_ocr_one_thread(char *const argv[]);

/* The sink the format readers write to (in the child): text is appended
 * until EXTRACT_TEXT_MAX, then ignored. */
typedef struct extract_sink extract_sink;
/* A sink writing to fd (the fuzz targets read in-process). */
extract_sink *sink_new(int fd);
void sink_free(extract_sink *s);
void sink_text(extract_sink *s, const char *text, size_t len);
int sink_full(const extract_sink *s);
size_t sink_written(const extract_sink *s);

/* The format readers, in the child. 0, or -1 (the reason written). */
int extract_plain(const char *path, extract_sink *s, char *reason, size_t rlen);
int extract_html(const char *path, extract_sink *s, char *reason, size_t rlen);
/* XML: XHTML as HTML, anything else as plain text. */
int extract_xml(const char *path, extract_sink *s, char *reason, size_t rlen);
int extract_office(const char *path, const char *mime, extract_sink *s, char *reason, size_t rlen);
int extract_pdf(const char *path, extract_sink *s, char *reason, size_t rlen);
int extract_archive(const char *path, extract_sink *s, char *reason, size_t rlen);
int extract_mail(const char *path, extract_sink *s, char *reason, size_t rlen);
/* mime: application/msword, vnd.ms-excel, vnd.ms-powerpoint, or another
 * OLE type (then the converters are tried in turn). */
int extract_legacy(const char *path, const char *mime, extract_sink *s, char *reason, size_t rlen);
int extract_rtf(const char *path, extract_sink *s, char *reason, size_t rlen);
/* office_sniff: the office type of a zip (lib/office_sniff.h) */
#include "office_sniff.h"
/* The same readers for an entry of an archive, already in memory. */
int extract_pdf_memory(const char *buf, size_t len, extract_sink *s, char *reason, size_t rlen);
int extract_office_memory(const char *buf, size_t len, const char *mime, extract_sink *s, char *reason, size_t rlen);
int extract_mail_memory(const char *buf, size_t len, extract_sink *s, char *reason, size_t rlen);
/* The charset of text (its first bytes) into out: "" for UTF-8 or ASCII,
 * else an iconv name; `declared` (NULL: none) is kept unless the bytes
 * contradict it (extract_text.c). */
void extract_charset(const char *buf, size_t len, const char *declared, char *out, size_t n);
/* OCR (extract_ocr.c): scanned PDF pages and images (PNG, JPEG, TIFF) read
 * by Tesseract, French and English, within these limits a file. */
#define OCR_PAGES_MAX 20
#define OCR_SECONDS 60
#define OCR_PIXELS_MAX (40 * 1000 * 1000)
/* The child's CPU limit raised to OCR's (its wall limit is already
 * longer for the types OCR may read). */
void extract_ocr_raise_limits(void);
/* Set in the child when some of the text came from OCR. */
extern int extract_ocr_used;
/* Set in the limited child only: OCR runs nowhere else (the fuzz targets
 * call the readers in-process). */
extern int extract_ocr_allowed;
typedef struct ocr_run ocr_run;
/* Tesseract ready for one file's pages (its time counted from here), or
 * NULL with the reason. */
ocr_run *ocr_start(char *reason, size_t rlen);
/* One page of 8-bit gray pixels (stride bytes a row) at dpi: its text to
 * the sink. 0; 1 when a limit stops the file (the reason written: keep the
 * text so far); -1 when recognition failed (the reason written). */
int ocr_page(ocr_run *o, const unsigned char *gray, int w, int h, int stride, int dpi,
             extract_sink *s, char *reason, size_t rlen);
int ocr_pages(const ocr_run *o);         /* pages recognised so far */
void ocr_finish(ocr_run *o);
/* An image file: its text by OCR, or none (no text: 0 with nothing
 * written); -1 with the reason. */
int extract_image(const char *path, extract_sink *s, char *reason, size_t rlen);
/* charset: the document's, or NULL to let libxml2 find it */
int extract_html_memory(const char *buf, size_t len, const char *charset, extract_sink *s, char *reason, size_t rlen);

/* Reasons with a stable code before the colon (what « Administration ›
 * Recherche » counts by), then what a person reads. A reader may return 0
 * with one of them set: then the text it wrote (names, unencrypted
 * metadata) is indexed and the reason recorded too. */
#define REASON_ENCRYPTED "encrypted: protégé par un mot de passe"
#define REASON_EMPTY "empty: aucun texte extrait"
/* A reader that ran on a file of at least EMPTY_MIN bytes and wrote no
 * visible character: REASON_EMPTY instead of a silent name-only index. */
#define EMPTY_MIN 1024
/* The visible (non-blank) bytes written to the sink. */
size_t sink_visible(const extract_sink *s);

/* OLE files through libgsf (extract_ole.c): PowerPoint's text atoms,
 * Outlook messages, protection flags. */
int ole_ppt_text(const char *path, extract_sink *s, char *reason, size_t rlen);
int ole_is_msg(const char *path);
int extract_msg(const char *path, extract_sink *s, char *reason, size_t rlen);
int ole_encrypted(const char *path);
/* The OLE file's summary (title, subject, author, keywords, comments,
 * last author; company, manager, category). */
void ole_summary(const char *path, extract_sink *s);
/* A legacy Excel workbook's sheet names. */
void ole_xls_sheet_names(const char *path, extract_sink *s);
/* An RTF file's {\info} group: title, subject, author, operator, keywords,
 * comments, company, manager, category (extract_rtf_info.c). */
void rtf_info(const char *path, extract_sink *s);
/* SVG: the text of <text>, <tspan>, <title> and <desc> (extract_svg.c). */
int extract_svg(const char *path, extract_sink *s, char *reason, size_t rlen);

#ifdef __cplusplus
}
namespace poppler { class page; }
// A PDF's pages without a text layer (scans), rendered in gray and read by
// OCR (extract_pdf_ocr.cc) until one of its limits.
struct pdf_ocr {
    ocr_run *run = nullptr;              // started at the first scanned page
    bool on = true;                      // off after a limit or a failure
    char why[160] = "";                  // why it stopped
};
// After a page's text layer (len bytes at text) went to the sink: the page
// read by OCR when that layer is (almost) empty.
void pdf_ocr_page(pdf_ocr &st, poppler::page *p, size_t len, const char *text, extract_sink *s);
// Tesseract stopped; the reason OCR stopped, if it did, into reason.
void pdf_ocr_end(pdf_ocr &st, char *reason, size_t rlen);
#endif
#endif
