/* /users: the people directory (everyone signed in) and account
 * management (administrators). */
#include "account.h"
#include "acl.h"
#include "auth.h"
#include "crypto.h"
#include "handlers.h"
#include "log.h"
#include "outbox.h"
#include "validate.h"
#include "worker.h"
#include <stdio.h>
#include <string.h>

#define PASSWORD_MIN 12

/* LIKE pattern for "contains q", with LIKE's own characters escaped. */
static char *like_contains(arena *a, const char *q)
{
    size_t n = strlen(q);
    char *out = arena_alloc(a, 2 * n + 3), *p = out;
    *p++ = '%';
    for (; *q; q++) {
        if (*q == '%' || *q == '_' || *q == '\\') *p++ = '\\';
        *p++ = *q;
    }
    *p++ = '%';
    *p = 0;
    return out;
}

/* Cursor: base64url of "<display_name>\n<id>" of the last item shown. */
static char *cursor_make(arena *a, const char *name, long long id)
{
    char *plain = arena_printf(a, "%s\n%lld", name, id);
    size_t n = strlen(plain);
    char *out = arena_alloc(a, 4 * (n / 3 + 1) + 4);
    b64url_encode((const unsigned char *)plain, n, out, 4 * (n / 3 + 1) + 4);
    return out;
}

static int cursor_read(arena *a, const char *c, char **name, long long *id)
{
    size_t n = strlen(c);
    if (n == 0 || n > 1024) return -1;
    unsigned char *buf = arena_alloc(a, n + 1);
    int got = b64url_decode(c, n, buf, n);
    if (got < 3) return -1;
    buf[got] = 0;
    char *nl = strrchr((char *)buf, '\n');
    if (!nl || (long)strlen((char *)buf) != got) return -1;
    *nl = 0;
    *id = parse_id(nl + 1);
    *name = (char *)buf;
    return *id > 0 ? 0 : -1;
}

int h_users_list(req *r)
{
    int limit;
    if (req_limit(r, 20, 100, &limit)) return 0;
    const char *q = req_query(r, "q");
    if (q && utf8_chars(q) > 100) return resp_error(r, 400, "bad_request", M_FIELD_TOO_LONG, "q", 100);
    const char *cursor = req_query(r, "cursor");
    char *after_name = "";
    long long after_id = 0;
    if (cursor && *cursor && cursor_read(r->a, cursor, &after_name, &after_id))
        return resp_error(r, 400, "bad_request", M_BAD_CURSOR);
    const char *pattern = q && *q ? like_contains(r->a, q) : "";

    db_rows *rows = db_query(worker_db(), r->a,
        "SELECT " USER_COLUMNS " FROM users u"
        " WHERE (? = '' OR u.display_name LIKE ? OR u.email LIKE ?)"
        " AND (? = 1 OR u.status = 'active')"
        " AND (? = 0 OR (u.display_name, u.id) > (?, ?))"
        " ORDER BY u.display_name, u.id LIMIT ?",
        "sssiisii", pattern, pattern, pattern, (long long)acl_is_admin(r->user),
        after_id, after_name, after_id, (long long)limit + 1);
    if (!rows) return resp_db_error(r);
    json_t *items = json_array();
    int shown = rows->nrows > limit ? limit : rows->nrows;
    for (int i = 0; i < shown; i++) json_array_append_new(items, user_json(rows, i));
    json_t *next = rows->nrows > limit
        ? json_string(cursor_make(r->a, db_cell(rows, shown - 1, 2), db_cell_int(rows, shown - 1, 0)))
        : json_null();
    return resp_json(r, 200, json_pack("{s:o,s:o}", "items", items, "next", next));
}

static db_rows *load_user(req *r, long long id)
{
    return db_query(worker_db(), r->a, "SELECT " USER_COLUMNS " FROM users u WHERE u.id = ?", "i", id);
}

int h_users_get(req *r)
{
    db_rows *q = load_user(r, r->ids[0]);
    if (!q) return resp_db_error(r);
    if (q->nrows == 0 || !acl_can_see_person(r->user, db_cell(q, 0, 4)))
        return resp_error(r, 404, "not_found", M_NOT_FOUND);
    return resp_json(r, 200, user_json(q, 0));
}

static const field_spec create_fields[] = {
    { "email", F_STRING, 1, 254, NULL },
    { "display_name", F_STRING, 1, 100, NULL },
    { "password", F_SECRET, 0, 1024, NULL },
    { "role", F_STRING, 0, 0, "user|admin" },
    { NULL, 0, 0, 0, NULL },
};

/* A display name: trimmed, not empty. */
static const char *clean_name(req *r, const char *s)
{
    while (*s == ' ') s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ') n--;
    return n ? arena_strndup(r->a, s, n) : NULL;
}

