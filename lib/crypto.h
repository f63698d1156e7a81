/* Tokens, hashes, passwords and the server secret, all through libsodium. */
#ifndef PARVIS_CRYPTO_H
#define PARVIS_CRYPTO_H
#include <stddef.h>

#define TOKEN_BYTES 32                 /* 256-bit session tokens */
#define TOKEN_B64_LEN 43               /* base64url without padding */

int crypto_setup(void);                /* sodium_init; -1 if it fails */
void token_random(unsigned char out[TOKEN_BYTES]);
void token_hash(const unsigned char *in, size_t len, unsigned char out[32]);  /* SHA-256 */

/* base64url without padding. encode: out needs 4*ceil(n/3)+1 bytes.
 * decode: returns the byte count, or -1 for bad input or too long. */
void b64url_encode(const unsigned char *in, size_t n, char *out, size_t outlen);
int b64url_decode(const char *in, size_t inlen, unsigned char *out, size_t outmax);

/* argon2id (libsodium's interactive limits). hash_out needs PASSWORD_HASH_LEN. */
#define PASSWORD_HASH_LEN 128
int password_hash(const char *password, char hash_out[PASSWORD_HASH_LEN]);
int password_verify(const char *hash, const char *password);    /* 1 ok, 0 not */
/* Spends the same time as a real verification, for unknown accounts.
 * password_dummy_init() prepares it (call once at start, not on a request). */
void password_dummy_init(void);
void password_verify_dummy(const char *password);
/* A readable random password of `len` characters (no look-alikes). */
void password_generate(char *out, size_t len);

/* The server secret (32 bytes, file mode 0600), created when missing. */
int secret_load_or_create(const char *path, unsigned char key[32], char *err, int errlen);
/* HMAC-SHA-256 of msg under key, base64url: the CSRF token of a session. */
void hmac_b64(const unsigned char key[32], const unsigned char *msg, size_t len,
              char out[TOKEN_B64_LEN + 1]);
#endif
