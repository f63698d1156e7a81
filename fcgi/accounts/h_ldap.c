/* /admin/ldap: the directory sync's settings (GET, PUT), a preview that
 * changes nothing (POST /admin/ldap/preview), « Synchroniser maintenant »
 * (POST /admin/ldap/sync: queued, run by parvis-notifier within seconds)
 * and the reports of the runs (GET /admin/ldap/runs, /admin/ldap/runs/{id}).
 * Administrators only (acl_can_manage_directory). docs/ldap.md. */
#include "accounts/handlers.h"
#include "core/acl.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "ldap_sync.h"
#include "mail_settings.h"
#include "notify.h"
#include "settings.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int forbidden(req *r) { return resp_error(r, 403, "forbidden", M_FORBIDDEN); }

/* columns of STMT_LDAP_RUNS_LAST and STMT_LDAP_RUN_BY_ID */
static json_t *run_json(const db_rows *q, int i)
{
    static const char *const counts[] = { "entries", "created", "updated", "disabled", "enabled", "unchanged",
                                          "skipped", "members_added", "members_removed", "duration_ms" };
    json_t *o = json_pack("{s:I,s:s,s:s,s:o,s:s,s:o,s:o,s:s}", "id", (json_int_t)db_cell_int(q, i, 0),
        "status", db_cell(q, i, 1), "trigger", db_cell(q, i, 2),
        "requested_by", db_cell(q, i, 3) ? json_integer(db_cell_int(q, i, 3)) : json_null(),
        "requested_at", db_cell(q, i, 4),
        "started_at", db_cell(q, i, 5) ? json_string(db_cell(q, i, 5)) : json_null(),
        "finished_at", db_cell(q, i, 6) ? json_string(db_cell(q, i, 6)) : json_null(),
        "message", db_cell(q, i, 17) ? db_cell(q, i, 17) : "");
    for (int c = 0; c < 10; c++) json_object_set_new(o, counts[c], json_integer(db_cell_int(q, i, 7 + c)));
    json_t *errors = db_cell(q, i, 18) ? json_loads(db_cell(q, i, 18), 0, NULL) : NULL;
    json_object_set_new(o, "errors", errors ? errors : json_array());
    return o;
}

int h_ldap_get(req *r)
{
    if (!acl_can_manage_directory(r->user)) return forbidden(r);
    db *d = worker_db();
    ldap_settings s;
    if (!d || ldap_settings_load(d, r->a, NULL, &s)) return resp_db_error(r);
    db_rows *map = db_query(d, r->a, STMT_LDAP_GROUP_MAP, "");
    db_rows *last = map ? db_query(d, r->a, STMT_LDAP_RUNS_LAST, "i", 1LL) : NULL;
    db_rows *active = last ? db_query(d, r->a, STMT_LDAP_RUN_ACTIVE, "") : NULL;
    if (!active) return resp_db_error(r);
    json_t *attrs = json_object(), *groups = json_array();
    for (int i = 0; i < LDAP_A_COUNT; i++) json_object_set_new(attrs, ldap_attr_keys[i], json_string(s.attr[i]));
    for (int i = 0; i < map->nrows; i++)
        json_array_append_new(groups, json_pack("{s:I,s:s,s:I,s:s}", "id", (json_int_t)db_cell_int(map, i, 0),
            "dn", db_cell(map, i, 1), "group_id", (json_int_t)db_cell_int(map, i, 2), "group_name", db_cell(map, i, 3)));
    return resp_json(r, 200, json_pack("{s:b,s:b,s:s,s:b,s:s,s:s,s:b,s:s,s:s,s:o,s:s,s:i,s:i,s:o,s:o,s:b}",
        "enabled", s.enabled, "bind_auth", s.bind_auth, "uri", s.uri, "starttls", s.starttls, "ca_file", s.ca_file,
        "bind_dn", s.bind_dn, "password_set", s.bind_password_set, "base_dn", s.base_dn, "filter", s.filter,
        "attributes", attrs, "group_member_attr", s.group_member_attr, "interval_minutes", s.interval_minutes,
        "max_disable_percent", s.max_disable_percent, "groups", groups,
        "last_run", last->nrows ? run_json(last, 0) : json_null(), "running", active->nrows > 0));
}

