/* People's photos and groups' images made from the bytes someone sent
 * (libvips): checked from the header before anything is decoded, turned
 * upright by their EXIF orientation, cropped square around the centre,
 * metadata stripped, written as JPEG in two sizes. */
#ifndef PARVIS_AVATAR_IMAGE_H
#define PARVIS_AVATAR_IMAGE_H
#include "core/messages.h"
#include <stddef.h>

#define AVATAR_MAX_BYTES (10 * 1024 * 1024)       /* nginx: client_max_body_size 11m */
#define AVATAR_MAX_PIXELS (40LL * 1000 * 1000)    /* width × height of what was sent */
#define AVATAR_SMALL 64
#define AVATAR_LARGE 256

typedef struct {
    void *small, *large;        /* JPEG (g_free'd by avatar_pics_free) */
    size_t small_len, large_len;
} avatar_pics;

/* The two sizes of the image in buf: 0; or the status to answer (413,
 * 415, 422, 500) with its message in *why. */
int avatar_make(const void *buf, size_t len, avatar_pics *out, msg_id *why);
void avatar_pics_free(avatar_pics *p);
#endif
