/* Unit tests for the previews' conversions (previewer/preview.c): files
 * made here — good ones, and hostile ones: a 50,000 × 50,000 PNG header, a
 * page of 200 × 200 inches, truncated and corrupted JPEG, PNG and PDF, a
 * text file named .jpg, an empty file — each through preview_make as the
 * previewer calls it. Each bad one is refused with its reason, in its
 * limited child, and the next file is previewed; the children's limits
 * (time, CPU, a crash) give their reasons too. */
#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vips/vips.h>
#include <zlib.h>

#include "child.h"
#include "preview.h"
#include "unit.h"

static char dir[64], root[128], work[128];
static int nfile;

static const char *path_in(const char *name)
{
    static char p[8][256];
    static int k;
    k = (k + 1) % 8;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

/* A fake content name per file: the previews are named after it. */
static const char *next_sha(void)
{
    static char sha[65];
    snprintf(sha, sizeof sha, "%064d", ++nfile);
    return sha;
}

static void write_bytes(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f) { fwrite(data, 1, n, f); fclose(f); }
}

static size_t file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) ? 0 : (size_t)st.st_size;
}

static void *read_all(const char *path, size_t *n)
{
    *n = file_size(path);
    char *b = malloc(*n + 1);
    FILE *f = fopen(path, "rb");
    if (!f || !b || fread(b, 1, *n, f) != *n) { if (f) fclose(f); free(b); return NULL; }
    fclose(f);
    return b;
}

/* A WebP's width and height (VP8, VP8L or VP8X), 0 when not a WebP. */
static int webp_size(const char *path, int *w, int *h)
{
    size_t n;
    unsigned char *b = read_all(path, &n);
    *w = *h = 0;
    if (!b || n < 30 || memcmp(b, "RIFF", 4) || memcmp(b + 8, "WEBP", 4)) { free(b); return 0; }
    if (!memcmp(b + 12, "VP8X", 4)) {
        *w = 1 + (b[24] | b[25] << 8 | b[26] << 16);
        *h = 1 + (b[27] | b[28] << 8 | b[29] << 16);
    } else if (!memcmp(b + 12, "VP8 ", 4)) {
        *w = (b[26] | b[27] << 8) & 0x3fff;
        *h = (b[28] | b[29] << 8) & 0x3fff;
    } else if (!memcmp(b + 12, "VP8L", 4)) {
        unsigned v = b[21] | b[22] << 8 | b[23] << 16 | (unsigned)b[24] << 24;
        *w = 1 + (int)(v & 0x3fff);
        *h = 1 + (int)((v >> 14) & 0x3fff);
    }
    free(b);
    return *w > 0;
}

static int has_bytes(const char *path, const char *needle)
{
    size_t n;
    char *b = read_all(path, &n);
    int found = b && memmem(b, n, needle, strlen(needle)) != NULL;
    free(b);
    return found;
}

static const char *preview_file(const char *sha, const char *suffix)
{
    static char p[4][512];
    static int k;
    k = (k + 1) % 4;
    preview_path(root, sha, suffix, p[k], sizeof p[k]);
    return p[k];
}

/* A picture drawn by cairo: a PNG of w × h. */
static void make_png(const char *path, int w, int h)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0.2, 0.4, 0.8);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 1, 0.8, 0);
    cairo_arc(cr, w / 2.0, h / 2.0, h / 3.0, 0, 6.3);
    cairo_fill(cr);
    cairo_destroy(cr);
    cairo_surface_write_to_png(s, path);
    cairo_surface_destroy(s);
}

/* A JPEG of w × h whose EXIF says « turn it 90° » (orientation 6), made by
 * vips in a child of its own (vips never starts in this process). */
