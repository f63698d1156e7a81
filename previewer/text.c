/* Text and code (preview.h): the first lines drawn with cairo in DejaVu
 * Sans Mono, black on white, in the limited child. Never run, never
 * interpreted: bytes that are not UTF-8 are drawn as '?'. */
#include "preview.h"
#include <cairo.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FONT_PX 18.0
#define LINE_PX 22.0
#define MARGIN 24.0
#define CANVAS_W 912
#define READ_MAX 65536

/* The length of the UTF-8 character at s (n bytes left), 0 when invalid. */
static int utf8_len(const unsigned char *s, size_t n)
{
    int len = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (!len || (size_t)len > n || (len == 2 && s[0] < 0xC2)) return 0;
    for (int i = 1; i < len; i++) if ((s[i] & 0xC0) != 0x80) return 0;
    return len;
}

int text_render(const char *path, unsigned char **rgb, int *w, int *h, char *reason, size_t rlen)
{
    *rgb = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { snprintf(reason, rlen, "unreadable: cannot open the file"); return -1; }
    unsigned char *buf = malloc(READ_MAX);
    ssize_t n = 0, r;
    while (buf && n < READ_MAX && (r = read(fd, buf + n, (size_t)(READ_MAX - n))) > 0) n += r;
    close(fd);
    if (!buf) { snprintf(reason, rlen, "limit: out of memory"); return -1; }
    if (n == 0) { free(buf); snprintf(reason, rlen, "empty: an empty file"); return -1; }
    if (memchr(buf, 0, (size_t)n)) { free(buf); snprintf(reason, rlen, "unsupported: binary data, not text"); return -1; }
    int height = (int)(MARGIN * 2 + LINE_PX * PREVIEW_TEXT_LINES);
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, CANVAS_W, height);
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.13, 0.13, 0.13);
    cairo_select_font_face(cr, "DejaVu Sans Mono", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, FONT_PX);
    char line[PREVIEW_TEXT_COLUMNS * 4 + 1];
    size_t i = 0;
    if (n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) i = 3;     /* a BOM */
    for (int row = 0; row < PREVIEW_TEXT_LINES && i < (size_t)n; row++) {
        size_t o = 0;
        int cols = 0;
        while (i < (size_t)n && buf[i] != '\n') {
            if (cols >= PREVIEW_TEXT_COLUMNS) { i++; continue; }      /* the rest of a long line */
            if (buf[i] == '\t') {
                do { line[o++] = ' '; cols++; } while (cols % 4 && cols < PREVIEW_TEXT_COLUMNS);
                i++;
                continue;
            }
            if (buf[i] == '\r' || buf[i] < 0x20 || buf[i] == 0x7f) { i++; continue; }
            int len = utf8_len(buf + i, (size_t)n - i);
            if (!len) { line[o++] = '?'; i++; }
            else { memcpy(line + o, buf + i, (size_t)len); o += (size_t)len; i += (size_t)len; }
            cols++;
        }
        i++;                                 /* the newline */
        line[o] = 0;
        cairo_move_to(cr, MARGIN, MARGIN + LINE_PX * row + FONT_PX);
        cairo_show_text(cr, line);
    }
    free(buf);
    cairo_surface_flush(surf);
    int rc = -1;
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) snprintf(reason, rlen, "internal: cairo: %s", cairo_status_to_string(cairo_status(cr)));
    else {
        int stride = cairo_image_surface_get_stride(surf);
        const unsigned char *data = cairo_image_surface_get_data(surf);
        unsigned char *out = malloc((size_t)CANVAS_W * (size_t)height * 3);
        if (!out) snprintf(reason, rlen, "limit: out of memory");
        else {
            for (int y = 0; y < height; y++)
                for (int x = 0; x < CANVAS_W; x++) {
                    const unsigned char *p = data + (size_t)y * (size_t)stride + (size_t)x * 4;   /* B, G, R, x */
                    unsigned char *q = out + ((size_t)y * CANVAS_W + (size_t)x) * 3;
                    q[0] = p[2]; q[1] = p[1]; q[2] = p[0];
                }
            *rgb = out;
            *w = CANVAS_W;
            *h = height;
            rc = 0;
        }
    }
    cairo_destroy(cr);
    cairo_surface_destroy(surf);
    return rc;
}
