/* The cost of a photo (fcgi/accounts/avatar_image.c, docs/viewer.md): a
 * 24-megapixel JPEG as a camera makes it (6000 × 4000, noise so that it
 * does not compress away), its header checked, turned upright, cropped
 * square, both sizes written, as the worker does for PUT /me/avatar; and a
 * 50,000 × 50,000 PNG header refused. Prints, one per line:
 *   jpeg24 BYTES MS_MEDIAN MS_MAX
 *   bomb MS
 *   rss KIB                         (the process's peak memory)
 * Usage: avatars_bench RUNS */
#include "accounts/avatar_image.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <vips/vips.h>
#include <zlib.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    char *end = NULL;
    long n = argc > 1 ? strtol(argv[1], &end, 10) : 5;
    int runs = argc > 1 && (*end || n < 1 || n > 100) ? 5 : (int)n;
    if (VIPS_INIT(argv[0])) return 1;
    VipsImage *noise = NULL, *rgb = NULL;
    void *jpeg = NULL;
    size_t len = 0;
    if (vips_gaussnoise(&noise, 6000, 4000, "mean", 128.0, "sigma", 40.0, NULL)
        || vips_bandjoin_const1(noise, &rgb, 128.0, NULL)) return 1;
    VipsImage *three = NULL;
    if (vips_bandjoin_const1(rgb, &three, 64.0, NULL)
        || vips_image_write_to_buffer(three, ".jpg", &jpeg, &len, "Q", 90, NULL)) return 1;
    double *ms = calloc((size_t)runs, sizeof *ms);
    for (int i = 0; i < runs; i++) {
        avatar_pics p;
        msg_id why;
        double t0 = now_ms();
        int status = avatar_make(jpeg, len, &p, &why);
        ms[i] = now_ms() - t0;
        if (status) { fprintf(stderr, "refused: %d\n", status); return 1; }
        avatar_pics_free(&p);
    }
    qsort(ms, (size_t)runs, sizeof *ms, cmp);
    printf("jpeg24 %zu %.0f %.0f\n", len, ms[runs / 2], ms[runs - 1]);
    /* a PNG whose header says 50,000 × 50,000 */
    unsigned char bomb[] = {
        0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R',
        0x00, 0x00, 0xc3, 0x50, 0x00, 0x00, 0xc3, 0x50, 8, 2, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82 };
    unsigned long crc = crc32(0L, bomb + 12, 17);        /* "IHDR" and its 13 bytes */
    bomb[29] = (unsigned char)(crc >> 24); bomb[30] = (unsigned char)(crc >> 16);
    bomb[31] = (unsigned char)(crc >> 8); bomb[32] = (unsigned char)crc;
    avatar_pics p;
    msg_id why;
    double t0 = now_ms();
    int status = avatar_make(bomb, sizeof bomb, &p, &why);
    printf("bomb %.1f (status %d)\n", now_ms() - t0, status);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("rss %ld\n", ru.ru_maxrss);
    g_free(jpeg);
    g_object_unref(three);
    g_object_unref(rgb);
    g_object_unref(noise);
    free(ms);
    return 0;
}
