/* Sign-in through an OpenID provider (docs/sso.md): GET /auth/oidc/login
 * sends the browser to the provider (authorization code, PKCE S256, state
 * and nonce kept here, one use, ten minutes); GET /auth/oidc/callback
 * takes the code back, checks the ID token (oidc.c, lib/jose.c) and opens
 * the person's session as a password sign-in does. A refusal is a page in
 * the person's language, its reason in the log. POST /auth/oidc/logout
 * ends the session and gives the provider's sign-out address. */
#include "account.h"
#include "accounts/handlers.h"
#include "accounts/oidc.h"
#include "accounts/oidc_http.h"
#include "core/auth.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "crypto.h"
#include "groups/group_cache.h"
#include "groups/member_cache.h"
#include "log.h"
#include "mail_compose.h"
#include "membership.h"
#include "outbox.h"
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATE_COOKIE "parvis_oidc_state"
#define COOKIE_PATH "/api/v1/auth/oidc"

static const char *address_of(req *r)
{
    return r->remote_addr ? r->remote_addr : "";
}

/* The refusal page: the message in the asker's language, a way back to
 * the sign-in page; the code for scripts; the reason in the log. */
static int refuse(req *r, int status, const char *code, const char *why, msg_id m, ...)
{
    va_list ap;
    va_start(ap, m);
    char *msg = arena_vprintf(r->a, msg_format(r->lang, m), ap);
    va_end(ap);
    log_info("oidc sign-in refused (%s): %s address=%s", code, why ? why : "", address_of(r));
    int en = r->lang == LANG_EN;
    char *esc = mail_html_escape(msg);
    const char *page = arena_printf(r->a,
        "<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>%s</title></head><body><main data-error=\"%s\">"
        "<h1>%s</h1><p id=\"message\">%s</p><p><a href=\"/\">%s</a></p></main></body></html>\n",
        en ? "en" : "fr", en ? "Sign-in failed — Parvis" : "Connexion impossible — Parvis", code,
        en ? "Sign-in failed" : "Connexion impossible", esc ? esc : "",
        en ? "Back to the sign-in page" : "Revenir à la page de connexion");
    free(esc);
    resp_header(r, "X-Parvis-Error", code);
    resp_stream_typed(r, status, "text/html; charset=utf-8");
    resp_write(r, page, strlen(page));
    return 0;
}

static void state_cookie(req *r, const char *value, int max_age)
{
    resp_header(r, "Set-Cookie", arena_printf(r->a, "%s=%s; Path=%s; Max-Age=%d; HttpOnly; SameSite=Lax%s",
                                              STATE_COOKIE, value, COOKIE_PATH, max_age,
                                              W.secure_cookies ? "; Secure" : ""));
}

static const char *redirect_uri(req *r)
{
    return arena_printf(r->a, "%s/api/v1/auth/oidc/callback", W.cfg.public_url);
}

static const char *random_b64(req *r)
{
    unsigned char raw[TOKEN_BYTES];
    char *out = arena_alloc(r->a, TOKEN_B64_LEN + 1);
    token_random(raw);
    b64url_encode(raw, sizeof raw, out, TOKEN_B64_LEN + 1);
    return out;
}

