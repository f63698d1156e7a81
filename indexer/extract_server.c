#include "extract_server.h"
#include "log.h"
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int server_fd = -1;
static pid_t server_pid = -1;
/* the request sent ahead, whose answer is not read yet */
static char pending_path[4096], pending_mime[256];
static int pending;

static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int read_all(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

/* A string as its length (uint32) and its bytes. */
static int send_str(int fd, const char *s, size_t n)
{
    uint32_t len = (uint32_t)n;
    return write_all(fd, &len, sizeof len) || write_all(fd, s, n);
}

static char *recv_str(int fd, size_t max, size_t *n)
{
    uint32_t len;
    if (read_all(fd, &len, sizeof len) || len > max) return NULL;
    char *s = malloc((size_t)len + 1);
    if (!s) return NULL;
    if (read_all(fd, s, len)) { free(s); return NULL; }
    s[len] = 0;
    if (n) *n = len;
    return s;
}

/* The server: a request is a path and a type; the answer a status, a
 * reason and the text. It ends when the indexer closes its end. */
static void serve(int fd)
{
    signal(SIGPIPE, SIG_IGN);
    for (;;) {
        char *path = recv_str(fd, 4096, NULL), *mime = path ? recv_str(fd, 256, NULL) : NULL;
        if (!mime) { free(path); _exit(0); }
        extract_result x;
        int32_t rc = extract_file(path, mime, &x);
        free(path);
        free(mime);
        int bad = write_all(fd, &rc, sizeof rc) || send_str(fd, x.reason, strlen(x.reason))
               || send_str(fd, rc == 0 ? x.text : "", rc == 0 ? x.len : 0);
        free(x.text);
        if (bad) _exit(0);
    }
}

int extract_server_start(void)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) return -1;
    pid_t pid = fork();
    if (pid < 0) { close(sv[0]); close(sv[1]); return -1; }
    if (pid == 0) {
        close(sv[0]);
        serve(sv[1]);
    }
    close(sv[1]);
    server_fd = sv[0];
    server_pid = pid;
    return 0;
}

void extract_server_stop(void)
{
    pending = 0;
    if (server_fd < 0) return;
    close(server_fd);
    while (waitpid(server_pid, NULL, 0) < 0 && errno == EINTR) {}
    server_fd = -1;
    server_pid = -1;
}

static int send_request(const char *path, const char *mime)
{
    return send_str(server_fd, path, strlen(path)) || send_str(server_fd, mime, strlen(mime)) ? -2 : 0;
}

/* The answer of the oldest request: 0 or -1 as extract_file, -2 when the
 * server is gone (the answer lost). */
static int read_answer(extract_result *out)
{
    int32_t rc;
    if (read_all(server_fd, &rc, sizeof rc)) return -2;
    char *reason = recv_str(server_fd, sizeof out->reason - 1, NULL);
    size_t len = 0;
    char *text = reason ? recv_str(server_fd, EXTRACT_TEXT_MAX, &len) : NULL;
    if (!text) { free(reason); return -2; }
    snprintf(out->reason, sizeof out->reason, "%s", reason);
    free(reason);
    if (rc != 0) { free(text); return -1; }
    out->text = text;
    out->len = len;
    return 0;
}

void extract_prefetch(const char *path, const char *mime)
{
    if (server_fd < 0 || pending || strlen(path) >= sizeof pending_path || strlen(mime) >= sizeof pending_mime) return;
    if (send_request(path, mime)) return;             /* the next extract_remote finds out */
    strcpy(pending_path, path);
    strcpy(pending_mime, mime);
    pending = 1;
}

/* One request, after the answer sent ahead if it is another file's
 * (dropped); -2 when the server is gone. */
static int ask(const char *path, const char *mime, extract_result *out)
{
    if (pending) {
        pending = 0;
        if (strcmp(path, pending_path) == 0 && strcmp(mime, pending_mime) == 0) return read_answer(out);
        extract_result other;
        memset(&other, 0, sizeof other);
        int rc = read_answer(&other);
        free(other.text);
        if (rc == -2) return -2;
    }
    if (send_request(path, mime)) return -2;
    return read_answer(out);
}

int extract_remote(const char *path, const char *mime, extract_result *out)
{
    memset(out, 0, sizeof *out);
    if (server_fd < 0) return extract_file(path, mime, out);
    int rc = ask(path, mime, out);
    if (rc != -2) return rc;
    /* the server died (killed, out of memory): once more with a new one */
    log_error("the extraction server stopped; starting another");
    extract_server_stop();
    memset(out, 0, sizeof *out);
    if (extract_server_start() == 0 && (rc = ask(path, mime, out)) != -2) return rc;
    extract_server_stop();
    memset(out, 0, sizeof *out);
    return extract_file(path, mime, out);
}
