/* Legacy office formats and RTF, read by Debian's converters run as
 * children of the extraction child: antiword (.doc; catdoc when antiword
 * refuses it or finds nothing: Word 6/95, fast-saved files), xls2csv and
 * catppt (catdoc: .xls, .ppt; extract_ole.c reads PowerPoint's text atoms
 * first, catppt when it finds none), unrtf (RTF, as HTML: its text mode writes
 * Latin-1 and loses what Latin-1 lacks). Outlook messages and protected
 * files are told by their streams (extract_ole.c) before any converter. fork and exec with an argv, no shell,
 * a minimal environment, stderr to /dev/null; the converter inherits the
 * child's limits and dies with it. */
#include "extract.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define RTF_HTML_MAX (16 << 20)          /* bytes of unrtf's HTML kept */
#define KILLED (-1)

/* Runs argv[0] on the file; its stdout goes to the sink, or to buf when
 * buf is given (up to *cap bytes; *cap is then set to the length read).
 * *got: the bytes written, blanks aside.
 * Returns the converter's exit status, KILLED if a limit stopped it, or
 * 127 if it could not run. */
static int run(char *const argv[], extract_sink *s, char *buf, size_t *cap, size_t *got)
{
    static char *const env[] = { "PATH=/usr/bin:/bin", "HOME=/nonexistent", "LC_ALL=C.UTF-8", NULL };
    int fds[2];
    if (pipe2(fds, O_CLOEXEC)) return 127;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) { close(fds[0]); close(fds[1]); return 127; }
    if (pid == 0) {
        /* dies with the extraction child, killed at its deadline */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
        int null = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null < 0 || dup2(null, 0) < 0 || dup2(fds[1], 1) < 0 || dup2(null, 2) < 0) _exit(127);
        execve(argv[0], argv, env);
        _exit(127);
    }
    close(fds[1]);
    static char chunk[1 << 16];
    size_t len = 0, text = 0;
    int stopped = 0;
    for (;;) {
        ssize_t n = read(fds[0], chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        for (ssize_t i = 0; i < n; i++) text += !strchr(" \t\r\n\f", chunk[i]);
        if (buf) {
            size_t k = (size_t)n < *cap - len ? (size_t)n : *cap - len;
            memcpy(buf + len, chunk, k);
            len += k;
            if (len == *cap) { stopped = 1; break; }
        } else {
            for (ssize_t i = 0; i < n; i++) if (!chunk[i]) chunk[i] = ' ';
            sink_text(s, chunk, (size_t)n);
            if (sink_full(s)) { stopped = 1; break; }
        }
    }
    /* enough text: the rest is not waited for */
    if (stopped) kill(pid, SIGKILL);
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    *got = text;
    if (buf) *cap = len;
    if (stopped) return 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : KILLED;
}

static int word(const char *path, extract_sink *s, size_t *got)
{
    char *argv[] = { "/usr/bin/antiword", "-m", "UTF-8.txt", (char *)path, NULL };
    int rc = run(argv, s, NULL, NULL, got);
    if (rc == 0 && *got) return 0;
    /* antiword refuses Word 6/95 and some others: catdoc reads them (what
     * antiword wrote before failing, if anything, is only repeated) */
    char *again[] = { "/usr/bin/catdoc", "-d", "utf-8", "-w", (char *)path, NULL };
    size_t more = 0;
    int rc2 = run(again, s, NULL, NULL, &more);
    *got += more;
    return rc2 == 0 && more ? 0 : rc;
}

static int excel(const char *path, extract_sink *s, size_t *got)
{
    /* cells separated by a tab, not a comma: « mot2 » then « 6,7 » would
     * be read as one term « mot26,7 » (a comma between digits joins them) */
    char *argv[] = { "/usr/bin/xls2csv", "-d", "utf-8", "-q", "0", "-c", "\t", (char *)path, NULL };
    int rc = run(argv, s, NULL, NULL, got);
    if (rc == 0 && *got) ole_xls_sheet_names(path, s);   /* a workbook: its sheets' names too */
    return rc;
}

static int powerpoint(const char *path, extract_sink *s, size_t *got)
{
    /* the text atoms read from the records themselves first: catppt reads
     * the slide list only, and finds nothing in the shapes' text boxes
     * (where LibreOffice and recent PowerPoints write them) */
    char why[160];
    size_t before = sink_visible(s);
    if (ole_ppt_text(path, s, why, sizeof why) == 0 && sink_visible(s) > before) {
        *got = sink_visible(s) - before;
        return 0;
    }
    char *argv[] = { "/usr/bin/catppt", "-d", "utf-8", (char *)path, NULL };
    return run(argv, s, NULL, NULL, got);
}

static void failed(int rc, char *reason, size_t rlen)
{
    if (rc == KILLED) snprintf(reason, rlen, "the converter crashed or was stopped by a limit");
    else if (rc == 127) snprintf(reason, rlen, "the converter could not run");
    else snprintf(reason, rlen, "the converter failed (damaged or protected?)");
}

int extract_legacy(const char *path, const char *mime, extract_sink *s, char *reason, size_t rlen)
{
    int rc;
    size_t got = 0;
    /* the summary is never encrypted: with the name, what a protected
     * file gives */
    ole_summary(path, s);
    if (strcmp(mime, "application/encrypted") == 0 || ole_encrypted(path)) {
        snprintf(reason, rlen, "%s", REASON_ENCRYPTED);
        return 0;
    }
    if (strcmp(mime, "application/vnd.ms-outlook") == 0 || ole_is_msg(path)) return extract_msg(path, s, reason, rlen);
    if (strcmp(mime, "application/msword") == 0) rc = word(path, s, &got);
    else if (strcmp(mime, "application/vnd.ms-excel") == 0) rc = excel(path, s, &got);
    else if (strcmp(mime, "application/vnd.ms-powerpoint") == 0) rc = powerpoint(path, s, &got);
    else {
        /* an OLE file libmagic could not name: antiword refuses what is
         * not Word, xls2csv and catppt print nothing for what is not
         * theirs, so the first that writes text is the right one */
        if (word(path, s, &got) == 0 && got) return 0;
        if (excel(path, s, &got) == 0 && got) return 0;
        rc = powerpoint(path, s, &got);
        if (rc == 0 && !got) {
            snprintf(reason, rlen, "an OLE file that is not Word, Excel or PowerPoint (or protected)");
            return -1;
        }
    }
    if (rc != 0) { failed(rc, reason, rlen); return -1; }
    return 0;
}

int extract_rtf(const char *path, extract_sink *s, char *reason, size_t rlen)
{
    char *buf = malloc(RTF_HTML_MAX);
    if (!buf) { snprintf(reason, rlen, "out of memory"); return -1; }
    char *argv[] = { "/usr/bin/unrtf", "--html", "--nopict", (char *)path, NULL };
    size_t len = RTF_HTML_MAX, got = 0;
    int rc = run(argv, NULL, buf, &len, &got);
    if (rc == 0) rc = extract_html_memory(buf, len, "UTF-8", s, reason, rlen);
    else failed(rc, reason, rlen);
    free(buf);
    if (rc == 0) rtf_info(path, s);     /* unrtf leaves the author out */
    return rc ? -1 : 0;
}
