/* /me/welcome: the welcome of a person's first sign-in (docs/welcome.md).
 * GET says whether it is still to be shown (state "pending"), what the
 * profile holds (job, department, site) and which public groups to join:
 * those of the person's department and site first, then the most active.
 * POST {"state": "done" | "skipped"} ends it for good: the first answer
 * stays, on every device. Guests (docs/guests.md) are not offered it. */
#include "accounts/handlers.h"
#include "accounts/welcome.h"
#include "accounts/avatar.h"
#include "core/acl.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include <string.h>

#define SUGGESTIONS 8

/* "pending", "done" or "skipped"; NULL on a database error. */
static const char *welcome_state(req *r)
{
    if (!acl_welcome_offered(r->user)) return "done";
    db_rows *q = db_query(worker_db(), r->a, STMT_WELCOME_STATE, "i", r->user->id);
    if (!q) return NULL;
    return q->nrows ? db_cell(q, 0, 0) : "pending";
}

int welcome_pending(req *r)
{
    const char *s = welcome_state(r);
    return s && strcmp(s, "pending") == 0;
}

json_t *me_json(req *r)
{
    json_t *u = auth_user_json(r->user);
    json_object_set_new(u, "welcome_pending", json_boolean(welcome_pending(r)));
    /* the person's photo (docs/viewer.md) */
    int failed = 0;
    avatar_url_set(u, r->user->id, avatar_version(r, "user", r->user->id, &failed));
    return u;
}

static json_t *suggestions_json(req *r, const char *dept, const char *site)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_WELCOME_SUGGESTIONS, "ssssssii",
                          dept, dept, dept, site, site, site, r->user->id, (long long)SUGGESTIONS);
    if (!q) return NULL;
    json_t *list = json_array();
    for (int i = 0; i < q->nrows; i++) {
        int same_dept = db_cell_int(q, i, 4) > 0, same_site = db_cell_int(q, i, 5) > 0;
        const char *why = same_dept ? "department" : same_site ? "site" : "active";
        json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:I,s:I,s:s}",
            "id", (json_int_t)db_cell_int(q, i, 0), "name", db_cell(q, i, 1),
            "description", db_cell(q, i, 2), "member_count", (json_int_t)db_cell_int(q, i, 3),
            "recent_posts", (json_int_t)db_cell_int(q, i, 6), "reason", why));
    }
    return list;
}

int h_welcome_get(req *r)
{
    const char *state = welcome_state(r);
    if (!state) return resp_db_error(r);
    db_rows *p = db_query(worker_db(), r->a, STMT_WELCOME_PROFILE, "i", r->user->id);
    if (!p || !p->nrows) return resp_db_error(r);
    const char *dept = db_cell(p, 0, 1), *site = db_cell(p, 0, 2);
    /* guests join by invitation only: nothing to suggest */
    json_t *groups = acl_welcome_offered(r->user) ? suggestions_json(r, dept, site) : json_array();
    if (!groups) return resp_db_error(r);
    return resp_json(r, 200, json_pack("{s:s,s:{s:s,s:s,s:s},s:o}", "state", state,
        "profile", "job_title", db_cell(p, 0, 0), "department", dept, "site", site,
        "suggestions", groups));
}

static const field_spec welcome_fields[] = {
    { "state", F_STRING, 1, 10, "done|skipped" },
    { NULL, 0, 0, 0, NULL },
};

int h_welcome_post(req *r)
{
    if (req_read_json(r)) return 0;
    if (validate_body(r, welcome_fields)) return 0;
    const char *state = body_str(r, "state");
    if (acl_welcome_offered(r->user) && db_exec(worker_db(), STMT_WELCOME_SET, "is", r->user->id, state) < 0)
        return resp_db_error(r);
    const char *now = welcome_state(r);
    if (!now) return resp_db_error(r);
    return resp_json(r, 200, json_pack("{s:s}", "state", now));
}
