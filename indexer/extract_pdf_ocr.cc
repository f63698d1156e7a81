// The pages of a PDF without a text layer (scans): rendered in gray by
// poppler and read by Tesseract (extract_ocr.c), within OCR's limits.
#include "extract.h"
#include <poppler-image.h>
#include <poppler-page.h>
#include <poppler-page-renderer.h>
#include <cctype>
#include <cmath>
#include <cstdio>

// Visible characters a page needs in its text layer not to be read by OCR.
static const size_t OCR_TEXT_MIN = 16;
// The resolution pages are rendered at (lower for a large page, down to
// OCR_DPI_MIN, so that a page stays within OCR_PIXELS_MAX).
static const double OCR_DPI = 300, OCR_DPI_MIN = 70;

// A page drawn at PREVIEW_DPI with (almost) nothing dark on it is blank
// (the back of a sheet, a page left empty between chapters): not read.
static const double PREVIEW_DPI = 24;

static bool blank(poppler::page *p)
{
    poppler::page_renderer r;
    r.set_image_format(poppler::image::format_gray8);
    poppler::image img = r.render_page(p, PREVIEW_DPI, PREVIEW_DPI);
    if (!img.is_valid()) return false;
    const unsigned char *px = reinterpret_cast<const unsigned char *>(img.const_data());
    long dark = 0, all = (long)img.width() * img.height();
    for (int y = 0; y < img.height(); y++)
        for (int x = 0; x < img.width(); x++) if (px[(size_t)y * img.bytes_per_row() + x] < 160) dark++;
    return dark * 1000 < all;                // under 0.1% of its pixels
}

void pdf_ocr_page(pdf_ocr &st, poppler::page *p, size_t len, const char *text, extract_sink *s)
{
    size_t seen = 0;
    for (size_t i = 0; i < len && seen < OCR_TEXT_MIN; i++) if (!std::isspace((unsigned char)text[i])) seen++;
    if (seen >= OCR_TEXT_MIN || !st.on || sink_full(s) || !extract_ocr_allowed) return;
    try {
        poppler::rectf box = p->page_rect();
        double win = box.width() / 72.0, hin = box.height() / 72.0, dpi = OCR_DPI;
        if (win <= 0 || hin <= 0) return;
        if (win * hin * dpi * dpi > OCR_PIXELS_MAX) dpi = std::sqrt(OCR_PIXELS_MAX / (win * hin));
        if (dpi < OCR_DPI_MIN) {             // a note; the other pages are read
            std::snprintf(st.why, sizeof st.why, "OCR: a page of %.0f x %.0f inches, too large to read", win, hin);
            return;
        }
        if (blank(p)) return;
        if (!st.run && !(st.run = ocr_start(st.why, sizeof st.why))) { st.on = false; return; }
        poppler::page_renderer r;
        r.set_render_hints(poppler::page_renderer::antialiasing | poppler::page_renderer::text_antialiasing);
        r.set_image_format(poppler::image::format_gray8);
        poppler::image img = r.render_page(p, dpi, dpi);
        if (!img.is_valid()) {
            std::snprintf(st.why, sizeof st.why, "OCR: a page could not be rendered");
            return;
        }
        if (ocr_page(st.run, reinterpret_cast<const unsigned char *>(img.const_data()), img.width(), img.height(),
                     img.bytes_per_row(), (int)dpi, s, st.why, sizeof st.why))
            st.on = false;                   // a limit or a failure: text layers only from here
    } catch (...) {
        std::snprintf(st.why, sizeof st.why, "OCR: a page could not be rendered");
        st.on = false;
    }
}

void pdf_ocr_end(pdf_ocr &st, char *reason, size_t rlen)
{
    ocr_finish(st.run);
    st.run = nullptr;
    if (*st.why && !*reason) std::snprintf(reason, rlen, "%s", st.why);
}
