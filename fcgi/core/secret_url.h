/* Secret addresses a person gives to another program (a calendar's
 * subscription, a private Atom feed): the token is an HMAC, under the
 * platform's secret, of "<purpose>:<user id>:<nonce>"; only the nonce and
 * the token's SHA-256 are stored, so that renewing the nonce ends the old
 * address at once. */
#ifndef PARVIS_SECRET_URL_H
#define PARVIS_SECRET_URL_H
#include "core/auth.h"
#include "core/req.h"
#include "stmt.h"

/* The token of user's current nonce, in r's arena. */
const char *secret_url_token(req *r, const char *purpose, long long user, const char *nonce);
/* A new nonce for the asker, stored with the token's hash by `set`
 * (parameters: user id, hash, nonce): the new token, or NULL on a
 * database error. */
const char *secret_url_renew(req *r, const char *purpose, stmt set);
/* The person a secret address names. `token` is the address's last part;
 * `wellformed`, whether it has a token's shape. `find` looks the token's
 * hash up (columns: hash, id, email, display_name, role, status, locale,
 * comm_editor, kind). 1 with *u filled (its strings are the rows', in r's
 * arena); 0 when answered: 404 naming `route` (unknown, revoked, or an
 * account not active — the same answer), or a database error. */
int secret_url_person(req *r, const char *token, int wellformed, stmt find, const char *route, auth_user *u);

#endif
