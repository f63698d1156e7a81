/* The previews' figures (bench/previews.sh, docs/previews.md): the
 * thumbnails of a 24-megapixel JPEG and the first page of a 100-page PDF,
 * made through preview_make as parvis-previewer makes them (the limited
 * child, libvips, poppler), RUNS times each; a page in the middle of the
 * PDF on demand, a text file and a video's poster frame. Prints one line a
 * run: what, wall ms, the children's CPU ms, their peak memory in KiB, the
 * outcome, and when the small thumbnail was there (ms, -1 if none). */
#include <cairo.h>
#include <cairo-pdf.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vips/vips.h>

#include "preview.h"

static char dir[64], root[128], work[128];
static int nfile;

static const char *sha_next(void)
{
    static char sha[65];
    snprintf(sha, sizeof sha, "%064d", ++nfile);
    return sha;
}

/* A 6000 × 4000 JPEG (24 megapixels) of smooth colours and grain, made by
 * vips in a child (never in this process, like the previewer). */
static int make_jpeg(const char *path)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (VIPS_INIT("bench")) _exit(1);
        VipsImage *xyz, *noise, *grad, *mix, *out;
        double a[3] = { 0.02, 0.015, 0.01 }, b[3] = { 40, 60, 90 };
        if (vips_xyz(&xyz, 6000, 4000, NULL)) _exit(1);
        VipsImage *bands[2];
        if (vips_extract_band(xyz, &bands[0], 0, NULL) || vips_extract_band(xyz, &bands[1], 1, NULL)) _exit(1);
        VipsImage *sum;
        if (vips_add(bands[0], bands[1], &sum, NULL) || vips_linear(sum, &grad, a, b, 3, NULL)) _exit(1);
        if (vips_gaussnoise(&noise, 6000, 4000, "mean", 0.0, "sigma", 12.0, NULL)) _exit(1);
        if (vips_add(grad, noise, &mix, NULL) || vips_cast_uchar(mix, &out, NULL)) _exit(1);
        _exit(vips_jpegsave(out, path, "Q", 90, NULL) ? 1 : 0);
    }
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* A PDF of `pages` A4 pages of text. */
static void make_pdf(const char *path, int pages)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, 595, 842);
    cairo_t *cr = cairo_create(s);
    cairo_select_font_face(cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 10);
    for (int p = 1; p <= pages; p++) {
        for (int l = 0; l < 60; l++) {
            char line[160];
            snprintf(line, sizeof line, "Page %d, ligne %d : le conseil a examiné le budget, les subventions et le calendrier.", p, l + 1);
            cairo_move_to(cr, 50, 60 + 12 * l);
            cairo_show_text(cr, line);
        }
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

static int rm_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb; (void)type; (void)ftw;
    return remove(path);
}

static void run(const char *what, const char *src, const char *mime, int page, const char *sha)
{
    preview_result r;
    const char *id = sha ? sha : sha_next();
    struct timespec t0;
    clock_gettime(CLOCK_REALTIME, &t0);
    int rc = preview_make(src, mime, page, root, id, work, &r);
    /* when the small thumbnail was there: its file's time (written whole,
     * then renamed), from the start of the job */
    char small[512];
    struct stat st;
    long small_ms = -1;
    preview_path(root, id, "-small.webp", small, sizeof small);
    if (page == 0 && stat(small, &st) == 0)
        small_ms = (long)((st.st_mtim.tv_sec - t0.tv_sec) * 1000 + (st.st_mtim.tv_nsec - t0.tv_nsec) / 1000000);
    printf("%s %ld %ld %ld %s %ld\n", what, r.ms, r.cpu_ms, r.maxrss_kb, rc ? r.reason : "ok", small_ms);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    char *end;
    long runs = argc > 1 ? strtol(argv[1], &end, 10) : 5;
    if (runs < 1 || runs > 100) runs = 5;
    snprintf(dir, sizeof dir, "/tmp/bench_previews.XXXXXX");
    if (!mkdtemp(dir)) return 1;
    snprintf(root, sizeof root, "%s/previews", dir);
    snprintf(work, sizeof work, "%s/work", dir);
    mkdir(work, 0700);
    char jpg[128], pdf[128], txt[128], sys[400];
    snprintf(jpg, sizeof jpg, "%s/photo.jpg", dir);
    snprintf(pdf, sizeof pdf, "%s/report.pdf", dir);
    snprintf(txt, sizeof txt, "%s/notes.c", dir);
    if (make_jpeg(jpg)) { fprintf(stderr, "bench: cannot make the JPEG\n"); return 1; }
    make_pdf(pdf, 100);
    preview_init();                 /* as parvis-previewer does */
    FILE *f = fopen(txt, "w");
    for (int i = 0; f && i < 400; i++) fprintf(f, "static int line_%d(int x) { return x * %d; }\n", i, i);
    if (f) fclose(f);
    struct stat st;
    stat(jpg, &st);
    printf("jpeg_bytes %lld\n", (long long)st.st_size);
    for (int i = 0; i < runs; i++) run("jpeg24", jpg, "image/jpeg", 0, NULL);
    const char *doc = NULL;
    for (int i = 0; i < runs; i++) { doc = sha_next(); run("pdf100", pdf, "application/pdf", 0, doc); }
    for (int i = 0; i < runs; i++) run("pdfpage50", pdf, "application/pdf", 50, doc);
    for (int i = 0; i < runs; i++) run("text", txt, "text/x-c", 0, NULL);
    snprintf(sys, sizeof sys, "ffmpeg -loglevel error -f lavfi -i testsrc=size=1920x1080:rate=25 -t 10 -pix_fmt yuv420p -y %s/clip.mp4", dir);
    if (system(sys) == 0) {
        char mp4[128];
        snprintf(mp4, sizeof mp4, "%s/clip.mp4", dir);
        for (int i = 0; i < runs; i++) run("video", mp4, "video/mp4", 0, NULL);
    }
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}
