/* The charter's gate (docs/moderation.md): while a charter is in force, a
 * signed-in person who has not accepted its version gets 403
 * charter_required on every route but the few that let them read and
 * accept it (the session, /me, /charter..., the password endpoints).
 * Without a charter in force there is no gate at all.
 *
 * Cost: none per request once known. The version in force is cached in
 * the worker and read again only after the shared settings counter moved
 * (authgen AUTHGEN_SETTINGS, bumped by publishing or withdrawing); a
 * person's acceptance of it is cached once seen (an acceptance is never
 * taken back), so only people who have not accepted yet cost a query (a
 * primary-key lookup) per request. */
#ifndef PARVIS_CHARTER_GATE_H
#define PARVIS_CHARTER_GATE_H
#include "core/req.h"

/* The version in force: 0 when none, -1 on a database error. */
long long charter_in_force(arena *a);
/* The version in force that the signed-in person has not accepted yet:
 * 0 when nothing is asked of them, -1 on a database error. */
long long charter_pending(req *r);
/* charter_pending as the sign-in and /me answers say it:
 * "charter_required": the version to accept, or null. */
json_t *charter_pending_json(req *r);
/* Called by dispatch for signed-in routes: 0 to go on, or the answer
 * (403 charter_required with "version", or 503) was sent and 1 returned.
 * `pattern` is the route's pattern (routes.c). */
int charter_gate(req *r, const char *pattern);
/* After a committed acceptance: this worker knows it at once. */
void charter_accepted(long long user_id, long long version);
/* After a committed publication or withdrawal: every worker reads the
 * version in force again. */
void charter_changed(void);
/* Records `user_id`'s acceptance of `version` if it is the version in
 * force, inside the caller's transaction (an invitation accepted with
 * the charter shown). 1 recorded, 0 not the version in force, -1 on a
 * database error. */
int charter_accept_in_tx(req *r, long long user_id, long long version);
#endif
