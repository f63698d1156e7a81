#include "core/dispatch.h"
#include "core/respond.h"
#include "core/auth.h"
#include "core/charter_gate.h"
#include "core/acl.h"
#include "core/token_auth.h"
#include "log.h"
#include "core/router.h"
#include "core/worker.h"
#include <string.h>
#include <time.h>

extern const route api_routes[];

#define API_PREFIX "/api/v1"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int state_changing(const char *m)
{
    return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0;
}

/* A request with an API token (core/token_auth.h): 0 to go on, 1 when
 * the answer was sent. */
static int token_auth_dispatch(req *r, const char *pattern)
{
    int t = token_resolve(r);
    if (t < 0) { resp_db_error(r); return 1; }
    if (t > 0) return 1;
    switch (acl_token(r->token_scopes, r->method, acl_route_class(pattern), r->token_admin)) {
    case TOKEN_ALLOW: break;
    case TOKEN_NEEDS_WRITE: resp_error(r, 403, "insufficient_scope", M_TOKEN_NEEDS_WRITE); return 1;
    case TOKEN_NEEDS_ADMIN: resp_error(r, 403, "insufficient_scope", M_TOKEN_NEEDS_ADMIN); return 1;
    case TOKEN_NOT_ADMIN: resp_error(r, 403, "forbidden", M_TOKEN_NOT_ADMIN); return 1;
    case TOKEN_SESSION_ONLY: resp_error(r, 403, "session_required", M_TOKEN_SESSION_ONLY); return 1;
    }
    /* a service account accepts no charter; a person's token does as they do */
    return !r->user->service && charter_gate(r, pattern);
}

static void serve(req *r)
{
    size_t plen = strlen(API_PREFIX);
    if (strncmp(r->path, API_PREFIX, plen) != 0 || (r->path[plen] && r->path[plen] != '/')) {
        resp_error(r, 404, "not_found", M_ROUTE_NOT_FOUND, r->path);
        return;
    }
    const char *sub = r->path + plen;
    /* HEAD is answered as GET; nginx drops the body */
    const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
    const route *rt = NULL;
    char allowed[64];
    int m = route_match(api_routes, method, sub, r->ids, &r->nids, &rt, allowed, sizeof allowed);
    if (m == MATCH_NO_PATH) { resp_error(r, 404, "not_found", M_ROUTE_NOT_FOUND, r->path); return; }
    if (m == MATCH_NO_METHOD) {
        resp_header(r, "Allow", allowed);
        resp_error(r, 405, "method_not_allowed", M_METHOD_NOT_ALLOWED, r->method, allowed);
        return;
    }
    if (req_query_bad(r)) { resp_error(r, 400, "bad_request", M_BAD_QUERY); return; }
    if (rt->access == ROUTE_SIGNED_IN && token_present(r)) {
        /* an API token: never the cookie, no CSRF token, its scopes */
        if (token_auth_dispatch(r, rt->pattern)) return;
    } else if (rt->access == ROUTE_SIGNED_IN) {
        if (auth_resolve(r) < 0) { resp_db_error(r); return; }
        if (!r->user) { resp_error(r, 401, "unauthenticated", M_UNAUTHENTICATED); return; }
        if (state_changing(method) && !auth_csrf_ok(r)) { resp_error(r, 403, "csrf", M_CSRF); return; }
        /* the charter in force, not accepted yet (charter_gate.h) */
        if (charter_gate(r, rt->pattern)) return;
    }
    rt->fn(r);
}

static const char *param(FCGX_Request *fr, const char *name)
{
    return FCGX_GetParam(name, fr->envp);
}

void dispatch(FCGX_Request *fr, arena *a)
{
    double t0 = now_ms();
    req r;
    memset(&r, 0, sizeof r);
    r.fr = fr;
    r.a = a;
    r.method = param(fr, "REQUEST_METHOD");
    r.path = param(fr, "DOCUMENT_URI");
    r.query_string = param(fr, "QUERY_STRING");
    r.content_type = param(fr, "CONTENT_TYPE");
    r.cookie = param(fr, "HTTP_COOKIE");
    r.csrf_header = param(fr, "HTTP_X_CSRF_TOKEN");
    r.authorization = param(fr, "HTTP_AUTHORIZATION");
    r.remote_addr = param(fr, "REMOTE_ADDR");
    r.request_id = param(fr, "REQUEST_ID");
    r.phase = param(fr, "PARVIS_PHASE");
    r.lang = lang_from_header(param(fr, "HTTP_ACCEPT_LANGUAGE"));
    if (!r.method || !r.path) {
        r.method = r.method ? r.method : "?";
        r.path = r.path ? r.path : "?";
        resp_error(&r, 400, "bad_request", M_BAD_QUERY);
    } else {
        serve(&r);
    }
    if (!r.answered) {
        log_error("handler for %s %s sent no answer", r.method, r.path);
        resp_error(&r, 500, "internal", M_INTERNAL);
    }
    if (r.body) json_decref(r.body);
    log_request(r.request_id, r.user ? r.user->id : 0, r.method, r.path, r.status, now_ms() - t0);
}
