#include "fetch.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct fetch_xfer {
    CURL *h;
    net_guard guard;              /* its own: the refusal's reason is this transfer's */
    struct curl_slist *headers;
    char *body;
    size_t len, cap;
    int too_large;
    char etag[256], last_modified[64], content_type[128];
    void *user;
};

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
    fetch_xfer *x = arg;
    size_t add = size * n;
    /* without a Content-Length, CURLOPT_MAXFILESIZE cannot stop it: here */
    if (x->len + add > (size_t)NET_GUARD_MAX_BYTES) { x->too_large = 1; return 0; }
    if (x->len + add + 1 > x->cap) {
        size_t cap = x->cap ? x->cap : 16384;
        while (cap < x->len + add + 1) cap *= 2;
        char *b = realloc(x->body, cap);
        if (!b) return 0;
        x->body = b;
        x->cap = cap;
    }
    memcpy(x->body + x->len, data, add);
    x->len += add;
    x->body[x->len] = 0;
    return add;
}

/* "Name: value\r\n" into out when the header is `name` */
static void header_value(const char *line, size_t n, const char *name, char *out, size_t outlen)
{
    size_t k = strlen(name);
    if (n <= k || strncasecmp(line, name, k) != 0 || line[k] != ':') return;
    const char *v = line + k + 1, *end = line + n;
    while (v < end && (*v == ' ' || *v == '\t')) v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ')) end--;
    size_t len = (size_t)(end - v);
    if (len >= outlen) { out[0] = 0; return; }      /* a validator cut would never match */
    memcpy(out, v, len);
    out[len] = 0;
}

static size_t on_header(char *line, size_t size, size_t n, void *arg)
{
    fetch_xfer *x = arg;
    size_t len = size * n;
    if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) {
        /* a new answer (after a redirect): its own headers only */
        x->etag[0] = x->last_modified[0] = x->content_type[0] = 0;
        return len;
    }
    header_value(line, len, "ETag", x->etag, sizeof x->etag);
    header_value(line, len, "Last-Modified", x->last_modified, sizeof x->last_modified);
    header_value(line, len, "Content-Type", x->content_type, sizeof x->content_type);
    return len;
}

/* a header line without control characters (a stored ETag is the server's) */
static struct curl_slist *add_header(struct curl_slist *l, const char *name, const char *value, int *bad)
{
    if (!value || !*value) return l;
    for (const char *p = value; *p; p++)
        if ((unsigned char)*p < 0x20) return l;
    char line[400];
    if (snprintf(line, sizeof line, "%s: %s", name, value) >= (int)sizeof line) return l;
    struct curl_slist *n = curl_slist_append(l, line);
    if (!n) { *bad = 1; return l; }
    return n;
}

