#include "core/auth.h"
#include "authgen.h"
#include "crypto.h"
#include "log.h"
#include "core/worker.h"
#include "settings.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* direct-mapped by the token's hash: 2048 slots let a third of 1,000
 * people chatting evict each other (a session read again from MariaDB, and
 * the day's presence written again, at every other request); 8192 slots
 * are 7 MiB a worker, touched only as used */
#define CACHE_SLOTS 8192
/* seconds between writes of last_seen_at: each is a commit, and with
 * thousands of people chatting a minute made one request in six write it;
 * five minutes is nothing next to session_idle (8 h by default) */
#define TOUCH_EVERY 300

typedef struct {
    int used;
    unsigned char hash[32];
    uint64_t gen;               /* the user's revocation counter when checked */
    time_t expires_at;          /* absolute end of the session */
    time_t last_used;           /* last request this worker saw */
    time_t last_touch;          /* last write of last_seen_at */
    long long user_id, session_id;
    char email[256], display_name[404], role[8], status[10], locale[4], created_at[24];
    int comm_editor;
    int guest;                  /* kind 'guest' */
    char account_expires[24];   /* the account's end ("": none) */
    long presence_day;          /* the day (since 1970) this session was last counted as seen */
} cached_session;

static cached_session cache[CACHE_SLOTS];

static const char *cookie_name(void)
{
    /* __Host- binds the cookie to this origin, but browsers accept it only
     * with Secure, so it is used when Parvis is served over https */
    return W.secure_cookies ? "__Host-parvis_session" : "parvis_session";
}

/* The value of our cookie in the Cookie header, copied to buf. */
static int find_cookie(const char *header, char *buf, size_t n)
{
    const char *name = cookie_name();
    size_t nl = strlen(name);
    for (const char *p = header; p && *p;) {
        while (*p == ' ' || *p == ';') p++;
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
            size_t vl = len - nl - 1;
            if (vl >= n) return -1;
            memcpy(buf, p + nl + 1, vl);
            buf[vl] = 0;
            return 0;
        }
        p = end;
    }
    return -1;
}

static cached_session *slot_for(const unsigned char hash[32])
{
    unsigned v = (unsigned)hash[0] | (unsigned)hash[1] << 8 | (unsigned)hash[2] << 16;
    return &cache[v % CACHE_SLOTS];
}

static void copy(char *dst, size_t n, const char *src);

/* The setting guests_see_news (docs/guests.md), kept while no
 * administrator changed the settings (authgen.h): 1, 0, or -1 on a
 * database error. Asked for guests' requests only. */
static int guests_see_news(req *r)
{
    static uint64_t gen;
    static int known, value;
    uint64_t now = authgen_global_get(AUTHGEN_SETTINGS);   /* the counter first, then the query */
    if (known && gen == now) return value;
    char v[8];
    db *d = worker_db();
    if (!d || settings_get(d, r->a, "guests_see_news", v, sizeof v)) return -1;
    value = strcmp(v, "1") == 0;
    gen = now;
    known = 1;
    return value;
}

static void fill_user(req *r, const cached_session *e)
{
    auth_user *u = arena_alloc(r->a, sizeof *u);
    u->id = e->user_id;
    u->session_id = e->session_id;
    u->email = arena_strdup(r->a, e->email);
    u->display_name = arena_strdup(r->a, e->display_name);
    u->role = arena_strdup(r->a, e->role);
    u->status = arena_strdup(r->a, e->status);
    u->locale = arena_strdup(r->a, e->locale);
    u->created_at = arena_strdup(r->a, e->created_at);
    u->comm_editor = e->comm_editor;
    u->guest = e->guest;
    copy(u->expires_at, sizeof u->expires_at, e->account_expires);
    /* what the platform lets guests see, a fact acl.c decides on */
    u->guests_see_news = u->guest && guests_see_news(r) == 1;
    memcpy(u->token_hash, e->hash, 32);
    r->user = u;
}

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

/* Reads the session and its user from MariaDB and caches them. The user's
 * revocation counter is read before the query (see authgen.h). */
static int load_session(req *r, const unsigned char hash[32], cached_session *e)
{
    db *d = worker_db();
    if (!d) return -1;
    long long uid = 0;
    if (e->used && memcmp(e->hash, hash, 32) == 0) {
        uid = e->user_id;                       /* a session never changes user */
    } else {
        db_rows *q = db_query(d, r->a, STMT_SESSION_USER_BY_TOKEN, "b", hash, (size_t)32);
        if (!q) return -1;
        if (q->nrows == 0) return 0;
        uid = db_cell_int(q, 0, 0);
    }
    e->used = 0;
    uint64_t gen = authgen_get(uid);
    db_rows *q = db_query(d, r->a,
        STMT_SESSION_LOAD,
        "bi", hash, (size_t)32, (long long)W.cfg.session_idle);
    if (!q) return -1;
    if (q->nrows == 0) return 0;
    time_t now = time(NULL);
    memcpy(e->hash, hash, 32);
    e->gen = gen;
    e->session_id = db_cell_int(q, 0, 0);
    e->user_id = db_cell_int(q, 0, 1);
    copy(e->email, sizeof e->email, db_cell(q, 0, 2));
    copy(e->display_name, sizeof e->display_name, db_cell(q, 0, 3));
    copy(e->role, sizeof e->role, db_cell(q, 0, 4));
    copy(e->status, sizeof e->status, db_cell(q, 0, 5));
    copy(e->locale, sizeof e->locale, db_cell(q, 0, 6));
    copy(e->created_at, sizeof e->created_at, db_cell(q, 0, 7));
    e->expires_at = (time_t)db_cell_int(q, 0, 8);
    e->comm_editor = db_cell_int(q, 0, 9) != 0;
    e->last_used = now;
    e->presence_day = 0;
    /* touched lately (by another worker): not again before TOUCH_EVERY;
     * each worker writing it for each person cost a commit, and its
     * fsync, on a quarter of the requests of a busy chat */
    e->last_touch = now - (time_t)db_cell_int(q, 0, 10);
    e->guest = db_cell(q, 0, 11) && strcmp(db_cell(q, 0, 11), "guest") == 0;
    copy(e->account_expires, sizeof e->account_expires, db_cell(q, 0, 12));
    e->used = 1;
    return 1;
}

