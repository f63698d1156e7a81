#include "core/req.h"
#include "fold.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 302: return "Found";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    case 507: return "Insufficient Storage";
    default: return status >= 500 ? "Internal Server Error" : "Error";
    }
}

void resp_header(req *r, const char *name, const char *value)
{
    size_t need = strlen(name) + strlen(value) + 5;
    if (r->headers_len + need > r->headers_cap) {
        size_t cap = (r->headers_cap + need) * 2;
        char *n = arena_alloc(r->a, cap);
        if (r->headers_len) memcpy(n, r->headers, r->headers_len);
        r->headers = n;
        r->headers_cap = cap;
    }
    r->headers_len += (size_t)snprintf(r->headers + r->headers_len, r->headers_cap - r->headers_len,
                                       "%s: %s\r\n", name, value);
}

static void send_head(req *r, int status, const char *content_type)
{
    /* nginx's auth_request understands 2xx, 401 and 403 only: any other
     * refusal is a 403, whose real status and message go in headers */
    if (r->phase && strcmp(r->phase, "check") == 0 && status >= 300 && status != 401) status = 403;
    r->status = status;
    r->answered = 1;
    FCGX_FPrintF(r->fr->out, "Status: %d %s\r\n", status, reason(status));
    if (content_type) FCGX_FPrintF(r->fr->out, "Content-Type: %s\r\n", content_type);
    /* API answers are private to the person who asked */
    FCGX_PutS("Cache-Control: no-store\r\n", r->fr->out);
    if (r->headers_len) FCGX_PutStr(r->headers, (int)r->headers_len, r->fr->out);
    FCGX_PutS("\r\n", r->fr->out);
}

int resp_json(req *r, int status, json_t *body)
{
    if (r->phase && strcmp(r->phase, "check") == 0 && status >= 300) {
        /* for nginx's @upload_refused, which answers them itself */
        char *refusal = json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII);
        resp_header(r, "X-Parvis-Status", arena_printf(r->a, "%d", status));
        resp_header(r, "X-Parvis-Error", refusal ? refusal : "{}");
        free(refusal);
    }
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    send_head(r, status, "application/json");
    if (text) {
        FCGX_PutS(text, r->fr->out);
        free(text);
    }
    return 0;
}

void resp_stream_begin(req *r, int status)
{
    send_head(r, status, "application/json");
}

void resp_stream_csv(req *r)
{
    send_head(r, r->status ? r->status : 200, "text/csv; charset=utf-8");
}

void resp_write(req *r, const char *text, size_t len)
{
    FCGX_PutStr(text, (int)len, r->fr->out);
}

void resp_stream_typed(req *r, int status, const char *content_type)
{
    send_head(r, status, content_type);
}

int resp_empty(req *r, int status)
{
    send_head(r, status, NULL);
    return 0;
}

int resp_error(req *r, int status, const char *code, msg_id m, ...)
{
    va_list ap;
    va_start(ap, m);
    char *msg = arena_vprintf(r->a, msg_format(r->lang, m), ap);
    va_end(ap);
    return resp_json(r, status, json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", msg));
}

int resp_error_with(req *r, int status, const char *code, const char *key, json_t *value, msg_id m, ...)
{
    va_list ap;
    va_start(ap, m);
    char *msg = arena_vprintf(r->a, msg_format(r->lang, m), ap);
    va_end(ap);
    return resp_json(r, status, json_pack("{s:{s:s,s:s,s:o}}", "error", "code", code, "message", msg, key, value));
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Percent-decodes n bytes ('+' as a space in a query); NULL on a bad
 * escape, NUL or invalid UTF-8. */
static char *decode(arena *a, const char *s, size_t n, int plus_is_space)
{
    char *out = arena_alloc(a, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%') {
            if (i + 2 >= n) return NULL;
            int h = hexval((unsigned char)s[i + 1]), l = hexval((unsigned char)s[i + 2]);
            if (h < 0 || l < 0) return NULL;
            out[k++] = (char)(h * 16 + l);
            i += 2;
        } else if (s[i] == '+' && plus_is_space) {
            out[k++] = ' ';
        } else {
            out[k++] = s[i];
        }
    }
    out[k] = 0;
    return utf8_valid(out, k) ? out : NULL;
}

static char *url_decode(arena *a, const char *s, size_t n)
{
    return decode(a, s, n, 1);
}

char *req_decode_path(arena *a, const char *s, size_t n)
{
    return decode(a, s, n, 0);
}

static void parse_query(req *r)
{
    r->query_parsed = 1;
    const char *s = r->query_string;
    while (s && *s) {
        const char *amp = strchr(s, '&');
        size_t n = amp ? (size_t)(amp - s) : strlen(s);
        if (n) {
            const char *eq = memchr(s, '=', n);
            size_t kn = eq ? (size_t)(eq - s) : n;
            char *k = url_decode(r->a, s, kn);
            char *v = eq ? url_decode(r->a, eq + 1, n - kn - 1) : arena_strdup(r->a, "");
            if (!k || !v) { r->query_bad = 1; return; }
            query_param *p = arena_alloc(r->a, sizeof *p);
            p->name = k;
            p->value = v;
            p->next = r->query;
            r->query = p;
        }
        s = amp ? amp + 1 : NULL;
    }
}

const char *req_query(req *r, const char *name)
{
    if (!r->query_parsed) parse_query(r);
    const char *found = NULL;
    for (query_param *p = r->query; p; p = p->next)   /* list is reversed: the first given wins */
        if (strcmp(p->name, name) == 0) found = p->value;
    return found;
}

int req_query_bad(req *r)
{
    if (!r->query_parsed) parse_query(r);
    return r->query_bad;
}

int req_read_json(req *r)
{
    const char *len_s = FCGX_GetParam("CONTENT_LENGTH", r->fr->envp);
    long long len = len_s && *len_s ? strtoll(len_s, NULL, 10) : 0;
    if (len > JSON_BODY_LIMIT) {
        resp_error(r, 413, "too_large", M_BODY_TOO_LARGE, JSON_BODY_LIMIT / 1024);
        return -1;
    }
    const char *ct = r->content_type ? r->content_type : "";
    if (strncasecmp(ct, "application/json", 16) != 0 || (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
        /* also what keeps a cross-site HTML form from posting here */
        resp_error(r, 415, "unsupported_media_type", M_CONTENT_TYPE);
        return -1;
    }
    char *buf = arena_alloc(r->a, (size_t)len + 1);
    int got = len > 0 ? FCGX_GetStr(buf, (int)len, r->fr->in) : 0;
    json_error_t e;
    json_t *j = json_loadb(buf, (size_t)(got > 0 ? got : 0), JSON_REJECT_DUPLICATES, &e);
    if (!j) {
        resp_error(r, 400, "bad_request", M_BAD_JSON, e.text);
        return -1;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        resp_error(r, 400, "bad_request", M_BODY_NOT_OBJECT);
        return -1;
    }
    r->body = j;
    return 0;
}

long long parse_id(const char *s)
{
    if (!s || !*s || strlen(s) > 16) return -1;
    long long v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return -1;
        v = v * 10 + (*s - '0');
    }
    return v >= 1 && v <= (1LL << 53) ? v : -1;
}
