/* The request context: what the worker knows about one HTTP request, its
 * per-request arena, the parsed query and JSON body, the signed-in user,
 * and the answer being built. */
#ifndef PARVIS_REQ_H
#define PARVIS_REQ_H
#include <fcgiapp.h>
#include <jansson.h>
#include "arena.h"
#include "core/messages.h"

#define MAX_ROUTE_IDS 4
#define JSON_BODY_LIMIT (256 * 1024)   /* API bodies; nginx caps all at 1 MiB */

typedef struct {
    long long id;
    long long session_id;
    const char *email, *display_name, *role, *status, *locale, *created_at;
    int comm_editor;           /* publishes in the organisation's news */
    int guest;                 /* a guest account (kind 'guest', docs/guests.md) */
    int guests_see_news;       /* the platform lets guests read the news (a guest's request only) */
    char expires_at[24];       /* the account's end, ISO 8601 UTC ("": none) */
    unsigned char token_hash[32];
    int service;               /* a service or connector account (docs/api_tokens.md) */
} auth_user;

typedef struct query_param { const char *name, *value; struct query_param *next; } query_param;

typedef struct req {
    FCGX_Request *fr;
    arena *a;
    const char *method, *path, *query_string, *content_type, *cookie;
    const char *csrf_header, *remote_addr, *request_id, *https;
    const char *phase;         /* uploads: "check" or "store" (nginx.conf.in) */
    lang lang;
    long long ids[MAX_ROUTE_IDS];
    int nids;
    query_param *query;        /* parsed lazily by req_query */
    int query_parsed, query_bad;
    json_t *body;              /* the JSON object of the body, after req_read_json */
    auth_user *user;           /* NULL when nobody is signed in */
    const char *authorization; /* the Authorization header (API tokens, core/token_auth.h) */
    long long token_id;        /* the API token that authenticated the request, 0 for a session */
    int token_scopes;          /* its SCOPE_* bits (core/acl.h) */
    int token_admin;           /* its person is an administrator (whatever the scopes) */
    /* the answer */
    int status;
    char *headers;             /* extra header lines, CRLF-terminated */
    size_t headers_len, headers_cap;
    int answered;
} req;

/* Extra response header (name and value must be plain ASCII, no CR/LF). */
void resp_header(req *r, const char *name, const char *value);
/* Sends a JSON answer; takes the reference to `body`. Returns 0. */
int resp_json(req *r, int status, json_t *body);
int resp_empty(req *r, int status);
/* The head of an answer of any type, its bytes written after it with
 * resp_write; or, with an X-Accel-Redirect header (resp_header), the head
 * of an answer whose bytes nginx sends from that internal location. */
void resp_stream_typed(req *r, int status, const char *content_type);
/* A JSON answer written in pieces (long lists built from JSON fragments
 * that jansson serialised beforehand): the head, then the text. */
void resp_stream_begin(req *r, int status);
void resp_write(req *r, const char *text, size_t len);
/* A CSV answer written in pieces (status r->status, 200 by default). */
void resp_stream_csv(req *r);
/* Sends {"error":{"code","message"}} with the message in the asker's
 * language. Returns 0 so handlers can `return resp_error(...)`. */
int resp_error(req *r, int status, const char *code, msg_id m, ...);
/* The same, with one more member in the error object (takes the reference
 * to `value`), e.g. the group whose name is taken. */
int resp_error_with(req *r, int status, const char *code, const char *key, json_t *value, msg_id m, ...);

/* The decoded value of a query parameter, or NULL. Invalid percent escapes
 * or UTF-8 make req_query_bad() true (the dispatcher answers 400). */
const char *req_query(req *r, const char *name);
int req_query_bad(req *r);

/* Reads and parses the JSON body: it must be an object. On failure the
 * error answer is sent and -1 returned. */
int req_read_json(req *r);

/* Percent-decodes a piece of a path ('+' stays '+'); NULL on a bad
 * escape, NUL or invalid UTF-8. */
char *req_decode_path(arena *a, const char *s, size_t n);

/* Parses a positive integer (1 .. 2^53) from text; -1 when not one. */
long long parse_id(const char *s);
#endif
