#ifndef PARVIS_PREVIEWER_OFFICE_H
#define PARVIS_PREVIEWER_OFFICE_H
/* Office documents to PDF, for their previews (docs/previews.md): the
 * previewer renders the PDF's pages like any PDF's.
 *
 * office_is_convertible: whether a file of this MIME type (as libmagic
 * names it: docx, xlsx, pptx, odt, ods, odp, doc, xls, ppt, rtf) is
 * converted. office_to_pdf converts `src` into the PDF `out_pdf` in a
 * limited child (LibreOffice headless: time, memory, no network, a private
 * profile under `work_dir`). Returns 0, or -1 with a short reason in
 * `reason` (a sentence a person can read: « délai dépassé », « fichier
 * illisible »...). `started_ms`, when not NULL, receives how long
 * LibreOffice took to start, for the benchmark. */
#include <stddef.h>

int office_is_convertible(const char *mime);
int office_to_pdf(const char *src, const char *mime, const char *out_pdf, const char *work_dir,
                  char *reason, size_t rlen, long *started_ms);

#endif
