/* Answers to an event: « Oui » / « Non » / « Peut-être » with a comment,
 * a waiting list when it is full (a freed place goes to the first
 * waiting, who is told), the deadline; who answered what (and its CSV);
 * a message to those who have not answered. */
#include "events/handlers.h"
#include "events/events_model.h"
#include "core/csv_out.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "notify.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const field_spec answer_fields[] = {
    { "answer", F_STRING, 1, 8, "yes|no|maybe" },
    { "comment", F_TEXT, 0, 500, NULL },
    { NULL, 0, 0, 0, NULL },
};

int h_event_answer_put(req *r)
{
    db_rows *q;
    event_facts f;
    if (!event_find(r, r->ids[0], &q, &f)) return 0;
    if (strcmp(db_cell(q, 0, EV_COL_STATUS), "cancelled") == 0)
        return resp_error(r, 409, "conflict", M_EVENT_CANCELLED);
    acl_verdict v = acl_event(r->user, &f, EA_ANSWER);
    if (v == ACL_DENY) return resp_error(r, 403, "forbidden", M_EVENT_NOT_INVITED);
    if (v != ACL_ALLOW) return acl_refuse_event(r, v);
    if (req_read_json(r) || validate_body(r, answer_fields)) return 0;
    const char *answer = body_str(r, "answer"), *comment = body_str(r, "comment");
    if (!comment) comment = "";
    long long id = r->ids[0], me = r->user->id;

    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    /* the event's row locked: answers to one event happen one at a time,
     * so the capacity is never exceeded */
    db_rows *e = db_query(d, r->a, STMT_EVENT_LOCK, "i", id);
    if (!e || !e->nrows) { db_rollback(d); return e ? resp_error(r, 404, "not_found", M_EVENT_NOT_FOUND) : resp_db_error(r); }
    if (strcmp(db_cell(e, 0, 2), "cancelled") == 0) { db_rollback(d); return resp_error(r, 409, "conflict", M_EVENT_CANCELLED); }
    if (db_cell(e, 0, 1) && parse_sql_utc(db_cell(e, 0, 1)) < (long long)time(NULL)) {
        db_rollback(d);
        return resp_error(r, 409, "conflict", M_EVENT_DEADLINE_PASSED);
    }
    long long capacity = db_cell(e, 0, 0) ? db_cell_int(e, 0, 0) : 0;
    db_rows *prev = db_query(d, r->a, STMT_EVENT_ANSWER_OF, "ii", id, me);
    if (!prev) { db_rollback(d); return resp_db_error(r); }
    int was_in = prev->nrows && strcmp(db_cell(prev, 0, 0), "yes") == 0 && db_cell_int(prev, 0, 1) == 0;
    int was_waiting = prev->nrows && db_cell_int(prev, 0, 1) != 0;
    int yes = strcmp(answer, "yes") == 0, waiting = 0;
    if (yes && !was_in) {
        if (was_waiting) waiting = 1;        /* keeps their place in the line */
        else if (capacity) {
            db_rows *taken = db_query(d, r->a, STMT_EVENT_YES_TAKEN, "ii", id, me);
            if (!taken) { db_rollback(d); return resp_db_error(r); }
            waiting = db_cell_int(taken, 0, 0) >= capacity;
        }
    }
    int failed = db_exec(d, STMT_EVENT_ANSWER_UPSERT, "iissi", id, me, answer, comment, (long long)waiting) < 0;
    /* a place freed: the first waiting is in, and told */
    if (!failed && was_in && !yes) {
        db_rows *first = db_query(d, r->a, STMT_EVENT_FIRST_WAITING, "i", id);
        failed = !first;
        if (!failed && first->nrows) {
            long long who = db_cell_int(first, 0, 0);
            failed = db_exec(d, STMT_EVENT_ANSWER_PROMOTE, "ii", id, who) < 0
                  || notify_add(d, NOTIFY_EVENT_PROMOTED, id, me, who, NULL);
        }
    }
    failed = failed || db_exec(d, STMT_EVENT_COUNTS_REFRESH, "i", id) < 0;
    if (failed) { db_rollback(d); return resp_db_error(r); }
    if (db_commit(d)) return resp_db_error(r);
    notify_poke(&W.cfg);
    return resp_json(r, 200, json_pack("{s:s,s:s,s:b}", "answer", answer, "comment", comment, "waiting", waiting));
}

