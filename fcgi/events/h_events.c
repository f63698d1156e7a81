/* Events: creating one in a group or for the organisation, reading,
 * changing (a change of time or place raises its SEQUENCE and tells those
 * who answered yes or maybe), cancelling (kept, status cancelled). */
#include "events/handlers.h"
#include "events/event_input.h"
#include "events/events_cache.h"
#include "events/events_model.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "feed/post_write.h"
#include "groups/groups_model.h"
#include "markdown.h"
#include "notify.h"
#include <string.h>

static int answer_event(req *r, int status, long long id)
{
    db_rows *q;
    event_facts f;
    int ok = event_find(r, id, &q, &f);
    if (ok) resp_json(r, status, event_json(r, q, 0, &f));
    tz_restore();
    return 0;
}

static int create_event(req *r, long long group_id)
{
    if (req_read_json(r)) return 0;
    acl_verdict v;
    if (group_id) {
        group_facts g;
        int found = group_load(r, group_id, NULL, &g);
        if (found < 0) return resp_db_error(r);
        v = found ? acl_event_create(r->user, &g) : ACL_HIDDEN;
        if (v != ACL_ALLOW) return acl_refuse(r, v);
    } else {
        v = acl_event_create(r->user, NULL);
        if (v == ACL_DENY) return resp_error(r, 403, "forbidden", M_EVENT_ORG_EDITORS);
        if (v != ACL_ALLOW) return acl_refuse_event(r, v);
    }
    event_input in;
    int bad = event_input_read(r, NULL, group_id, &in);
    tz_restore();
    if (bad) return 0;
    markdown_out md;
    if (render_body(r, in.description, &md)) return 0;
    db *d = worker_db();
    if (db_begin(d)) { markdown_free(&md); return resp_db_error(r); }
    long long id = 0;
    int failed = event_input_insert(d, group_id, r->user->id, &in, md.html, &id)
              || notify_add(d, NOTIFY_EVENT_INVITED, id, r->user->id, 0, NULL);
    markdown_free(&md);
    if (failed) { db_rollback(d); return resp_db_error(r); }
    if (db_commit(d)) return resp_db_error(r);
    events_cache_changed();
    notify_poke(&W.cfg);
    return answer_event(r, 201, id);
}

int h_group_events_create(req *r) { return create_event(r, r->ids[0]); }
int h_org_events_create(req *r) { return create_event(r, 0); }

int h_events_get(req *r)
{
    return answer_event(r, 200, r->ids[0]);
}

static int refuse_cancelled(req *r, const db_rows *q)
{
    if (strcmp(db_cell(q, 0, EV_COL_STATUS), "cancelled") != 0) return 0;
    resp_error(r, 409, "conflict", M_EVENT_CANCELLED);
    return 1;
}

/* Whether the change invites someone new: the whole group now, or a
 * person not yet named. Read before the change, in its transaction. 1, 0
 * or -1. */
static int invites_more(db *d, req *r, const db_rows *old, const event_input *in)
{
    if (in->invite_group && !db_cell_int(old, 0, EV_COL_INVITE_GROUP)) return 1;
    if (!in->invitees) return 0;
    db_rows *q = db_query(d, r->a, STMT_EVENT_INVITEES_NEW_COUNT, "si", in->invitees, r->ids[0]);
    return q ? db_cell_int(q, 0, 0) > 0 : -1;
}

int h_events_put(req *r)
{
    db_rows *q;
    event_facts f;
    if (!event_find(r, r->ids[0], &q, &f)) return 0;
    acl_verdict v = acl_event(r->user, &f, EA_EDIT);
    if (v != ACL_ALLOW) return acl_refuse_event(r, v);
    if (refuse_cancelled(r, q) || req_read_json(r)) return 0;
    event_input in;
    int bad = event_input_read(r, q, f.org ? 0 : f.group.id, &in);
    tz_restore();
    if (bad) return 0;
    markdown_out md;
    if (render_body(r, in.description, &md)) return 0;
    long long id = r->ids[0];
    const char *what = in.time_changed && in.place_changed ? "time,place" : in.time_changed ? "time"
                     : in.place_changed ? "place" : NULL;
    db *d = worker_db();
    if (db_begin(d)) { markdown_free(&md); return resp_db_error(r); }
    /* the newly invited are sent the invitation ("more": only those not
     * told yet, notifier/event_notices.c) */
    int more = invites_more(d, r, q, &in);
    int failed = more < 0 || event_input_update(d, id, &in, md.html, what != NULL)
              || (what && notify_add(d, NOTIFY_EVENT_CHANGED, id, r->user->id, 0, what))
              || (more > 0 && notify_add(d, NOTIFY_EVENT_INVITED, id, r->user->id, 0, "more"));
    markdown_free(&md);
    if (failed) { db_rollback(d); return resp_db_error(r); }
    if (db_commit(d)) return resp_db_error(r);
    events_cache_changed();
    if (what || more > 0) notify_poke(&W.cfg);
    return answer_event(r, 200, id);
}

int h_events_delete(req *r)
{
    db_rows *q;
    event_facts f;
    if (!event_find(r, r->ids[0], &q, &f)) return 0;
    acl_verdict v = acl_event(r->user, &f, EA_CANCEL);
    if (v != ACL_ALLOW) return acl_refuse_event(r, v);
    if (refuse_cancelled(r, q)) return 0;
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    long long n = db_exec(d, STMT_EVENT_CANCEL, "i", r->ids[0]);
    if (n < 0 || (n > 0 && notify_add(d, NOTIFY_EVENT_CANCELLED, r->ids[0], r->user->id, 0, NULL))) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (db_commit(d)) return resp_db_error(r);
    events_cache_changed();
    notify_poke(&W.cfg);
    return resp_empty(r, 204);
}