static const field_spec put_fields[] = {
    { "enabled", F_BOOL, 0, 0, NULL },
    { "bind_auth", F_BOOL, 0, 0, NULL },
    { "uri", F_STRING, 0, 300, NULL },
    { "starttls", F_BOOL, 0, 0, NULL },
    { "ca_file", F_STRING, 0, 300, NULL },
    { "bind_dn", F_STRING, 0, 700, NULL },
    { "password", F_SECRET, 0, 0, NULL },
    { "base_dn", F_STRING, 0, 700, NULL },
    { "filter", F_STRING, 0, 500, NULL },
    { "group_member_attr", F_STRING, 0, 60, NULL },
    { "interval_minutes", F_COUNT, 0, 10080, NULL },
    { "max_disable_percent", F_COUNT, 0, 100, NULL },
    { NULL, 0, 0, 0, NULL },
};

static json_t *take(req *r, const char *name)
{
    json_t *v = r->body ? json_object_get(r->body, name) : NULL;
    if (v) { json_incref(v); json_object_del(r->body, name); }
    return v;
}

static int put_bool(db *d, req *r, const char *field, const char *key)
{
    json_t *v = json_object_get(r->body, field);
    return v && settings_set(d, key, json_is_true(v) ? "1" : "0");
}

static int put_str(db *d, const char *key, const char *v)
{
    return v && settings_set(d, key, v);
}

/* PUT /admin/ldap: the fields given replace the stored ones (absent ones
 * are kept; "password": "" removes it); "attributes": {"email": "mail",
 * ...} (an empty name: not synced); "groups": [{"dn","group_id"}]
 * replaces the whole map. */
