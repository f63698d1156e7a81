#include "mail_token.h"
#include "crypto.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define MAC_BYTES 16
#define HEAD_BYTES 9                  /* the version and the user id */
#define RAW_MAX (HEAD_BYTES + MAIL_KIND_MAX + MAC_BYTES)

static int kind_ok(const char *k, size_t n)
{
    if (n < 1 || n > MAIL_KIND_MAX) return 0;
    for (size_t i = 0; i < n; i++)
        if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') || k[i] == '_')) return 0;
    return 1;
}

static void mac(const unsigned char secret[32], const unsigned char *msg, size_t n, unsigned char out[MAC_BYTES])
{
    static const char label[] = "parvis mail unsubscribe v1";
    unsigned char key[crypto_auth_hmacsha256_BYTES], full[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, secret, 32);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)label, sizeof label - 1);
    crypto_auth_hmacsha256_final(&st, key);
    crypto_auth_hmacsha256_init(&st, key, sizeof key);
    crypto_auth_hmacsha256_update(&st, msg, n);
    crypto_auth_hmacsha256_final(&st, full);
    memcpy(out, full, MAC_BYTES);
    sodium_memzero(key, sizeof key);
    sodium_memzero(&st, sizeof st);
}

int mail_token_make(const unsigned char secret[32], long long user_id, const char *kind, char *out, size_t outlen)
{
    size_t kn = kind ? strlen(kind) : 0;
    if (user_id <= 0 || !kind_ok(kind, kn) || outlen < MAIL_TOKEN_MAX) return -1;
    unsigned char raw[RAW_MAX];
    raw[0] = 1;
    for (int i = 0; i < 8; i++) raw[1 + i] = (unsigned char)((unsigned long long)user_id >> (56 - 8 * i));
    memcpy(raw + HEAD_BYTES, kind, kn);
    mac(secret, raw, HEAD_BYTES + kn, raw + HEAD_BYTES + kn);
    b64url_encode(raw, HEAD_BYTES + kn + MAC_BYTES, out, outlen);
    return 0;
}

int mail_token_check(const unsigned char secret[32], const char *token, long long *user_id, char *kind, size_t kindlen)
{
    size_t tn = token ? strlen(token) : 0;
    unsigned char raw[RAW_MAX + 1], want[MAC_BYTES];
    if (tn == 0 || tn >= MAIL_TOKEN_MAX || kindlen < MAIL_KIND_MAX + 1) return -1;
    int n = b64url_decode(token, tn, raw, sizeof raw);
    if (n < HEAD_BYTES + 1 + MAC_BYTES || n > RAW_MAX || raw[0] != 1) return -1;
    size_t kn = (size_t)n - HEAD_BYTES - MAC_BYTES;
    mac(secret, raw, HEAD_BYTES + kn, want);
    if (crypto_verify_16(want, raw + HEAD_BYTES + kn) != 0) return -1;
    if (!kind_ok((const char *)raw + HEAD_BYTES, kn)) return -1;
    unsigned long long id = 0;
    for (int i = 0; i < 8; i++) id = (id << 8) | raw[1 + i];
    if (id == 0 || id > (1ULL << 53)) return -1;
    *user_id = (long long)id;
    memcpy(kind, raw + HEAD_BYTES, kn);
    kind[kn] = 0;
    return 0;
}

int mail_unsubscribe_url(const config *c, const unsigned char secret[32], long long user_id, const char *kind,
                         char *out, size_t outlen)
{
    char t[MAIL_TOKEN_MAX];
    if (mail_token_make(secret, user_id, kind, t, sizeof t)) return -1;
    size_t ul = strlen(c->public_url);
    while (ul > 0 && c->public_url[ul - 1] == '/') ul--;
    int n = snprintf(out, outlen, "%.*s/api/v1/unsubscribe?t=%s", (int)ul, c->public_url, t);
    return n > 0 && (size_t)n < outlen ? 0 : -1;
}
