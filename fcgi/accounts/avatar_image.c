#include "accounts/avatar_image.h"
#include "log.h"
#include <string.h>
#include <vips/vips.h>

/* vips_init once per worker, at the first photo it is sent; one thread
 * and no operation cache: a worker holds one image at a time */
static int vips_ready(void)
{
    static int state;           /* 0: not yet, 1: ready, -1: failed */
    if (state == 0) {
        if (VIPS_INIT("parvis-fcgi")) {
            log_error("vips_init: %s", vips_error_buffer());
            vips_error_clear();
            state = -1;
        } else {
            vips_concurrency_set(1);
            vips_cache_set_max(0);
            state = 1;
        }
    }
    return state == 1;
}

/* The loaders of photographs (their class names, VipsForeignLoadJpegBuffer
 * ...): never SVG, PDF, ImageMagick or anything that reads more than
 * pixels. */
static int photo_loader(const char *name)
{
    static const char *const ok[] = { "jpeg", "png", "webp", "gif", "heif", "tiff" };
    char low[128];
    size_t n = 0;
    for (; name[n] && n < sizeof low - 1; n++) low[n] = (char)(name[n] >= 'A' && name[n] <= 'Z' ? name[n] + 32 : name[n]);
    low[n] = 0;
    if (strstr(low, "magick")) return 0;
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strstr(low, ok[i])) return 1;
    return 0;
}

/* Nothing but pixels: EXIF (the camera, the place), XMP, IPTC, ICC and
 * comments removed before saving, and the saver's "strip" too. (JPEG, not
 * WebP: Debian's libvips 8.14.1 writes EXIF into WebP even when told to
 * strip it.) */
static void strip_metadata(VipsImage *im)
{
    static const char *const drop[] = { "exif", "xmp", "iptc", "icc", "photoshop", "png-comment", "gif-comment",
                                        "orientation", "heif-", "jpeg-", "webp-" };
    gchar **fields = vips_image_get_fields(im);
    for (int i = 0; fields && fields[i]; i++)
        for (size_t k = 0; k < sizeof drop / sizeof drop[0]; k++)
            if (strncmp(fields[i], drop[k], strlen(drop[k])) == 0) { vips_image_remove(im, fields[i]); break; }
    g_strfreev(fields);
}

static int square_webp(VipsImage *in, int size, void **out, size_t *len)
{
    VipsImage *t = NULL;
    int rc = vips_thumbnail_image(in, &t, size, "height", size, "crop", VIPS_INTERESTING_CENTRE, NULL);
    if (!rc) strip_metadata(t);
    rc = rc || vips_image_write_to_buffer(t, ".jpg", out, len, "Q", 85, "strip", TRUE, "optimize_coding", TRUE, NULL) ? -1 : 0;
    if (t) g_object_unref(t);
    return rc;
}

int avatar_make(const void *buf, size_t len, avatar_pics *out, msg_id *why)
{
    memset(out, 0, sizeof *out);
    *why = M_INTERNAL;
    if (len > AVATAR_MAX_BYTES) { *why = M_AVATAR_TOO_LARGE; return 413; }
    if (!vips_ready()) return 500;
    const char *loader = len ? vips_foreign_find_load_buffer(buf, len) : NULL;
    vips_error_clear();
    if (!loader || !photo_loader(loader)) { *why = M_AVATAR_NOT_IMAGE; return 415; }
    /* the header only: nothing is decoded before the size is known */
    VipsImage *head = vips_image_new_from_buffer(buf, len, "", "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    if (!head) { vips_error_clear(); *why = M_AVATAR_UNREADABLE; return 422; }
    long long pixels = (long long)vips_image_get_width(head) * vips_image_get_height(head);
    g_object_unref(head);
    if (pixels > AVATAR_MAX_PIXELS) { *why = M_AVATAR_TOO_MANY_PIXELS; return 422; }
    /* upright (the EXIF orientation is applied), then the large size
     * cropped square around the centre; the small one from it */
    VipsImage *big = NULL;
    int rc = vips_thumbnail_buffer((void *)buf, len, &big, AVATAR_LARGE, "height", AVATAR_LARGE,
                                   "crop", VIPS_INTERESTING_CENTRE, "option_string", "fail_on=truncated", NULL);
    if (!rc && vips_image_hasalpha(big)) {
        /* JPEG has no transparency: on white */
        VipsImage *flat = NULL;
        double white[3] = { 255, 255, 255 };
        VipsArrayDouble *bg = vips_array_double_new(white, 3);
        rc = vips_flatten(big, &flat, "background", bg, NULL);
        vips_area_unref(VIPS_AREA(bg));
        g_object_unref(big);
        big = flat;
    }
    if (!rc) {
        strip_metadata(big);
        rc = vips_image_write_to_buffer(big, ".jpg", &out->large, &out->large_len, "Q", 85, "strip", TRUE,
                                        "optimize_coding", TRUE, NULL)
          || square_webp(big, AVATAR_SMALL, &out->small, &out->small_len);
    }
    if (big) g_object_unref(big);
    if (rc) {
        log_info("avatar refused: %s", vips_error_buffer());
        vips_error_clear();
        avatar_pics_free(out);
        *why = M_AVATAR_UNREADABLE;
        return 422;
    }
    return 0;
}

void avatar_pics_free(avatar_pics *p)
{
    g_free(p->small);
    g_free(p->large);
    p->small = p->large = NULL;
}
