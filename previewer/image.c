/* Images with libvips (preview.h): the loader checked against the types
 * previews accept, the size refused before anything is decoded, EXIF
 * orientation applied (vips_thumbnail), metadata stripped, WebP out. Runs
 * in the limited child; libvips is started once in the previewer
 * (preview_init), which starts no thread: its threads are the child's,
 * started by the work, and a fork never copies one. */
#include "preview.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <vips/vips.h>
#include <fontconfig/fontconfig.h>

static int started;
static int vips_start(char *reason, size_t rlen);

static void quiet(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
    (void)domain; (void)level; (void)message; (void)data;
}

int preview_init(void)
{
    char reason[64];
    /* fontconfig's configuration and caches, for the text drawn (cairo) */
    FcInit();
    return vips_start(reason, sizeof reason);
}

/* At the process's end: what preview_init made is given back (fontconfig's
 * configuration would be reported as a leak by LeakSanitizer). */
void preview_shutdown(void)
{
    if (started) vips_shutdown();
    started = 0;
    FcFini();
}

static int vips_start(char *reason, size_t rlen)
{
    if (started) return 0;
    if (VIPS_INIT("parvis-previewer")) { snprintf(reason, rlen, "internal: libvips did not start"); return -1; }
    /* its warnings about a damaged file are the reason, not the log's */
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO, quiet, NULL);
    vips_block_untrusted_set(TRUE);      /* loaders not fuzzed for hostile input */
    vips_cache_set_max(0);
    started = 1;
    return 0;
}

/* The last error of vips, on one line. */
static void vips_reason(const char *what, char *reason, size_t rlen)
{
    char msg[200];
    snprintf(msg, sizeof msg, "%s", vips_error_buffer());
    for (char *c = msg; *c; c++) if (*c == '\n') *c = ' ';
    size_t n = strlen(msg);
    while (n && msg[n - 1] == ' ') msg[--n] = 0;
    snprintf(reason, rlen, "%s%s%s", what, *msg ? ": " : "", msg);
    vips_error_clear();
}

int preview_commit_file(const char *tmp, const char *final)
{
    int fd = open(tmp, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    if (rc || rename(tmp, final)) { unlink(tmp); return -1; }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", final);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = 0;
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) { fsync(dfd); close(dfd); }
    }
    return 0;
}

/* Every piece of metadata removed (EXIF with its GPS position, XMP, IPTC,
 * ICC: the pixels are sRGB already): webpsave's "strip" keeps EXIF in this
 * libvips. A copy, so that the image it came from keeps its own. */
static VipsImage *stripped(VipsImage *im)
{
    VipsImage *copy = NULL;
    if (vips_copy(im, &copy, NULL)) return NULL;
    gchar **fields = vips_image_get_fields(copy);
    for (int i = 0; fields && fields[i]; i++)
        if (g_str_has_prefix(fields[i], "exif-") || g_str_has_prefix(fields[i], "xmp-")
            || g_str_has_prefix(fields[i], "iptc-") || g_str_has_prefix(fields[i], "icc-")
            || g_str_has_prefix(fields[i], "orientation") || g_str_has_prefix(fields[i], "gif-")
            || g_str_has_prefix(fields[i], "png-comment") || g_str_has_prefix(fields[i], "heif-"))
            vips_image_remove(copy, fields[i]);
    g_strfreev(fields);
    return copy;
}

/* The EXIF, XMP and ICC chunks of a WebP dropped, in place (this
 * libvips writes a small EXIF block even when asked to strip): RIFF
 * chunks, each a FourCC, a little-endian size and its bytes padded to an
 * even length; VP8X's flags say which are there. The new length. */
static size_t webp_strip_chunks(unsigned char *b, size_t n)
{
    if (n < 12 || memcmp(b, "RIFF", 4) || memcmp(b + 8, "WEBP", 4)) return n;
    size_t in = 12, out = 12;
    while (in + 8 <= n) {
        size_t len = (size_t)b[in + 4] | (size_t)b[in + 5] << 8 | (size_t)b[in + 6] << 16 | (size_t)b[in + 7] << 24;
        size_t whole = 8 + len + (len & 1);
        if (whole > n - in) break;                       /* damaged: kept as it is */
        int drop = !memcmp(b + in, "EXIF", 4) || !memcmp(b + in, "XMP ", 4) || !memcmp(b + in, "ICCP", 4);
        if (!memcmp(b + in, "VP8X", 4) && len >= 1) b[in + 8] &= (unsigned char)~(0x20 | 0x08 | 0x04);
        if (!drop) { memmove(b + out, b + in, whole); out += whole; }
        in += whole;
    }
    size_t riff = out - 8;
    b[4] = (unsigned char)riff; b[5] = (unsigned char)(riff >> 8); b[6] = (unsigned char)(riff >> 16); b[7] = (unsigned char)(riff >> 24);
    return out;
}

