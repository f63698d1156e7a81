#include "core/secret_url.h"
#include "core/respond.h"
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

int secret_url_person(req *r, const char *token, int wellformed, stmt find, const char *route, auth_user *u)
{
    unsigned char hash[32], zero[32] = { 0 };
    token_hash((const unsigned char *)token, wellformed ? TOKEN_B64_LEN : 0, hash);
    db_rows *t = db_query(worker_db(), r->a, find, "b", hash, sizeof hash);
    if (!t) { resp_db_error(r); return 0; }
    /* compared in constant time, found or not */
    const unsigned char *stored = t->nrows && t->lens[0] == 32 ? (const unsigned char *)db_cell(t, 0, 0) : zero;
    int match = sodium_memcmp(stored, hash, 32) == 0;
    if (!wellformed || !t->nrows || !match || strcmp(db_cell(t, 0, 5), "active") != 0) {
        resp_error(r, 404, "not_found", M_ROUTE_NOT_FOUND, route);
        return 0;
    }
    memset(u, 0, sizeof *u);
    u->id = db_cell_int(t, 0, 1);
    u->email = db_cell(t, 0, 2);
    u->display_name = db_cell(t, 0, 3);
    u->role = db_cell(t, 0, 4);
    u->status = db_cell(t, 0, 5);
    u->locale = db_cell(t, 0, 6);
    u->comm_editor = db_cell_int(t, 0, 7) != 0;
    u->guest = strcmp(db_cell(t, 0, 8), "guest") == 0;
    return 1;
}
