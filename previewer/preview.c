/* preview_make (preview.h): which converter, in which limited child. */
#include "preview.h"
#include "child.h"
#include "office.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const child_limits DRAW_LIMITS = { 20, 30, 1024UL << 20 };
static const child_limits VIDEO_LIMITS = { 30, 40, 1024UL << 20 };

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* "<root>/ab/cd" made. */
static int make_dirs(const char *root, const char *sha)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", root);
    if (mkdir(dir, 0750) && errno != EEXIST) return -1;
    snprintf(dir, sizeof dir, "%s/%.2s", root, sha);
    if (mkdir(dir, 0750) && errno != EEXIST) return -1;
    snprintf(dir, sizeof dir, "%s/%.2s/%.2s", root, sha, sha + 2);
    if (mkdir(dir, 0750) && errno != EEXIST) return -1;
    return 0;
}

typedef struct {
    const char *src, *large, *small;
    int page, box;
} job;

static int run_image(void *arg, child_report *rep)
{
    job *j = arg;
    return image_thumbs(j->src, j->large, j->small, rep->reason, sizeof rep->reason);
}

static int run_pdf(void *arg, child_report *rep)
{
    job *j = arg;
    unsigned char *rgb;
    int w, h;
    if (pdf_render_page(j->src, j->page, j->box, &rgb, &w, &h, &rep->pages, rep->reason, sizeof rep->reason)) return -1;
    int rc = image_save_rgb(rgb, w, h, j->large, j->box, j->small, rep->reason, sizeof rep->reason);
    free(rgb);
    return rc;
}

static int run_text(void *arg, child_report *rep)
{
    job *j = arg;
    unsigned char *rgb;
    int w, h;
    if (text_render(j->src, &rgb, &w, &h, rep->reason, sizeof rep->reason)) return -1;
    int rc = image_save_rgb(rgb, w, h, j->large, j->box, j->small, rep->reason, sizeof rep->reason);
    free(rgb);
    return rc;
}

static int in_child(const child_limits *lim, int (*fn)(void *, child_report *), void *arg, char *const *argv,
                    preview_result *res)
{
    child_report rep;
    child_usage use;
    int rc = child_run(lim, fn, arg, argv, &rep, &use);
    if (use.maxrss_kb > res->maxrss_kb) res->maxrss_kb = use.maxrss_kb;
    res->cpu_ms += use.cpu_ms;
    if (rep.pages) res->pages = rep.pages;
    if (rc) snprintf(res->reason, sizeof res->reason, "%s", rep.reason[0] ? rep.reason : "unreadable");
    return rc;
}

/* A video's poster frame: ffmpegthumbnailer, as the child, into a PNG
 * of the work directory; then drawn as an image. */
static int video_thumbs(const char *src, const char *work_dir, job *j, preview_result *res)
{
    char png[4096];
    snprintf(png, sizeof png, "%s/frame-%d.png", work_dir, (int)getpid());
    /* the frame at its own size (-s 0), fitted in its boxes by vips */
    char *argv[] = { "/usr/bin/ffmpegthumbnailer", "-i", (char *)src, "-o", png, "-s", "0", "-t", "10%",
                     "-c", "png", "-q", "8", NULL };
    int rc = in_child(&VIDEO_LIMITS, NULL, NULL, argv, res);
    struct stat st;
    if (!rc && (stat(png, &st) || st.st_size == 0)) {
        snprintf(res->reason, sizeof res->reason, "unreadable: no frame could be taken from the video");
        rc = -1;
    }
    if (!rc) {
        j->src = png;
        rc = in_child(&DRAW_LIMITS, run_image, j, NULL, res);
        if (rc && strncmp(res->reason, "unreadable", 10) == 0)
            snprintf(res->reason, sizeof res->reason, "unreadable: no frame could be taken from the video");
    }
    unlink(png);
    return rc;
}

