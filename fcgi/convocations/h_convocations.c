/* Convocations (docs/convocations.md): sending one (POST
 * /groups/{id}/convocations) and a new version of it (PUT
 * /convocations/{id}). Each writes, in ONE transaction, the event (through
 * the events code: its checks, its SEQUENCE), the must-read post that
 * shows the meeting and the agenda, the convocation and its version, a
 * receipt row per recipient and one notify_queue row; the notifier tells
 * and mails each recipient (notifier/convocation_notices.c). */
#include "convocations/handlers.h"
#include "convocations/conv_model.h"
#include "events/event_input.h"
#include "events/events_cache.h"
#include "events/events_model.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "feed/post_attachments.h"
#include "feed/post_write.h"
#include "feed/timeline_cache.h"
#include "groups/groups_model.h"
#include "convocation_text.h"
#include "markdown.h"
#include "notify.h"
#include "outbox.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
    event_input ev;
    int event_given;
    const char *agenda;          /* NULL: unchanged (PUT) */
    const char *recipients;      /* JSON ids; NULL: all members (POST), the same people (PUT) */
    const char *reminders;       /* JSON days; NULL: unchanged (PUT) */
} conv_input;

static int int_cmp(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

/* A JSON array of distinct positive integers, at most max, each at most
 * top: sorted into ids (arena), n. 0, or -1 when it is not one. */
static int id_list(req *r, json_t *v, size_t max, long long top, long long **ids, size_t *n)
{
    if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > max) return -1;
    *n = json_array_size(v);
    *ids = arena_alloc(r->a, (*n + 1) * sizeof **ids);
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
        if (!json_is_integer(x) || json_integer_value(x) < 1 || json_integer_value(x) > top) return -1;
        (*ids)[i] = json_integer_value(x);
    }
    qsort(*ids, *n, sizeof **ids, int_cmp);
    for (i = 1; i < *n; i++)
        if ((*ids)[i] == (*ids)[i - 1]) return -1;
    return 0;
}

static const field_spec agenda_fields[] = {
    { "agenda", F_TEXT, 0, CONV_AGENDA_MAX, NULL },
    { NULL, 0, 0, 0, NULL },
};

/* The body: {"event":{...},"agenda","attachments","recipients","reminders"}.
 * old: the event's row for a PUT. On a problem the 400 is answered. */
