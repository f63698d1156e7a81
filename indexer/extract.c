#include "archive_entries.h"
#include "extract.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHILD_CPU_SECONDS 10
#define CHILD_WALL_SECONDS 20
/* OCR's: the child's CPU limit raised to this when it starts OCR, and the
 * wall limit of the types it may read (PDF, images) */
#define OCR_CPU_SECONDS (OCR_SECONDS + 10)
#define OCR_WALL_SECONDS (OCR_SECONDS + 20)
#define CHILD_MEMORY (768UL << 20)

struct extract_sink {
    int fd;
    size_t written;
    size_t visible;                      /* non-blank bytes of written */
};

extract_sink *sink_new(int fd)
{
    extract_sink *s = calloc(1, sizeof *s);
    if (s) s->fd = fd;
    return s;
}

void sink_free(extract_sink *s)
{
    free(s);
}

void sink_text(extract_sink *s, const char *text, size_t len)
{
    if (s->written >= EXTRACT_TEXT_MAX) return;
    if (len > EXTRACT_TEXT_MAX - s->written) len = EXTRACT_TEXT_MAX - s->written;
    for (size_t i = 0; i < len; i++) s->visible += !strchr(" \t\r\n\f\v", text[i]) && text[i];
    while (len > 0) {
        ssize_t n = write(s->fd, text, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) { s->written = EXTRACT_TEXT_MAX; return; }
        text += n;
        len -= (size_t)n;
        s->written += (size_t)n;
    }
}

int sink_full(const extract_sink *s)
{
    return s->written >= EXTRACT_TEXT_MAX;
}

size_t sink_written(const extract_sink *s)
{
    return s->written;
}

size_t sink_visible(const extract_sink *s)
{
    return s->visible;
}

static int starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Which reader a type goes to: 0 none. ZIP and BINARY are looked into. */
enum { NONE, PLAIN, HTML, XML, PDF, OFFICE, ARCHIVE, MAIL, LEGACY, RTF, ZIP, BINARY, SVG, IMAGE };

/* The child's exit status for "no text in this type": not a failure. */
#define NO_TEXT 3
/* Text, then a NUL, a byte ('o': the text was recognised by OCR, else '-')
 * and a reason that comes with the text (a protected file's names and
 * metadata, a limit that cut the text), or "". */
#define NOTED 4

static int one_of(const char *mime, const char *const *types)
{
    for (; *types; types++) if (strcmp(mime, *types) == 0) return 1;
    return 0;
}

static int reader_of(const char *mime)
{
    /* OLE files: libmagic names Word, Excel and PowerPoint by their class,
     * the others are tried with each converter */
    static const char *const ole[] = { "application/msword", "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint", "application/vnd.ms-office", "application/CDFV2",
        "application/x-ole-storage", "application/vnd.ms-outlook",
        "application/encrypted", NULL };
    if (one_of(mime, ole)) return LEGACY;
    if (strcmp(mime, "image/svg+xml") == 0) return SVG;
    if (strcmp(mime, "text/rtf") == 0 || strcmp(mime, "application/rtf") == 0) return RTF;
    if (strcmp(mime, "message/rfc822") == 0) return MAIL;
    if (strcmp(mime, "application/zip") == 0) return ZIP;
    if (strcmp(mime, "application/octet-stream") == 0) return BINARY;
    if (strcmp(mime, "application/epub+zip") == 0) return OFFICE;
    if (strcmp(mime, "text/html") == 0) return HTML;
    /* XHTML is often typed text/xml: its markup is not text */
    if (strcmp(mime, "application/xhtml+xml") == 0 || strcmp(mime, "text/xml") == 0
        || strcmp(mime, "application/xml") == 0) return XML;
    if (starts(mime, "text/") || strcmp(mime, "application/json") == 0 || strcmp(mime, "application/csv") == 0) return PLAIN;
    if (strcmp(mime, "application/pdf") == 0) return PDF;
    static const char *const images[] = { "image/png", "image/jpeg", "image/tiff", NULL };   /* OCR */
    if (one_of(mime, images)) return IMAGE;
    if (starts(mime, "application/vnd.openxmlformats-officedocument.")
        || starts(mime, "application/vnd.oasis.opendocument.")) return OFFICE;
    static const char *const archives[] = { "application/x-tar", "application/gzip",
        "application/x-gzip", "application/x-7z-compressed", "application/x-bzip2", "application/x-xz",
        "application/x-cpio", "application/x-iso9660-image", NULL };
    return one_of(mime, archives) ? ARCHIVE : NONE;
}

/* A zip: an office document libmagic did not name (its entries in an
 * unusual order), or an archive. */
static int read_zip(const char *path, extract_sink *s, char *reason, size_t rlen)
{
    char office[128];
    office_sniff(path, NULL, 0, office, sizeof office);
    return *office ? extract_office(path, office, s, reason, rlen) : extract_archive(path, s, reason, rlen);
}

/* The child: limits, then the reader, its text on fd 1 of the pipe and its
 * reason, if any, after a NUL. */
void extract_ocr_raise_limits(void)
{
    struct rlimit cpu = { OCR_CPU_SECONDS, OCR_CPU_SECONDS };
    setrlimit(RLIMIT_CPU, &cpu);
}