static int save_webp(VipsImage *original, const char *final, char *reason, size_t rlen)
{
    VipsImage *im = stripped(original);
    if (!im) { vips_reason("internal", reason, rlen); return -1; }
    void *buf = NULL;
    size_t len = 0;
    int failed = vips_webpsave_buffer(im, &buf, &len, "Q", 80, "effort", 2, "strip", TRUE, NULL);
    g_object_unref(im);
    if (failed) { vips_reason("internal: cannot write the preview", reason, rlen); return -1; }
    len = webp_strip_chunks(buf, len);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp%d", final, (int)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    size_t done = 0;
    while (fd >= 0 && done < len) {
        ssize_t w = write(fd, (char *)buf + done, len - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        done += (size_t)w;
    }
    g_free(buf);
    if (fd < 0 || done < len || close(fd)) {
        snprintf(reason, rlen, "internal: cannot write the preview: %s", strerror(errno));
        unlink(tmp);
        return -1;
    }
    if (preview_commit_file(tmp, final)) { snprintf(reason, rlen, "internal: cannot store the preview: %s", strerror(errno)); return -1; }
    return 0;
}

/* The large image in its box, then the small one from it. */
static int save_both(VipsImage *large, const char *large_path, const char *small_path, char *reason, size_t rlen)
{
    if (save_webp(large, large_path, reason, rlen)) return -1;
    if (!small_path) return 0;
    VipsImage *small = NULL;
    if (vips_thumbnail_image(large, &small, PREVIEW_SMALL, "height", PREVIEW_SMALL, "size", VIPS_SIZE_DOWN, NULL)) {
        vips_reason("internal: cannot shrink", reason, rlen);
        return -1;
    }
    int rc = save_webp(small, small_path, reason, rlen);
    g_object_unref(small);
    return rc;
}

/* The file's image in a box of `box` pixels, decoded at the smallest scale
 * that fills it (shrink-on-load), to `path`. A damaged file fails in the
 * decoding, before anything is written. */
static int box_from_file(const char *src, int box, const char *path, char *reason, size_t rlen)
{
    VipsImage *im = NULL;
    if (vips_thumbnail(src, &im, box, "height", box, "size", VIPS_SIZE_DOWN, "fail_on", VIPS_FAIL_ON_ERROR, NULL)) {
        vips_reason("unreadable", reason, rlen);
        return -1;
    }
    VipsImage *mem = vips_image_copy_memory(im);
    g_object_unref(im);
    if (!mem) { vips_reason("unreadable", reason, rlen); return -1; }
    int rc = save_webp(mem, path, reason, rlen);
    g_object_unref(mem);
    return rc;
}

/* The loaders of the types previews take (preview_kind_of's images). */
static int loader_allowed(const char *loader)
{
    static const char *const ok[] = { "VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadNsgif",
        "VipsForeignLoadGif", "VipsForeignLoadWebp", "VipsForeignLoadHeif", "VipsForeignLoadTiff", NULL };
    for (const char *const *o = ok; *o; o++) if (strncmp(loader, *o, strlen(*o)) == 0) return 1;
    return 0;
}

int image_thumbs(const char *src, const char *large_path, const char *small_path, char *reason, size_t rlen)
{
    if (vips_start(reason, rlen)) return -1;
    const char *loader = vips_foreign_find_load(src);
    if (!loader) { vips_error_clear(); snprintf(reason, rlen, "unreadable: not an image that can be read (damaged or of another type)"); return -1; }
    if (!loader_allowed(loader)) { snprintf(reason, rlen, "unsupported: an image of a type not previewed (%s)", loader); return -1; }
    /* the header only: nothing decoded yet */
    VipsImage *head = vips_image_new_from_file(src, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    if (!head) { vips_reason("unreadable", reason, rlen); return -1; }
    double w = vips_image_get_width(head), h = vips_image_get_height(head);
    g_object_unref(head);
    if (w * h > PREVIEW_MAX_PIXELS) {
        snprintf(reason, rlen, "too_large: %.0f × %.0f pixels, over the limit of %.0f megapixels", w, h,
                 PREVIEW_MAX_PIXELS / 1e6);
        return -1;
    }
    /* the small one first, from the file itself (a JPEG decoded at an
     * eighth of its size): the thumbnail people wait for is written in a
     * fraction of the large one's time, and the worker serves it as soon
     * as its file is there (fcgi/drive/h_preview.c) */
    if (small_path && box_from_file(src, PREVIEW_SMALL, small_path, reason, rlen)) return -1;
    if (box_from_file(src, PREVIEW_LARGE, large_path, reason, rlen)) {
        if (small_path) unlink(small_path);      /* a failed preview shows nothing */
        return -1;
    }
    return 0;
}

int image_save_rgb(const unsigned char *rgb, int w, int h, const char *large_path, int box, const char *small_path,
                   char *reason, size_t rlen)
{
    if (vips_start(reason, rlen)) return -1;
    VipsImage *im = vips_image_new_from_memory(rgb, (size_t)w * (size_t)h * 3, w, h, 3, VIPS_FORMAT_UCHAR);
    if (!im) { vips_reason("internal", reason, rlen); return -1; }
    VipsImage *fit = NULL;
    int rc = -1;
    if (vips_thumbnail_image(im, &fit, box, "height", box, "size", VIPS_SIZE_DOWN, NULL)) vips_reason("internal", reason, rlen);
    else rc = save_both(fit, large_path, small_path, reason, rlen);
    if (fit) g_object_unref(fit);
    g_object_unref(im);
    return rc;
}