/* An office document's PDF: the one converted before, or converted now
 * (previewer/office.c, its own limited child) and kept beside the previews. */
static int office_pdf(const char *src, const char *mime, const char *root, const char *sha, const char *work_dir,
                      char *pdf, size_t n, preview_result *res)
{
    preview_path(root, sha, ".pdf", pdf, n);
    if (access(pdf, R_OK) == 0) return 0;
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s/office-%d.pdf", work_dir, (int)getpid());
    char reason[256] = "";
    long started = 0;
    int rc = office_to_pdf(src, mime, tmp, work_dir, reason, sizeof reason, &started);
    res->office_start_ms = started;
    if (rc) {
        unlink(tmp);
        snprintf(res->reason, sizeof res->reason, "office: %.240s", *reason ? reason : "the conversion failed");
        return -1;
    }
    /* the work directory may be on another filesystem: copied into place */
    char aside[4200];
    snprintf(aside, sizeof aside, "%s.tmp%d", pdf, (int)getpid());
    FILE *in = fopen(tmp, "rb"), *out = in ? fopen(aside, "wb") : NULL;
    int ok = in && out;
    char buf[65536];
    size_t k;
    while (ok && (k = fread(buf, 1, sizeof buf, in)) > 0) ok = fwrite(buf, 1, k, out) == k;
    if (in) fclose(in);
    if (out && fclose(out)) ok = 0;
    unlink(tmp);
    if (!ok || preview_commit_file(aside, pdf)) {
        unlink(aside);
        snprintf(res->reason, sizeof res->reason, "internal: cannot keep the converted PDF");
        return -1;
    }
    return 0;
}

int preview_make(const char *src, const char *mime, int page, const char *root, const char *sha,
                 const char *work_dir, preview_result *res)
{
    memset(res, 0, sizeof *res);
    double t0 = now_ms();
    preview_kind kind = preview_kind_of(mime);
    if (kind == PK_NONE && office_is_convertible(mime)) kind = PK_OFFICE;
    char large[4096], small[4096], pdf[4096];
    int rc = -1;
    if (kind == PK_NONE) {
        snprintf(res->reason, sizeof res->reason, "unsupported: no preview for this type (%s)", mime);
        goto done;
    }
    if (page > 0 && kind != PK_PDF && kind != PK_OFFICE) {
        snprintf(res->reason, sizeof res->reason, "no_page: only documents have pages");
        goto done;
    }
    if (make_dirs(root, sha)) {
        snprintf(res->reason, sizeof res->reason, "internal: cannot create %s: %s", root, strerror(errno));
        goto done;
    }
    if (page > 0) {
        char suffix[32];
        snprintf(suffix, sizeof suffix, "-p%d.webp", page);
        preview_path(root, sha, suffix, large, sizeof large);
    } else {
        preview_path(root, sha, "-large.webp", large, sizeof large);
        preview_path(root, sha, "-small.webp", small, sizeof small);
    }
    job j = { src, large, page > 0 ? NULL : small, page > 0 ? page : 1, page > 0 ? PREVIEW_PAGE : PREVIEW_LARGE };
    switch (kind) {
    case PK_IMAGE: rc = in_child(&DRAW_LIMITS, run_image, &j, NULL, res); break;
    case PK_TEXT: rc = in_child(&DRAW_LIMITS, run_text, &j, NULL, res); break;
    case PK_VIDEO: rc = video_thumbs(src, work_dir, &j, res); break;
    case PK_OFFICE:
        if (office_pdf(src, mime, root, sha, work_dir, pdf, sizeof pdf, res)) break;
        j.src = pdf;
        /* the PDF drawn like any */
        __attribute__((fallthrough));
    case PK_PDF: rc = in_child(&DRAW_LIMITS, run_pdf, &j, NULL, res); break;
    default: break;
    }
done:
    res->ms = (long)(now_ms() - t0);
    return rc;
}