static void child(const char *path, const char *mime, int fd)
{
    /* the soft limit stops the reader (SIGXCPU); OCR raises it to the hard one */
    struct rlimit cpu = { CHILD_CPU_SECONDS, OCR_CPU_SECONDS };
    setrlimit(RLIMIT_CPU, &cpu);
#ifndef __SANITIZE_ADDRESS__
    struct rlimit mem = { CHILD_MEMORY, CHILD_MEMORY };   /* ASan reserves far more address space */
    setrlimit(RLIMIT_AS, &mem);
#endif
    struct rlimit core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &core);
    archive_entries_locale();           /* archives' names converted to UTF-8 */
    extract_ocr_allowed = 1;            /* under this child's limits */
    extract_sink s = { fd, 0, 0 };
    char reason[160] = "";
    int rc;
    switch (reader_of(mime)) {
    case PLAIN: rc = extract_plain(path, &s, reason, sizeof reason); break;
    case HTML: rc = extract_html(path, &s, reason, sizeof reason); break;
    case XML: rc = extract_xml(path, &s, reason, sizeof reason); break;
    case PDF: rc = extract_pdf(path, &s, reason, sizeof reason); break;
    case OFFICE: rc = extract_office(path, mime, &s, reason, sizeof reason); break;
    case ARCHIVE: rc = extract_archive(path, &s, reason, sizeof reason); break;
    case MAIL: rc = extract_mail(path, &s, reason, sizeof reason); break;
    case LEGACY: rc = extract_legacy(path, mime, &s, reason, sizeof reason); break;
    case RTF: rc = extract_rtf(path, &s, reason, sizeof reason); break;
    case ZIP: rc = read_zip(path, &s, reason, sizeof reason); break;
    case BINARY:
        /* an archive libmagic did not name is read; anything else has no text */
        rc = read_zip(path, &s, reason, sizeof reason);
        if (rc && s.written == 0) _exit(NO_TEXT);
        break;
    case SVG: rc = extract_svg(path, &s, reason, sizeof reason); break;
    case IMAGE:
        rc = extract_image(path, &s, reason, sizeof reason);
        if (!rc && s.written == 0 && !*reason) _exit(NO_TEXT);   /* a picture without text */
        break;
    default: rc = -1;
    }
    /* a reader that found nothing in a file of some size: said, not a
     * silent name-only index */
    struct stat st;
    if (!rc && !*reason && sink_visible(&s) == 0 && reader_of(mime) != BINARY && reader_of(mime) != IMAGE
        && stat(path, &st) == 0 && st.st_size >= EMPTY_MIN)
        snprintf(reason, sizeof reason, "%s", REASON_EMPTY);
    if (rc && !*reason) snprintf(reason, sizeof reason, "unreadable");
    if (rc) {
        /* the reason after a NUL: the text before it is not kept */
        char nul = 0;
        if (write(fd, &nul, 1) == 1 && write(fd, reason, strlen(reason)) < 0) {}
    }
    if (!rc && (*reason || extract_ocr_used)) {
        /* the text, then why it was cut and whether OCR read it */
        char head[2] = { 0, extract_ocr_used ? 'o' : '-' };
        if (write(fd, head, 2) == 2 && write(fd, reason, strlen(reason)) < 0) {}
        _exit(NOTED);
    }
    _exit(rc ? 2 : 0);
}

int extract_file(const char *path, const char *mime, extract_result *out)
{
    memset(out, 0, sizeof *out);
    if (reader_of(mime) == NONE) return -1;             /* no text: not a failure */
    int fds[2];
    if (pipe2(fds, O_CLOEXEC)) { snprintf(out->reason, sizeof out->reason, "pipe: %s", strerror(errno)); return -1; }
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]); close(fds[1]);
        snprintf(out->reason, sizeof out->reason, "fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) { close(fds[0]); child(path, mime, fds[1]); }
    close(fds[1]);
    size_t cap = EXTRACT_TEXT_MAX + 200, len = 0;
    char *buf = malloc(cap + 1);
    int wall = reader_of(mime) == PDF || reader_of(mime) == IMAGE ? OCR_WALL_SECONDS : CHILD_WALL_SECONDS;
    time_t deadline = time(NULL) + wall;
    int killed = 0;
    while (buf) {
        struct pollfd p = { fds[0], POLLIN, 0 };
        int left = (int)(deadline - time(NULL));
        if (left <= 0 || poll(&p, 1, left * 1000) <= 0) { kill(pid, SIGKILL); killed = 1; break; }
        ssize_t n = read(fds[0], buf + len, cap - len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        len += (size_t)n;
        if (len == cap) break;
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (!buf) { snprintf(out->reason, sizeof out->reason, "out of memory"); return -1; }
    buf[len] = 0;
    if (killed) snprintf(out->reason, sizeof out->reason, "stopped after %d s", wall);
    else if (WIFSIGNALED(status))
        snprintf(out->reason, sizeof out->reason, "the reader was stopped (%s)",
                 WTERMSIG(status) == SIGXCPU || WTERMSIG(status) == SIGKILL ? "CPU limit" : strsignal(WTERMSIG(status)));
    else if (WEXITSTATUS(status) == NO_TEXT) { free(buf); return -1; }
    else if (WEXITSTATUS(status) == NOTED) {
        char *nul = memrchr(buf, 0, len);        /* the reason has none */
        if (nul && (size_t)(nul - buf) + 1 < len) {
            out->ocr = nul[1] == 'o';
            snprintf(out->reason, sizeof out->reason, "%s", nul + 2);
            len = (size_t)(nul - buf);
        }
        out->text = buf;
        out->len = len > EXTRACT_TEXT_MAX ? EXTRACT_TEXT_MAX : len;
        out->text[out->len] = 0;
        return 0;
    }
    else if (WEXITSTATUS(status) != 0) {
        size_t k = strlen(buf);             /* the reason follows the NUL */
        snprintf(out->reason, sizeof out->reason, "%s", k < len ? buf + k + 1 : "unreadable");
    }
    if (*out->reason) { free(buf); return -1; }
    out->text = buf;
    out->len = len > EXTRACT_TEXT_MAX ? EXTRACT_TEXT_MAX : len;
    out->text[out->len] = 0;
    return 0;
}
