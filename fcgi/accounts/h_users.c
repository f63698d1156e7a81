/* /users: the people directory (everyone signed in) and account
 * management (administrators). */
#include "accounts/avatar.h"
#include "account.h"
#include "blob_gc.h"
#include "chat/chat_erase.h"
#include "core/acl.h"
#include "core/auth.h"
#include "crypto.h"
#include "groups/group_cache.h"
#include "groups/groups_model.h"
#include "accounts/handlers.h"
#include "core/respond.h"
#include "core/listing.h"
#include "groups/member_cache.h"
#include "feed/timeline_cache.h"
#include "log.h"
#include "membership.h"
#include "outbox.h"
#include "password_policy.h"
#include "core/validate.h"
#include "core/worker.h"
#include <stdio.h>
#include <string.h>

/* the directory's facts, which anyone edits on their own profile */
#define PROFILE_FIELDS \
    { "job_title", F_STRING, 0, 100, NULL }, \
    { "department", F_STRING, 0, 100, NULL }, \
    { "site", F_STRING, 0, 100, NULL }, \
    { "phone", F_STRING, 0, 40, NULL }, \
    { "bio", F_TEXT, 0, 1000, NULL },

static account_profile body_profile(req *r)
{
    account_profile p = { body_str(r, "job_title"), body_str(r, "department"), body_str(r, "site"),
                          body_str(r, "phone"), body_str(r, "bio") };
    return p;
}

int h_users_list(req *r)
{
    const char *format = req_query(r, "format");
    if (format && strcmp(format, "csv") == 0) return h_users_csv(r);      /* h_imports.c */
    int limit;
    if (req_limit(r, 20, 100, &limit)) return 0;
    const char *q = req_query(r, "q");
    if (q && utf8_chars(q) > 100) return resp_error(r, 400, "bad_request", M_FIELD_TOO_LONG, "q", 100);
    const char *department = req_query(r, "department"), *site = req_query(r, "site");
    if (department && utf8_chars(department) > 100) return resp_error(r, 400, "bad_request", M_FIELD_TOO_LONG, "department", 100);
    if (site && utf8_chars(site) > 100) return resp_error(r, 400, "bad_request", M_FIELD_TOO_LONG, "site", 100);
    const char *cursor = req_query(r, "cursor");
    char *parts[2] = { "", "0" };
    long long after_id = 0;
    if (cursor && *cursor && (cursor_split(r->a, cursor, parts, 2) || (after_id = parse_id(parts[1])) <= 0))
        return resp_error(r, 400, "bad_request", M_BAD_CURSOR);
    const char *pattern = q && *q ? like_contains(r->a, q) : "";
    const char *kind = req_query(r, "kind");
    if (kind && *kind && strcmp(kind, "staff") && strcmp(kind, "guest"))
        return resp_error(r, 400, "bad_request", M_FIELD_ENUM, "kind", "staff, guest");

    db_rows *rows;
    if (!acl_can_browse_directory(r->user))        /* a guest: the members of their groups */
        rows = db_query(worker_db(), r->a, STMT_USERS_DIRECTORY_PAGE_OF_GUEST,
            "iisssssssiissii", r->user->id, r->user->id, pattern, pattern, pattern, department, department, site, site,
            (long long)acl_is_admin(r->user), after_id, parts[0], parts[0], after_id, (long long)limit + 1);
    else if (kind && *kind)
        rows = db_query(worker_db(), r->a, STMT_USERS_DIRECTORY_PAGE_OF_KIND,
            "ssssssssiissii", kind, pattern, pattern, pattern, department, department, site, site,
            (long long)acl_is_admin(r->user), after_id, parts[0], parts[0], after_id, (long long)limit + 1);
    else
        rows = db_query(worker_db(), r->a,
        STMT_USERS_DIRECTORY_PAGE,
        "sssssssiissii", pattern, pattern, pattern, department, department, site, site,
        (long long)acl_is_admin(r->user), after_id, parts[0], parts[0], after_id, (long long)limit + 1);
    if (!rows) return resp_db_error(r);
    json_t *items = json_array();
    int shown = rows->nrows > limit ? limit : rows->nrows;
    for (int i = 0; i < shown; i++) json_array_append_new(items, user_json_seen(r, rows, i, 0));
    json_t *next = rows->nrows > limit
        ? json_string(cursor_make(r->a, arena_printf(r->a, "%s\n%s", db_cell(rows, shown - 1, 2), db_cell(rows, shown - 1, 0))))
        : json_null();
    return resp_json(r, 200, json_pack("{s:o,s:o}", "items", items, "next", next));
}