fetch_xfer *fetch_start(const net_guard *g, const fetch_req *rq, void *user)
{
    fetch_xfer *x = calloc(1, sizeof *x);
    if (!x) return NULL;
    x->guard = *g;
    x->user = user;
    x->h = curl_easy_init();
    if (!x->h) { free(x); return NULL; }
    int bad = 0;
    x->headers = add_header(x->headers, "If-None-Match", rq->etag, &bad);
    x->headers = add_header(x->headers, "If-Modified-Since", rq->last_modified, &bad);
    x->headers = add_header(x->headers, "Accept", rq->accept, &bad);
    if (bad) { curl_slist_free_all(x->headers); curl_easy_cleanup(x->h); free(x); return NULL; }
    net_guard_curl(x->h, &x->guard);
    curl_easy_setopt(x->h, CURLOPT_URL, rq->url);
    curl_easy_setopt(x->h, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(x->h, CURLOPT_USERAGENT, FETCH_USER_AGENT);
    curl_easy_setopt(x->h, CURLOPT_HTTPHEADER, x->headers);
    curl_easy_setopt(x->h, CURLOPT_ACCEPT_ENCODING, "");      /* gzip, deflate...: the cap is on what comes out */
    curl_easy_setopt(x->h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(x->h, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(x->h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(x->h, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(x->h, CURLOPT_PRIVATE, x);
    curl_easy_setopt(x->h, CURLOPT_FAILONERROR, 0L);
    return x;
}

CURL *fetch_handle(fetch_xfer *x) { return x->h; }
void *fetch_user(fetch_xfer *x) { return x->user; }

fetch_xfer *fetch_of_handle(CURL *h)
{
    char *p = NULL;
    curl_easy_getinfo(h, CURLINFO_PRIVATE, &p);
    return (fetch_xfer *)p;
}

/* the host of the transfer's current URL, for « nom inconnu » */
static void current_host(CURL *h, char *out, size_t outlen)
{
    char *url = NULL;
    out[0] = 0;
    curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &url);
    CURLU *u = curl_url();
    char *host = NULL;
    if (u && url && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK
        && curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
        snprintf(out, outlen, "%s", host);
    curl_free(host);
    curl_url_cleanup(u);
}

int fetch_done(fetch_xfer *x, CURLcode rc, fetch_res *out)
{
    memset(out, 0, sizeof *out);
    curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &out->status);
    memcpy(out->etag, x->etag, sizeof out->etag);
    memcpy(out->last_modified, x->last_modified, sizeof out->last_modified);
    memcpy(out->content_type, x->content_type, sizeof out->content_type);
    char host[256];
    switch (rc) {
    case CURLE_OK:
        if (out->status == 304) out->not_modified = 1;
        else if (out->status < 200 || out->status > 299)
            snprintf(out->error, sizeof out->error, "HTTP %ld", out->status);
        break;
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
        if (x->too_large || rc == CURLE_FILESIZE_EXCEEDED)
            snprintf(out->error, sizeof out->error, "trop volumineux (plus de %ld Mo)", NET_GUARD_MAX_BYTES >> 20);
        else snprintf(out->error, sizeof out->error, "mémoire insuffisante");
        break;
    case CURLE_OPERATION_TIMEDOUT:
        snprintf(out->error, sizeof out->error, "délai dépassé (%ld s)", NET_GUARD_SECONDS);
        break;
    case CURLE_TOO_MANY_REDIRECTS:
        snprintf(out->error, sizeof out->error, "trop de redirections (plus de %ld)", NET_GUARD_REDIRECTS);
        break;
    case CURLE_COULDNT_RESOLVE_HOST:
        current_host(x->h, host, sizeof host);
        snprintf(out->error, sizeof out->error, "nom inconnu : %.200s", host);
        break;
    case CURLE_UNSUPPORTED_PROTOCOL:
        snprintf(out->error, sizeof out->error, "adresse refusée : seuls http et https sont suivis");
        break;
    case CURLE_COULDNT_CONNECT:
        /* the guard's refusal (opensocket callback), or the server's */
        if (x->guard.refused[0]) snprintf(out->error, sizeof out->error, "%s", x->guard.refused);
        else snprintf(out->error, sizeof out->error, "connexion impossible");
        break;
    default:
        snprintf(out->error, sizeof out->error, "%s", curl_easy_strerror(rc));
    }
    if (!out->error[0] && !out->not_modified) {
        out->body = x->body ? x->body : calloc(1, 1);
        out->len = x->len;
        x->body = NULL;
        if (!out->body) snprintf(out->error, sizeof out->error, "mémoire insuffisante");
    }
    free(x->body);
    curl_slist_free_all(x->headers);
    curl_easy_cleanup(x->h);
    free(x);
    return out->error[0] ? -1 : 0;
}

int fetch_get(const net_guard *g, const fetch_req *rq, fetch_res *out)
{
    fetch_xfer *x = fetch_start(g, rq, NULL);
    if (!x) {
        memset(out, 0, sizeof *out);
        snprintf(out->error, sizeof out->error, "mémoire insuffisante");
        return -1;
    }
    CURLcode rc = curl_easy_perform(x->h);
    return fetch_done(x, rc, out);
}

void fetch_res_free(fetch_res *r)
{
    free(r->body);
    r->body = NULL;
    r->len = 0;
}