int h_ldap_put(req *r)
{
    if (!acl_can_manage_directory(r->user)) return forbidden(r);
    if (req_read_json(r)) return 0;
    json_t *attrs = take(r, "attributes"), *groups = take(r, "groups");
    int rc = 0;
    if (validate_body(r, put_fields)) goto out;
    const char *uri = body_str(r, "uri"), *ca = body_str(r, "ca_file"), *bind_dn = body_str(r, "bind_dn");
    const char *password = body_str(r, "password"), *base = body_str(r, "base_dn"), *filter = body_str(r, "filter");
    const char *member_attr = body_str(r, "group_member_attr");
    if (uri && *uri && !ldap_uri_ok(uri)) { rc = resp_error(r, 400, "bad_request", M_LDAP_URI); goto out; }
    if (bind_dn && *bind_dn && !ldap_dn_ok(bind_dn) && !strchr(bind_dn, '@'))   /* a DN, or AD's UPN */ { rc = resp_error(r, 400, "bad_request", M_LDAP_DN, bind_dn); goto out; }
    if (base && *base && !ldap_dn_ok(base)) { rc = resp_error(r, 400, "bad_request", M_LDAP_DN, base); goto out; }
    if (filter && !ldap_filter_ok(filter)) { rc = resp_error(r, 400, "bad_request", M_LDAP_FILTER); goto out; }
    if (member_attr && !ldap_attr_ok(member_attr)) { rc = resp_error(r, 400, "bad_request", M_LDAP_ATTR, member_attr); goto out; }
    if (ca && *ca && (ca[0] != '/' || access(ca, R_OK) != 0)) {
        rc = resp_error(r, 400, "bad_request", M_FIELD_ENUM, "ca_file", "/chemin/absolu/lisible.pem");
        goto out;
    }
    if (json_object_get(r->body, "interval_minutes") && body_int(r, "interval_minutes", 60) < 5) {
        rc = resp_error(r, 400, "bad_request", M_LDAP_NUMBER, "interval_minutes", 5, 10080);
        goto out;
    }
    if (attrs && !json_is_object(attrs)) { rc = resp_error(r, 400, "bad_request", M_FIELD_TYPE_STRING, "attributes"); goto out; }
    const char *attr_v[LDAP_A_COUNT] = { 0 };
    if (attrs) {
        const char *k;
        json_t *v;
        json_object_foreach(attrs, k, v) {
            int f = -1;
            for (int i = 0; i < LDAP_A_COUNT; i++) if (strcmp(k, ldap_attr_keys[i]) == 0) f = i;
            if (f < 0) { rc = resp_error(r, 400, "bad_request", M_FIELD_UNKNOWN, k); goto out; }
            if (!json_is_string(v)) { rc = resp_error(r, 400, "bad_request", M_FIELD_TYPE_STRING, k); goto out; }
            attr_v[f] = json_string_value(v);
            if (*attr_v[f] && !ldap_attr_ok(attr_v[f])) { rc = resp_error(r, 400, "bad_request", M_LDAP_ATTR, attr_v[f]); goto out; }
        }
        if (attr_v[LDAP_A_EMAIL] && !*attr_v[LDAP_A_EMAIL]) {
            rc = resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "attributes.email");
            goto out;
        }
    }
    if (groups && !json_is_array(groups)) { rc = resp_error(r, 400, "bad_request", M_FIELD_TYPE_STRING, "groups"); goto out; }
    db *d = worker_db();
    size_t gi;
    json_t *g;
    json_array_foreach(groups, gi, g) {
        json_t *dn = json_object_get(g, "dn"), *id = json_object_get(g, "group_id");
        if (!json_is_object(g) || !json_is_string(dn) || !ldap_dn_ok(json_string_value(dn))
            || strlen(json_string_value(dn)) > 700) {
            rc = resp_error(r, 400, "bad_request", M_LDAP_DN, json_is_string(dn) ? json_string_value(dn) : "");
            goto out;
        }
        db_rows *q = json_is_integer(id) && json_integer_value(id) > 0
                   ? db_query(d, r->a, STMT_LDAP_GROUP_EXISTS, "i", (long long)json_integer_value(id)) : NULL;
        if (json_is_integer(id) && json_integer_value(id) > 0 && !q) { rc = resp_db_error(r); goto out; }
        if (!q || !q->nrows) {
            rc = resp_error(r, 400, "bad_request", M_LDAP_GROUP, json_is_integer(id) ? (long long)json_integer_value(id) : 0LL);
            goto out;
        }
    }
    char *sealed = NULL;
    if (password && *password) {
        if (strlen(password) > LDAP_PASSWORD_MAX) {
            rc = resp_error(r, 400, "bad_request", M_LDAP_PASSWORD_LONG, LDAP_PASSWORD_MAX);
            goto out;
        }
        sealed = arena_alloc(r->a, 512);
        if (mail_password_seal(W.secret, password, sealed, 512)) { rc = resp_error(r, 500, "internal", M_INTERNAL); goto out; }
    }
    if (!d || db_begin(d)) { rc = resp_db_error(r); goto out; }
    int bad = put_bool(d, r, "enabled", "ldap_enabled") || put_bool(d, r, "bind_auth", "ldap_bind_auth")
           || put_bool(d, r, "starttls", "ldap_starttls")
           || put_str(d, "ldap_uri", uri) || put_str(d, "ldap_ca_file", ca) || put_str(d, "ldap_bind_dn", bind_dn)
           || (password && settings_set(d, "ldap_bind_password", sealed ? sealed : ""))
           || put_str(d, "ldap_base_dn", base) || put_str(d, "ldap_filter", filter)
           || put_str(d, "ldap_group_member_attr", member_attr)
           || (json_object_get(r->body, "interval_minutes")
               && settings_set(d, "ldap_interval_minutes", arena_printf(r->a, "%lld", body_int(r, "interval_minutes", 60))))
           || (json_object_get(r->body, "max_disable_percent")
               && settings_set(d, "ldap_max_disable_percent", arena_printf(r->a, "%lld", body_int(r, "max_disable_percent", 10))));
    for (int i = 0; i < LDAP_A_COUNT && !bad; i++)
        if (attr_v[i]) bad = settings_set(d, arena_printf(r->a, "ldap_attr_%s", ldap_attr_keys[i]), attr_v[i]) != 0;
    if (!bad && groups) {
        bad = db_exec(d, STMT_LDAP_GROUP_MAP_DELETE_ALL, "") < 0;
        json_array_foreach(groups, gi, g)
            if (!bad) bad = db_exec(d, STMT_LDAP_GROUP_MAP_INSERT, "si", json_string_value(json_object_get(g, "dn")),
                                    (long long)json_integer_value(json_object_get(g, "group_id"))) < 0;
    }
    if (!bad)
        bad = db_exec(d, STMT_AUDIT_SETTINGS_UPDATE, "is", r->user->id,
                      arena_printf(r->a, "ldap uri=%s base=%s password=%s groups=%s", uri ? uri : "-", base ? base : "-",
                                   password ? (*password ? "changed" : "removed") : "-", groups ? "changed" : "-")) < 0;
    if (bad) { db_rollback(d); rc = resp_db_error(r); goto out; }
    if (db_commit(d)) { rc = resp_db_error(r); goto out; }
    rc = h_ldap_get(r);
