#include "integrations/webhook_model.h"
#include "core/acl.h"
#include "core/respond.h"
#include "core/worker.h"
#include "groups/groups_model.h"
#include "net_guard.h"
#include "settings.h"
#include "webhook.h"
#include <string.h>

int webhook_find(req *r, long long id, db_rows **row)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_WEBHOOK_GET, "i", id);
    if (!q) return resp_db_error(r), 0;
    if (!q->nrows) return resp_error(r, 404, "not_found", M_WEBHOOK_NOT_FOUND), 0;
    long long group = db_cell_int(q, 0, 1);
    acl_verdict v;
    if (group) {
        group_facts g;
        int found = group_load(r, group, NULL, &g);
        if (found < 0) return resp_db_error(r), 0;
        v = found ? acl_webhook(r->user, &g, 0) : ACL_HIDDEN;
    } else {
        v = acl_webhook(r->user, NULL, 0);
    }
    /* a subscription one does not manage does not exist for them */
    if (v != ACL_ALLOW) return resp_error(r, 404, "not_found", M_WEBHOOK_NOT_FOUND), 0;
    *row = q;
    return 1;
}

json_t *webhook_json(const db_rows *q, int i)
{
    json_t *events = json_array();
    const char *e = db_cell(q, i, 3);
    while (e && *e) {
        const char *comma = strchr(e, ',');
        size_t n = comma ? (size_t)(comma - e) : strlen(e);
        json_array_append_new(events, json_stringn(e, n));
        e = comma ? comma + 1 : NULL;
    }
    long long group = db_cell_int(q, i, 1);
    const char *failing = db_cell(q, i, 6);
    return json_pack("{s:I,s:o,s:s,s:o,s:b,s:s,s:o,s:{s:I,s:s},s:s,s:I}",
                     "id", (json_int_t)db_cell_int(q, i, 0),
                     "group", group ? json_pack("{s:I,s:s}", "id", (json_int_t)group, "name",
                                                db_cell(q, i, 10) ? db_cell(q, i, 10) : "")
                                    : json_null(),
                     "url", db_cell(q, i, 2), "events", events, "active", (int)db_cell_int(q, i, 4),
                     "off_reason", db_cell(q, i, 5) ? db_cell(q, i, 5) : "",
                     "failing_since", failing ? json_string(failing) : json_null(),
                     "created_by", "id", (json_int_t)db_cell_int(q, i, 7),
                     "display_name", db_cell(q, i, 8) ? db_cell(q, i, 8) : "",
                     "created", db_cell(q, i, 9), "waiting", (json_int_t)db_cell_int(q, i, 11));
}

const char *webhook_events_read(req *r, json_t *events)
{
    if (!json_is_array(events) || !json_array_size(events))
        return resp_error(r, 400, "bad_request", M_WEBHOOK_EVENTS), NULL;
    int want[WH__MAX] = { 0 };
    size_t i;
    json_t *v;
    json_array_foreach(events, i, v) {
        int e = webhook_event_parse(json_string_value(v));
        if (e < 0) {
            const char *s = json_string_value(v);
            return resp_error(r, 400, "bad_request", M_WEBHOOK_EVENT_UNKNOWN,
                              s && strlen(s) < 40 ? s : "?"), NULL;
        }
        want[e] = 1;
    }
    char out[256] = "";
    size_t n = 0;
    for (int e = 0; e < WH__MAX; e++)
        if (want[e]) n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", n ? "," : "", webhook_event_names[e]);
    return arena_printf(r->a, "%s", out);
}

/* the kind of a refused address, in the asker's language */
static const char *class_name(req *r, int cls)
{
    static const char *en[] = { "public", "loopback", "private", "link-local", "carrier-grade NAT",
                                "multicast", "unspecified", "reserved" };
    if (r->lang == LANG_EN) return cls >= 0 && cls <= NET_RESERVED ? en[cls] : "reserved";
    return net_guard_class_name((net_class)cls);
}

int webhook_url_check(req *r, const char *url)
{
    char allow[1001];
    if (settings_get(worker_db(), r->a, "outgoing_allow", allow, sizeof allow)) return resp_db_error(r), -1;
    int cls;
    const char *problem = webhook_url_problem(url, allow, &cls);
    if (!problem) return 0;
    if (strcmp(problem, "https") == 0) return resp_error(r, 400, "bad_request", M_WEBHOOK_HTTPS), -1;
    if (strcmp(problem, "unsafe") == 0) return resp_error(r, 400, "unsafe_url", M_WEBHOOK_UNSAFE, class_name(r, cls)), -1;
    return resp_error(r, 400, "bad_request", M_WEBHOOK_URL), -1;
}