int h_oidc_login(req *r)
{
    const oidc_settings *s = oidc_settings_get(r);
    if (!s) return resp_db_error(r);
    if (!oidc_ready(s)) return refuse(r, 404, "oidc_off", "not configured", M_OIDC_OFF);
    char why[256];
    const json_t *d = oidc_discovery(r, s, why);
    if (!d) return refuse(r, 502, "provider_unavailable", why, M_OIDC_PROVIDER_DOWN);
    const char *state = random_b64(r), *nonce = random_b64(r), *verifier = random_b64(r);
    unsigned char shash[32], chash[32];
    token_hash((const unsigned char *)state, strlen(state), shash);
    token_hash((const unsigned char *)verifier, strlen(verifier), chash);
    char challenge[TOKEN_B64_LEN + 1];
    b64url_encode(chash, sizeof chash, challenge, sizeof challenge);
    db *db = worker_db();
    if (!db) return resp_db_error(r);
    /* the states of sign-ins never finished, now and then (a random one in 16) */
    if (shash[0] < 16) db_exec(db, STMT_OIDC_STATE_PURGE, "");
    if (db_exec(db, STMT_OIDC_STATE_INSERT, "bssi", shash, (size_t)32, nonce, verifier,
                (long long)OIDC_STATE_SECONDS) < 0) {
        /* the MEMORY table full (max_heap_table_size): the expired states
         * out, then once more */
        log_error("oidc: a sign-in's state not kept (%s): purging the expired ones", db_error(db));
        if (db_exec(db, STMT_OIDC_STATE_PURGE, "") < 0
            || db_exec(db, STMT_OIDC_STATE_INSERT, "bssi", shash, (size_t)32, nonce, verifier,
                       (long long)OIDC_STATE_SECONDS) < 0)
            return resp_db_error(r);
    }
    const char *ep = json_string_value(json_object_get(d, "authorization_endpoint"));
    char *url = arena_printf(r->a,
        "%s%cresponse_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=%s&nonce=%s"
        "&code_challenge=%s&code_challenge_method=S256",
        ep, strchr(ep, '?') ? '&' : '?', oidc_urlencode(r->a, s->client_id), oidc_urlencode(r->a, redirect_uri(r)),
        oidc_urlencode(r->a, s->scopes), state, nonce, challenge);
    if (*s->acr_values) url = arena_printf(r->a, "%s&acr_values=%s", url, oidc_urlencode(r->a, s->acr_values));
    if (*s->claims) url = arena_printf(r->a, "%s&claims=%s", url, oidc_urlencode(r->a, s->claims));
    const char *lang = req_query(r, "lang");
    if (lang && (strcmp(lang, "fr") == 0 || strcmp(lang, "en") == 0)) url = arena_printf(r->a, "%s&ui_locales=%s", url, lang);
    state_cookie(r, state, OIDC_STATE_SECONDS);
    resp_header(r, "Location", url);
    return resp_empty(r, 302);
}

/* The value of a cookie of the request, or NULL. */
static const char *cookie_value(req *r, const char *name)
{
    size_t nl = strlen(name);
    for (const char *p = r->cookie; p && *p;) {
        while (*p == ' ' || *p == ';') p++;
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=')
            return arena_printf(r->a, "%.*s", (int)(len - nl - 1), p + nl + 1);
        p = end;
    }
    return NULL;
}

/* A claim as text (a string, or a number), "" when absent. */
static const char *claim(req *r, const json_t *c, const char *name)
{
    const json_t *v = *name ? json_object_get(c, name) : NULL;
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_integer(v)) return arena_printf(r->a, "%lld", (long long)json_integer_value(v));
    return "";
}

/* The claims named by a mapping of several words (e.g. "given_name
 * usual_name"), joined by spaces, cut to `max` characters. */
static const char *mapped(req *r, const json_t *c, const char *names, int max)
{
    char *out = arena_strdup(r->a, "");
    char *list = arena_strdup(r->a, names);
    for (char *save = NULL, *w = strtok_r(list, " ,", &save); w; w = strtok_r(NULL, " ,", &save)) {
        const char *v = claim(r, c, w);
        if (*v) out = arena_printf(r->a, "%s%s%s", out, *out ? " " : "", v);
    }
    const char *t = trim_spaces(r->a, out);
    if (!t) return "";
    /* at most `max` characters, cut on a character's start */
    int n = 0;
    const char *p = t;
    for (; *p; p++)
        if (((unsigned char)*p & 0xC0) != 0x80 && n++ == max) break;
    return arena_printf(r->a, "%.*s", (int)(p - t), t);
}

/* The code exchanged at the token endpoint. The answer's JSON or NULL
 * after refusing. */
