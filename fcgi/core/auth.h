/* Sessions: sign-in, sign-out, and finding who is signed in for each
 * request. A validated session is cached in the worker and trusted while
 * its user's revocation counter (authgen.h) is unchanged, so checking a
 * session costs no query, yet a sign-out or a disabled account takes
 * effect on the very next request in every worker. */
#ifndef PARVIS_AUTH_H
#define PARVIS_AUTH_H
#include "core/req.h"

/* Sets r->user from the session cookie, or leaves it NULL. -1 when the
 * database is needed and down (the caller answers 503). */
int auth_resolve(req *r);
/* 1 when the request carries the right X-CSRF-Token for its session. */
int auth_csrf_ok(req *r);
/* The CSRF token of the request's session (signed-in requests only). */
const char *auth_csrf_token(req *r);

/* Creates a session for user_id and sets the cookie; fills r->user. */
int auth_start_session(req *r, long long user_id);
/* Ends the request's session (and sets an expired cookie). */
int auth_end_session(req *r);
/* Forgets every cached session of that user in every worker (after a
 * committed change: disabled, role changed, signed out). */
void auth_revoke_user(long long user_id);
#endif
