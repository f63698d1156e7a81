#include "log.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *prog = "parvis";

void log_init(const char *program) { prog = program; }

static void utc_now(char *buf, size_t n)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t k = strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + k, n - k, ".%03ldZ", ts.tv_nsec / 1000000);
}

void log_escape(char *out, int n, const char *s)
{
    int k = 0;
    for (; s && *s && k < n - 5; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') { out[k++] = '\\'; out[k++] = (char)ch; }
        else if (ch < 0x20 || ch == 0x7f) k += snprintf(out + k, n - k, "\\x%02x", ch);
        else out[k++] = (char)ch;
    }
    out[k < n ? k : n - 1] = 0;
}

static void vlog(const char *level, const char *fmt, va_list ap)
{
    char ts[40], msg[2048], esc[4096];
    utc_now(ts, sizeof ts);
    vsnprintf(msg, sizeof msg, fmt, ap);
    log_escape(esc, sizeof esc, msg);
    fprintf(stderr, "ts=%s prog=%s pid=%d level=%s msg=\"%s\"\n", ts, prog, (int)getpid(), level, esc);
}

void log_info(const char *fmt, ...)
{
    va_list ap; va_start(ap, fmt); vlog("info", fmt, ap); va_end(ap);
}

void log_error(const char *fmt, ...)
{
    va_list ap; va_start(ap, fmt); vlog("error", fmt, ap); va_end(ap);
}

void log_request(const char *request_id, long long user_id, const char *method,
                 const char *path, int status, double ms)
{
    char ts[40], rid[80], m[24], p[1024];
    utc_now(ts, sizeof ts);
    log_escape(rid, sizeof rid, request_id ? request_id : "-");
    log_escape(m, sizeof m, method ? method : "-");
    log_escape(p, sizeof p, path ? path : "-");
    fprintf(stderr, "ts=%s prog=%s rid=\"%s\" uid=%lld method=\"%s\" path=\"%s\" status=%d ms=%.2f\n",
            ts, prog, rid, user_id, m, p, status, ms);
}