static json_t *exchange(req *r, const oidc_settings *s, const json_t *d, const char *code, const char *verifier)
{
    const char *form = arena_printf(r->a, "grant_type=authorization_code&code=%s&redirect_uri=%s&code_verifier=%s",
                                    oidc_urlencode(r->a, code), oidc_urlencode(r->a, redirect_uri(r)),
                                    oidc_urlencode(r->a, verifier));
    const char *auth = NULL;
    if (strcmp(s->client_auth, "client_secret_post") == 0) {
        form = arena_printf(r->a, "%s&client_id=%s&client_secret=%s", form, oidc_urlencode(r->a, s->client_id),
                            oidc_urlencode(r->a, s->client_secret));
    } else {
        const char *pair = arena_printf(r->a, "%s:%s", oidc_urlencode(r->a, s->client_id),
                                        oidc_urlencode(r->a, s->client_secret));
        size_t n = sodium_base64_ENCODED_LEN(strlen(pair), sodium_base64_VARIANT_ORIGINAL);
        char *b64 = arena_alloc(r->a, n);
        sodium_bin2base64(b64, n, (const unsigned char *)pair, strlen(pair), sodium_base64_VARIANT_ORIGINAL);
        auth = arena_printf(r->a, "Basic %s", b64);
    }
    oidc_answer ans;
    const char *ep = json_string_value(json_object_get(d, "token_endpoint"));
    if (oidc_http(r->a, ep, form, auth, &ans)) {
        refuse(r, 502, "provider_unavailable", arena_printf(r->a, "token endpoint: %s", ans.error), M_OIDC_PROVIDER_DOWN);
        return NULL;
    }
    json_t *j = json_loadb(ans.body, ans.len, 0, NULL);
    if (ans.status != 200 || !json_is_object(j) || !json_is_string(json_object_get(j, "id_token"))) {
        const char *err = json_string_value(json_object_get(j, "error"));
        const char *desc = json_string_value(json_object_get(j, "error_description"));
        const char *why = arena_printf(r->a, "token endpoint HTTP %ld: %.80s %.200s", ans.status,
                                       err ? err : "no id_token", desc ? desc : "");
        json_decref(j);
        refuse(r, 502, "token_refused", why, M_OIDC_TOKEN_ENDPOINT, err ? err : "id_token");
        return NULL;
    }
    return j;
}

/* The userinfo answer's claims added to the ID token's (JSON, or a JWT
 * signed by the provider when the settings expect it). -1 after refusing. */
static int add_userinfo(req *r, const oidc_settings *s, const json_t *d, const char *access, json_t *claims)
{
    const char *ep = json_string_value(json_object_get(d, "userinfo_endpoint"));
    if (!ep || !access) {
        refuse(r, 502, "userinfo_refused", "no userinfo endpoint or access token", M_OIDC_USERINFO, "userinfo");
        return -1;
    }
    oidc_answer ans;
    if (oidc_http(r->a, ep, NULL, arena_printf(r->a, "Bearer %s", access), &ans)) {
        refuse(r, 502, "provider_unavailable", arena_printf(r->a, "userinfo: %s", ans.error), M_OIDC_PROVIDER_DOWN);
        return -1;
    }
    int jwt = strncmp(ans.content_type, "application/jwt", 15) == 0;
    if (ans.status != 200 || (strcmp(s->userinfo, "jwt") == 0 && !jwt)) {
        refuse(r, 502, "userinfo_refused", arena_printf(r->a, "userinfo HTTP %ld type %s", ans.status, ans.content_type),
               M_OIDC_USERINFO, jwt ? "HTTP" : "application/jwt");
        return -1;
    }
    json_t *u = NULL;
    if (jwt) {
        char why[256];
        oidc_token_result t = oidc_check_jwt(r, s, d, ans.body, NULL, &u, why);
        if (t != OIDC_TOKEN_OK) {
            refuse(r, 401, "userinfo_refused", arena_printf(r->a, "signed userinfo: %s (%s)", oidc_token_result_name(t), why),
                   oidc_token_message(t));
            return -1;
        }
    } else {
        u = json_loadb(ans.body, ans.len, 0, NULL);
    }
    const char *sub = json_string_value(json_object_get(u, "sub"));
    if (!json_is_object(u) || !sub || strcmp(sub, json_string_value(json_object_get(claims, "sub"))) != 0) {
        json_decref(u);
        refuse(r, 401, "userinfo_refused", "userinfo sub differs from the ID token's", M_OIDC_USERINFO, "sub");
        return -1;
    }
    const char *k;
    json_t *v;
    json_object_foreach(u, k, v)
        if (strcmp(k, "iss") && strcmp(k, "aud") && strcmp(k, "sub") && strcmp(k, "exp") && strcmp(k, "iat"))
            json_object_set(claims, k, v);
    json_decref(u);
    return 0;
}

typedef struct { const char *email, *name, *department, *site; } person;

/* The account of the subject: linked before, else matched by e-mail or
 * created as the settings allow, in the caller's transaction. Its id (and
 * *status), 0 after refusing, -1 on a database error (the caller rolls
 * back in both cases). */
