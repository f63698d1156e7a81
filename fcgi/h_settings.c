/* /settings: platform settings (administrators change them). */
#include "acl.h"
#include "handlers.h"
#include "settings.h"
#include "validate.h"
#include "worker.h"

static int answer(req *r)
{
    char creation[32];
    if (settings_get(worker_db(), r->a, "group_creation", creation, sizeof creation)) return resp_db_error(r);
    return resp_json(r, 200, json_pack("{s:s}", "group_creation", *creation ? creation : "everyone"));
}

int h_settings_get(req *r)
{
    return answer(r);
}

static const field_spec fields[] = {
    { "group_creation", F_STRING, 0, 0, "everyone|admins" },
    { NULL, 0, 0, 0, NULL },
};

int h_settings_patch(req *r)
{
    if (!acl_can_edit_settings(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    if (req_read_json(r) || validate_body(r, fields)) return 0;
    const char *creation = body_str(r, "group_creation");
    db *d = worker_db();
    if (creation) {
        if (db_begin(d)) return resp_db_error(r);
        if (settings_set(d, "group_creation", creation)
            || db_exec(d, "INSERT INTO audit_log (actor_id, action, target_type, target_id, detail)"
                          " VALUES (?, 'settings.update', 'settings', 0, ?)", "is", r->user->id,
                       arena_printf(r->a, "group_creation=%s", creation)) < 0) {
            db_rollback(d);
            return resp_db_error(r);
        }
        if (db_commit(d)) return resp_db_error(r);
    }
    return answer(r);
}
