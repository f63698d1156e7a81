/* Outgoing webhooks (docs/webhooks.md): subscribing a URL to events
 * (administrators for the organisation, a group's managers for their
 * group: acl_webhook), listing, reading with the delivery log, changing,
 * deleting. The secret is shown once, in the creation's answer. */
#include "core/acl.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "groups/groups_model.h"
#include "integrations/handlers.h"
#include "integrations/webhook_model.h"
#include "webhook.h"
#include <stdlib.h>
#include <string.h>

static const field_spec create_fields[] = {
    { "url", F_STRING, 1, 2000, NULL },
    { "group_id", F_ID, 0, 0, NULL },
    { NULL, 0, 0, 0, NULL },
};

/* the request's events, taken out of the body before its other fields
 * are checked */
static json_t *take_events(req *r)
{
    json_t *v = json_object_get(r->body, "events");
    if (v) { json_incref(v); json_object_del(r->body, "events"); }
    return v;
}

static json_t *event_names(void)
{
    json_t *a = json_array();
    for (int e = 0; e < WH__MAX; e++) json_array_append_new(a, json_string(webhook_event_names[e]));
    return a;
}

int h_webhooks_create(req *r)
{
    if (req_read_json(r)) return 0;
    json_t *events = take_events(r);
    if (validate_body(r, create_fields)) { json_decref(events); return 0; }
    long long group = body_int(r, "group_id", 0);
    acl_verdict v;
    if (group) {
        group_facts g;
        int found = group_load(r, group, NULL, &g);
        if (found < 0) { json_decref(events); return resp_db_error(r); }
        v = found ? acl_webhook(r->user, &g, 1) : ACL_HIDDEN;
    } else {
        v = acl_webhook(r->user, NULL, 1);
        if (v == ACL_DENY) { json_decref(events); return resp_error(r, 403, "forbidden", M_WEBHOOK_ORG_ADMINS); }
    }
    if (v != ACL_ALLOW) { json_decref(events); return acl_refuse(r, v); }
    const char *list = webhook_events_read(r, events);
    json_decref(events);
    if (!list) return 0;
    const char *url = trim_spaces(r->a, body_str(r, "url"));
    if (!url) return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "url");
    if (webhook_url_check(r, url)) return 0;
    char secret[WEBHOOK_SECRET_LEN + 1];
    webhook_secret_new(secret);
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    long long id = 0;
    if (db_exec(d, STMT_WEBHOOK_INSERT, "nsssi", group, url, list, secret, r->user->id) < 0
        || !(id = db_last_id(d))
        || db_exec(d, STMT_AUDIT_WEBHOOK, "isis", r->user->id, "webhook.create", id,
                   arena_printf(r->a, "group=%lld events=%s", group, list)) < 0
        || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    db_rows *q = db_query(d, r->a, STMT_WEBHOOK_GET, "i", id);
    if (!q || !q->nrows) return resp_db_error(r);
    json_t *out = webhook_json(q, 0);
    json_object_set_new(out, "secret", json_string(secret));    /* shown this once */
    return resp_json(r, 201, out);
}

int h_webhooks_list(req *r)
{
    const char *g = req_query(r, "group_id");
    char *end = NULL;
    long long group = g ? strtoll(g, &end, 10) : 0;
    if (g && (group <= 0 || *end)) return resp_error(r, 400, "bad_request", M_BAD_QUERY);
    db *d = worker_db();
    db_rows *q = acl_webhook(r->user, NULL, 0) == ACL_ALLOW
        ? db_query(d, r->a, STMT_WEBHOOK_LIST_ALL, "ii", group, group)
        : db_query(d, r->a, STMT_WEBHOOK_LIST_MANAGED, "iii", r->user->id, group, group);
    if (!q) return resp_db_error(r);
    json_t *items = json_array();
    for (int i = 0; i < q->nrows; i++) json_array_append_new(items, webhook_json(q, i));
    /* a group's list also says whether the asker may subscribe there */
    int can = acl_webhook(r->user, NULL, 1) == ACL_ALLOW;
    if (group) {
        group_facts f;
        int found = group_load(r, group, NULL, &f);
        if (found < 0) { json_decref(items); return resp_db_error(r); }
        can = found && acl_webhook(r->user, &f, 1) == ACL_ALLOW;
    }
    return resp_json(r, 200, json_pack("{s:o,s:n,s:o,s:b}", "items", items, "next", "events", event_names(),
                                       "can_create", can));
}

int h_webhooks_get(req *r)
{
    db_rows *q;
    if (!webhook_find(r, r->ids[0], &q)) return 0;
    db_rows *log = db_query(worker_db(), r->a, STMT_WEBHOOK_ATTEMPTS, "i", r->ids[0]);
    if (!log) return resp_db_error(r);
    json_t *attempts = json_array();
    for (int i = 0; i < log->nrows; i++) {
        long long status = db_cell_int(log, i, 2);
        json_array_append_new(attempts, json_pack("{s:I,s:s,s:o,s:I,s:s,s:s,s:s,s:s,s:b}",
            "id", (json_int_t)db_cell_int(log, i, 0), "at", db_cell(log, i, 1),
            "status", status ? json_integer(status) : json_null(),
            "duration_ms", (json_int_t)db_cell_int(log, i, 3), "answer", db_cell(log, i, 4),
            "delivery", db_cell(log, i, 5), "event", db_cell(log, i, 6), "state", db_cell(log, i, 7),
            "ok", status >= 200 && status < 300));
    }
    json_t *out = webhook_json(q, 0);
    json_object_set_new(out, "attempts", attempts);
    json_object_set_new(out, "events_available", event_names());
    return resp_json(r, 200, out);
}

static const field_spec patch_fields[] = {
    { "url", F_STRING, 0, 2000, NULL },
    { "active", F_BOOL, 0, 0, NULL },
    { NULL, 0, 0, 0, NULL },
};

int h_webhooks_patch(req *r)
{
    db_rows *q;
    if (!webhook_find(r, r->ids[0], &q)) return 0;
    if (req_read_json(r)) return 0;
    json_t *events = take_events(r);
    if (validate_body(r, patch_fields)) { json_decref(events); return 0; }
    const char *list = NULL;
    if (events) {
        list = webhook_events_read(r, events);
        json_decref(events);
        if (!list) return 0;
    }
    const char *url = body_str(r, "url");
    if (url) {
        if (!(url = trim_spaces(r->a, url))) return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "url");
        if (webhook_url_check(r, url)) return 0;
    }
    long long active = body_bool(r, "active", -1);
    db *d = worker_db();
    if (db_exec(d, STMT_WEBHOOK_UPDATE, "ssiiiii", url, list, active, active, active, active, r->ids[0]) < 0)
        return resp_db_error(r);
    q = db_query(d, r->a, STMT_WEBHOOK_GET, "i", r->ids[0]);
    if (!q || !q->nrows) return resp_db_error(r);
    return resp_json(r, 200, webhook_json(q, 0));
}

int h_webhooks_delete(req *r)
{
    db_rows *q;
    if (!webhook_find(r, r->ids[0], &q)) return 0;
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    if (db_exec(d, STMT_WEBHOOK_DELETE, "i", r->ids[0]) < 0
        || db_exec(d, STMT_AUDIT_WEBHOOK, "isis", r->user->id, "webhook.delete", r->ids[0],
                   arena_printf(r->a, "url=%s", db_cell(q, 0, 2))) < 0
        || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    return resp_empty(r, 204);
}
