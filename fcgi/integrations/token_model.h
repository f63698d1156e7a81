/* What the token handlers share: reading a new token's name, scopes and
 * expiry, creating it, and a token as the API shows it. */
#ifndef PARVIS_TOKEN_MODEL_H
#define PARVIS_TOKEN_MODEL_H
#include "core/req.h"
#include "db.h"

#define TOKENS_PER_PERSON 50
#define TOKEN_MAX_DAYS 730
#define TOKEN_NAME_MAX 100

typedef struct {
    const char *name;
    int scopes;                 /* SCOPE_* bits */
    const char *scopes_set;     /* "read,write" for the SET column */
    const char *expires;        /* "YYYY-MM-DD HH:MM:SS" UTC, NULL: never */
} token_input;

/* Reads {"name","scopes","expires"} (and the fields in `extra`, which
 * the caller reads) from the body; on a problem answers 400 and returns -1. */
int token_input_read(req *r, token_input *in, const char *const *extra);
/* Creates a token for user_id; answers 201 {"id","token",...}. */
int token_create_answer(req *r, long long user_id, const token_input *in, const char *audit_action);
/* A row of TOKENS_OF_USER or SERVICE_TOKENS_LIST as JSON. */
json_t *token_row_json(const db_rows *q, int row);
#endif