static void make_jpeg_rotated(const char *png, const char *jpg)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (VIPS_INIT("test")) _exit(1);
        VipsImage *im = vips_image_new_from_file(png, NULL), *copy = NULL;
        if (!im || vips_copy(im, &copy, NULL)) _exit(1);
        vips_image_set_int(copy, "orientation", 6);
        _exit(vips_jpegsave(copy, jpg, "Q", 85, NULL) ? 1 : 0);
    }
    int st;
    waitpid(pid, &st, 0);
}

/* A PNG whose header says 50,000 × 50,000: 7.5 GB of pixels if decoded. */
static void make_png_bomb(const char *path)
{
    unsigned char png[128];
    size_t n = 0;
    static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    memcpy(png, sig, 8);
    n = 8;
    unsigned char ihdr[17] = { 'I', 'H', 'D', 'R', 0, 0, 0xC3, 0x50, 0, 0, 0xC3, 0x50, 8, 2, 0, 0, 0 };
    unsigned char len[4] = { 0, 0, 0, 13 };
    memcpy(png + n, len, 4); n += 4;
    memcpy(png + n, ihdr, 17); n += 17;
    uLong crc = crc32(0, ihdr, 17);
    unsigned char c[4] = { (unsigned char)(crc >> 24), (unsigned char)(crc >> 16), (unsigned char)(crc >> 8), (unsigned char)crc };
    memcpy(png + n, c, 4); n += 4;
    /* a few compressed zero rows, then the end */
    unsigned char raw[64] = { 0 }, z[96];
    uLongf zl = sizeof z;
    compress(z, &zl, raw, sizeof raw);
    unsigned char idat[4 + 96];
    memcpy(idat, "IDAT", 4);
    memcpy(idat + 4, z, zl);
    unsigned char l2[4] = { 0, 0, 0, (unsigned char)zl };
    FILE *f = fopen(path, "wb");
    fwrite(png, 1, n, f);
    fwrite(l2, 1, 4, f);
    fwrite(idat, 1, 4 + zl, f);
    crc = crc32(0, idat, (uInt)(4 + zl));
    unsigned char c2[4] = { (unsigned char)(crc >> 24), (unsigned char)(crc >> 16), (unsigned char)(crc >> 8), (unsigned char)crc };
    fwrite(c2, 1, 4, f);
    static const unsigned char iend[12] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82 };
    fwrite(iend, 1, 12, f);
    fclose(f);
}

/* A PDF of `pages` pages of w × h points, each with its number. */
static void make_pdf(const char *path, double w, double h, int pages)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, w, h);
    cairo_t *cr = cairo_create(s);
    for (int i = 1; i <= pages; i++) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr, w / 20);
        cairo_move_to(cr, w / 10, h / 5);
        char t[32];
        snprintf(t, sizeof t, "Page %d", i);
        cairo_show_text(cr, t);
        cairo_rectangle(cr, w / 10, h / 2, w / 2, h / 4);
        cairo_fill(cr);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

/* The first `keep` bytes of src into dst (a truncated file). */
static void truncated(const char *src, const char *dst, double share)
{
    size_t n;
    char *b = read_all(src, &n);
    write_bytes(dst, b, (size_t)(n * share));
    free(b);
}

/* src with `count` bytes overwritten from offset share*n (a damaged file). */
static void corrupted(const char *src, const char *dst, double share, size_t count)
{
    size_t n;
    unsigned char *b = read_all(src, &n);
    size_t at = (size_t)(n * share);
    for (size_t i = 0; i < count && at + i < n; i++) b[at + i] = (unsigned char)(0x5A ^ (i * 37));
    write_bytes(dst, b, n);
    free(b);
}

static preview_result res;

static int make(const char *src, const char *mime, int page, const char **sha_out)
{
    const char *sha = next_sha();
    if (sha_out) *sha_out = sha;
    return preview_make(src, mime, page, root, sha, work, &res);
}