static int read_input(req *r, long long group_id, const db_rows *old, conv_input *ci)
{
    memset(ci, 0, sizeof *ci);
    const char *k;
    json_t *v;
    json_object_foreach(r->body, k, v)
        if (strcmp(k, "event") && strcmp(k, "agenda") && strcmp(k, "attachments") && strcmp(k, "recipients")
            && strcmp(k, "reminders"))
            return resp_error(r, 400, "bad_request", M_FIELD_UNKNOWN, k), -1;

    /* the agenda */
    json_t *agenda = json_object_get(r->body, "agenda");
    if (!old || (agenda && !json_is_null(agenda))) {
        json_t *one = json_object(), *body = r->body;
        if (agenda) json_object_set(one, "agenda", agenda);
        r->body = one;
        int bad = validate_body(r, agenda_fields);
        r->body = body;
        const char *text = json_string_value(json_object_get(one, "agenda"));
        ci->agenda = text ? arena_strdup(r->a, text) : NULL;
        json_decref(one);
        if (bad) return -1;
        int blank = 1;
        for (const char *p = ci->agenda; p && *p && blank; p++) blank = *p == ' ' || *p == '\n' || *p == '\r' || *p == '\t';
        if (blank) return resp_error(r, 400, "bad_request", M_CONV_AGENDA_EMPTY), -1;
    }

    /* the reminders: days after sending */
    json_t *rem = json_object_get(r->body, "reminders");
    if (rem && !json_is_null(rem)) {
        long long *days;
        size_t n;
        if (json_is_array(rem) && json_array_size(rem) == 0) ci->reminders = "[]";
        else if (id_list(r, rem, CONV_REMINDERS_MAX, CONV_REMINDER_DAYS_MAX, &days, &n))
            return resp_error(r, 400, "bad_request", M_CONV_BAD_REMINDERS, CONV_REMINDERS_MAX, CONV_REMINDER_DAYS_MAX), -1;
        else ci->reminders = db_ids_json(r->a, days, (int)n);
    } else if (!old) {
        ci->reminders = "[]";
    }

    /* the recipients: active members of the group */
    json_t *rc = json_object_get(r->body, "recipients");
    long long *ids = NULL;
    size_t nids = 0;
    if (rc && !json_is_null(rc)) {
        if (id_list(r, rc, CONV_RECIPIENTS_MAX, (long long)1 << 62, &ids, &nids))
            return resp_error(r, 400, "bad_request", M_CONV_BAD_RECIPIENTS, CONV_RECIPIENTS_MAX), -1;
        ci->recipients = db_ids_json(r->a, ids, (int)nids);
        db_rows *m = db_query(worker_db(), r->a, STMT_CONV_MEMBERS_AMONG, "is", group_id, ci->recipients);
        if (!m) return resp_db_error(r), -1;
        for (size_t i = 0; i < nids; i++) {
            int ok = 0;
            for (int row = 0; row < m->nrows && !ok; row++) ok = db_cell_int(m, row, 0) == ids[i];
            if (!ok) return resp_error(r, 400, "bad_request", M_CONV_NOT_MEMBER, ids[i]), -1;
        }
    } else if (!old) {
        db_rows *m = db_query(worker_db(), r->a, STMT_CONV_ACTIVE_MEMBERS, "i", group_id);
        if (!m) return resp_db_error(r), -1;
        if (db_cell_int(m, 0, 0) == 0) return resp_error(r, 400, "bad_request", M_CONV_NO_RECIPIENTS), -1;
    }

    /* the meeting: an event of the group, read and checked by the events
     * code; its documents and invitees are the convocation's */
    json_t *ev = json_object_get(r->body, "event");
    if ((!ev && !old) || (ev && !json_is_object(ev)))
        return resp_error(r, 400, "bad_request", M_CONV_BAD_EVENT), -1;
    ci->event_given = ev != NULL;
    if (!ev) {                                   /* a PUT that leaves the meeting as it is */
        ev = json_object();
        json_object_set_new(r->body, "event", ev);
    }
    /* read in place: what it reads points into the body, freed with the request */
    json_t *obj = ev;
    if (json_object_get(obj, "invitees") || json_object_get(obj, "attachments")) {
        int att = json_object_get(obj, "attachments") != NULL;
        return resp_error(r, 400, "bad_request", M_CONV_EVENT_FIELD, att ? "attachments" : "invitees"), -1;
    }
    json_t *att = json_object_get(r->body, "attachments");
    if (att) json_object_set(obj, "attachments", att);
    if (ci->recipients) {
        json_t *users = json_array();
        for (size_t i = 0; i < nids; i++) json_array_append_new(users, json_integer(ids[i]));
        json_object_set_new(obj, "invitees", json_pack("{s:b,s:o}", "group", 0, "users", users));
    } else if (!old) {
        json_object_set_new(obj, "invitees", json_pack("{s:b}", "group", 1));
    }
    int bad = event_input_read_json(r, obj, old, group_id, &ci->ev);
    tz_restore();
    return bad ? -1 : 0;
}

/* The post's Markdown from what the event and the agenda say now. */
static const char *post_text(req *r, const conv_input *ci, const char *agenda)
{
    const char *when = convocation_when(r->a, 0, &ci->ev.t);
    return convocation_post_body(r->a, ci->ev.title, when, ci->ev.place, ci->ev.url, agenda);
}

typedef struct { markdown_out desc, agenda, post; int n; } rendered;