static long long find_account(req *r, const oidc_settings *s, const char *sub, const person *p, int verified,
                              int *created, int *usable)
{
    db *d = worker_db();
    db_rows *q = db_query(d, r->a, STMT_OIDC_IDENTITY_USER, "ss", s->issuer, sub);
    if (!q) return -1;
    /* active, and its end (a guest's) not passed */
    if (q->nrows) {
        *usable = strcmp(db_cell(q, 0, 1), "active") == 0 && !db_cell_int(q, 0, 2);
        return db_cell_int(q, 0, 0);
    }
    if (!p->email) {
        refuse(r, 403, "no_email", arena_printf(r->a, "sub=%s: no valid e-mail in claim %s", sub, s->claim_email),
               M_OIDC_NO_EMAIL, s->claim_email);
        return 0;
    }
    if (!verified) {
        refuse(r, 403, "email_unverified", arena_printf(r->a, "sub=%s email=%s: email_verified false", sub, p->email),
               M_OIDC_EMAIL_UNVERIFIED, p->email);
        return 0;
    }
    q = db_query(d, r->a, STMT_OIDC_USER_BY_EMAIL, "s", p->email);
    if (!q) return -1;
    long long uid = 0;
    if (q->nrows) {
        if (!s->match_email) {
            refuse(r, 403, "email_taken", arena_printf(r->a, "sub=%s email=%s: matching by e-mail is off", sub, p->email),
                   M_OIDC_EMAIL_TAKEN, p->email);
            return 0;
        }
        uid = db_cell_int(q, 0, 0);
        *usable = strcmp(db_cell(q, 0, 1), "active") == 0 && !db_cell_int(q, 0, 2);
        if (db_exec(d, STMT_OIDC_IDENTITY_INSERT, "iss", uid, s->issuer, sub) < 0) return -1;
        log_info("oidc: sub=%s linked to account id=%lld by e-mail", sub, uid);
        return uid;
    }
    if (!s->create_accounts) {
        refuse(r, 403, "no_account", arena_printf(r->a, "sub=%s email=%s: no account and creation is off", sub, p->email),
               M_OIDC_NO_ACCOUNT, p->email);
        return 0;
    }
    account_profile prof = { NULL, p->department, p->site, NULL, NULL };
    /* no password: "!sso" is no argon2id hash, so no password ever matches */
    uid = account_insert(d, p->email, *p->name ? p->name : p->email, "!sso", "user", &prof, 0);
    if (uid == 0) {              /* created by another sign-in at the same moment */
        refuse(r, 409, "email_taken", "e-mail taken meanwhile", M_OIDC_EMAIL_TAKEN, p->email);
        return 0;
    }
    if (uid < 0 || db_exec(d, STMT_OIDC_IDENTITY_INSERT, "iss", uid, s->issuer, sub) < 0) return -1;
    log_info("oidc: account id=%lld created for sub=%s", uid, sub);
    *created = 1;
    *usable = 1;
    return uid;
}

/* The mapped claims written in the profile when they changed, in the
 * caller's transaction: 0 unchanged, 1 changed, 2 the department or site
 * too (groups by rule moved), -1 on a database error. */
static int update_profile(req *r, const oidc_settings *s, long long uid, const person *p)
{
    db *d = worker_db();
    db_rows *q = db_query(d, r->a, STMT_OIDC_USER_PROFILE, "i", uid);
    if (!q || !q->nrows) return -1;
    const char *name = *p->name ? p->name : db_cell(q, 0, 0);
    const char *dep = *s->claim_department ? p->department : db_cell(q, 0, 1);
    const char *site = *s->claim_site ? p->site : db_cell(q, 0, 2);
    int moved = strcmp(dep, db_cell(q, 0, 1)) || strcmp(site, db_cell(q, 0, 2));
    if (!moved && strcmp(name, db_cell(q, 0, 0)) == 0) return 0;
    if (db_exec(d, STMT_OIDC_USER_UPDATE_PROFILE, "sssi", name, dep, site, uid) < 0
        || (moved && membership_sync_user(d, uid)) || outbox_add(d, ENTITY_PERSON, uid))
        return -1;
    return moved ? 2 : 1;
}

