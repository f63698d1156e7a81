#include "accounts/oidc.h"
#include "accounts/oidc_http.h"
#include "authgen.h"
#include "core/respond.h"
#include "core/worker.h"
#include "jose.h"
#include "log.h"
#include "mail_settings.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct {
    oidc_settings s;
    uint64_t gen;
    int known;
} cached;

/* A reason for the log, cut at 256 bytes. */
static void say(char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(char *why, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, 256, fmt, ap);
    va_end(ap);
}

static void put(char *dst, size_t n, const char *v)
{
    snprintf(dst, n, "%s", v ? v : "");
}

const oidc_settings *oidc_settings_get(req *r)
{
    uint64_t gen = authgen_global_get(AUTHGEN_SETTINGS);   /* the counter first, then the query */
    if (cached.known && cached.gen == gen) return &cached.s;
    db_rows *q = db_query(worker_db(), r->a, STMT_OIDC_SETTINGS, "");
    if (!q) return NULL;
    oidc_settings s;
    memset(&s, 0, sizeof s);
    put(s.client_auth, sizeof s.client_auth, "client_secret_basic");
    put(s.scopes, sizeof s.scopes, "openid email profile");
    put(s.claim_email, sizeof s.claim_email, "email");
    put(s.claim_name, sizeof s.claim_name, "name");
    put(s.userinfo, sizeof s.userinfo, "none");
    s.create_accounts = s.match_email = 1;
    for (int i = 0; i < q->nrows; i++) {
        const char *k = db_cell(q, i, 0), *v = db_cell(q, i, 1);
        if (!v) continue;
#define S(name) else if (strcmp(k, "oidc_" #name) == 0) put(s.name, sizeof s.name, v)
#define B(name) else if (strcmp(k, "oidc_" #name) == 0) s.name = strcmp(v, "1") == 0
        if (0) {}
        S(label); S(issuer); S(client_id); S(client_auth); S(scopes); S(claim_email); S(claim_name);
        S(claim_department); S(claim_site); S(acr_values); S(claims); S(userinfo);
        B(enabled); B(create_accounts); B(match_email); B(logout);
        else if (strcmp(k, "oidc_client_secret") == 0 && *v) {
            s.secret_set = 1;
            if (mail_password_open(W.secret, v, s.client_secret, sizeof s.client_secret))
                log_error("oidc: the client secret cannot be opened with this server's secret");
        }
        else if (strcmp(k, "passwords_off") == 0) s.passwords_off = strcmp(v, "1") == 0;
        else if (strcmp(k, "breakglass_email") == 0) put(s.breakglass_email, sizeof s.breakglass_email, v);
#undef S
#undef B
    }
    cached.s = s;
    cached.gen = gen;
    cached.known = 1;
    return &cached.s;
}

int oidc_ready(const oidc_settings *s)
{
    return s && s->enabled && *s->issuer && *s->client_id;
}

/* The discovery document and the key set, per worker. */
static struct {
    json_t *doc;
    char issuer[501];
    time_t at;
} disco;
static struct {
    json_t *set;
    char uri[1001];
    time_t at;
} keys;

static json_t *fetch_json(req *r, const char *url, char *why)
{
    oidc_answer ans;
    if (oidc_http(r->a, url, NULL, NULL, &ans)) {
        say(why, "%s: %s", url, ans.error);
        return NULL;
    }
    if (ans.status != 200) {
        say(why, "%s: HTTP %ld", url, ans.status);
        return NULL;
    }
    json_t *j = json_loadb(ans.body, ans.len, 0, NULL);
    if (!json_is_object(j)) {
        json_decref(j);
        say(why, "%s: not a JSON object", url);
        return NULL;
    }
    return j;
}

