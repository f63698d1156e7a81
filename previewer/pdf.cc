// A PDF's page drawn with poppler (preview.h), in the limited child: the
// resolution fitted to the box and capped (PREVIEW_MAX_DPI), so that a page
// of 200 × 200 inches is drawn at a few dots per inch, never at thousands.
#include "preview.h"
#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page.h>
#include <poppler-page-renderer.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

static void quiet(const std::string &, void *) {}

extern "C" int pdf_render_page(const char *path, int page, int box, unsigned char **rgb, int *w, int *h, int *pages,
                               char *reason, size_t rlen)
{
    *rgb = nullptr;
    try {
        poppler::set_debug_error_function(quiet, nullptr);
        std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
        if (!doc) { std::snprintf(reason, rlen, "unreadable: not a readable PDF (damaged or of another type)"); return -1; }
        if (doc->is_locked()) { std::snprintf(reason, rlen, "encrypted: protected by a password"); return -1; }
        *pages = doc->pages();
        if (*pages <= 0) { std::snprintf(reason, rlen, "empty: a PDF without pages"); return -1; }
        if (page < 1 || page > *pages) { std::snprintf(reason, rlen, "no_page: the document has %d pages", *pages); return -1; }
        std::unique_ptr<poppler::page> p(doc->create_page(page - 1));
        if (!p) { std::snprintf(reason, rlen, "unreadable: page %d cannot be read", page); return -1; }
        poppler::rectf r = p->page_rect(poppler::crop_box);
        double side = std::max(r.width(), r.height());          // points
        if (!(side > 0.5)) { std::snprintf(reason, rlen, "unreadable: a page without a size"); return -1; }
        double dpi = std::min(PREVIEW_MAX_DPI, 72.0 * box / side);
        if (dpi < 0.5) {
            std::snprintf(reason, rlen, "too_large: a page of %.0f × %.0f inches", r.width() / 72, r.height() / 72);
            return -1;
        }
        poppler::page_renderer pr;
        pr.set_render_hint(poppler::page_renderer::antialiasing, true);
        pr.set_render_hint(poppler::page_renderer::text_antialiasing, true);
        pr.set_paper_color(0xffffffff);
        pr.set_image_format(poppler::image::format_argb32);
        poppler::image im = pr.render_page(p.get(), dpi, dpi);
        if (!im.is_valid() || im.width() <= 0 || im.height() <= 0) {
            std::snprintf(reason, rlen, "unreadable: page %d could not be drawn", page);
            return -1;
        }
        int iw = im.width(), ih = im.height(), stride = im.bytes_per_row();
        if (iw > 4 * box || ih > 4 * box) { std::snprintf(reason, rlen, "too_large: the page drew too large"); return -1; }
        unsigned char *out = static_cast<unsigned char *>(std::malloc((size_t)iw * (size_t)ih * 3));
        if (!out) { std::snprintf(reason, rlen, "limit: out of memory"); return -1; }
        const char *data = im.const_data();
        for (int y = 0; y < ih; y++) {
            const unsigned char *row = reinterpret_cast<const unsigned char *>(data) + (size_t)y * (size_t)stride;
            unsigned char *o = out + (size_t)y * (size_t)iw * 3;
            for (int x = 0; x < iw; x++) {          // memory order B, G, R, A (ARGB32, little-endian)
                o[x * 3] = row[x * 4 + 2];
                o[x * 3 + 1] = row[x * 4 + 1];
                o[x * 3 + 2] = row[x * 4];
            }
        }
        *rgb = out;
        *w = iw;
        *h = ih;
        return 0;
    } catch (...) {
        std::snprintf(reason, rlen, "unreadable: the PDF reader failed");
        return -1;
    }
}
