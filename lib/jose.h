/* JSON Web Signatures checked with libcjose (docs/sso.md): an ID token or
 * a signed userinfo answer, against the provider's key set (JWKS). No
 * signature is computed or compared here: cjose does it; this file picks
 * the key and refuses what must never be accepted — "alg": "none", HMAC
 * algorithms (a provider's public key used as a shared secret), a key of
 * another type or curve than the algorithm names. */
#ifndef PARVIS_JOSE_H
#define PARVIS_JOSE_H
#include <jansson.h>

typedef enum {
    JOSE_OK = 0,
    JOSE_MALFORMED,       /* not a compact JWS, or its header or payload not JSON */
    JOSE_ALG_REFUSED,     /* none, HS*, or an algorithm this file does not accept */
    JOSE_NO_KEY,          /* no key of the set has its kid (or fits its algorithm) */
    JOSE_BAD_SIGNATURE,   /* cjose found the signature wrong */
} jose_result;

/* Checks `compact` against the keys of `jwks` ({"keys":[...]}). On
 * JOSE_OK, *claims is the payload (a JSON object, the caller's reference).
 * alg and kid (each at least 64 bytes, may be NULL) receive the header's,
 * for the logs. Accepted: RS256/384/512, PS256/384/512, ES256/384/512. */
jose_result jose_verify(const json_t *jwks, const char *compact, json_t **claims, char *alg, char *kid);
/* A word for the logs. */
const char *jose_result_name(jose_result r);
/* The JSON object of a part of a compact JWT (0: header, 1: payload),
 * without any check: for tests and logs. NULL when not JSON. */
json_t *jose_part(const char *compact, int part);
#endif