out:
    json_decref(attrs);
    json_decref(groups);
    return rc;
}

static json_t *report_json(const ldap_report *rep)
{
    return json_pack("{s:s,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:I,s:I,s:s,s:O}",
        "status", rep->refused ? "refused" : "ok", "entries", rep->entries, "created", rep->created,
        "updated", rep->updated, "disabled", rep->disabled, "enabled", rep->enabled, "unchanged", rep->unchanged,
        "skipped", rep->skipped, "members_added", (json_int_t)rep->members_added,
        "members_removed", (json_int_t)rep->members_removed, "message", rep->message, "errors", rep->errors);
}

/* POST /admin/ldap/preview: what a sync would do now, nothing written */
int h_ldap_preview(req *r)
{
    if (!acl_can_manage_directory(r->user)) return forbidden(r);
    db *d = worker_db();
    if (!d) return resp_db_error(r);
    ldap_report rep;
    int rc = ldap_sync_run(d, r->a, W.secret, 1, 0, r->user->id, &rep);
    int out;
    if (rc) {
        out = strncmp(rep.message, "database:", 9) == 0 ? resp_db_error(r)
            : resp_error(r, 502, "ldap_failed", M_LDAP_FAILED, rep.message);
    } else {
        json_t *o = report_json(&rep);
        json_object_set(o, "preview", rep.preview);
        out = resp_json(r, 200, o);
    }
    json_decref(rep.errors);
    json_decref(rep.preview);
    return out;
}

/* POST /admin/ldap/sync {"force"?}: queued (202), parvis-notifier runs it;
 * force waives the safety limit for this run only */
int h_ldap_sync(req *r)
{
    static const field_spec fields[] = { { "force", F_BOOL, 0, 0, NULL }, { NULL, 0, 0, 0, NULL } };
    if (!acl_can_manage_directory(r->user)) return forbidden(r);
    if (req_read_json(r) || validate_body(r, fields)) return 0;
    int force = body_bool(r, "force", 0);
    db *d = worker_db();
    if (!d || db_begin(d)) return resp_db_error(r);
    db_rows *active = db_query(d, r->a, STMT_LDAP_RUN_ACTIVE, "");
    if (!active) { db_rollback(d); return resp_db_error(r); }
    if (active->nrows) { db_rollback(d); return resp_error(r, 409, "conflict", M_LDAP_RUNNING); }
    if (db_exec(d, STMT_LDAP_RUN_QUEUE, "sni", "manual", r->user->id, (long long)force) < 0) {
        db_rollback(d);
        return resp_db_error(r);
    }
    long long id = db_last_id(d);
    if (db_commit(d)) return resp_db_error(r);
    db_rows *q = db_query(d, r->a, STMT_LDAP_RUN_BY_ID, "i", id);
    if (!q || !q->nrows) return resp_db_error(r);
    return resp_json(r, 202, run_json(q, 0));
}

int h_ldap_runs(req *r)
{
    if (!acl_can_manage_directory(r->user)) return forbidden(r);
    int limit;
    if (req_limit(r, 20, 100, &limit)) return 0;
    db_rows *q = db_query(worker_db(), r->a, STMT_LDAP_RUNS_LAST, "i", (long long)limit);
    if (!q) return resp_db_error(r);
    json_t *items = json_array();
    for (int i = 0; i < q->nrows; i++) json_array_append_new(items, run_json(q, i));
    return resp_json(r, 200, json_pack("{s:o}", "items", items));
}

int h_ldap_run(req *r)
{
    if (!acl_can_manage_directory(r->user)) return forbidden(r);
    db_rows *q = db_query(worker_db(), r->a, STMT_LDAP_RUN_BY_ID, "i", r->ids[0]);
    if (!q) return resp_db_error(r);
    if (!q->nrows) return resp_error(r, 404, "not_found", M_NOT_FOUND);
    return resp_json(r, 200, run_json(q, 0));
}