int h_users_create(req *r)
{
    if (!acl_can_manage_accounts(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    if (req_read_json(r) || validate_body(r, create_fields)) return 0;
    char *email = email_normalize(r->a, body_str(r, "email"));
    if (!email) return resp_error(r, 400, "bad_request", M_BAD_EMAIL, body_str(r, "email"));
    const char *name = clean_name(r, body_str(r, "display_name"));
    if (!name) return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "display_name");
    const char *password = body_str(r, "password");
    char generated[20];
    if (password && utf8_chars(password) < PASSWORD_MIN)
        return resp_error(r, 400, "bad_request", M_PASSWORD_SHORT, PASSWORD_MIN);
    if (!password) { password_generate(generated, 16); password = generated; }
    const char *role = body_str(r, "role") ? body_str(r, "role") : "user";

    long long id = account_create(worker_db(), email, name, password, role, r->user->id);
    if (id < 0) return resp_db_error(r);
    if (id == 0) return resp_error(r, 409, "conflict", M_EMAIL_TAKEN, email);
    outbox_poke(W.cfg.indexer_socket);
    log_info("account created id=%lld by user=%lld", id, r->user->id);
    db_rows *q = load_user(r, id);
    if (!q || q->nrows == 0) return resp_db_error(r);
    json_t *u = user_json(q, 0);
    if (password == generated) json_object_set_new(u, "initial_password", json_string(generated));
    return resp_json(r, 201, u);
}

static const field_spec patch_fields[] = {
    { "display_name", F_STRING, 0, 100, NULL },
    { "role", F_STRING, 0, 0, "user|admin" },
    { "status", F_STRING, 0, 0, "active|disabled" },
    { "locale", F_STRING, 0, 0, "fr|en" },
    { NULL, 0, 0, 0, NULL },
};

int h_users_patch(req *r)
{
    long long id = r->ids[0];
    db_rows *q = load_user(r, id);
    if (!q) return resp_db_error(r);
    if (q->nrows == 0 || !acl_can_see_person(r->user, db_cell(q, 0, 4)))
        return resp_error(r, 404, "not_found", M_NOT_FOUND);
    if (req_read_json(r) || validate_body(r, patch_fields)) return 0;

    const char *name = body_str(r, "display_name"), *role = body_str(r, "role");
    const char *status = body_str(r, "status"), *locale = body_str(r, "locale");
    if ((name || locale) && !acl_can_edit_profile(r->user, id))
        return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    if ((role || status) && !acl_can_manage_accounts(r->user))
        return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    if (name && !(name = clean_name(r, name)))
        return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "display_name");
    int disabling = status && strcmp(status, "disabled") == 0 && strcmp(db_cell(q, 0, 4), "disabled") != 0;
    int demoting = role && strcmp(role, "user") == 0 && strcmp(db_cell(q, 0, 3), "admin") == 0;
    if (disabling && id == r->user->id) return resp_error(r, 409, "conflict", M_SELF_DISABLE);

    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    if (disabling || demoting) {
        /* locks the administrators' rows so two demotions cannot race */
        db_rows *admins = db_query(d, r->a,
            "SELECT COUNT(*) FROM users WHERE role = 'admin' AND status = 'active' AND id <> ? FOR UPDATE",
            "i", id);
        if (!admins) { db_rollback(d); return resp_db_error(r); }
        if (strcmp(db_cell(q, 0, 3), "admin") == 0 && db_cell_int(admins, 0, 0) == 0) {
            db_rollback(d);
            return resp_error(r, 409, "conflict", M_LAST_ADMIN);
        }
    }
    if (db_exec(d, "UPDATE users SET display_name = COALESCE(?, display_name), role = COALESCE(?, role),"
                   " status = COALESCE(?, status), locale = COALESCE(?, locale) WHERE id = ?",
                "ssssi", name, role, status, locale, id) < 0
        || (disabling && db_exec(d, "DELETE FROM sessions WHERE user_id = ?", "i", id) < 0)
        || outbox_add(d, "person", id)
        || db_exec(d, "INSERT INTO audit_log (actor_id, action, target_type, target_id, detail)"
                      " VALUES (?, 'account.update', 'user', ?, ?)",
                   "iis", r->user->id, id,
                   arena_printf(r->a, "role=%s status=%s name=%s locale=%s", role ? role : "-",
                                status ? status : "-", name ? "changed" : "-", locale ? locale : "-")) < 0) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (db_commit(d)) return resp_db_error(r);
    auth_revoke_user(id);          /* after the commit: see authgen.h */
    outbox_poke(W.cfg.indexer_socket);
    if (disabling) log_info("account disabled id=%lld by user=%lld", id, r->user->id);
    q = load_user(r, id);
    if (!q || q->nrows == 0) return resp_db_error(r);
    return resp_json(r, 200, user_json(q, 0));
}
