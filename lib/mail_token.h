/* Unsubscribe tokens: (person, kind of notification) and a MAC under a key
 * derived from the platform secret, in URL-safe text, so that a mail's
 * link and its one-click List-Unsubscribe-Post (RFC 8058) work without
 * signing in. They do not expire: switching a kind of e-mail off is
 * harmless, and a link must work in an old mail.
 *
 * The token is base64url(1 | user id, 8 bytes big-endian | kind | MAC),
 * MAC = the first 16 bytes of HMAC-SHA-256(K, what precedes it), with
 * K = HMAC-SHA-256(platform secret, "parvis mail unsubscribe v1"). */
#ifndef PARVIS_MAIL_TOKEN_H
#define PARVIS_MAIL_TOKEN_H
#include <stddef.h>
#include "config.h"

#define MAIL_KIND_MAX 16              /* notification_prefs.kind */
#define MAIL_TOKEN_MAX 80             /* a token's text, NUL included */

/* `secret` is the platform secret (secret_load_or_create). A kind is 1 to
 * 16 of [a-z0-9_]. 0, or -1 (a bad kind or id, out too small). */
int mail_token_make(const unsigned char secret[32], long long user_id, const char *kind, char *out, size_t outlen);
/* 0 with *user_id and kind (kindlen >= MAIL_KIND_MAX + 1) filled when the
 * token is one of ours (constant-time comparison of its MAC), else -1. */
int mail_token_check(const unsigned char secret[32], const char *token, long long *user_id, char *kind, size_t kindlen);
/* <public_url>/api/v1/unsubscribe?t=TOKEN: the List-Unsubscribe address
 * (GET says what it would switch off, POST does it). 0 or -1. */
int mail_unsubscribe_url(const config *c, const unsigned char secret[32], long long user_id, const char *kind,
                         char *out, size_t outlen);
#endif
