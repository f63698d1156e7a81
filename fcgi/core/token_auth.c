#include "core/token_auth.h"
#include "core/acl.h"
#include "core/respond.h"
#include "core/worker.h"
#include "authgen.h"
#include "crypto.h"
#include "log.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define CACHE_SLOTS 1024
/* the last use is written at most this often per token (seconds) */
#define TOUCH_EVERY 60

typedef struct {
    int used;
    unsigned char hash[32];
    uint64_t gen;               /* the person's revocation counter when checked */
    time_t ends;                /* the token's or the account's end, whichever first (0: none) */
    time_t last_touch;          /* last write of last_used_at */
    long long token_id, user_id;
    int scopes;
    char email[256], display_name[404], role[8], status[10], locale[4], created_at[24];
    int comm_editor, guest, service;
    char account_expires[24];
} cached_token;

static cached_token cache[CACHE_SLOTS];

int token_present(const req *r)
{
    return r->authorization && *r->authorization;
}

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

void token_secret_hash(const char *secret, unsigned char hash[32])
{
    token_hash((const unsigned char *)secret, strlen(secret), hash);
}

void token_new(char out[API_TOKEN_LEN + 1], unsigned char hash[32], char prefix[11])
{
    unsigned char raw[TOKEN_BYTES];
    token_random(raw);
    memcpy(out, API_TOKEN_PREFIX, 4);
    b64url_encode(raw, sizeof raw, out + 4, TOKEN_B64_LEN + 1);
    token_secret_hash(out, hash);
    memcpy(prefix, out, 10);
    prefix[10] = 0;
}

