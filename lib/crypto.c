#include "crypto.h"
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int crypto_setup(void) { return sodium_init() < 0 ? -1 : 0; }

void token_random(unsigned char out[TOKEN_BYTES]) { randombytes_buf(out, TOKEN_BYTES); }

void token_hash(const unsigned char *in, size_t len, unsigned char out[32])
{
    crypto_hash_sha256(out, in, len);
}

void b64url_encode(const unsigned char *in, size_t n, char *out, size_t outlen)
{
    sodium_bin2base64(out, outlen, in, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int b64url_decode(const char *in, size_t inlen, unsigned char *out, size_t outmax)
{
    size_t got = 0;
    const char *end = NULL;
    if (sodium_base642bin(out, outmax, in, inlen, NULL, &got, &end,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || end != in + inlen)
        return -1;
    return (int)got;
}

int password_hash(const char *password, char hash_out[PASSWORD_HASH_LEN])
{
    _Static_assert(PASSWORD_HASH_LEN >= crypto_pwhash_STRBYTES, "hash buffer");
    return crypto_pwhash_str_alg(hash_out, password, strlen(password),
                                 crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                 crypto_pwhash_MEMLIMIT_INTERACTIVE,
                                 crypto_pwhash_ALG_ARGON2ID13) == 0 ? 0 : -1;
}

int password_verify(const char *hash, const char *password)
{
    /* no password yet (an imported account, docs/imports.md: "!"): refused
     * after as long as a real check, so that timing does not tell it */
    if (strncmp(hash, "$argon2", 7) != 0) {
        password_verify_dummy(password);
        return 0;
    }
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/* a hash with the same limits as real ones, made once per process */
static char dummy_hash[PASSWORD_HASH_LEN];

void password_dummy_init(void)
{
    if (!dummy_hash[0]) password_hash("parvis-dummy-password-for-timing", dummy_hash);
}

void password_verify_dummy(const char *password)
{
    password_dummy_init();
    (void)password_verify(dummy_hash, password);
}

void password_generate(char *out, size_t len)
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    for (size_t i = 0; i < len; i++)
        out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    out[len] = 0;
}

int secret_load_or_create(const char *path, unsigned char key[32], char *err, int errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, key, 32);
        close(fd);
        if (n == 32) return 0;
        snprintf(err, errlen, "secret %s is not 32 bytes", path);
        return -1;
    }
    if (errno != ENOENT) { snprintf(err, errlen, "secret %s: %s", path, strerror(errno)); return -1; }
    randombytes_buf(key, 32);
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 || write(fd, key, 32) != 32 || fsync(fd) != 0) {
        snprintf(err, errlen, "cannot write secret %s: %s", path, strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

void hmac_b64(const unsigned char key[32], const unsigned char *msg, size_t len,
              char out[TOKEN_B64_LEN + 1])
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(mac, msg, len, key);
    b64url_encode(mac, sizeof mac, out, TOKEN_B64_LEN + 1);
}
