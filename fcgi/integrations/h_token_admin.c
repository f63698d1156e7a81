/* Service tokens (Administration › Jetons de service): tokens of a named
 * service account (users.kind 'service', which never signs in with a
 * password), for the tools of the organisation rather than a person.
 * POST /admin/tokens {"account","name","scopes","expires"} creates the
 * account on first use; GET lists every service token; DELETE revokes.
 * docs/api_tokens.md */
#include "integrations/handlers.h"
#include "integrations/token_model.h"
#include "core/acl.h"
#include "core/auth.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "crypto.h"
#include "log.h"
#include <stdio.h>
#include <string.h>

/* The service account named `name`, created when missing: its id, 0 when
 * it is disabled (answered), -1 on a database error. */
static long long service_account(req *r, const char *name)
{
    db *d = worker_db();
    db_rows *q = db_query(d, r->a, STMT_SERVICE_ACCOUNT_BY_NAME, "s", name);
    if (!q) return -1;
    if (q->nrows) {
        if (strcmp(db_cell(q, 0, 1), "active") != 0) {
            resp_error(r, 409, "conflict", M_SERVICE_ACCOUNT_DISABLED, name);
            return 0;
        }
        return db_cell_int(q, 0, 0);
    }
    unsigned char raw[TOKEN_BYTES];
    char hex[17];
    token_random(raw);
    for (int i = 0; i < 8; i++) snprintf(hex + 2 * i, 3, "%02x", raw[i]);
    /* an address nobody receives mail at (.invalid, RFC 2606) */
    const char *email = arena_printf(r->a, "svc-%s@service.invalid", hex);
    if (db_exec(d, STMT_SERVICE_ACCOUNT_INSERT, "sss", email, name, "service") < 0) return -1;
    long long id = db_last_id(d);
    if (db_exec(d, STMT_TOKEN_AUDIT, "isis", r->user->id, "service.create", id,
                arena_printf(r->a, "name=%s", name)) < 0)
        return -1;
    log_info("service account %lld « %s » created by user=%lld", id, name, r->user->id);
    return id;
}

int h_admin_tokens_create(req *r)
{
    if (!acl_can_manage_service_tokens(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    static const char *const extra[] = { "account", NULL };
    token_input in;
    if (token_input_read(r, &in, extra)) return 0;
    if (in.scopes & SCOPE_ADMIN) return resp_error(r, 400, "bad_request", M_SERVICE_NO_ADMIN);
    const char *account = trim_spaces(r->a, body_str(r, "account"));
    if (!account) return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "account");
    long long uid = service_account(r, account);
    if (uid < 0) return resp_db_error(r);
    if (uid == 0) return 0;
    return token_create_answer(r, uid, &in, "token.create_service");
}

int h_admin_tokens_list(req *r)
{
    if (!acl_can_manage_service_tokens(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    db_rows *q = db_query(worker_db(), r->a, STMT_SERVICE_TOKENS_LIST, "");
    if (!q) return resp_db_error(r);
    json_t *items = json_array();
    for (int i = 0; i < q->nrows; i++) {
        json_t *t = token_row_json(q, i);
        json_object_set_new(t, "account", json_pack("{s:I,s:s,s:s}", "id", (json_int_t)db_cell_int(q, i, 8),
                                                     "name", db_cell(q, i, 9), "status", db_cell(q, i, 10)));
        json_object_set_new(t, "created_by", json_string(db_cell(q, i, 11)));
        json_array_append_new(items, t);
    }
    return resp_json(r, 200, json_pack("{s:o,s:n}", "items", items, "next"));
}

int h_admin_tokens_delete(req *r)
{
    if (!acl_can_manage_service_tokens(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    long long id = r->ids[0];
    db *d = worker_db();
    db_rows *q = db_query(d, r->a, STMT_SERVICE_TOKEN_OWNER, "i", id);
    if (!q) return resp_db_error(r);
    if (!q->nrows) return resp_error(r, 404, "not_found", M_NOT_FOUND);
    long long owner = db_cell_int(q, 0, 0);
    if (db_begin(d)) return resp_db_error(r);
    if (db_exec(d, STMT_TOKEN_DELETE, "i", id) < 0
        || db_exec(d, STMT_TOKEN_AUDIT, "isis", r->user->id, "token.revoke_service", id,
                   arena_printf(r->a, "account=%lld", owner)) < 0
        || db_commit(d))
        { db_rollback(d); return resp_db_error(r); }
    auth_revoke_user(owner);
    return resp_empty(r, 204);
}
