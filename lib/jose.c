#include "jose.h"
#include <cjose/cjose.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *jose_result_name(jose_result r)
{
    switch (r) {
    case JOSE_OK: return "ok";
    case JOSE_MALFORMED: return "malformed";
    case JOSE_ALG_REFUSED: return "algorithm refused";
    case JOSE_NO_KEY: return "no key for kid";
    case JOSE_BAD_SIGNATURE: return "bad signature";
    }
    return "?";
}

json_t *jose_part(const char *compact, int part)
{
    const char *p = compact;
    for (int i = 0; i < part && p; i++) {
        p = strchr(p, '.');
        if (p) p++;
    }
    if (!p) return NULL;
    const char *end = strchr(p, '.');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    uint8_t *raw = NULL;
    size_t rawlen = 0;
    cjose_err err;
    if (!cjose_base64url_decode(p, n, &raw, &rawlen, &err)) return NULL;
    json_t *j = json_loadb((const char *)raw, rawlen, 0, NULL);
    cjose_get_dealloc()(raw);
    if (j && !json_is_object(j)) { json_decref(j); j = NULL; }
    return j;
}

/* The key type and curve an accepted algorithm needs; NULL kty: refused. */
static const char *alg_kty(const char *alg, const char **crv)
{
    static const struct { const char *alg, *kty, *crv; } ok[] = {
        { "RS256", "RSA", NULL }, { "RS384", "RSA", NULL }, { "RS512", "RSA", NULL },
        { "PS256", "RSA", NULL }, { "PS384", "RSA", NULL }, { "PS512", "RSA", NULL },
        { "ES256", "EC", "P-256" }, { "ES384", "EC", "P-384" }, { "ES512", "EC", "P-521" },
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp(alg, ok[i].alg) == 0) { *crv = ok[i].crv; return ok[i].kty; }
    return NULL;
}

static int str_is(const json_t *o, const char *k, const char *want)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v && strcmp(v, want) == 0;
}

/* Whether key `k` of the set may check a token of alg/kid. */
static int key_fits(const json_t *k, const char *alg, const char *kid, const char *kty, const char *crv)
{
    if (!json_is_object(k) || !str_is(k, "kty", kty)) return 0;
    if (crv && !str_is(k, "crv", crv)) return 0;
    const json_t *use = json_object_get(k, "use");
    if (use && !str_is(k, "use", "sig")) return 0;
    const json_t *kalg = json_object_get(k, "alg");
    if (kalg && !str_is(k, "alg", alg)) return 0;
    if (kid && !str_is(k, "kid", kid)) return 0;
    return 1;
}

/* Only the public members cjose needs: a private member or an unusual
 * one in the set changes nothing. */
static cjose_jwk_t *import_public(const json_t *k, const char *kty)
{
    json_t *pub = strcmp(kty, "RSA") == 0
        ? json_pack("{s:s,s:O,s:O}", "kty", "RSA", "n", json_object_get(k, "n"), "e", json_object_get(k, "e"))
        : json_pack("{s:s,s:O,s:O,s:O}", "kty", "EC", "crv", json_object_get(k, "crv"),
                    "x", json_object_get(k, "x"), "y", json_object_get(k, "y"));
    if (!pub) return NULL;
    char *text = json_dumps(pub, JSON_COMPACT);
    json_decref(pub);
    if (!text) return NULL;
    cjose_err err;
    cjose_jwk_t *jwk = cjose_jwk_import(text, strlen(text), &err);
    free(text);
    return jwk;
}

jose_result jose_verify(const json_t *jwks, const char *compact, json_t **claims, char *alg_out, char *kid_out)
{
    *claims = NULL;
    if (alg_out) *alg_out = 0;
    if (kid_out) *kid_out = 0;
    if (!compact) return JOSE_MALFORMED;
    /* exactly three parts: a JWE (five) or anything else is not a JWS */
    int dots = 0;
    for (const char *p = compact; *p; p++) dots += *p == '.';
    if (dots != 2) return JOSE_MALFORMED;
    json_t *hdr = jose_part(compact, 0);
    if (!hdr) return JOSE_MALFORMED;
    const char *alg = json_string_value(json_object_get(hdr, "alg"));
    const char *kid = json_string_value(json_object_get(hdr, "kid"));
    if (alg_out) snprintf(alg_out, 64, "%s", alg ? alg : "");
    if (kid_out) snprintf(kid_out, 64, "%s", kid ? kid : "");
    const char *crv = NULL, *kty = alg ? alg_kty(alg, &crv) : NULL;
    /* "crit" names extensions this file does not understand: refused */
    if (!kty || json_object_get(hdr, "crit")) { json_decref(hdr); return JOSE_ALG_REFUSED; }

    jose_result res = JOSE_NO_KEY;
    size_t i;
    json_t *k;
    json_array_foreach(json_object_get(jwks, "keys"), i, k) {
        if (!key_fits(k, alg, kid, kty, crv)) continue;
        cjose_err err;
        cjose_jwk_t *jwk = import_public(k, kty);
        cjose_jws_t *jws = jwk ? cjose_jws_import(compact, strlen(compact), &err) : NULL;
        if (!jws) {
            cjose_jwk_release(jwk);
            res = jwk ? JOSE_MALFORMED : res;
            if (jwk) break;
            continue;
        }
        int ok = cjose_jws_verify(jws, jwk, &err);
        uint8_t *plain = NULL;
        size_t plen = 0;
        if (ok && cjose_jws_get_plaintext(jws, &plain, &plen, &err)) {
            json_t *c = json_loadb((const char *)plain, plen, 0, NULL);
            if (json_is_object(c)) { *claims = c; res = JOSE_OK; }
            else { json_decref(c); res = JOSE_MALFORMED; }
        } else {
            res = JOSE_BAD_SIGNATURE;
        }
        cjose_jws_release(jws);
        cjose_jwk_release(jwk);
        if (res == JOSE_OK || res == JOSE_MALFORMED) break;
    }
    json_decref(hdr);
    return res;
}
