#include "accounts/oidc_http.h"
#include "log.h"
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#define ANSWER_MAX (1024 * 1024)

typedef struct { arena *a; char *buf; size_t len, cap; int too_big; } sink;

static size_t on_data(char *p, size_t size, size_t n, void *u)
{
    sink *s = u;
    size_t add = size * n;
    if (s->len + add > ANSWER_MAX) { s->too_big = 1; return 0; }
    if (s->len + add + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 8192;
        while (cap < s->len + add + 1) cap *= 2;
        char *nb = arena_alloc(s->a, cap);
        if (s->len) memcpy(nb, s->buf, s->len);
        s->buf = nb;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, p, add);
    s->len += add;
    s->buf[s->len] = 0;
    return add;
}

char *oidc_urlencode(arena *a, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *out = arena_alloc(a, n * 3 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')
            || *p == '-' || *p == '.' || *p == '_' || *p == '~') *o++ = (char)*p;
        else { *o++ = '%'; *o++ = hex[*p >> 4]; *o++ = hex[*p & 15]; }
    }
    *o = 0;
    return out;
}

int oidc_http(arena *a, const char *url, const char *form, const char *auth, oidc_answer *ans)
{
    memset(ans, 0, sizeof *ans);
    /* one handle per worker, reset between requests: its connections
     * (and TLS sessions) to the provider are kept and used again, so a
     * sign-in does not pay a new TLS handshake at the token endpoint */
    static CURL *c;
    if (!c) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        c = curl_easy_init();
    } else {
        curl_easy_reset(c);
    }
    if (!c) { snprintf(ans->error, sizeof ans->error, "curl_easy_init"); return -1; }
    sink s = { .a = a };
    struct curl_slist *h = NULL;
    h = curl_slist_append(h, "Accept: application/json, application/jwt");
    char *authh = NULL;
    if (auth) {
        size_t n = strlen(auth) + 32;
        authh = arena_alloc(a, n);
        snprintf(authh, n, "Authorization: %s", auth);
        h = curl_slist_append(h, authh);
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 8000L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "Parvis-OIDC/1");
    if (form) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
    }
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
        snprintf(ans->error, sizeof ans->error, "%s", s.too_big ? "answer larger than 1 MiB" : curl_easy_strerror(rc));
    } else {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &ans->status);
        char *ct = NULL;
        curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
        snprintf(ans->content_type, sizeof ans->content_type, "%s", ct ? ct : "");
        ans->body = s.buf ? s.buf : arena_strdup(a, "");
        ans->len = s.len;
    }
    /* the provider's time, for a slow sign-in's diagnosis (and bench/oidc.sh) */
    curl_off_t us = 0;
    curl_easy_getinfo(c, CURLINFO_TOTAL_TIME_T, &us);
    log_info("oidc: %s %s answered %ld in %.2f ms", form ? "POST" : "GET", url, ans->status, (double)us / 1000.0);
    curl_slist_free_all(h);
    return rc == CURLE_OK ? 0 : -1;
}