const json_t *oidc_discovery(req *r, const oidc_settings *s, char *why)
{
    time_t now = time(NULL);
    if (disco.doc && strcmp(disco.issuer, s->issuer) == 0 && now - disco.at < OIDC_CACHE_SECONDS) return disco.doc;
    size_t n = strlen(s->issuer);
    while (n && s->issuer[n - 1] == '/') n--;
    const char *url = arena_printf(r->a, "%.*s/.well-known/openid-configuration", (int)n, s->issuer);
    json_t *doc = fetch_json(r, url, why);
    if (!doc) return NULL;
    const char *iss = json_string_value(json_object_get(doc, "issuer"));
    if (!iss || strcmp(iss, s->issuer) != 0) {
        say(why, "the discovery document names issuer %s, not %s", iss ? iss : "(none)", s->issuer);
        json_decref(doc);
        return NULL;
    }
    if (!json_string_value(json_object_get(doc, "authorization_endpoint"))
        || !json_string_value(json_object_get(doc, "token_endpoint"))
        || !json_string_value(json_object_get(doc, "jwks_uri"))) {
        say(why, "the discovery document lacks an endpoint or jwks_uri");
        json_decref(doc);
        return NULL;
    }
    json_decref(disco.doc);
    disco.doc = doc;
    put(disco.issuer, sizeof disco.issuer, s->issuer);
    disco.at = now;
    log_info("oidc: discovery of %s fetched", s->issuer);
    return doc;
}

/* The key set from jwks_uri: the cached one unless `refetch`. */
static const json_t *key_set(req *r, const json_t *d, int refetch, char *why)
{
    const char *uri = json_string_value(json_object_get(d, "jwks_uri"));
    time_t now = time(NULL);
    if (!refetch && keys.set && strcmp(keys.uri, uri) == 0 && now - keys.at < OIDC_CACHE_SECONDS) return keys.set;
    json_t *set = fetch_json(r, uri, why);
    if (!set) return NULL;
    if (!json_is_array(json_object_get(set, "keys"))) {
        say(why, "%s: no \"keys\" array", uri);
        json_decref(set);
        return NULL;
    }
    json_decref(keys.set);
    keys.set = set;
    put(keys.uri, sizeof keys.uri, uri);
    keys.at = now;
    log_info("oidc: key set fetched from %s (%zu keys)%s", uri, json_array_size(json_object_get(set, "keys")),
             refetch ? " again for an unknown kid" : "");
    return set;
}

static int aud_has(const json_t *aud, const char *client_id)
{
    if (json_is_string(aud)) return strcmp(json_string_value(aud), client_id) == 0;
    size_t i;
    json_t *v;
    json_array_foreach(aud, i, v)
        if (json_is_string(v) && strcmp(json_string_value(v), client_id) == 0) return 1;
    return 0;
}

oidc_token_result oidc_check_jwt(req *r, const oidc_settings *s, const json_t *d, const char *jwt,
                                 const char *nonce, json_t **claims, char *why)
{
    *claims = NULL;
    *why = 0;
    const json_t *set = key_set(r, d, 0, why);
    if (!set) return OIDC_TOKEN_JWKS;
    char alg[64], kid[64];
    json_t *c = NULL;
    jose_result jr = jose_verify(set, jwt, &c, alg, kid);
    if (jr == JOSE_NO_KEY) {
        /* the provider may have rotated its keys since the set was read */
        set = key_set(r, d, 1, why);
        if (!set) return OIDC_TOKEN_JWKS;
        jr = jose_verify(set, jwt, &c, alg, kid);
    }
    switch (jr) {
    case JOSE_OK: break;
    case JOSE_MALFORMED: say(why, "not a signed JWT"); return OIDC_TOKEN_MALFORMED;
    case JOSE_ALG_REFUSED: say(why, "alg %s", *alg ? alg : "(none given)"); return OIDC_TOKEN_ALG;
    case JOSE_NO_KEY: say(why, "no key for alg %s kid %s", alg, *kid ? kid : "(none)"); return OIDC_TOKEN_NO_KEY;
    case JOSE_BAD_SIGNATURE: say(why, "alg %s kid %s", alg, kid); return OIDC_TOKEN_SIGNATURE;
    }
    oidc_token_result res = OIDC_TOKEN_OK;
    const char *iss = json_string_value(json_object_get(c, "iss"));
    const json_t *aud = json_object_get(c, "aud");
    const char *azp = json_string_value(json_object_get(c, "azp"));
    time_t now = time(NULL);
    if (nonce) {
        json_t *exp = json_object_get(c, "exp"), *iat = json_object_get(c, "iat");
        const char *got_nonce = json_string_value(json_object_get(c, "nonce"));
        const char *sub = json_string_value(json_object_get(c, "sub"));
        if (!iss || strcmp(iss, s->issuer) != 0) { res = OIDC_TOKEN_ISSUER; say(why, "iss %s", iss ? iss : "(none)"); }
        else if (!aud_has(aud, s->client_id)) { res = OIDC_TOKEN_AUDIENCE; say(why, "aud is not %s", s->client_id); }
        else if (json_is_array(aud) && json_array_size(aud) > 1 && (!azp || strcmp(azp, s->client_id) != 0)) {
            res = OIDC_TOKEN_AUDIENCE; say(why, "several audiences and azp is not %s", s->client_id);
        }
        else if (azp && strcmp(azp, s->client_id) != 0) { res = OIDC_TOKEN_AUDIENCE; say(why, "azp %s", azp); }
        else if (!json_is_number(exp) || json_number_value(exp) + OIDC_SKEW < (double)now) {
            res = OIDC_TOKEN_EXPIRED;
            say(why, "exp %.0f, now %lld", json_is_number(exp) ? json_number_value(exp) : 0.0, (long long)now);
        }
        else if (!json_is_number(iat) || json_number_value(iat) > (double)now + OIDC_SKEW) {
            res = OIDC_TOKEN_IAT;
            say(why, "iat %.0f, now %lld", json_is_number(iat) ? json_number_value(iat) : 0.0, (long long)now);
        }
        else if (!got_nonce || strcmp(got_nonce, nonce) != 0) { res = OIDC_TOKEN_NONCE; say(why, "nonce differs"); }
        else if (!sub || !*sub || strlen(sub) > 255) { res = OIDC_TOKEN_NO_SUBJECT; say(why, "no usable sub"); }
    } else {
        if (iss && strcmp(iss, s->issuer) != 0) { res = OIDC_TOKEN_ISSUER; say(why, "userinfo iss %s", iss); }
        else if (aud && !aud_has(aud, s->client_id)) { res = OIDC_TOKEN_AUDIENCE; say(why, "userinfo aud is not %s", s->client_id); }
    }
    if (res != OIDC_TOKEN_OK) { json_decref(c); return res; }
    *claims = c;
    return OIDC_TOKEN_OK;
}