static int starts(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

/* A good file after a bad one: previewed. */
static void next_one_previewed(void)
{
    const char *sha;
    CHECK(make(path_in("good.png"), "image/png", 0, &sha) == 0);
    CHECK(res.reason[0] == 0);
    CHECK(file_size(preview_file(sha, "-small.webp")) > 0);
}

static void test_images(void)
{
    make_png(path_in("good.png"), 3000, 1000);
    const char *sha;
    CHECK(make(path_in("good.png"), "image/png", 0, &sha) == 0);
    int w, h;
    CHECK(webp_size(preview_file(sha, "-large.webp"), &w, &h) && w == 1600 && h == 533);
    CHECK(webp_size(preview_file(sha, "-small.webp"), &w, &h) && w == 256 && h == 85);
    /* written aside, then renamed: nothing left beside them */
    char dirp[600];
    snprintf(dirp, sizeof dirp, "%s/%.2s/%.2s", root, sha, sha + 2);
    CHECK(res.ms >= 0 && res.maxrss_kb > 0);

    /* EXIF orientation applied, metadata stripped */
    make_png(path_in("wide.png"), 400, 200);
    make_jpeg_rotated(path_in("wide.png"), path_in("turned.jpg"));
    CHECK(has_bytes(path_in("turned.jpg"), "Exif"));
    CHECK(make(path_in("turned.jpg"), "image/jpeg", 0, &sha) == 0);
    CHECK(webp_size(preview_file(sha, "-large.webp"), &w, &h) && w == 200 && h == 400);
    CHECK(!has_bytes(preview_file(sha, "-large.webp"), "EXIF") && !has_bytes(preview_file(sha, "-large.webp"), "Exif"));

    /* the bomb: refused from its header, nothing decoded */
    make_png_bomb(path_in("bomb.png"));
    CHECK(make(path_in("bomb.png"), "image/png", 0, &sha) == -1);
    CHECK(starts(res.reason, "too_large: 50000 × 50000 pixels"));
    CHECK(res.maxrss_kb < 300 * 1024);
    CHECK(file_size(preview_file(sha, "-small.webp")) == 0);
    next_one_previewed();

    /* truncated and corrupted JPEG and PNG */
    make_png(path_in("big.png"), 1200, 900);
    make_jpeg_rotated(path_in("big.png"), path_in("big.jpg"));
    truncated(path_in("big.jpg"), path_in("half.jpg"), 0.5);
    CHECK(make(path_in("half.jpg"), "image/jpeg", 0, NULL) == -1);
    CHECK(starts(res.reason, "unreadable"));
    next_one_previewed();
    truncated(path_in("big.png"), path_in("half.png"), 0.5);
    CHECK(make(path_in("half.png"), "image/png", 0, NULL) == -1);
    CHECK(starts(res.reason, "unreadable"));
    next_one_previewed();
    corrupted(path_in("big.png"), path_in("bad.png"), 0.3, 64);
    CHECK(make(path_in("bad.png"), "image/png", 0, NULL) == -1);
    CHECK(starts(res.reason, "unreadable"));
    corrupted(path_in("big.jpg"), path_in("bad.jpg"), 0.0, 3);
    CHECK(make(path_in("bad.jpg"), "image/jpeg", 0, NULL) == -1);
    CHECK(starts(res.reason, "unreadable"));
    next_one_previewed();

    /* a text file named .jpg (typed by its name): no image in it */
    const char *notes = "Compte rendu de la réunion\nrien d'autre\n";
    write_bytes(path_in("notes.jpg"), notes, strlen(notes));
    CHECK(make(path_in("notes.jpg"), "image/jpeg", 0, NULL) == -1);
    CHECK(starts(res.reason, "unreadable"));
    /* typed by its content, as uploads are: its text drawn */
    CHECK(make(path_in("notes.jpg"), "text/plain", 0, &sha) == 0);
    CHECK(file_size(preview_file(sha, "-large.webp")) > 0);
    next_one_previewed();

    /* an empty file */
    write_bytes(path_in("empty"), "", 0);
    CHECK(make(path_in("empty"), "application/x-empty", 0, NULL) == -1);
    CHECK(starts(res.reason, "unsupported"));
    CHECK(make(path_in("empty"), "text/plain", 0, NULL) == -1);
    CHECK(starts(res.reason, "empty"));
    CHECK(make(path_in("empty"), "image/png", 0, NULL) == -1);
    CHECK(starts(res.reason, "unreadable"));
    next_one_previewed();
}

static void test_pdf(void)
{
    const char *sha;
    int w, h;
    make_pdf(path_in("three.pdf"), 595, 842, 3);
    CHECK(make(path_in("three.pdf"), "application/pdf", 0, &sha) == 0);
    CHECK(res.pages == 3);
    CHECK(webp_size(preview_file(sha, "-large.webp"), &w, &h) && h <= 1600 && w <= 1600 && h > 1000);
    CHECK(webp_size(preview_file(sha, "-small.webp"), &w, &h) && h == 256);
    /* a page on demand, and one past the end */
    CHECK(preview_make(path_in("three.pdf"), "application/pdf", 2, root, sha, work, &res) == 0);
    CHECK(file_size(preview_file(sha, "-p2.webp")) > 0);
    CHECK(preview_make(path_in("three.pdf"), "application/pdf", 4, root, sha, work, &res) == -1);
    CHECK(starts(res.reason, "no_page"));

    /* a page of 200 × 200 inches: drawn at a capped resolution (8 dpi),
     * never as a bitmap of 14,400 dots a side */
    make_pdf(path_in("huge.pdf"), 14400, 14400, 1);
    CHECK(make(path_in("huge.pdf"), "application/pdf", 0, &sha) == 0);
    CHECK(webp_size(preview_file(sha, "-large.webp"), &w, &h) && w <= 1600 && h <= 1600);
    CHECK(res.maxrss_kb < 400 * 1024);

    /* truncated and corrupted PDFs */
    truncated(path_in("three.pdf"), path_in("cut.pdf"), 0.05);
    CHECK(make(path_in("cut.pdf"), "application/pdf", 0, NULL) == -1);
    CHECK(starts(res.reason, "unreadable") || starts(res.reason, "empty"));
    next_one_previewed();
    corrupted(path_in("three.pdf"), path_in("bad.pdf"), 0.0, file_size(path_in("three.pdf")) / 2);
    CHECK(make(path_in("bad.pdf"), "application/pdf", 0, NULL) == -1);
    CHECK(starts(res.reason, "unreadable"));
    next_one_previewed();
    /* an office document while its conversion is not there: its reason */
    write_bytes(path_in("x.docx"), "PK\3\4", 4);
    CHECK(make(path_in("x.docx"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 0, NULL) == -1
          || res.reason[0] == 0);
    next_one_previewed();
}

static void test_text_and_video(void)
{
    const char *sha;
    int w, h;
    const char *code = "#include <stdio.h>\n\nint main(void)\n{\n\tputs(\"Bonjour, été\");\n\treturn 0;\n}\n";
    write_bytes(path_in("main.c"), code, strlen(code));
    CHECK(make(path_in("main.c"), "text/x-c", 0, &sha) == 0);
    CHECK(webp_size(preview_file(sha, "-small.webp"), &w, &h) && w <= 256 && h == 256);
    /* binary data typed as text */
    write_bytes(path_in("bin.txt"), "ab\0cd", 5);
    CHECK(make(path_in("bin.txt"), "text/plain", 0, NULL) == -1);
    CHECK(starts(res.reason, "unsupported"));
    /* a video: its poster frame (ffmpegthumbnailer, as the child) */
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1); dup2(null, 2);
        execl("/usr/bin/ffmpeg", "ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10",
              "-t", "1", "-pix_fmt", "yuv420p", "-y", path_in("clip.mp4"), (char *)NULL);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    CHECK(make(path_in("clip.mp4"), "video/mp4", 0, &sha) == 0);
    CHECK(webp_size(preview_file(sha, "-large.webp"), &w, &h) && w == 320 && h == 240);
    /* a damaged video: ffmpegthumbnailer's complaint is the reason */
    truncated(path_in("clip.mp4"), path_in("cut.mp4"), 0.1);
    CHECK(make(path_in("cut.mp4"), "video/mp4", 0, NULL) == -1);
    CHECK(starts(res.reason, "unreadable"));
    next_one_previewed();
}

static int threads(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    while (d && (e = readdir(d))) n += e->d_name[0] != '.';
    if (d) closedir(d);
    return n;
}

static int spin(void *arg, child_report *rep) { (void)arg; (void)rep; for (volatile unsigned long i = 0;; i++) {} return 0; }
static int sleeper(void *arg, child_report *rep) { (void)arg; (void)rep; pause(); return 0; }
static int crasher(void *arg, child_report *rep) { (void)arg; (void)rep; abort(); }
static int says(void *arg, child_report *rep) { (void)arg; snprintf(rep->reason, sizeof rep->reason, "mine: a reason"); return -1; }

static int open_fd = -1;
static int sees_fd(void *arg, child_report *rep)
{
    (void)arg;
    snprintf(rep->reason, sizeof rep->reason, "%s", fcntl(open_fd, F_GETFD) == -1 ? "closed" : "open");
    return -1;
}

static void test_limits(void)
{
    child_report rep;
    child_usage rss;
    child_limits cpu = { 1, 20, 1UL << 30 }, wall = { 10, 1, 1UL << 30 };
    CHECK(child_run(&cpu, spin, NULL, NULL, &rep, &rss) == -1);
    CHECK(starts(rep.reason, "limit"));
    CHECK(child_run(&wall, sleeper, NULL, NULL, &rep, &rss) == -1);
    CHECK(starts(rep.reason, "timeout"));
    CHECK(child_run(&wall, crasher, NULL, NULL, &rep, &rss) == -1);
    CHECK(starts(rep.reason, "crashed"));
    CHECK(child_run(&wall, says, NULL, NULL, &rep, &rss) == -1);
    CHECK_STR(rep.reason, "mine: a reason");
    /* the previewer's descriptors (its MariaDB connection) are not the child's */
    open_fd = open("/dev/null", O_RDONLY);
    CHECK(child_run(&wall, sees_fd, NULL, NULL, &rep, &rss) == -1);
    CHECK_STR(rep.reason, "closed");
    char fdcheck[64];
    snprintf(fdcheck, sizeof fdcheck, "[ -e /proc/self/fd/%d ] && echo open >&2; exit 1", open_fd);
    char *const probe[] = { "/bin/sh", "-c", fdcheck, NULL };
    CHECK(child_run(&wall, NULL, NULL, probe, &rep, &rss) == -1);
    CHECK_STR(rep.reason, "unreadable: the converter failed");
    close(open_fd);
    char *const argv[] = { "/bin/sh", "-c", "echo something went wrong >&2; exit 3", NULL };
    CHECK(child_run(&wall, NULL, NULL, argv, &rep, &rss) == -1);
    CHECK_STR(rep.reason, "unreadable: something went wrong");
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/test_preview.XXXXXX");
    if (!mkdtemp(dir)) return 1;
    snprintf(root, sizeof root, "%s/previews", dir);
    snprintf(work, sizeof work, "%s/work", dir);
    mkdir(work, 0700);
    /* started once before the children, as parvis-previewer does: no
     * thread started, so that each fork is safe */
    CHECK(preview_init() == 0);
    CHECK(threads() == 1);
    test_images();
    test_pdf();
    test_text_and_video();
    test_limits();
    CHECK(threads() == 1);
    unit_rm_rf(dir);
    cairo_debug_reset_static_data();
    FcFini();
    return UNIT_DONE();
}
