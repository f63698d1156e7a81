#include "extract_server.h"
#include "log.h"
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define SERVERS 2
#define QUEUE 8            /* requests in flight per server: few bytes each, well within the socket's buffer */

typedef struct {
    int fd;
    pid_t pid;
    long long tags[QUEUE];  /* the requests in flight, oldest first (answers come in order) */
    int head, n;
} server;

static server servers[SERVERS] = { { .fd = -1, .pid = -1 }, { .fd = -1, .pid = -1 } };
/* tags whose server died before answering, returned by extract_collect */
static long long lost[SERVERS * QUEUE];
static int nlost;

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

/* A server: a request is a path and a type; the answer a status (0: text,
 * 1: text recognised by OCR, -1: none), a reason and the text, in the
 * order of the requests. It ends when the indexer
 * closes its end. */
static void serve(int fd)
{
    signal(SIGPIPE, SIG_IGN);
    for (;;) {
        char *path = recv_str(fd, 4096, NULL), *mime = path ? recv_str(fd, 256, NULL) : NULL;
        if (!mime) { free(path); _exit(0); }
        extract_result x;
        int32_t rc = extract_file(path, mime, &x);
        if (rc == 0 && x.ocr) rc = 1;                   /* text, recognised by OCR */
        free(path);
        free(mime);
        int bad = write_all(fd, &rc, sizeof rc) || send_str(fd, x.reason, strlen(x.reason))
               || send_str(fd, rc >= 0 ? x.text : "", rc >= 0 ? x.len : 0);
        free(x.text);
        if (bad) _exit(0);
    }
}

static int start_one(server *s)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) return -1;
    pid_t pid = fork();
    if (pid < 0) { close(sv[0]); close(sv[1]); return -1; }
    if (pid == 0) {
        close(sv[0]);
        for (int i = 0; i < SERVERS; i++) if (servers[i].fd >= 0) close(servers[i].fd);
        serve(sv[1]);
    }
    close(sv[1]);
    s->fd = sv[0];
    s->pid = pid;
    s->head = s->n = 0;
    return 0;
}

/* Stops one; what it had in flight is lost (extract_collect says so). */
static void stop_one(server *s)
{
    if (s->fd < 0) return;
    for (int k = 0; k < s->n; k++) lost[nlost++] = s->tags[(s->head + k) % QUEUE];
    s->head = s->n = 0;
    close(s->fd);
    while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR) {}
    s->fd = -1;
    s->pid = -1;
}

int extract_server_start(void)
{
    for (int i = 0; i < SERVERS; i++)
        if (servers[i].fd < 0 && start_one(&servers[i])) return i ? 0 : -1;   /* one is enough */
    return 0;
}

void extract_server_stop(void)
{
    for (int i = 0; i < SERVERS; i++) stop_one(&servers[i]);
    nlost = 0;
}

static int send_request(server *s, const char *path, const char *mime)
{
    return send_str(s->fd, path, strlen(path)) || send_str(s->fd, mime, strlen(mime)) ? -1 : 0;
}

/* The answer to a server's oldest request: 0 or -1 as extract_file, -2
 * when the server is gone. */
static int read_answer(server *s, extract_result *out)
{
    memset(out, 0, sizeof *out);
    int32_t rc;
    if (read_all(s->fd, &rc, sizeof rc)) return -2;
    char *reason = recv_str(s->fd, sizeof out->reason - 1, NULL);
    size_t len = 0;
    char *text = reason ? recv_str(s->fd, EXTRACT_TEXT_MAX, &len) : NULL;
    if (!text) { free(reason); return -2; }
    snprintf(out->reason, sizeof out->reason, "%s", reason);
    free(reason);
    if (rc != 0 && rc != 1) { free(text); return -1; }
    out->ocr = rc == 1;
    out->text = text;
    out->len = len;
    return 0;
}

int extract_remote(const char *path, const char *mime, extract_result *out)
{
    memset(out, 0, sizeof *out);
    server *s = &servers[0];
    for (int attempt = 0; attempt < 2 && s->fd >= 0 && s->n == 0; attempt++) {
        int rc = send_request(s, path, mime) ? -2 : read_answer(s, out);
        if (rc != -2) return rc;
        /* the server died (killed, out of memory): once more with a new one */
        log_error("an extraction server stopped; starting another");
        stop_one(s);
        if (start_one(s)) break;
    }
    memset(out, 0, sizeof *out);
    return extract_file(path, mime, out);
}

int extract_in_flight(void)
{
    int n = nlost;
    for (int i = 0; i < SERVERS; i++) n += servers[i].n;
    return n;
}

int extract_submit(long long tag, const char *path, const char *mime)
{
    server *best = NULL;
    for (int i = 0; i < SERVERS; i++)
        if (servers[i].fd >= 0 && servers[i].n < QUEUE && (!best || servers[i].n < best->n)) best = &servers[i];
    if (!best || send_request(best, path, mime)) return -1;
    best->tags[(best->head + best->n) % QUEUE] = tag;
    best->n++;
    return 0;
}

int extract_collect(long long *tag, extract_result *out)
{
    memset(out, 0, sizeof *out);
    if (nlost) { *tag = lost[--nlost]; return -2; }
    struct pollfd p[SERVERS];
    int map[SERVERS], np = 0;
    for (int i = 0; i < SERVERS; i++)
        if (servers[i].fd >= 0 && servers[i].n) { p[np] = (struct pollfd){ servers[i].fd, POLLIN, 0 }; map[np++] = i; }
    if (!np) return -3;
    while (poll(p, (nfds_t)np, -1) < 0)
        if (errno != EINTR) return -3;
    for (int k = 0; k < np; k++) {
        if (!p[k].revents) continue;
        server *s = &servers[map[k]];
        *tag = s->tags[s->head];
        int rc = read_answer(s, out);
        if (rc == -2) {                        /* its requests are lost; a new server for what follows */
            log_error("an extraction server stopped; starting another");
            stop_one(s);                       /* the head is in lost[] too: taken out just below */
            for (int j = 0; j < nlost; j++) if (lost[j] == *tag) { lost[j] = lost[--nlost]; break; }
            start_one(s);
            return -2;
        }
        s->head = (s->head + 1) % QUEUE;
        s->n--;
        return rc;
    }
    return -3;
}

void extract_drain(void)
{
    long long tag;
    extract_result x;
    while (extract_in_flight()) {
        int rc = extract_collect(&tag, &x);
        free(x.text);
        if (rc == -3) break;
    }
    nlost = 0;
}