static db_rows *load_user(req *r, long long id)
{
    return db_query(worker_db(), r->a, STMT_USER_BY_ID, "i", id);
}

/* Whether the asker may see the person of row 0 of `q` (a guest: the
 * people who share a group with them); -1 on a database error. */
static int may_see(req *r, const db_rows *q, long long id)
{
    int shares = 0;
    if (acl_is_guest(r->user) && id != r->user->id) {
        db_rows *s = db_query(worker_db(), r->a, STMT_USERS_SHARE_GROUP, "ii", r->user->id, id);
        if (!s) return -1;
        shares = s->nrows && db_cell_int(s, 0, 0) != 0;
    }
    return acl_can_see_person_sharing(r->user, db_cell(q, 0, 4), id, shares);
}

/* An account's end as the API takes it ("YYYY-MM-DD": that day at 00:00
 * UTC, or "YYYY-MM-DDTHH:MM:SSZ") into MariaDB's "YYYY-MM-DD HH:MM:SS";
 * NULL when it is not one. */
static const char *parse_expiry(req *r, const char *s)
{
    size_t n = strlen(s);
    if (n != 10 && n != 20 && n != 19) return NULL;
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    for (size_t i = 0; i < n; i++) {
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i]) return NULL;
    }
    int mo = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return NULL;
    if (n == 10) return arena_printf(r->a, "%.10s 00:00:00", s);
    int h = (s[11] - '0') * 10 + (s[12] - '0'), mi = (s[14] - '0') * 10 + (s[15] - '0');
    int se = (s[17] - '0') * 10 + (s[18] - '0');
    if (h > 23 || mi > 59 || se > 59) return NULL;
    return arena_printf(r->a, "%.10s %.8s", s, s + 11);
}

/* "expires_at" of the body, taken out of it before the other fields are
 * checked: 0 absent, 1 given (*out: the value, NULL to clear), -1 after
 * answering 400. */
static int body_expiry(req *r, const char **out)
{
    json_t *v = json_object_get(r->body, "expires_at");
    *out = NULL;
    if (!v) return 0;
    if (!json_is_null(v) && !(json_is_string(v) && (*out = parse_expiry(r, json_string_value(v))))) {
        resp_error(r, 400, "bad_request", M_BAD_ACCOUNT_EXPIRY);
        return -1;
    }
    json_object_del(r->body, "expires_at");
    return 1;
}

int h_users_get(req *r)
{
    db_rows *q = load_user(r, r->ids[0]);
    if (!q) return resp_db_error(r);
    int see = q->nrows ? may_see(r, q, r->ids[0]) : 0;
    if (see < 0) return resp_db_error(r);
    if (!see) return resp_error(r, 404, "not_found", M_NOT_FOUND);
    /* the person's groups, those the asker may see */
    db_rows *g = db_query(worker_db(), r->a,
        STMT_GROUPS_OF_USER_WITH_ROLE, "iii", r->user->id, r->user->id, r->ids[0]);
    if (!g) return resp_db_error(r);
    json_t *groups = json_array();
    for (int i = 0; i < g->nrows; i++) {
        group_facts f;
        group_facts_at(g, i, &f);
        if (acl_group(r->user, &f, GA_SEE) != ACL_ALLOW) continue;
        json_array_append_new(groups, json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)f.id,
            "name", db_cell(g, i, 1), "visibility", db_cell(g, i, 3), "role", db_cell(g, i, GROUP_NCOLS)));
    }
    json_t *u = user_json_seen(r, q, 0, 0);
    json_object_set_new(u, "groups", groups);
    /* the manager the directory names (docs/ldap.md), when there is one */
    db_rows *m = db_query(worker_db(), r->a, STMT_LDAP_MANAGER_OF_USER, "i", r->ids[0]);
    if (!m) { json_decref(u); return resp_db_error(r); }
    if (m->nrows)
        json_object_set_new(u, "manager", json_pack("{s:I,s:s}", "id", (json_int_t)db_cell_int(m, 0, 0),
                                                    "display_name", db_cell(m, 0, 1)));
    return resp_json(r, 200, u);
}

