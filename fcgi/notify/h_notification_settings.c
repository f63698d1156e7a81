/* /me/notification-settings: per kind of notification, when the person
 * wants an e-mail: at once, in the daily or the weekly digest, or never.
 * Without a choice, the default of the kind (must-read posts, mentions,
 * administrators' messages, shares and decisions at once; the rest in the
 * daily digest). */
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "notify/handlers.h"
#include "notify_prefs.h"
#include <string.h>

static json_t *settings_json(req *r)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_NOTIFICATION_PREFS_GET, "i", r->user->id);
    if (!q) return NULL;
    json_t *email = json_object(), *kinds = json_array();
    for (int k = 0; notify_kinds[k]; k++) {
        const char *v = notify_default_email(notify_kinds[k]);
        for (int i = 0; i < q->nrows; i++)
            if (strcmp(db_cell(q, i, 0), notify_kinds[k]) == 0) v = db_cell(q, i, 1);
        json_object_set_new(email, notify_kinds[k], json_string(v));
        json_array_append_new(kinds, json_string(notify_kinds[k]));
    }
    return json_pack("{s:o,s:o}", "email", email, "kinds", kinds);
}

int h_notification_settings_get(req *r)
{
    json_t *j = settings_json(r);
    return j ? resp_json(r, 200, j) : resp_db_error(r);
}

int h_notification_settings_put(req *r)
{
    if (req_read_json(r)) return 0;
    json_t *email = json_object_get(r->body, "email");
    const char *key;
    json_t *v;
    if (!json_is_object(email)) return resp_error(r, 400, "bad_request", M_FIELD_MISSING, "email");
    json_object_foreach(r->body, key, v)
        if (strcmp(key, "email") != 0) return resp_error(r, 400, "bad_request", M_FIELD_UNKNOWN, key);
    json_object_foreach(email, key, v) {
        if (!notify_kind_known(key)) return resp_error(r, 400, "bad_request", M_FIELD_UNKNOWN, key);
        const char *s = json_string_value(v);
        if (!s || !notify_email_choice_known(s)) return resp_error(r, 400, "bad_request", M_BAD_EMAIL_CHOICE, key);
    }
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    json_object_foreach(email, key, v)
        if (db_exec(d, STMT_NOTIFICATION_PREF_SET, "iss", r->user->id, key, json_string_value(v)) < 0) {
            db_rollback(d);
            return resp_db_error(r);
        }
    if (db_commit(d)) return resp_db_error(r);
    json_t *j = settings_json(r);
    return j ? resp_json(r, 200, j) : resp_db_error(r);
}
