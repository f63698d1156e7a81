/* A group's incoming webhooks, managed by its managers (the group's
 * settings, « Webhooks entrants »): POST /groups/{id}/webhooks/incoming
 * {"name"} answers 201 {"id","url"} with the secret in the address (shown
 * once; only its SHA-256 is kept); GET lists them; DELETE revokes. Each
 * has a connector account (users.kind 'connector') under whose name its
 * posts are shown; revoking disables it, and its posts stay.
 * docs/api_tokens.md */
#include "integrations/handlers.h"
#include "core/acl.h"
#include "core/respond.h"
#include "core/token_auth.h"
#include "core/validate.h"
#include "core/worker.h"
#include "crypto.h"
#include "groups/groups_model.h"
#include "log.h"
#include <stdio.h>
#include <string.h>

#define HOOKS_PER_GROUP 20
#define HOOK_NAME_MAX 100

static int load_managed(req *r, long long gid)
{
    group_facts g;
    int found = group_load(r, gid, NULL, &g);
    if (found < 0) return resp_db_error(r), -1;
    acl_verdict v = found ? acl_incoming_hooks(r->user, &g) : ACL_HIDDEN;
    if (v != ACL_ALLOW) return acl_refuse(r, v), -1;
    return 0;
}

int h_hooks_in_create(req *r)
{
    static const field_spec fields[] = {
        { "name", F_STRING, 1, HOOK_NAME_MAX, NULL },
        { NULL, 0, 0, 0, NULL },
    };
    long long gid = r->ids[0];
    if (req_read_json(r) || validate_body(r, fields)) return 0;
    const char *name = trim_spaces(r->a, body_str(r, "name"));
    if (!name) return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "name");
    if (load_managed(r, gid)) return 0;
    db *d = worker_db();
    db_rows *q = db_query(d, r->a, STMT_HOOKS_OF_GROUP, "i", gid);
    if (!q) return resp_db_error(r);
    if (q->nrows >= HOOKS_PER_GROUP) return resp_error(r, 409, "conflict", M_HOOK_TOO_MANY, HOOKS_PER_GROUP);

    unsigned char raw[TOKEN_BYTES], hash[32];
    char secret[TOKEN_B64_LEN + 1], hex[17];
    token_random(raw);
    b64url_encode(raw, sizeof raw, secret, sizeof secret);
    token_secret_hash(secret, hash);
    token_random(raw);
    for (int i = 0; i < 8; i++) snprintf(hex + 2 * i, 3, "%02x", raw[i]);
    if (db_begin(d)) return resp_db_error(r);
    long long account = 0, id = 0;
    int failed = db_exec(d, STMT_SERVICE_ACCOUNT_INSERT, "sss",
                         arena_printf(r->a, "hook-%s@connector.invalid", hex), name, "connector") < 0;
    if (!failed) {
        account = db_last_id(d);
        failed = db_exec(d, STMT_HOOK_INSERT, "iisbi", gid, account, name, hash, (size_t)32, r->user->id) < 0;
    }
    if (!failed) {
        id = db_last_id(d);
        failed = db_exec(d, STMT_HOOK_AUDIT, "isis", r->user->id, "webhook_in.create", gid,
                         arena_printf(r->a, "webhook=%lld name=%s", id, name)) < 0;
    }
    if (failed || db_commit(d)) { db_rollback(d); return resp_db_error(r); }
    log_info("incoming webhook %lld created in group=%lld by user=%lld", id, gid, r->user->id);
    const char *url = arena_printf(r->a, "%s/api/v1/hooks/in/%s", W.cfg.public_url, secret);
    resp_header(r, "Cache-Control", "no-store");
    return resp_json(r, 201, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "name", name, "url", url));
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

int h_hooks_in_list(req *r)
{
    long long gid = r->ids[0];
    if (load_managed(r, gid)) return 0;
    db_rows *q = db_query(worker_db(), r->a, STMT_HOOKS_OF_GROUP, "i", gid);
    if (!q) return resp_db_error(r);
    json_t *items = json_array();
    for (int i = 0; i < q->nrows; i++)
        json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:o,s:I,s:s}",
            "id", (json_int_t)db_cell_int(q, i, 0), "name", db_cell(q, i, 1), "created", db_cell(q, i, 2),
            "last_used_at", str_or_null(db_cell(q, i, 3)), "posts", (json_int_t)db_cell_int(q, i, 4),
            "created_by", db_cell(q, i, 5)));
    return resp_json(r, 200, json_pack("{s:o,s:n}", "items", items, "next"));
}

int h_hooks_in_delete(req *r)
{
    long long gid = r->ids[0], id = r->ids[1];
    if (load_managed(r, gid)) return 0;
    db *d = worker_db();
    db_rows *q = db_query(d, r->a, STMT_HOOK_OF_GROUP, "ii", id, gid);
    if (!q) return resp_db_error(r);
    if (!q->nrows) return resp_error(r, 404, "not_found", M_NOT_FOUND);
    long long account = db_cell_int(q, 0, 0);
    if (db_begin(d)) return resp_db_error(r);
    if (db_exec(d, STMT_HOOK_DELETE, "i", id) < 0 || db_exec(d, STMT_CONNECTOR_DISABLE, "i", account) < 0
        || db_exec(d, STMT_HOOK_AUDIT, "isis", r->user->id, "webhook_in.revoke", gid,
                   arena_printf(r->a, "webhook=%lld", id)) < 0
        || db_commit(d))
        { db_rollback(d); return resp_db_error(r); }
    log_info("incoming webhook %lld revoked in group=%lld by user=%lld", id, gid, r->user->id);
    return resp_empty(r, 204);
}