int h_oidc_callback(req *r)
{
    const oidc_settings *s = oidc_settings_get(r);
    if (!s) return resp_db_error(r);
    if (!oidc_ready(s)) return refuse(r, 404, "oidc_off", "not configured", M_OIDC_OFF);
    const char *state = req_query(r, "state"), *code = req_query(r, "code"), *error = req_query(r, "error");
    const char *mine = cookie_value(r, STATE_COOKIE);
    state_cookie(r, "", 0);
    if (error) {
        const char *desc = req_query(r, "error_description");
        return refuse(r, 401, "provider_refused", arena_printf(r->a, "%.80s %.200s", error, desc ? desc : ""),
                      M_OIDC_PROVIDER_REFUSED, arena_printf(r->a, "%.200s", desc ? desc : error));
    }
    /* RFC 9207: a provider that names itself in the answer must be ours
     * (an answer of another provider mixed up with this sign-in) */
    const char *iss = req_query(r, "iss");
    if (iss && strcmp(iss, s->issuer) != 0)
        return refuse(r, 401, "token_refused", arena_printf(r->a, "the answer's iss is %.200s", iss), M_OIDC_ISSUER);
    if (!state || !code || strlen(state) != TOKEN_B64_LEN)
        return refuse(r, 400, "state_invalid", "no code or state", M_OIDC_STATE);
    if (!mine || strlen(mine) != TOKEN_B64_LEN || sodium_memcmp(mine, state, TOKEN_B64_LEN) != 0)
        return refuse(r, 400, "state_invalid", "the state is not this browser's", M_OIDC_STATE);
    unsigned char shash[32];
    token_hash((const unsigned char *)state, strlen(state), shash);
    db *d = worker_db();
    db_rows *q = d ? db_query(d, r->a, STMT_OIDC_STATE_GET, "b", shash, (size_t)32) : NULL;
    if (!q) return resp_db_error(r);
    /* one use: the row deleted, by this request only */
    long long gone = q->nrows ? db_exec(d, STMT_OIDC_STATE_DELETE, "b", shash, (size_t)32) : 0;
    if (gone < 0) return resp_db_error(r);
    if (q->nrows == 0 || gone == 0) return refuse(r, 400, "state_invalid", "state unknown or already used", M_OIDC_STATE);
    if (strcmp(db_cell(q, 0, 2), "1") != 0) return refuse(r, 400, "state_invalid", "state expired", M_OIDC_STATE);
    const char *nonce = arena_strdup(r->a, db_cell(q, 0, 0)), *verifier = arena_strdup(r->a, db_cell(q, 0, 1));

    char why[256];
    const json_t *disco = oidc_discovery(r, s, why);
    if (!disco) return refuse(r, 502, "provider_unavailable", why, M_OIDC_PROVIDER_DOWN);
    json_t *tok = exchange(r, s, disco, code, verifier);
    if (!tok) return 0;
    const char *id_token = arena_strdup(r->a, json_string_value(json_object_get(tok, "id_token")));
    const char *access = json_string_value(json_object_get(tok, "access_token"));
    access = access ? arena_strdup(r->a, access) : NULL;
    json_decref(tok);
    json_t *claims = NULL;
    oidc_token_result t = oidc_check_jwt(r, s, disco, id_token, nonce, &claims, why);
    if (t != OIDC_TOKEN_OK)
        return refuse(r, t == OIDC_TOKEN_JWKS ? 502 : 401, "token_refused",
                      arena_printf(r->a, "ID token: %s (%s)", oidc_token_result_name(t), why), oidc_token_message(t));
    if (strcmp(s->userinfo, "none") != 0 && add_userinfo(r, s, disco, access, claims)) {
        json_decref(claims);
        return 0;
    }
    const char *sub = arena_strdup(r->a, json_string_value(json_object_get(claims, "sub")));
    person p;
    p.email = email_normalize(r->a, claim(r, claims, s->claim_email));
    p.name = mapped(r, claims, s->claim_name, 100);
    if (!*p.name && strcmp(s->claim_name, "name") == 0) p.name = mapped(r, claims, "given_name family_name", 100);
    p.department = mapped(r, claims, s->claim_department, 100);
    p.site = mapped(r, claims, s->claim_site, 100);
    const json_t *ev = json_object_get(claims, "email_verified");
    int verified = !json_is_false(ev) && !(json_is_string(ev) && strcmp(json_string_value(ev), "false") == 0);
    json_decref(claims);

    /* the account, its profile, the session, the journal: one
     * transaction (one commit, where each written alone was one each) */
    int created = 0, changed = 0, usable = 0;
    const char *address = address_of(r);
    if (db_begin(d)) return resp_db_error(r);
    long long uid = find_account(r, s, sub, &p, verified, &created, &usable);
    if (uid <= 0) {
        db_rollback(d);
        return uid == 0 ? 0 : resp_db_error(r);
    }
    if (!usable) {
        db_rollback(d);
        if (db_exec(d, STMT_AUDIT_USER_ACTION, "nsis", 0LL, "session.signin_refused", uid,
                    arena_printf(r->a, "disabled oidc sub=%.100s address=%s", sub, address)) < 0)
            log_error("audit of a refused sign-in: %s", db_error(d));
        return refuse(r, 403, "account_disabled", arena_printf(r->a, "account id=%lld disabled", uid), M_ACCOUNT_DISABLED);
    }
    if (!created && (changed = update_profile(r, s, uid, &p)) < 0) { db_rollback(d); return resp_db_error(r); }
    if (auth_start_session(r, uid)) { db_rollback(d); auth_revoke_user(uid); return resp_db_error(r); }
    if (s->logout && db_exec(d, STMT_OIDC_SESSION_INSERT, "is", r->user->session_id, id_token) < 0)
        log_error("oidc: the session's ID token was not kept: %s", db_error(d));
    if (db_exec(d, STMT_AUDIT_USER_ACTION, "isis", uid, "session.signin", uid,
                arena_printf(r->a, "oidc address=%s", address)) < 0
        || db_exec(d, STMT_STATS_BUMP_PERSON, "ssisi", "signins", "signins", uid, "signins", uid) < 0)
        log_error("sign-in's journal or count: %s", db_error(d));
    if (db_commit(d)) {
        /* the session this worker cached was never written: forgotten */
        auth_revoke_user(uid);
        return resp_db_error(r);
    }
    if (created || changed) {
        group_cache_changed();     /* default groups, rules, managers' names */
        outbox_poke(W.cfg.indexer_socket);
    }
    if (changed) auth_revoke_user(uid);          /* the cached name of every worker */
    if (changed == 2) member_cache_changed(uid); /* rules may have moved them */
    log_info("sign-in user=%lld through oidc sub=%s address=%s", uid, sub, address);
    resp_header(r, "Location", arena_printf(r->a, "%s/", W.cfg.public_url));
    return resp_empty(r, 302);
}

