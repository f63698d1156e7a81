#include "webhook_fanout.h"
#include "core/acl.h"
#include "webhook.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int written;

int webhook_fanout_take(void)
{
    int n = written;
    written = 0;
    return n;
}

/* The object of the event as JSON text, and its group (0: none): 1; 0 when
 * the row is not a webhook event or its object is gone; -1 MariaDB. */
static int load(db *d, arena *a, const queue_row *row, webhook_event *ev, long long *group, json_t **data)
{
    db_rows *q = NULL;
    const char *key = NULL;
    switch (row->event) {
    case NOTIFY_POST:
        *ev = WH_POST_CREATED, key = "post";
        q = db_query(d, a, STMT_WEBHOOK_POST_DATA, "i", row->object);
        break;
    case NOTIFY_COMMENT:
        *ev = WH_COMMENT_CREATED, key = "comment";
        q = db_query(d, a, STMT_WEBHOOK_COMMENT_DATA, "i", row->object);
        break;
    case NOTIFY_FILE:
        *ev = WH_FILE_ADDED, key = "file";
        q = db_query(d, a, STMT_WEBHOOK_FILE_DATA, "i", row->object);
        break;
    case NOTIFY_EVENT_INVITED:
        if (strcmp(row->detail, "more") == 0) return 0;       /* people added to an event: not a new one */
        *ev = WH_EVENT_CREATED, key = "event";
        q = db_query(d, a, STMT_WEBHOOK_EVENT_DATA, "i", row->object);
        break;
    case NOTIFY_POST_DELETED:
        *ev = WH_POST_DELETED;
        *group = row->subject;
        *data = json_pack("{s:{s:I,s:o}}", "post", "id", (json_int_t)row->object,
                          "group_id", row->subject ? json_integer(row->subject) : json_null());
        return 1;
    case NOTIFY_ADDED: case NOTIFY_DECIDED: case NOTIFY_LEFT: {
        if (row->event == NOTIFY_DECIDED && strcmp(row->detail, "approved") != 0) return 0;
        *ev = row->event == NOTIFY_LEFT ? WH_MEMBER_LEFT : WH_MEMBER_JOINED;
        *group = row->object;
        q = db_query(d, a, STMT_WEBHOOK_USER_DATA, "iii", row->object, row->object, row->subject);
        if (!q) return -1;
        if (!q->nrows) return 0;
        const char *role = db_cell(q, 0, 1);
        /* joined: still a member; promoted to manager long after joining: not a new member */
        if (*ev == WH_MEMBER_JOINED && (!role || (strcmp(row->detail, "manager") == 0
                                                  && db_cell_int(q, 0, 2) > (long long)row->age + 5)))
            return 0;
        json_t *member = json_loads(db_cell(q, 0, 0), 0, NULL);
        json_t *by = json_pack("{s:I}", "id", (json_int_t)row->actor);
        *data = json_pack("{s:o,s:o,s:o}", "member", member ? member : json_null(),
                          "role", role ? json_string(role) : json_null(), "by", by);
        return 1;
    }
    default:
        return 0;
    }
    if (!q) return -1;
    if (!q->nrows) return 0;
    *group = db_cell_int(q, 0, 0);
    json_t *obj = json_loads(db_cell(q, 0, 1), 0, NULL);
    if (!obj) return 0;
    *data = json_pack("{s:o}", key, obj);
    return 1;
}

int webhook_fanout(db *d, arena *a, const queue_row *row)
{
    webhook_event ev;
    long long group = 0;
    json_t *data = NULL;
    /* a cheap look first: nobody subscribed to it, nothing loaded (the
     * notifier's pace without webhooks stays what it was) */
    switch (row->event) {
    case NOTIFY_POST: ev = WH_POST_CREATED; break;
    case NOTIFY_COMMENT: ev = WH_COMMENT_CREATED; break;
    case NOTIFY_FILE: ev = WH_FILE_ADDED; break;
    case NOTIFY_EVENT_INVITED: ev = WH_EVENT_CREATED; break;
    case NOTIFY_POST_DELETED: ev = WH_POST_DELETED; break;
    case NOTIFY_ADDED: case NOTIFY_DECIDED: ev = WH_MEMBER_JOINED; break;
    case NOTIFY_LEFT: ev = WH_MEMBER_LEFT; break;
    default: return 0;
    }
    db_rows *any = db_query(d, a, STMT_WEBHOOK_ANY, "s", webhook_event_names[ev]);
    if (!any) return -1;
    if (!any->nrows) return 0;
    int found = load(d, a, row, &ev, &group, &data);
    if (found <= 0) return found;
    db_rows *subs = db_query(d, a, STMT_WEBHOOK_SUBSCRIBERS, "si", webhook_event_names[ev], group);
    if (!subs) { json_decref(data); return -1; }
    if (!subs->nrows) { json_decref(data); return 0; }
    group_visibility vis = VIS_PUBLIC;
    json_t *group_json = json_null();
    if (group) {
        db_rows *g = db_query(d, a, STMT_WEBHOOK_GROUP_FACTS, "i", group);
        if (!g) { json_decref(data); return -1; }
        if (!g->nrows) { json_decref(data); return 0; }          /* the group is gone */
        const char *v = db_cell(g, 0, 1);
        vis = strcmp(v, "secret") == 0 ? VIS_SECRET : strcmp(v, "private") == 0 ? VIS_PRIVATE : VIS_PUBLIC;
        json_decref(group_json);
        group_json = json_loads(db_cell(g, 0, 2), 0, NULL);
        if (!group_json) group_json = json_null();
    }
    json_object_set_new(data, "group", group_json);
    if (json_is_object(json_object_get(data, "by"))) {
        /* member events: who did it, with their name */
        db_rows *u = db_query(d, a, STMT_WEBHOOK_USER_DATA, "iii", 0LL, 0LL, row->actor);
        if (u && u->nrows) {
            json_t *by = json_loads(db_cell(u, 0, 0), 0, NULL);
            if (by) json_object_set_new(data, "by", by);
        }
    }
    char created[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int rc = 0;
    for (int i = 0; i < subs->nrows && !rc; i++) {
        if (!acl_webhook_receives(db_cell_int(subs, i, 1), (int)db_cell_int(subs, i, 2), group, vis)) continue;
        char uid[33];
        webhook_uid_new(uid);
        json_t *body = json_pack("{s:s,s:s,s:s,s:O}", "id", uid, "event", webhook_event_names[ev],
                                 "created", created, "data", data);
        char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
        json_decref(body);
        if (!text || db_exec(d, STMT_WEBHOOK_DELIVERY_INSERT, "siss", uid, db_cell_int(subs, i, 0),
                             webhook_event_names[ev], text) < 0)
            rc = -1;
        else
            written++;
        free(text);
    }
    json_decref(data);
    return rc;
}
