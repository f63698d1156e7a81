/* A person's own API tokens (« Jetons d'accès » in their settings):
 * POST /me/tokens (shown once), GET /me/tokens, DELETE /me/tokens/{id}.
 * Only with a browser session (core/acl.c acl_route_class): a token never
 * makes or lists tokens. docs/api_tokens.md */
#include "integrations/handlers.h"
#include "integrations/token_model.h"
#include "core/acl.h"
#include "core/auth.h"
#include "core/respond.h"
#include "core/worker.h"
#include "log.h"

int h_tokens_create(req *r)
{
    token_input in;
    if (token_input_read(r, &in, NULL)) return 0;
    if (!acl_can_create_token(r->user, in.scopes))
        return resp_error(r, 403, "forbidden", (in.scopes & SCOPE_ADMIN) && !r->user->guest ? M_TOKEN_ADMIN_SCOPE : M_FORBIDDEN);
    db_rows *n = db_query(worker_db(), r->a, STMT_TOKENS_COUNT_OF_USER, "i", r->user->id);
    if (!n || !n->nrows) return resp_db_error(r);
    if (db_cell_int(n, 0, 0) >= TOKENS_PER_PERSON)
        return resp_error(r, 409, "conflict", M_TOKEN_TOO_MANY, TOKENS_PER_PERSON);
    return token_create_answer(r, r->user->id, &in, "token.create");
}

int h_tokens_list(req *r)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_TOKENS_OF_USER, "i", r->user->id);
    if (!q) return resp_db_error(r);
    json_t *items = json_array();
    for (int i = 0; i < q->nrows; i++) json_array_append_new(items, token_row_json(q, i));
    return resp_json(r, 200, json_pack("{s:o,s:n}", "items", items, "next"));
}

int h_tokens_delete(req *r)
{
    long long id = r->ids[0];
    db *d = worker_db();
    if (!d || db_begin(d)) return resp_db_error(r);
    long long n = db_exec(d, STMT_TOKEN_DELETE_OF_USER, "ii", id, r->user->id);
    if (n < 0) { db_rollback(d); return resp_db_error(r); }
    if (n == 0) { db_rollback(d); return resp_error(r, 404, "not_found", M_NOT_FOUND); }
    if (db_exec(d, STMT_TOKEN_AUDIT, "isis", r->user->id, "token.revoke", id, "") < 0 || db_commit(d))
        { db_rollback(d); return resp_db_error(r); }
    /* every worker forgets its cached copy at the next request */
    auth_revoke_user(r->user->id);
    log_info("api token %lld revoked by user=%lld", id, r->user->id);
    return resp_empty(r, 204);
}
