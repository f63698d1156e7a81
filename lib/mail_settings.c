#include "mail_settings.h"
#include "crypto.h"
#include "mail_compose.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void password_key(const unsigned char secret[32], unsigned char key[crypto_secretbox_KEYBYTES])
{
    static const char label[] = "parvis mail password v1";
    _Static_assert(crypto_secretbox_KEYBYTES == crypto_auth_hmacsha256_BYTES, "key size");
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, secret, 32);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)label, sizeof label - 1);
    crypto_auth_hmacsha256_final(&st, key);
    sodium_memzero(&st, sizeof st);
}

#define SEAL_RAW_MAX (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + MAIL_PASSWORD_MAX)

int mail_password_seal(const unsigned char secret[32], const char *password, char *out, size_t outlen)
{
    size_t n = strlen(password);
    if (n > MAIL_PASSWORD_MAX || outlen < 4 + 4 * (SEAL_RAW_MAX / 3 + 1) + 1) return -1;
    unsigned char key[crypto_secretbox_KEYBYTES], raw[SEAL_RAW_MAX];
    password_key(secret, key);
    randombytes_buf(raw, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(raw + crypto_secretbox_NONCEBYTES, (const unsigned char *)password, n, raw, key);
    sodium_memzero(key, sizeof key);
    memcpy(out, "sb1:", 4);
    b64url_encode(raw, crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n, out + 4, outlen - 4);
    return 0;
}

int mail_password_open(const unsigned char secret[32], const char *sealed, char *out, size_t outlen)
{
    unsigned char key[crypto_secretbox_KEYBYTES], raw[SEAL_RAW_MAX + 3];
    if (outlen) out[0] = 0;
    if (strncmp(sealed, "sb1:", 4) != 0) return -1;
    int n = b64url_decode(sealed + 4, strlen(sealed + 4), raw, sizeof raw);
    if (n < (int)(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) || n > (int)SEAL_RAW_MAX) return -1;
    size_t plain = (size_t)n - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
    if (plain + 1 > outlen) return -1;
    password_key(secret, key);
    int bad = crypto_secretbox_open_easy((unsigned char *)out, raw + crypto_secretbox_NONCEBYTES,
                                         (unsigned long long)n - crypto_secretbox_NONCEBYTES, raw, key);
    sodium_memzero(key, sizeof key);
    if (bad) { sodium_memzero(out, outlen); return -1; }
    out[plain] = 0;
    return 0;
}

int mail_settings_load(db *d, arena *a, const unsigned char *secret, mail_settings *s)
{
    memset(s, 0, sizeof *s);
    s->starttls = 1;
    snprintf(s->from_name, sizeof s->from_name, "Parvis");
    snprintf(s->quiet_start, sizeof s->quiet_start, "21:00");
    snprintf(s->quiet_end, sizeof s->quiet_end, "07:00");
    db_rows *q = db_query(d, a, STMT_SETTINGS_ALL, "");
    if (!q) return -1;
    for (int i = 0; i < q->nrows; i++) {
        const char *k = db_cell(q, i, 0), *v = db_cell(q, i, 1);
        if (!k || !v) continue;
        if (strcmp(k, "mail_relay") == 0) snprintf(s->relay, sizeof s->relay, "%s", v);
        else if (strcmp(k, "mail_starttls") == 0) s->starttls = strcmp(v, "0") != 0;
        else if (strcmp(k, "mail_username") == 0) snprintf(s->username, sizeof s->username, "%s", v);
        else if (strcmp(k, "mail_from_address") == 0) snprintf(s->from_address, sizeof s->from_address, "%s", v);
        else if (strcmp(k, "mail_from_name") == 0) snprintf(s->from_name, sizeof s->from_name, "%s", v);
        else if (strcmp(k, "quiet_start") == 0 && mail_hhmm_ok(v)) snprintf(s->quiet_start, sizeof s->quiet_start, "%s", v);
        else if (strcmp(k, "quiet_end") == 0 && mail_hhmm_ok(v)) snprintf(s->quiet_end, sizeof s->quiet_end, "%s", v);
        else if (strcmp(k, "mail_password") == 0 && *v) {
            s->password_set = 1;
            if (secret) mail_password_open(secret, v, s->password, sizeof s->password);
        }
    }
    return 0;
}

static int host_ok(const char *h, size_t n)
{
    if (n == 0 || n > 253) return 0;
    if (h[0] == '[') {                       /* an IPv6 address */
        if (n < 4 || h[n - 1] != ']') return 0;
        for (size_t i = 1; i + 1 < n; i++) {
            char c = h[i];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.'))
                return 0;
        }
        return 1;
    }
    size_t label = 0;
    for (size_t i = 0; i < n; i++) {
        char c = h[i];
        if (c == '.') {
            if (label == 0 || h[i - 1] == '-') return 0;
            label = 0;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return 0;
        if (c == '-' && label == 0) return 0;
        if (++label > 63) return 0;
    }
    return label > 0 && h[n - 1] != '-';
}

int mail_relay_ok(const char *url)
{
    const char *p;
    if (strncmp(url, "smtp://", 7) == 0) p = url + 7;
    else if (strncmp(url, "smtps://", 8) == 0) p = url + 8;
    else return 0;
    const char *end = p + strlen(p);
    if (end > p && end[-1] == '/') end--;           /* smtp://host:25/ */
    const char *colon = NULL;
    if (*p == '[') {
        const char *close = memchr(p, ']', (size_t)(end - p));
        if (!close) return 0;
        if (close + 1 < end) { if (close[1] != ':') return 0; colon = close + 1; }
    } else {
        colon = memchr(p, ':', (size_t)(end - p));
    }
    const char *host_end = colon ? colon : end;
    if (!host_ok(p, (size_t)(host_end - p))) return 0;
    if (colon) {
        long port = 0;
        const char *q = colon + 1;
        if (q == end || end - q > 5) return 0;
        for (; q < end; q++) {
            if (*q < '0' || *q > '9') return 0;
            port = port * 10 + (*q - '0');
        }
        if (port < 1 || port > 65535) return 0;
    }
    return 1;
}

int mail_hhmm_ok(const char *s)
{
    return s && strlen(s) == 5 && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' && s[2] == ':'
        && s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9' && (s[0] - '0') * 10 + (s[1] - '0') < 24;
}

void mail_sender(const mail_settings *s, const char *public_url, char *out, size_t outlen)
{
    if (*s->from_address) { snprintf(out, outlen, "%s", s->from_address); return; }
    char host[256];
    mail_url_host(host, sizeof host, public_url);
    /* a host without a dot (localhost) is no mail domain */
    snprintf(out, outlen, "noreply@%s", *host && strchr(host, '.') ? host : "parvis.invalid");
}
