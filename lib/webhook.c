#include "webhook.h"
#include "crypto.h"
#include "net_guard.h"
#include "outbox.h"
#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *const webhook_event_names[WH__MAX] = {
#define X(name, text) text,
    WEBHOOK_EVENTS(X)
#undef X
};

int webhook_event_parse(const char *s)
{
    for (int i = 0; i < WH__MAX; i++)
        if (s && strcmp(s, webhook_event_names[i]) == 0) return i;
    return -1;
}

/* The host is one of the list's entries, written the same way. */
static int listed(const char *host, const char *allow)
{
    size_t n = strlen(host);
    for (const char *p = allow ? allow : ""; *p;) {
        while (*p && (*p == ',' || isspace((unsigned char)*p))) p++;
        const char *e = p;
        while (*e && *e != ',' && !isspace((unsigned char)*e)) e++;
        if ((size_t)(e - p) == n && strncasecmp(p, host, n) == 0) return 1;
        p = e;
    }
    return 0;
}

const char *webhook_url_problem(const char *url, const char *allow, int *cls)
{
    *cls = NET_PUBLIC;
    if (!url || strlen(url) > 2000) return "url";
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL;
    const char *problem = NULL;
    if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK
        || curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK
        || curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host
        || (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)) {
        problem = "url";
        goto out;
    }
    /* an address written as such: judged now (a name is judged at each
     * delivery, after DNS, by net_guard) */
    char bare[256];
    snprintf(bare, sizeof bare, "%s", host[0] == '[' ? host + 1 : host);
    char *close = strchr(bare, ']');
    if (close) *close = 0;
    unsigned char addr[16];
    int literal = 0, inside = 0;
    struct sockaddr_storage ss = { 0 };
    if (inet_pton(AF_INET, bare, addr) == 1) {
        literal = 4;
        struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
        s4->sin_family = AF_INET;
        memcpy(&s4->sin_addr, addr, 4);
    } else if (inet_pton(AF_INET6, bare, addr) == 1) {
        literal = 6;
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
        s6->sin6_family = AF_INET6;
        memcpy(&s6->sin6_addr, addr, 16);
    }
    if (literal) {
        net_class c = net_guard_class(literal == 4 ? AF_INET : AF_INET6, addr);
        if (c != NET_PUBLIC) {
            net_guard g;
            if (net_guard_init(&g, allow) == 0 && net_guard_allows(&g, (struct sockaddr *)&ss)) inside = 1;
            else { *cls = (int)c; problem = "unsafe"; goto out; }
        }
    }
    if (strcmp(scheme, "http") == 0 && !inside && !listed(bare, allow)) problem = "https";
out:
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    return problem;
}

void webhook_secret_new(char out[WEBHOOK_SECRET_LEN + 1])
{
    unsigned char raw[TOKEN_BYTES];
    token_random(raw);
    memcpy(out, "whsec_", 6);
    b64url_encode(raw, sizeof raw, out + 6, WEBHOOK_SECRET_LEN + 1 - 6);
}

void webhook_uid_new(char out[33])
{
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    for (int i = 0; i < 16; i++) snprintf(out + 2 * i, 3, "%02x", raw[i]);
}

void webhook_sign(const char *secret, long long t, const char *body, size_t len, char *out, size_t outlen)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int maclen = 0;
    char ts[24];
    int tl = snprintf(ts, sizeof ts, "%lld.", t);
    /* HMAC over "<t>." then the body, without copying the body */
    EVP_MAC *m = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *ctx = m ? EVP_MAC_CTX_new(m) : NULL;
    OSSL_PARAM params[] = { OSSL_PARAM_construct_utf8_string("digest", (char *)"SHA256", 0), OSSL_PARAM_construct_end() };
    size_t ml = 0;
    if (ctx && EVP_MAC_init(ctx, (const unsigned char *)secret, strlen(secret), params)
        && EVP_MAC_update(ctx, (const unsigned char *)ts, (size_t)tl)
        && EVP_MAC_update(ctx, (const unsigned char *)body, len)
        && EVP_MAC_final(ctx, mac, &ml, sizeof mac))
        maclen = (unsigned int)ml;
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(m);
    size_t o = (size_t)snprintf(out, outlen, "t=%lld,v1=", t);
    for (unsigned int i = 0; i < maclen && o + 3 <= outlen; i++) o += (size_t)snprintf(out + o, outlen - o, "%02x", mac[i]);
}

void webhook_socket_path(const config *c, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s-webhooks", c->notifier_socket);
}

void webhook_poke(const config *c)
{
    char path[600];
    webhook_socket_path(c, path, sizeof path);
    outbox_poke(path);
}

long long webhook_backoff_ms(long long base_ms, int n, double jitter01)
{
    double d = (double)base_ms;
    for (int i = 1; i < n && d < 3600e3; i++) d *= 2;
    if (d > 3600e3) d = 3600e3;
    return (long long)(d * (0.8 + 0.4 * jitter01));
}