/* The token of "Bearer <token>", or NULL when the header is not that. */
static const char *bearer(const char *h)
{
    if (strncasecmp(h, "Bearer ", 7) != 0) return NULL;
    h += 7;
    while (*h == ' ') h++;
    size_t n = strlen(h);
    while (n && h[n - 1] == ' ') n--;
    if (n != API_TOKEN_LEN || strncmp(h, API_TOKEN_PREFIX, 4) != 0) return NULL;
    for (size_t i = 4; i < n; i++) {
        char c = h[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return NULL;
    }
    return h;
}

static int refuse(req *r, msg_id m, const char *arg)
{
    resp_header(r, "WWW-Authenticate", "Bearer realm=\"parvis\", error=\"invalid_token\"");
    return resp_error(r, 401, "unauthenticated", m, arg);
}

/* Reads the token and its person; 1 cached, 0 refused (answered), -1 db. */
static int load(req *r, const unsigned char hash[32], cached_token *e)
{
    db *d = worker_db();
    if (!d) return -1;
    /* the counter before the query (authgen.h): the person of a token
     * never changes, so a token seen before needs one query, a new one a
     * first to learn whose it is */
    long long uid = 0;
    db_rows *q = NULL;
    if (e->used && memcmp(e->hash, hash, 32) == 0) {
        uid = e->user_id;
    } else {
        q = db_query(d, r->a, STMT_TOKEN_LOAD, "b", hash, (size_t)32);
        if (!q) return -1;
        if (q->nrows == 0) { refuse(r, M_TOKEN_UNKNOWN, NULL); return 0; }
        uid = db_cell_int(q, 0, 1);
    }
    e->used = 0;
    uint64_t gen = authgen_get(uid);
    q = db_query(d, r->a, STMT_TOKEN_LOAD, "b", hash, (size_t)32);
    if (!q) return -1;
    if (q->nrows == 0) { refuse(r, M_TOKEN_UNKNOWN, NULL); return 0; }
    if (db_cell_int(q, 0, 17)) {
        time_t t = (time_t)db_cell_int(q, 0, 11);
        struct tm tm;
        char when[32];
        gmtime_r(&t, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
        refuse(r, M_TOKEN_EXPIRED, arena_strdup(r->a, when));
        return 0;
    }
    if (strcmp(db_cell(q, 0, 5), "active") != 0 || db_cell_int(q, 0, 18)) {
        refuse(r, M_TOKEN_ACCOUNT_DISABLED, NULL);
        return 0;
    }
    memcpy(e->hash, hash, 32);
    e->gen = gen;
    e->token_id = db_cell_int(q, 0, 0);
    e->user_id = db_cell_int(q, 0, 1);
    copy(e->email, sizeof e->email, db_cell(q, 0, 2));
    copy(e->display_name, sizeof e->display_name, db_cell(q, 0, 3));
    copy(e->role, sizeof e->role, db_cell(q, 0, 4));
    copy(e->status, sizeof e->status, db_cell(q, 0, 5));
    copy(e->locale, sizeof e->locale, db_cell(q, 0, 6));
    copy(e->created_at, sizeof e->created_at, db_cell(q, 0, 7));
    e->comm_editor = db_cell_int(q, 0, 8) != 0;
    const char *kind = db_cell(q, 0, 9) ? db_cell(q, 0, 9) : "staff";
    e->guest = strcmp(kind, "guest") == 0;
    e->service = strcmp(kind, "service") == 0 || strcmp(kind, "connector") == 0;
    copy(e->account_expires, sizeof e->account_expires, db_cell(q, 0, 10));
    time_t te = (time_t)db_cell_int(q, 0, 11), ue = (time_t)db_cell_int(q, 0, 12);
    e->ends = te && ue ? (te < ue ? te : ue) : (te ? te : ue);
    e->scopes = (db_cell_int(q, 0, 13) ? SCOPE_READ : 0) | (db_cell_int(q, 0, 14) ? SCOPE_WRITE : 0)
              | (db_cell_int(q, 0, 15) ? SCOPE_ADMIN : 0);
    long long since = db_cell_int(q, 0, 16);
    e->last_touch = time(NULL) - (time_t)since;
    e->used = 1;
    return 1;
}

int token_resolve(req *r)
{
    const char *tok = bearer(r->authorization);
    if (!tok) return refuse(r, M_TOKEN_MALFORMED, NULL), 1;
    unsigned char hash[32];
    token_secret_hash(tok, hash);
    unsigned v = (unsigned)hash[0] | (unsigned)hash[1] << 8 | (unsigned)hash[2] << 16;
    cached_token *e = &cache[v % CACHE_SLOTS];
    time_t now = time(NULL);
    int fresh = e->used && memcmp(e->hash, hash, 32) == 0 && authgen_get(e->user_id) == e->gen
        && (!e->ends || now < e->ends);
    if (!fresh) {
        int rc = load(r, hash, e);
        if (rc < 0) return -1;
        if (rc == 0) return 1;
    }
    if (now - e->last_touch >= TOUCH_EVERY) {
        db *d = worker_db();
        if (d && db_exec(d, STMT_TOKEN_TOUCH, "i", e->token_id) >= 0) e->last_touch = now;
    }
    auth_user *u = arena_alloc(r->a, sizeof *u);
    memset(u, 0, sizeof *u);
    u->id = e->user_id;
    u->session_id = 0;
    u->email = arena_strdup(r->a, e->email);
    u->display_name = arena_strdup(r->a, e->display_name);
    u->status = arena_strdup(r->a, e->status);
    u->locale = arena_strdup(r->a, e->locale);
    u->created_at = arena_strdup(r->a, e->created_at);
    u->comm_editor = e->comm_editor;
    u->guest = e->guest;
    u->service = e->service;
    copy(u->expires_at, sizeof u->expires_at, e->account_expires);
    /* without the admin scope, the request acts as a plain member */
    int admin = strcmp(e->role, "admin") == 0 && !e->guest;
    u->role = arena_strdup(r->a, acl_token_admin_powers(e->scopes, admin) ? "admin" : "user");
    /* the "CSRF token" /me shows: derived from the API token, and useless
     * without a session */
    memcpy(u->token_hash, hash, 32);
    r->user = u;
    r->token_id = e->token_id;
    r->token_scopes = e->scopes;
    /* the person's real role, for the scope decision */
    r->token_admin = admin;
    return 0;
}