int auth_resolve(req *r)
{
    char tok[64];
    unsigned char raw[TOKEN_BYTES], hash[32];
    if (!r->cookie || find_cookie(r->cookie, tok, sizeof tok)) return 0;
    if (strlen(tok) != TOKEN_B64_LEN || b64url_decode(tok, TOKEN_B64_LEN, raw, sizeof raw) != TOKEN_BYTES)
        return 0;
    token_hash(raw, sizeof raw, hash);

    cached_session *e = slot_for(hash);
    time_t now = time(NULL);
    int fresh = e->used && memcmp(e->hash, hash, 32) == 0
        && authgen_get(e->user_id) == e->gen
        && now < e->expires_at
        && now - e->last_used < W.cfg.session_idle;
    if (!fresh) {
        int rc = load_session(r, hash, e);
        if (rc <= 0) return rc;
    }
    e->last_used = now;
    if (now - e->last_touch >= TOUCH_EVERY) {
        db *d = worker_db();
        if (d && db_exec(d, STMT_SESSION_TOUCH, "i", e->session_id) >= 0)
            e->last_touch = now;
    }
    /* statistics: the person was seen today (a row per person and day,
     * kept 31 days: docs/statistics.md) */
    if (e->presence_day != (long)(now / 86400)) {
        db *d = worker_db();
        if (d && db_exec(d, STMT_STATS_PRESENCE, "i", e->user_id) >= 0) e->presence_day = (long)(now / 86400);
    }
    fill_user(r, e);
    return 0;
}

const char *auth_csrf_token(req *r)
{
    if (!r->user) return NULL;
    char *out = arena_alloc(r->a, TOKEN_B64_LEN + 1);
    hmac_b64(W.secret, r->user->token_hash, 32, out);
    return out;
}

int auth_csrf_ok(req *r)
{
    const char *want = auth_csrf_token(r);
    const char *got = r->csrf_header;
    return want && got && strlen(got) == TOKEN_B64_LEN && sodium_memcmp(want, got, TOKEN_B64_LEN) == 0;
}

static void set_cookie(req *r, const char *value, long max_age)
{
    char *c = arena_printf(r->a, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s",
                           cookie_name(), value, max_age, W.secure_cookies ? "; Secure" : "");
    resp_header(r, "Set-Cookie", c);
}

int auth_start_session(req *r, long long user_id)
{
    db *d = worker_db();
    if (!d) return -1;
    unsigned char raw[TOKEN_BYTES], hash[32];
    char tok[TOKEN_B64_LEN + 1];
    token_random(raw);
    token_hash(raw, sizeof raw, hash);
    b64url_encode(raw, sizeof raw, tok, sizeof tok);
    /* a good moment to forget this user's dead sessions */
    db_exec(d, STMT_SESSION_PURGE_EXPIRED_OF_USER,
            "ii", user_id, (long long)W.cfg.session_idle);
    if (db_exec(d, STMT_SESSION_INSERT,
                "biis", hash, (size_t)32, user_id, (long long)W.cfg.session_lifetime,
                r->remote_addr ? r->remote_addr : "") < 0)
        return -1;
    /* the last sign-in: the retention of inactive accounts (docs/gdpr.md) */
    db_exec(d, STMT_USER_SIGNED_IN, "i", user_id);
    cached_session *e = slot_for(hash);
    e->used = 0;
    if (load_session(r, hash, e) != 1) return -1;
    e->last_touch = time(NULL);
    if (db_exec(d, STMT_STATS_PRESENCE, "i", user_id) >= 0) e->presence_day = (long)(e->last_touch / 86400);
    fill_user(r, e);
    set_cookie(r, tok, W.cfg.session_lifetime);
    return 0;
}

int auth_end_session(req *r)
{
    if (!r->user) return 0;
    db *d = worker_db();
    if (!d || db_exec(d, STMT_SESSION_DELETE, "i", r->user->session_id) < 0) return -1;
    auth_revoke_user(r->user->id);
    set_cookie(r, "", 0);
    return 0;
}

void auth_revoke_user(long long user_id)
{
    authgen_bump(user_id);
}
