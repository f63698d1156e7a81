// PDF text with poppler (its C++ interface: the only C++ of the indexer).
#include "extract.h"
#include <poppler-document.h>
#include <poppler-page.h>
#include <cstdint>
#include <cstdio>
#include <memory>

// The document's information: what a reader sees in its properties (the
// application that made it included, as Recoll and Tika index it).
static void read_info(poppler::document *doc, extract_sink *s)
{
    static const char *const keys[] = { "Title", "Author", "Subject", "Keywords", "Creator" };
    for (const char *key : keys) {
        poppler::byte_array v = doc->info_key(key).to_utf8();
        if (v.empty()) continue;
        sink_text(s, v.data(), v.size());
        sink_text(s, "\n", 1);
    }
}

// The text of every page of a loaded document, or the reason there is none.
static int read_pages(poppler::document *doc, extract_sink *s, char *reason, size_t rlen)
{
    if (!doc) { std::snprintf(reason, rlen, "not a readable PDF"); return -1; }
    if (doc->is_locked()) { std::snprintf(reason, rlen, "%s", REASON_ENCRYPTED); return -1; }
    read_info(doc, s);
    pdf_ocr ocr;                         // pages without a text layer (extract_pdf_ocr.cc)
    for (int i = 0; i < doc->pages() && !sink_full(s); i++) {
        std::unique_ptr<poppler::page> p(doc->create_page(i));
        if (!p) continue;
        // in reading order, as pdftotext reads by default: the physical
        // layout (text()'s default) interleaves columns line by line and
        // leaves a word hyphenated at a line's end in two halves
        // (« con- » « strued »), found by no search for it
        poppler::byte_array text = p->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout).to_utf8();
        sink_text(s, text.data(), text.size());
        sink_text(s, "\n", 1);
        pdf_ocr_page(ocr, p.get(), text.size(), text.data(), s);
    }
    pdf_ocr_end(ocr, reason, rlen);      // why OCR stopped, if it did: a note beside the text
    return 0;
}

extern "C" int extract_pdf(const char *path, extract_sink *s, char *reason, size_t rlen)
{
    try {
        std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
        return read_pages(doc.get(), s, reason, rlen);
    } catch (...) {
        std::snprintf(reason, rlen, "the PDF reader failed");
        return -1;
    }
}

extern "C" int extract_pdf_memory(const char *buf, size_t len, extract_sink *s, char *reason, size_t rlen)
{
    if (len > (size_t)INT32_MAX) { std::snprintf(reason, rlen, "a PDF too large"); return -1; }
    try {
        std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(buf, (int)len));
        return read_pages(doc.get(), s, reason, rlen);
    } catch (...) {
        std::snprintf(reason, rlen, "the PDF reader failed");
        return -1;
    }
}