static const field_spec create_fields[] = {
    { "email", F_STRING, 1, 254, NULL },
    { "display_name", F_STRING, 1, 100, NULL },
    { "password", F_SECRET, 0, 1024, NULL },
    { "role", F_STRING, 0, 0, "user|admin" },
    { "kind", F_STRING, 0, 0, "staff|guest" },
    PROFILE_FIELDS
    { NULL, 0, 0, 0, NULL },
};

int h_users_create(req *r)
{
    if (!acl_can_manage_accounts(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    const char *expires = NULL;
    if (req_read_json(r) || body_expiry(r, &expires) < 0 || validate_body(r, create_fields)) return 0;
    const char *kind = body_str(r, "kind") ? body_str(r, "kind") : "staff";
    if (strcmp(kind, "guest") == 0 && !acl_can_be_guest(body_str(r, "role") ? body_str(r, "role") : "user"))
        return resp_error(r, 400, "bad_request", M_GUEST_NOT_ADMIN);
    char *email = email_normalize(r->a, body_str(r, "email"));
    if (!email) return resp_error(r, 400, "bad_request", M_BAD_EMAIL, body_str(r, "email"));
    const char *name = trim_spaces(r->a, body_str(r, "display_name"));
    if (!name) return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "display_name");
    const char *password = body_str(r, "password");
    char generated[20];
    /* a chosen first password follows the rules of every password
     * (docs/passwords.md); its errors keep this endpoint's bad_request */
    password_verdict verdict = password ? password_check(password) : PASSWORD_OK;
    if (verdict == PASSWORD_TOO_SHORT) return resp_error(r, 400, "bad_request", M_PASSWORD_SHORT, PASSWORD_MIN);
    if (verdict == PASSWORD_COMMON) return resp_error(r, 400, "bad_request", M_PASSWORD_COMMON);
    if (!password) { password_generate(generated, 16); password = generated; }
    const char *role = body_str(r, "role") ? body_str(r, "role") : "user";

    account_profile profile = body_profile(r);
    long long id = account_create_kind(worker_db(), email, name, password, role, &profile, r->user->id, kind, expires);
    if (id < 0) return resp_db_error(r);
    if (id == 0) return resp_error(r, 409, "conflict", M_EMAIL_TAKEN, email);
    group_cache_changed();        /* default groups and rules counted it */
    outbox_poke(W.cfg.indexer_socket);
    log_info("account created id=%lld by user=%lld", id, r->user->id);
    db_rows *q = load_user(r, id);
    if (!q || q->nrows == 0) return resp_db_error(r);
    json_t *u = user_json_seen(r, q, 0, 0);
    if (password == generated) json_object_set_new(u, "initial_password", json_string(generated));
    return resp_json(r, 201, u);
}

static const field_spec patch_fields[] = {
    { "display_name", F_STRING, 0, 100, NULL },
    { "role", F_STRING, 0, 0, "user|admin" },
    { "status", F_STRING, 0, 0, "active|disabled" },
    { "comm_editor", F_BOOL, 0, 0, NULL },
    { "locale", F_STRING, 0, 0, "fr|en" },
    { "kind", F_STRING, 0, 0, "staff|guest" },
    PROFILE_FIELDS
    { NULL, 0, 0, 0, NULL },
};

int h_users_patch(req *r)
{
    long long id = r->ids[0];
    db_rows *q = load_user(r, id);
    if (!q) return resp_db_error(r);
    int see = q->nrows ? may_see(r, q, id) : 0;
    if (see < 0) return resp_db_error(r);
    if (!see) return resp_error(r, 404, "not_found", M_NOT_FOUND);
    const char *expires = NULL;
    int expiry_given;
    if (req_read_json(r) || (expiry_given = body_expiry(r, &expires)) < 0 || validate_body(r, patch_fields)) return 0;
    const char *kind = body_str(r, "kind");

    const char *name = body_str(r, "display_name"), *role = body_str(r, "role");
    const char *status = body_str(r, "status"), *locale = body_str(r, "locale");
    int editor = body_bool(r, "comm_editor", -1);
    account_profile p = body_profile(r);
    int profile = p.job_title || p.department || p.site || p.phone || p.bio;
    if ((name || locale || profile) && !acl_can_edit_profile(r->user, id))
        return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    if ((role || status || editor >= 0 || kind || expiry_given) && !acl_can_manage_accounts(r->user))
        return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    /* the kind and role it will have: a guest is never an administrator */
    const char *new_kind = kind ? kind : db_cell(q, 0, 13) ? db_cell(q, 0, 13) : "staff";
    if (strcmp(new_kind, "guest") == 0 && !acl_can_be_guest(role ? role : db_cell(q, 0, 3)))
        return resp_error(r, 400, "bad_request", M_GUEST_NOT_ADMIN);
    if (kind && strcmp(kind, "guest") == 0 && id == r->user->id) return resp_error(r, 400, "bad_request", M_GUEST_NOT_ADMIN);
    const char *new_expires = expiry_given ? expires
        : db_cell(q, 0, 14) ? parse_expiry(r, db_cell(q, 0, 14)) : NULL;
    if (name && !(name = trim_spaces(r->a, name)))
        return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "display_name");
    int disabling = status && strcmp(status, "disabled") == 0 && strcmp(db_cell(q, 0, 4), "disabled") != 0;
    int demoting = role && strcmp(role, "user") == 0 && strcmp(db_cell(q, 0, 3), "admin") == 0;
    if (disabling && id == r->user->id) return resp_error(r, 409, "conflict", M_SELF_DISABLE);

    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    if (disabling || demoting) {
        /* locks the administrators' rows so two demotions cannot race */
        db_rows *admins = db_query(d, r->a,
            STMT_ADMINS_OTHER_ACTIVE_LOCK,
            "i", id);
        if (!admins) { db_rollback(d); return resp_db_error(r); }
        if (strcmp(db_cell(q, 0, 3), "admin") == 0 && db_cell_int(admins, 0, 0) == 0) {
            db_rollback(d);
            return resp_error(r, 409, "conflict", M_LAST_ADMIN);
        }
    }
    if (db_exec(d, STMT_USER_UPDATE,
                "sssssssssiii", name, role, status, locale, p.job_title, p.department, p.site, p.phone, p.bio,
                (long long)editor, (long long)editor, id) < 0
        || ((p.department || p.site || status) && membership_sync_user(d, id))
        || ((kind || expiry_given) && db_exec(d, STMT_USER_SET_KIND, "ssi", new_kind, new_expires, id) < 0)
        || (disabling && db_exec(d, STMT_SESSIONS_DELETE_OF_USER, "i", id) < 0)
        || (disabling && db_exec(d, STMT_PASSWORD_RESETS_DELETE_OF_USER, "i", id) < 0)
        || outbox_add(d, ENTITY_PERSON, id)
        || db_exec(d, STMT_AUDIT_ACCOUNT_UPDATE,
                   "iis", r->user->id, id,
                   arena_printf(r->a, "role=%s status=%s name=%s locale=%s profile=%s comm_editor=%s%s%s%s%s", role ? role : "-",
                                status ? status : "-", name ? "changed" : "-", locale ? locale : "-",
                                profile ? "changed" : "-", editor < 0 ? "-" : editor ? "yes" : "no",
                                kind ? " kind=" : "", kind ? kind : "", expiry_given ? " expires_at=" : "",
                                expiry_given ? (expires ? expires : "none") : "")) < 0
        /* the journal's own rows for a role changed and an account
         * disabled or enabled again (what « Journal » filters on) */
        || (role && strcmp(role, db_cell(q, 0, 3)) != 0
            && db_exec(d, STMT_AUDIT_USER_ACTION, "isis", r->user->id, "account.role", id,
                       arena_printf(r->a, "role=%s was=%s", role, db_cell(q, 0, 3))) < 0)
        || (status && strcmp(status, db_cell(q, 0, 4)) != 0
            && db_exec(d, STMT_AUDIT_USER_ACTION, "isis", r->user->id,
                       strcmp(status, "disabled") == 0 ? "account.disable" : "account.enable", id, "") < 0)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (db_commit(d)) return resp_db_error(r);
    auth_revoke_user(id);          /* after the commit: see authgen.h */
    if (name || p.department || p.site || status || kind) group_cache_changed();   /* managers' names, counts */
    if (p.department || p.site || status) member_cache_changed(id);       /* rules may have moved them */
    if (name || kind) timeline_changed_all();                             /* their name and « Invité » on their posts */
    outbox_poke(W.cfg.indexer_socket);
    if (disabling) log_info("account disabled id=%lld by user=%lld", id, r->user->id);
    q = load_user(r, id);
    if (!q || q->nrows == 0) return resp_db_error(r);
    return resp_json(r, 200, user_json_seen(r, q, 0, 0));
}

int h_users_delete(req *r)
{
    long long id = r->ids[0];
    if (!acl_can_manage_accounts(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    if (id == r->user->id) return resp_error(r, 409, "conflict", M_SELF_DELETE);
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    db_rows *u = db_query(d, r->a, STMT_USER_LOCK, "i", id);
    if (!u) { db_rollback(d); return resp_db_error(r); }
    if (u->nrows == 0) { db_rollback(d); return resp_error(r, 404, "not_found", M_NOT_FOUND); }
    /* a group must keep a manager: the person may not be the last one */
    db_rows *last = db_query(d, r->a,
        STMT_GROUPS_ONLY_MANAGED_BY_USER_LOCK, "i", id);
    if (!last) { db_rollback(d); return resp_db_error(r); }
    if (last->nrows) { db_rollback(d); return resp_error(r, 409, "conflict", M_LAST_MANAGER_OF, db_cell(last, 0, 0)); }
    /* the groups they were in, recounted once they are gone */
    db_rows *groups = db_query(d, r->a, STMT_GROUP_IDS_OF_USER, "i", id);
    const char *ids = groups && db_cell(groups, 0, 0) ? db_cell(groups, 0, 0) : "[]";
    const char *freed = NULL, *photo_freed = NULL;
    if (!groups || chat_erase_person(d, r->a, id, &freed) || avatar_erase(d, r->a, "user", id, &photo_freed)
        || db_exec(d, STMT_USER_DELETE, "i", id) < 0
        || db_exec(d, STMT_GROUPS_RECOUNT_OF_IDS,
                   "s", ids) < 0) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (outbox_add(d, ENTITY_PERSON, id)
        || db_exec(d, STMT_AUDIT_ACCOUNT_DELETE,
                   "ii", r->user->id, id) < 0) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (db_commit(d)) return resp_db_error(r);
    auth_revoke_user(id);
    group_cache_changed();
    timeline_changed_all();       /* their posts went with them */
    outbox_poke(W.cfg.indexer_socket);
    blob_release(d, r->a, arena_printf(r->a, "%s/blobs", W.cfg.var_dir), freed);   /* the files they sent in chat */
    blob_release(d, r->a, arena_printf(r->a, "%s/blobs", W.cfg.var_dir), photo_freed);   /* their photo (docs/viewer.md) */
    log_info("account deleted id=%lld by user=%lld", id, r->user->id);
    return resp_empty(r, 204);
}

/* The values of one profile attribute among active accounts, with counts. */
static json_t *attribute_values(req *r, stmt sql)
{
    db_rows *q = db_query(worker_db(), r->a, sql, "");
    if (!q) return NULL;
    json_t *items = json_array();
    for (int i = 0; i < q->nrows; i++)
        json_array_append_new(items, json_pack("{s:s,s:I}", "value", db_cell(q, i, 0),
                                               "count", (json_int_t)db_cell_int(q, i, 1)));
    return items;
}

int h_directory_attributes(req *r)
{
    /* a guest does not browse the directory: no departments, no sites */
    if (!acl_can_browse_directory(r->user))
        return resp_json(r, 200, json_pack("{s:[],s:[]}", "departments", "sites"));
    json_t *departments = attribute_values(r, STMT_DIRECTORY_DEPARTMENTS);
    json_t *sites = departments ? attribute_values(r, STMT_DIRECTORY_SITES) : NULL;
    if (!sites) { json_decref(departments); return resp_db_error(r); }
    return resp_json(r, 200, json_pack("{s:o,s:o}", "departments", departments, "sites", sites));
}