static void rendered_free(rendered *m)
{
    if (m->n > 0) markdown_free(&m->desc);
    if (m->n > 1) markdown_free(&m->agenda);
    if (m->n > 2) markdown_free(&m->post);
}

static int render_all(req *r, const char *desc, const char *agenda, const char *post, rendered *m)
{
    memset(m, 0, sizeof *m);
    if (render_body(r, desc, &m->desc)) return -1;
    m->n = 1;
    if (render_body(r, agenda, &m->agenda)) { rendered_free(m); return -1; }
    m->n = 2;
    if (render_body(r, post, &m->post)) { rendered_free(m); return -1; }
    m->n = 3;
    return 0;
}

static int write_receipts(db *d, long long id, const char *recipients, int previous)
{
    if (recipients) return db_exec(d, STMT_CONV_RECEIPTS_LISTED, "si", recipients, id) < 0 ? -1 : 0;
    return db_exec(d, previous ? STMT_CONV_RECEIPTS_PREVIOUS : STMT_CONV_RECEIPTS_ALL_MEMBERS, "i", id) < 0 ? -1 : 0;
}

static int answer_created(req *r, int status, long long id)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_CONV_BY_ID, "i", id);
    if (!q || !q->nrows) return resp_db_error(r);
    return resp_json(r, status, json_pack("{s:I,s:I,s:I,s:I}", "id", (json_int_t)id,
                                          "post_id", (json_int_t)db_cell_int(q, 0, CV_COL_POST),
                                          "event_id", (json_int_t)db_cell_int(q, 0, CV_COL_EVENT),
                                          "version", (json_int_t)db_cell_int(q, 0, CV_COL_VERSION)));
}

/* After a convocation's commit: the group's feed and the must-read flags
 * cached by the workers, the indexer and the notifier told. */
static void after_commit(long long group_id)
{
    events_cache_changed();                      /* the meeting is an event */
    timeline_changed(group_id);
    timeline_flags_changed();
    outbox_poke(W.cfg.indexer_socket);
    notify_poke(&W.cfg);
}

/* POST /groups/{id}/convocations */
int h_group_convocations_create(req *r)
{
    long long group_id = r->ids[0];
    convocation_facts cf = { 0 };
    int found = group_load(r, group_id, NULL, &cf.group);
    if (found < 0) return resp_db_error(r);
    acl_verdict v = found ? acl_convocation(r->user, &cf, CVA_SEND) : ACL_HIDDEN;
    if (v != ACL_ALLOW) return acl_refuse(r, v);
    if (req_read_json(r)) return 0;
    conv_input ci;
    if (read_input(r, group_id, NULL, &ci)) return 0;
    rendered md;
    const char *body = post_text(r, &ci, ci.agenda);
    if (render_all(r, ci.ev.description, ci.agenda, body, &md)) return 0;

    db *d = worker_db();
    if (db_begin(d)) { rendered_free(&md); return resp_db_error(r); }
    long long event_id = 0, post_id = 0, id = 0;
    const char *attachments = ci.ev.attachments ? ci.ev.attachments : "[]";
    int failed = event_input_insert(d, group_id, r->user->id, &ci.ev, md.desc.html, &event_id)
        || db_exec(d, STMT_POST_INSERT, "nisssiiss", group_id, r->user->id, ci.ev.title,
                   body, md.post.html, 1LL, 0LL, NULL, NULL) < 0;
    if (!failed) {
        post_id = db_last_id(d);
        failed = save_text_links(r, post_id, 0, &md.post)
            || (ci.ev.attachments && attachments_save(d, post_id, ci.ev.attachments))
            || outbox_add(d, ENTITY_POST, post_id)
            || db_exec(d, STMT_CONV_INSERT, "iiiissss", group_id, post_id, event_id, r->user->id, ci.agenda,
                       md.agenda.html, attachments, ci.reminders) < 0;
    }
    if (!failed) {
        id = db_last_id(d);
        failed = db_exec(d, STMT_CONV_VERSION_INSERT, "ii", r->user->id, id) < 0
            || write_receipts(d, id, ci.recipients, 0)
            || notify_add(d, NOTIFY_CONVOCATION, id, r->user->id, 0, "sent");
    }
    rendered_free(&md);
    if (failed) { db_rollback(d); return resp_db_error(r); }
    if (db_commit(d)) return resp_db_error(r);
    after_commit(group_id);
    return answer_created(r, 201, id);
}

