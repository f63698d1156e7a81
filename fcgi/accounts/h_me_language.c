/* The person's saved language (docs/api.md « PATCH /me »): NULL until they
 * choose one in the application (its FR / EN switch), then used by the
 * application at sign-in and on load on any browser, and for their
 * e-mails (`locale`, set with it). */
#include "accounts/handlers.h"
#include "core/acl.h"
#include "core/auth.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include <string.h>

json_t *with_language(req *r, json_t *user)
{
    if (!user || !r->user) return user;
    db_rows *q = db_query(worker_db(), r->a, STMT_USER_LANGUAGE_GET, "i", r->user->id);
    /* unknown (a database error): as if never chosen, the browser's stands */
    const char *lang = q && q->nrows ? db_cell(q, 0, 0) : NULL;
    json_object_set_new(user, "language", lang ? json_string(lang) : json_null());
    return user;
}

static const field_spec me_fields[] = {
    { "language", F_STRING, 1, 0, "fr|en" },
    { NULL, 0, 0, 0, NULL },
};

int h_me_patch(req *r)
{
    if (req_read_json(r) || validate_body(r, me_fields)) return 0;
    const char *lang = body_str(r, "language");
    if (!acl_can_edit_profile(r->user, r->user->id)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    if (db_exec(worker_db(), STMT_USER_LANGUAGE_SET, "ssi", lang, lang, r->user->id) < 0) return resp_db_error(r);
    auth_revoke_user(r->user->id);     /* the sessions' cached locale */
    return resp_json(r, 200, json_pack("{s:s}", "language", lang));
}
