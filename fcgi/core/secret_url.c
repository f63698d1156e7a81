#include "core/secret_url.h"
#include "core/worker.h"
#include "crypto.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

const char *secret_url_token(req *r, const char *purpose, long long user, const char *nonce)
{
    char msg[96], *tok = arena_alloc(r->a, TOKEN_B64_LEN + 1);
    int n = snprintf(msg, sizeof msg, "%s:%lld:%s", purpose, user, nonce);
    if (n < 0 || (size_t)n >= sizeof msg) n = (int)strlen(msg);
    hmac_b64(W.secret, (const unsigned char *)msg, (size_t)n, tok);
    return tok;
}

const char *secret_url_renew(req *r, const char *purpose, stmt set)
{
    unsigned char raw[16], hash[32];
    char nonce[32];
    randombytes_buf(raw, sizeof raw);
    b64url_encode(raw, sizeof raw, nonce, sizeof nonce);
    const char *tok = secret_url_token(r, purpose, r->user->id, nonce);
    token_hash((const unsigned char *)tok, strlen(tok), hash);
    if (db_exec(worker_db(), set, "ibs", r->user->id, hash, sizeof hash, nonce) < 0) return NULL;
    return tok;
}
