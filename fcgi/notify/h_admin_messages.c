/* POST /admin/messages: a message of the administrators to every active
 * account: a notification (kind « announcement ») and, by default, an
 * e-mail. */
#include "core/acl.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "notify.h"
#include "notify/handlers.h"

static const field_spec message_fields[] = {
    { "title", F_STRING, 1, 200, NULL },
    { "body", F_TEXT, 0, 10000, NULL },
    { NULL, 0, 0, 0, NULL },
};

int h_admin_messages_create(req *r)
{
    if (!acl_can_message_everyone(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    if (req_read_json(r) || validate_body(r, message_fields)) return 0;
    const char *title = trim_spaces(r->a, body_str(r, "title")), *body = body_str(r, "body");
    if (!title) return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "title");
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    long long id = 0;
    if (db_exec(d, STMT_ADMIN_MESSAGE_INSERT, "iss", r->user->id, title, body ? body : "") < 0
        || !(id = db_last_id(d)) || notify_add(d, NOTIFY_MESSAGE, id, r->user->id, 0, NULL) || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    notify_poke(&W.cfg);
    return resp_json(r, 202, json_pack("{s:I}", "id", (json_int_t)id));
}
