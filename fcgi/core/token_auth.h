/* API tokens (docs/api_tokens.md): `Authorization: Bearer pvt_...`
 * authenticates a request instead of the session cookie, which is then
 * never read, and needs no CSRF token (a browser never adds the header on
 * its own, so a cross-site page cannot forge such a request).
 *
 * A token is "pvt_" and 43 characters of base64url (32 random bytes from
 * libsodium); only its SHA-256 is kept. A validated token is cached in the
 * worker like a session (core/auth.c) and trusted while its person's
 * revocation counter (authgen.h) is unchanged and its expiry not passed:
 * revoking a token, disabling the person or changing their role bumps the
 * counter, so it takes effect on the next request in every worker. Its
 * last use is written at most once a minute. */
#ifndef PARVIS_TOKEN_AUTH_H
#define PARVIS_TOKEN_AUTH_H
#include "core/req.h"

#define API_TOKEN_PREFIX "pvt_"
#define API_TOKEN_LEN (4 + 43)

/* 1 when the request carries an Authorization header (then the cookie is
 * not looked at). */
int token_present(const req *r);
/* Authenticates the request's token: 0 with r->user, r->token_id and
 * r->token_scopes set; 1 when refused (the 401 answer was sent); -1 when
 * the database is down. */
int token_resolve(req *r);
/* A new token: `out` gets the text (API_TOKEN_LEN + 1 bytes), `hash` its
 * SHA-256, `prefix` its first 10 characters (for lists). */
void token_new(char out[API_TOKEN_LEN + 1], unsigned char hash[32], char prefix[11]);
/* The SHA-256 of a secret given in a request (tokens, webhook addresses). */
void token_secret_hash(const char *secret, unsigned char hash[32]);
#endif
