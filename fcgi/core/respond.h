/* Answers several areas give alike: a person as JSON, a database failure,
 * ?limit=. */
#ifndef PARVIS_CORE_RESPOND_H
#define PARVIS_CORE_RESPOND_H
#include "db.h"
#include "core/req.h"

/* The columns user_json() reads, in order (USER_COLUMNS in
 * lib/stmt/columns.h), for SELECTs on `users u`. */
#define USER_NCOLS 16
json_t *user_json(const db_rows *q, int row);
/* The same from columns starting at `col` (USER_COLUMNS inside a longer
 * SELECT). */
json_t *user_json_at(const db_rows *q, int row, int col);
json_t *auth_user_json(const auth_user *u);
/* user_json_at() as `r`'s asker may see it: "expires_at" (a guest's end)
 * only for administrators and the person themselves (acl.h). */
json_t *user_json_seen(req *r, const db_rows *q, int row, int col);
/* 503 with Retry-After when MariaDB is away, the connection was lost or
 * the statement met a deadlock or a lock waited too long; 500 otherwise
 * (a bug); logs the cause. */
int resp_db_error(req *r);
/* A string as JSON text ("..." with ", \\ and control characters escaped;
 * UTF-8 as it is), in the arena: for answers written as text, without
 * building jansson objects. NULL gives "". */
const char *json_quote(arena *a, const char *s);
/* Reads ?limit= (default dflt, 1..max) and answers 400 when invalid. */
int req_limit(req *r, int dflt, int max, int *out);
#endif