const char *oidc_token_result_name(oidc_token_result t)
{
    static const char *const names[] = {
        "ok", "malformed token", "algorithm refused", "unknown key", "bad signature", "wrong issuer",
        "wrong audience", "expired", "issued in the future", "wrong nonce", "no subject", "key set unavailable",
    };
    return (size_t)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

msg_id oidc_token_message(oidc_token_result t)
{
    switch (t) {
    case OIDC_TOKEN_OK: return M_INTERNAL;
    case OIDC_TOKEN_MALFORMED: return M_OIDC_MALFORMED;
    case OIDC_TOKEN_ALG: return M_OIDC_ALG;
    case OIDC_TOKEN_NO_KEY: return M_OIDC_NO_KEY;
    case OIDC_TOKEN_SIGNATURE: return M_OIDC_SIGNATURE;
    case OIDC_TOKEN_ISSUER: return M_OIDC_ISSUER;
    case OIDC_TOKEN_AUDIENCE: return M_OIDC_AUDIENCE;
    case OIDC_TOKEN_EXPIRED: return M_OIDC_EXPIRED;
    case OIDC_TOKEN_IAT: return M_OIDC_IAT;
    case OIDC_TOKEN_NONCE: return M_OIDC_NONCE;
    case OIDC_TOKEN_NO_SUBJECT: return M_OIDC_MALFORMED;
    case OIDC_TOKEN_JWKS: return M_OIDC_PROVIDER_DOWN;
    }
    return M_INTERNAL;
}

int oidc_password_allowed(req *r, const char *email)
{
    const oidc_settings *s = oidc_settings_get(r);
    if (!s) return -1;
    if (!s->passwords_off) return 1;
    return *s->breakglass_email && email && strcmp(email, s->breakglass_email) == 0;
}

int oidc_password_gate(req *r, const char *email, msg_id m)
{
    int ok = oidc_password_allowed(r, email);
    if (ok > 0) return 0;
    if (ok < 0) { resp_db_error(r); return 1; }
    const oidc_settings *s = oidc_settings_get(r);
    log_info("password use refused (passwords are off) for account=%s", email ? email : "");
    resp_error(r, 403, "passwords_off", m, s && *s->label ? s->label : "SSO");
    return 1;
}