int h_oidc_logout(req *r)
{
    const oidc_settings *s = oidc_settings_get(r);
    db *d = worker_db();
    if (!s || !d) return resp_db_error(r);
    db_rows *q = db_query(d, r->a, STMT_OIDC_SESSION_TOKEN, "i", r->user->session_id);
    if (!q) return resp_db_error(r);
    const char *hint = q->nrows ? arena_strdup(r->a, db_cell(q, 0, 0)) : NULL;
    long long uid = r->user->id;
    if (auth_end_session(r)) return resp_db_error(r);
    log_info("sign-out user=%lld%s", uid, hint ? " (oidc)" : "");
    const char *url = NULL;
    if (hint && s->logout && oidc_ready(s)) {
        char why[256];
        const json_t *disco = oidc_discovery(r, s, why);
        const char *ep = disco ? json_string_value(json_object_get(disco, "end_session_endpoint")) : NULL;
        if (!disco) log_info("oidc sign-out at the provider skipped: %s", why);
        if (ep)
            url = arena_printf(r->a, "%s%cid_token_hint=%s&client_id=%s&post_logout_redirect_uri=%s&state=%s", ep,
                               strchr(ep, '?') ? '&' : '?', oidc_urlencode(r->a, hint), oidc_urlencode(r->a, s->client_id),
                               oidc_urlencode(r->a, arena_printf(r->a, "%s/", W.cfg.public_url)), random_b64(r));
    }
    return resp_json(r, 200, json_pack("{s:s?}", "logout_url", url));
}

int h_auth_methods(req *r)
{
    const oidc_settings *s = oidc_settings_get(r);
    if (!s) return resp_db_error(r);
    json_t *oidc = oidc_ready(s)
        ? json_pack("{s:s,s:s}", "label", *s->label ? s->label : "SSO", "login_url", "/api/v1/auth/oidc/login")
        : json_null();
    return resp_json(r, 200, json_pack("{s:b,s:o}", "passwords", !s->passwords_off, "oidc", oidc));
}
