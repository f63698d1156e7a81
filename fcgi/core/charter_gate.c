#include "core/charter_gate.h"
#include "core/respond.h"
#include "core/worker.h"
#include "authgen.h"
#include <string.h>

#define ACCEPT_SLOTS 4096

static struct {
    int known;
    uint64_t gen;
    long long version;
} in_force;

/* user → the newest version they accepted, as last seen: only ever grows */
static struct {
    long long user, version;
} accepted[ACCEPT_SLOTS];

long long charter_in_force(arena *a)
{
    uint64_t gen = authgen_global_get(AUTHGEN_SETTINGS);
    if (in_force.known && in_force.gen == gen) return in_force.version;
    db *d = worker_db();
    db_rows *q = d ? db_query(d, a, STMT_CHARTER_IN_FORCE, "") : NULL;
    if (!q) return -1;
    in_force.version = q->nrows ? db_cell_int(q, 0, 0) : 0;
    in_force.gen = gen;
    in_force.known = 1;
    return in_force.version;
}

void charter_accepted(long long user_id, long long version)
{
    unsigned slot = (unsigned)((unsigned long long)user_id % ACCEPT_SLOTS);
    if (accepted[slot].user != user_id || accepted[slot].version < version) {
        accepted[slot].user = user_id;
        accepted[slot].version = version;
    }
}

long long charter_pending(req *r)
{
    if (!r->user) return 0;
    long long v = charter_in_force(r->a);
    if (v <= 0) return v;
    unsigned slot = (unsigned)((unsigned long long)r->user->id % ACCEPT_SLOTS);
    if (accepted[slot].user == r->user->id && accepted[slot].version >= v) return 0;
    db_rows *q = db_query(worker_db(), r->a, STMT_CHARTER_ACCEPTED_BY, "i", r->user->id);
    if (!q) return -1;
    long long mine = q->nrows ? db_cell_int(q, 0, 0) : 0;
    if (mine > 0) charter_accepted(r->user->id, mine);
    return mine >= v ? 0 : v;
}

json_t *charter_pending_json(req *r)
{
    long long v = charter_pending(r);
    return v > 0 ? json_integer(v) : json_null();
}

void charter_changed(void)
{
    authgen_global_bump(AUTHGEN_SETTINGS);
}

/* What a person who has not accepted may still do: read and accept the
 * charter, see who they are, sign out, change their password. */
static int exempt(const char *pattern)
{
    static const char *const exact[] = { "/session", "/me", "/me/password", NULL };
    for (int i = 0; exact[i]; i++)
        if (strcmp(pattern, exact[i]) == 0) return 1;
    return strncmp(pattern, "/charter", 8) == 0 || strncmp(pattern, "/password-reset", 15) == 0;
}

int charter_gate(req *r, const char *pattern)
{
    /* no query at all when no charter is in force (the common case) */
    if (in_force.known && in_force.version == 0 && in_force.gen == authgen_global_get(AUTHGEN_SETTINGS)) return 0;
    if (exempt(pattern)) return 0;
    long long v = charter_pending(r);
    if (v < 0) { resp_db_error(r); return 1; }
    if (v == 0) return 0;
    resp_error_with(r, 403, "charter_required", "version", json_integer(v), M_CHARTER_REQUIRED);
    return 1;
}

int charter_accept_in_tx(req *r, long long user_id, long long version)
{
    long long in_force = charter_in_force(r->a);
    if (in_force < 0) return -1;
    if (in_force == 0 || version != in_force) return 0;
    return db_exec(worker_db(), STMT_CHARTER_ACCEPT, "ii", user_id, version) < 0 ? -1 : 1;
}
