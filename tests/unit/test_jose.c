/* lib/jose.c: a JWS checked against a key set with libcjose — RS256 and
 * ES256 accepted, a changed payload or another key refused, "none" and
 * HMAC (the public key used as a secret) refused before any check, an
 * unknown kid reported as such (the caller fetches the set again). */
#include "jose.h"
#include "unit.h"
#include <cjose/cjose.h>
#include <stdlib.h>
#include <string.h>

static char *b64(const char *s)
{
    char *out = NULL;
    size_t n = 0;
    cjose_base64url_encode((const uint8_t *)s, strlen(s), &out, &n, NULL);
    return out;
}

/* A compact JWS of payload signed by jwk with alg and kid. */
static char *sign_with(cjose_jwk_t *jwk, const char *alg, const char *kid, const char *payload)
{
    cjose_err err;
    cjose_header_t *h = cjose_header_new(&err);
    cjose_header_set(h, CJOSE_HDR_ALG, alg, &err);
    if (kid) cjose_header_set(h, CJOSE_HDR_KID, kid, &err);
    cjose_jws_t *jws = cjose_jws_sign(jwk, h, (const uint8_t *)payload, strlen(payload), &err);
    const char *ser = NULL;
    char *out = jws && cjose_jws_export(jws, &ser, &err) ? strdup(ser) : NULL;
    cjose_jws_release(jws);
    cjose_header_release(h);
    return out;
}

/* The public JWK of `jwk` with kid, as a member of a key set. */
static json_t *public_of(cjose_jwk_t *jwk, const char *kid)
{
    char *text = cjose_jwk_to_json(jwk, false, NULL);
    json_t *k = json_loads(text, 0, NULL);
    free(text);
    json_object_set_new(k, "kid", json_string(kid));
    json_object_set_new(k, "use", json_string("sig"));
    return k;
}

static jose_result check(const json_t *set, const char *jwt)
{
    json_t *claims = NULL;
    char alg[64], kid[64];
    jose_result r = jose_verify(set, jwt, &claims, alg, kid);
    if (r == JOSE_OK) CHECK(json_is_object(claims) && json_string_value(json_object_get(claims, "sub")));
    else CHECK(claims == NULL);
    json_decref(claims);
    return r;
}

int main(void)
{
    cjose_err err;
    static const uint8_t e[] = { 1, 0, 1 };
    cjose_jwk_t *rsa = cjose_jwk_create_RSA_random(2048, e, sizeof e, &err);
    cjose_jwk_t *other = cjose_jwk_create_RSA_random(2048, e, sizeof e, &err);
    cjose_jwk_t *ec = cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, &err);
    CHECK(rsa && other && ec);
    json_t *set = json_pack("{s:[o,o]}", "keys", public_of(rsa, "r1"), public_of(ec, "e1"));
    const char *payload = "{\"sub\":\"alice\",\"aud\":\"parvis\"}";

    char *rs = sign_with(rsa, "RS256", "r1", payload);
    char *es = sign_with(ec, "ES256", "e1", payload);
    CHECK(check(set, rs) == JOSE_OK);
    CHECK(check(set, es) == JOSE_OK);
    /* no kid: every key of the right type is tried */
    char *nokid = sign_with(rsa, "RS256", NULL, payload);
    CHECK(check(set, nokid) == JOSE_OK);

    /* another key under the same kid: the signature is wrong */
    char *forged = sign_with(other, "RS256", "r1", payload);
    CHECK(check(set, forged) == JOSE_BAD_SIGNATURE);
    /* the payload changed after signing */
    char *changed = strdup(rs);
    char *dot = strchr(changed, '.');
    char *p2 = b64("{\"sub\":\"mallory\",\"aud\":\"parvis\"}");
    char *tampered = NULL;
    if (dot && asprintf(&tampered, "%.*s.%s%s", (int)(dot - changed), changed, p2, strchr(dot + 1, '.')) > 0)
        CHECK(check(set, tampered) == JOSE_BAD_SIGNATURE);
    /* an ES256 header on an RSA kid: no key fits */
    char *mixed = sign_with(rsa, "RS256", "e1", payload);
    CHECK(check(set, mixed) == JOSE_NO_KEY);
    /* an unknown kid (the provider rotated its keys) */
    char *rotated = sign_with(other, "RS256", "r2", payload);
    CHECK(check(set, rotated) == JOSE_NO_KEY);

    /* "none": no signature at all */
    char *h_none = b64("{\"alg\":\"none\",\"kid\":\"r1\"}"), *p = b64(payload);
    char *none = NULL;
    if (asprintf(&none, "%s.%s.", h_none, p) > 0) CHECK(check(set, none) == JOSE_ALG_REFUSED);
    /* HS256 keyed with the provider's public key */
    char *pub = cjose_jwk_to_json(rsa, false, NULL);
    cjose_jwk_t *oct = cjose_jwk_create_oct_spec((const uint8_t *)pub, strlen(pub), &err);
    char *hs = sign_with(oct, "HS256", "r1", payload);
    CHECK(hs != NULL);
    CHECK(check(set, hs) == JOSE_ALG_REFUSED);
    /* not a JWS */
    CHECK(check(set, "abc") == JOSE_MALFORMED);
    CHECK(check(set, "a.b.c.d.e") == JOSE_MALFORMED);
    CHECK(check(set, "!!!.e30.") == JOSE_MALFORMED);
    /* a "crit" extension this code does not know */
    char *h_crit = b64("{\"alg\":\"RS256\",\"kid\":\"r1\",\"crit\":[\"x\"],\"x\":1}");
    char *crit = NULL;
    if (asprintf(&crit, "%s.%s.AAAA", h_crit, p) > 0) CHECK(check(set, crit) == JOSE_ALG_REFUSED);

    json_t *hdr = jose_part(es, 0);
    CHECK_STR(json_string_value(json_object_get(hdr, "alg")), "ES256");
    json_decref(hdr);

    free(rs); free(es); free(nokid); free(forged); free(changed); free(p2); free(tampered); free(mixed);
    free(rotated); free(h_none); free(p); free(none); free(pub); free(hs); free(h_crit); free(crit);
    cjose_jwk_release(oct);
    cjose_jwk_release(rsa);
    cjose_jwk_release(other);
    cjose_jwk_release(ec);
    json_decref(set);
    return UNIT_DONE();
}
