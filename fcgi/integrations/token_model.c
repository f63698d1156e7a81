#include "integrations/token_model.h"
#include "core/acl.h"
#include "core/respond.h"
#include "core/token_auth.h"
#include "core/validate.h"
#include "core/worker.h"
#include "log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const scope_names[] = { "read", "write", "admin" };

static int read_scopes(req *r, token_input *in)
{
    json_t *list = json_object_get(r->body, "scopes");
    if (!list || !json_is_array(list) || json_array_size(list) == 0 || json_array_size(list) > 3)
        return resp_error(r, 400, "bad_request", M_TOKEN_BAD_SCOPES), -1;
    size_t i;
    json_t *v;
    in->scopes = 0;
    json_array_foreach(list, i, v) {
        const char *s = json_string_value(v);
        int bit = 0;
        for (int k = 0; s && k < 3; k++)
            if (strcmp(s, scope_names[k]) == 0) bit = 1 << k;
        if (!bit) return resp_error(r, 400, "bad_request", M_TOKEN_BAD_SCOPES), -1;
        in->scopes |= bit;
    }
    char buf[32] = "";
    size_t used = 0;
    for (int k = 0; k < 3; k++)
        if (in->scopes & (1 << k))
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", used ? "," : "", scope_names[k]);
    in->scopes_set = arena_strdup(r->a, buf);
    json_object_del(r->body, "scopes");
    return 0;
}

/* "YYYY-MM-DD" (the end of that day, UTC) or "YYYY-MM-DDTHH:MM:SSZ". */
static int read_expiry(req *r, token_input *in)
{
    json_t *v = json_object_get(r->body, "expires");
    in->expires = NULL;
    if (!v || json_is_null(v)) { json_object_del(r->body, "expires"); return 0; }
    const char *s = json_string_value(v);
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    int ok = 0;
    if (s) {
        char *end = NULL;
        if (strlen(s) == 10) {
            end = strptime(s, "%Y-%m-%d", &tm);
            tm.tm_hour = 23; tm.tm_min = 59; tm.tm_sec = 59;
        } else {
            end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
            if (end && (strcmp(end, "Z") == 0 || strcmp(end, ".000Z") == 0)) end = "";
        }
        ok = end && *end == 0;
    }
    time_t t = ok ? timegm(&tm) : 0, now = time(NULL);
    if (!ok || t <= now || t > now + (time_t)TOKEN_MAX_DAYS * 86400)
        return resp_error(r, 400, "bad_request", M_TOKEN_BAD_EXPIRY, TOKEN_MAX_DAYS), -1;
    char buf[24];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", gmtime_r(&t, &tm));
    in->expires = arena_strdup(r->a, buf);
    json_object_del(r->body, "expires");
    return 0;
}

int token_input_read(req *r, token_input *in, const char *const *extra)
{
    static const field_spec fields[] = {
        { "name", F_STRING, 1, TOKEN_NAME_MAX, NULL },
        { NULL, 0, 0, 0, NULL },
    };
    static const field_spec with_account[] = {
        { "name", F_STRING, 1, TOKEN_NAME_MAX, NULL },
        { "account", F_STRING, 1, 100, NULL },
        { NULL, 0, 0, 0, NULL },
    };
    memset(in, 0, sizeof *in);
    if (req_read_json(r) || read_scopes(r, in) || read_expiry(r, in)) return -1;
    if (validate_body(r, extra ? with_account : fields)) return -1;
    in->name = trim_spaces(r->a, body_str(r, "name"));
    if (!in->name) return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "name"), -1;
    return 0;
}

int token_create_answer(req *r, long long user_id, const token_input *in, const char *audit_action)
{
    char tok[API_TOKEN_LEN + 1], prefix[11];
    unsigned char hash[32];
    token_new(tok, hash, prefix);
    db *d = worker_db();
    if (!d || db_begin(d)) return resp_db_error(r);
    if (db_exec(d, STMT_TOKEN_INSERT, "isbssns", user_id, in->name, hash, (size_t)32, prefix, in->scopes_set,
                user_id == r->user->id ? 0LL : r->user->id, in->expires) < 0)
        { db_rollback(d); return resp_db_error(r); }
    long long id = db_last_id(d);
    if (db_exec(d, STMT_TOKEN_AUDIT, "isis", r->user->id, audit_action, id,
                arena_printf(r->a, "user=%lld scopes=%s expires=%s", user_id, in->scopes_set,
                             in->expires ? in->expires : "never")) < 0
        || db_commit(d))
        { db_rollback(d); return resp_db_error(r); }
    log_info("api token %lld created for user=%lld by user=%lld scopes=%s", id, user_id, r->user->id, in->scopes_set);
    json_t *scopes = json_array();
    for (int k = 0; k < 3; k++)
        if (in->scopes & (1 << k)) json_array_append_new(scopes, json_string(scope_names[k]));
    json_t *exp = json_null();
    if (in->expires) exp = json_string(arena_printf(r->a, "%.10sT%.8sZ", in->expires, in->expires + 11));
    resp_header(r, "Cache-Control", "no-store");
    return resp_json(r, 201, json_pack("{s:I,s:s,s:s,s:s,s:o,s:o}", "id", (json_int_t)id, "token", tok,
                                       "name", in->name, "prefix", prefix, "scopes", scopes, "expires", exp));
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *token_row_json(const db_rows *q, int row)
{
    json_t *scopes = json_array();
    char buf[32];
    snprintf(buf, sizeof buf, "%s", db_cell(q, row, 3) ? db_cell(q, row, 3) : "");
    for (char *save = NULL, *p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save))
        json_array_append_new(scopes, json_string(p));
    return json_pack("{s:I,s:s,s:s,s:o,s:s,s:o,s:o,s:b}", "id", (json_int_t)db_cell_int(q, row, 0),
                     "name", db_cell(q, row, 1), "prefix", db_cell(q, row, 2), "scopes", scopes,
                     "created", db_cell(q, row, 4), "expires", str_or_null(db_cell(q, row, 5)),
                     "last_used_at", str_or_null(db_cell(q, row, 6)), "expired", (int)db_cell_int(q, row, 7));
}