int h_event_answers(req *r)
{
    db_rows *q;
    event_facts f;
    if (!event_find(r, r->ids[0], &q, &f)) return 0;
    acl_verdict v = acl_event(r->user, &f, EA_SEE_ANSWERS);
    if (v != ACL_ALLOW) return acl_refuse_event(r, v);
    const char *format = req_query(r, "format");
    if (format && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)
        return resp_error(r, 400, "bad_request", M_BAD_QUERY, "format");
    long long id = r->ids[0];
    db *d = worker_db();
    db_rows *a = db_query(d, r->a, STMT_EVENT_ANSWERS_OF, "i", id);
    int whole = db_cell_int(q, 0, EV_COL_INVITE_GROUP) != 0;
    db_rows *p = a ? db_query(d, r->a, STMT_EVENT_PENDING_OF, "iiiii", id, (long long)(whole && f.org),
                              (long long)(whole && !f.org), f.org ? 0LL : f.group.id, id) : NULL;
    if (!p) return resp_db_error(r);
    if (format && strcmp(format, "csv") == 0) {
        resp_header(r, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"reponses-%lld.csv\"", id));
        resp_stream_csv(r);
        int en = r->lang == LANG_EN;
        csv_line(r, 5, (const char *const[]){ en ? "Person" : "Personne", en ? "Answer" : "Réponse",
                                             en ? "Comment" : "Commentaire", en ? "Waiting list" : "Liste d'attente",
                                             en ? "Answered at" : "Répondu le" });
        for (int i = 0; i < a->nrows; i++) {
            const char *ans = db_cell(a, i, 2);
            const char *label = strcmp(ans, "yes") == 0 ? (en ? "Yes" : "Oui")
                              : strcmp(ans, "no") == 0 ? (en ? "No" : "Non") : (en ? "Maybe" : "Peut-être");
            csv_line(r, 5, (const char *const[]){ db_cell(a, i, 1), label, db_cell(a, i, 3),
                                                 db_cell_int(a, i, 4) ? (en ? "yes" : "oui") : "", db_cell(a, i, 5) });
        }
        for (int i = 0; i < p->nrows; i++)
            csv_line(r, 5, (const char *const[]){ db_cell(p, i, 1), en ? "No answer" : "Sans réponse", "", "", "" });
        return 0;
    }
    json_t *items = json_array(), *pending = json_array();
    for (int i = 0; i < a->nrows; i++)
        json_array_append_new(items, json_pack("{s:{s:I,s:s},s:s,s:s,s:b,s:s}",
            "user", "id", (json_int_t)db_cell_int(a, i, 0), "display_name", db_cell(a, i, 1),
            "answer", db_cell(a, i, 2), "comment", db_cell(a, i, 3), "waiting", db_cell_int(a, i, 4) != 0,
            "answered_at", db_cell(a, i, 5)));
    for (int i = 0; i < p->nrows; i++)
        json_array_append_new(pending, json_pack("{s:I,s:s}", "id", (json_int_t)db_cell_int(p, i, 0),
                                                 "display_name", db_cell(p, i, 1)));
    return resp_json(r, 200, json_pack("{s:o,s:o}", "items", items, "pending", pending));
}

static const field_spec remind_fields[] = {
    { "message", F_TEXT, 0, 1000, NULL },
    { NULL, 0, 0, 0, NULL },
};

int h_event_remind(req *r)
{
    db_rows *q;
    event_facts f;
    if (!event_find(r, r->ids[0], &q, &f)) return 0;
    acl_verdict v = acl_event(r->user, &f, EA_REMIND);
    if (v != ACL_ALLOW) return acl_refuse_event(r, v);
    if (strcmp(db_cell(q, 0, EV_COL_STATUS), "cancelled") == 0)
        return resp_error(r, 409, "conflict", M_EVENT_CANCELLED);
    if (req_read_json(r) || validate_body(r, remind_fields)) return 0;
    const char *message = body_str(r, "message");
    message = message ? trim_spaces(r->a, message) : NULL;
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    int failed = db_exec(d, STMT_EVENT_MESSAGE_INSERT, "iis", r->ids[0], r->user->id, message ? message : "") < 0
              || notify_add(d, NOTIFY_EVENT_REMIND, db_last_id(d), r->user->id, 0, NULL);
    if (failed) { db_rollback(d); return resp_db_error(r); }
    if (db_commit(d)) return resp_db_error(r);
    notify_poke(&W.cfg);
    return resp_json(r, 202, json_pack("{s:b}", "queued", 1));
}