/* PUT /convocations/{id}: a new version, sent again to its recipients. */
int h_convocations_put(req *r)
{
    conv c;
    if (!conv_find(r, r->ids[0], CVA_SEND, &c)) return 0;
    long long id = r->ids[0], group_id = db_cell_int(c.row, 0, CV_COL_GROUP_ID);
    long long event_id = db_cell_int(c.row, 0, CV_COL_EVENT);
    long long post_id = db_cell(c.row, 0, CV_COL_POST) ? db_cell_int(c.row, 0, CV_COL_POST) : 0;
    db_rows *eq;
    event_facts ef;
    acl_verdict ev;
    int found = event_load(r, event_id, &eq, &ef, &ev);
    if (found < 0) return resp_db_error(r);
    if (!found) return resp_error(r, 404, "not_found", M_CONV_NOT_FOUND);
    if (strcmp(db_cell(eq, 0, EV_COL_STATUS), "cancelled") == 0) return resp_error(r, 409, "conflict", M_EVENT_CANCELLED);
    if (req_read_json(r)) return 0;
    conv_input ci;
    if (read_input(r, group_id, eq, &ci)) return 0;
    const char *agenda = ci.agenda ? ci.agenda : db_cell(c.row, 0, CV_COL_AGENDA);
    const char *reminders = ci.reminders ? ci.reminders : db_cell(c.row, 0, CV_COL_REMINDERS);
    const char *attachments = ci.ev.attachments ? ci.ev.attachments : db_cell(c.row, 0, CV_COL_ATTACHMENT_IDS);
    const char *what = ci.ev.time_changed && ci.ev.place_changed ? "time,place" : ci.ev.time_changed ? "time"
                     : ci.ev.place_changed ? "place" : NULL;
    rendered md;
    const char *body = post_text(r, &ci, agenda);
    if (render_all(r, ci.ev.description, agenda, body, &md)) return 0;

    db *d = worker_db();
    if (db_begin(d)) { rendered_free(&md); return resp_db_error(r); }
    /* the event's SEQUENCE rises: calendars take the new version */
    int failed = event_input_update(d, event_id, &ci.ev, md.desc.html, 1)
        || (what && notify_add(d, NOTIFY_EVENT_CHANGED, event_id, r->user->id, 0, what))
        || db_exec(d, STMT_CONV_UPDATE, "ssssi", agenda, md.agenda.html, attachments, reminders, id) < 0
        || db_exec(d, STMT_CONV_VERSION_INSERT, "ii", r->user->id, id) < 0
        || write_receipts(d, id, ci.recipients, 1)
        || notify_add(d, NOTIFY_CONVOCATION, id, r->user->id, 0, "changed");
    if (!failed && post_id)
        failed = db_exec(d, STMT_POST_VERSION_SAVE, "ii", r->user->id, post_id) < 0
            || db_exec(d, STMT_POST_UPDATE, "sssiiiiiiiiii", ci.ev.title, body, md.post.html, 1LL,
                       -1LL, -1LL, -1LL, -1LL, -1LL, -1LL, -1LL, -1LL, post_id) < 0
            || save_text_links(r, post_id, 0, &md.post)
            || (ci.ev.attachments && attachments_save(d, post_id, ci.ev.attachments))
            || outbox_add(d, ENTITY_POST, post_id);
    rendered_free(&md);
    if (failed) { db_rollback(d); return resp_db_error(r); }
    if (db_commit(d)) return resp_db_error(r);
    after_commit(group_id);
    return answer_created(r, 200, id);
}
