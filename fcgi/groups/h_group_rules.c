/* /groups/{id}/rules: membership rules on profile attributes, which keep a
 * group's members in step with the directory (administrators). */
#include "core/acl.h"
#include "groups/groups_model.h"
#include "groups/member_cache.h"
#include "membership.h"
#include "core/validate.h"
#include "core/worker.h"
#include <string.h>

#define MAX_RULES 20
#define RULE_VALUE_MAX 100

static json_t *rules_json(req *r, long long group_id)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_RULES_OF_GROUP, "i", group_id);
    if (!q) return NULL;
    json_t *items = json_array();
    for (int i = 0; i < q->nrows; i++)
        json_array_append_new(items, json_pack("{s:s,s:s}", "attribute", db_cell(q, i, 0), "value", db_cell(q, i, 1)));
    return items;
}

int h_rules_get(req *r)
{
    group_facts f;
    if (!group_allows(r, r->ids[0], GA_SET_DEFAULT, NULL, &f)) return 0;
    json_t *items = rules_json(r, f.id);
    return items ? resp_json(r, 200, json_pack("{s:o}", "items", items)) : resp_db_error(r);
}

static const field_spec rule_fields[] = {
    { "attribute", F_STRING, 1, 0, "department|site" },
    { "value", F_STRING, 1, RULE_VALUE_MAX, NULL },
    { NULL, 0, 0, 0, NULL },
};

/* Checks {"rules": [...]}: answers 400 and returns -1 on a problem. */
static int read_rules(req *r, json_t **rules)
{
    json_t *body = r->body;
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
        if (strcmp(key, "rules") != 0) return resp_error(r, 400, "bad_request", M_FIELD_UNKNOWN, key), -1;
    *rules = json_object_get(body, "rules");
    if (!*rules) return resp_error(r, 400, "bad_request", M_FIELD_MISSING, "rules"), -1;
    if (!json_is_array(*rules)) return resp_error(r, 400, "bad_request", M_BAD_RULE, 0), -1;
    if (json_array_size(*rules) > MAX_RULES) return resp_error(r, 400, "bad_request", M_TOO_MANY_RULES, MAX_RULES), -1;
    size_t i;
    json_array_foreach(*rules, i, v) {
        validation_error e;
        if (!json_is_object(v) || validate_fields(v, rule_fields, r->a, &e)
            || utf8_chars(json_string_value(json_object_get(v, "value"))) == 0)
            return resp_error(r, 400, "bad_request", M_BAD_RULE, (int)i + 1), -1;
    }
    return 0;
}

int h_rules_put(req *r)
{
    group_facts f;
    if (!group_allows(r, r->ids[0], GA_SET_DEFAULT, NULL, &f)) return 0;
    json_t *rules;
    if (req_read_json(r) || read_rules(r, &rules)) return 0;
    if (f.archived) return acl_refuse(r, ACL_ARCHIVED);

    db *d = worker_db();
    if (!group_begin_locked(r, d, f.id)) return 0;
    int failed = db_exec(d, STMT_RULES_DELETE_OF_GROUP, "i", f.id) < 0;
    size_t i;
    json_t *v;
    json_array_foreach(rules, i, v) {
        if (failed) break;
        failed = db_exec(d, STMT_RULE_INSERT, "iss",
                         f.id, json_string_value(json_object_get(v, "attribute")),
                         json_string_value(json_object_get(v, "value"))) < 0;
    }
    long long added = 0, removed = 0;
    if (failed || membership_sync_group(d, f.id, &added, &removed)
        || db_exec(d, STMT_AUDIT_GROUP_RULES, "iis", r->user->id, f.id,
                   arena_printf(r->a, "rules=%zu added=%lld removed=%lld", json_array_size(rules), added, removed)) < 0) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (db_commit(d)) return resp_db_error(r);
    group_cache_changed();
    member_cache_changed_all();
    json_t *items = rules_json(r, f.id);
    if (!items) return resp_db_error(r);
    return resp_json(r, 200, json_pack("{s:o,s:I,s:I}", "items", items, "added", (json_int_t)added,
                                       "removed", (json_int_t)removed));
}
