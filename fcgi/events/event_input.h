/* The writable fields of an event, read from a request's body (POST
 * /groups/{id}/events, POST /events, PUT /events/{id}) and checked: times
 * in range, the end after the start, a rule that ends with at most 1,000
 * occurrences, a capacity of at least 1, invitees who may see the group.
 * On a problem the 400 answer is sent and -1 returned; nothing is
 * written. */
#ifndef PARVIS_EVENT_INPUT_H
#define PARVIS_EVENT_INPUT_H
#include "core/req.h"
#include "db.h"
#include "event_time.h"

typedef struct {
    const char *title, *description;
    event_time t;
    char rrule[64];
    char start_sql[32], end_sql[32], last_end_sql[32], start_date[16], end_date[16], deadline_sql[32];
    const char *place, *url;     /* NULL: none */
    long long capacity;          /* 0: no limit */
    long long deadline;          /* 0: none */
    long long reminder_minutes;
    int invite_group;
    const char *invitees;        /* JSON array of ids; NULL: unchanged (PUT) */
    const char *attachments;     /* JSON array of ids; NULL: unchanged */
    /* PUT: what changed that those who answered are told of */
    int time_changed, place_changed;
} event_input;

/* old: the event's row (EVENT_COLUMNS) for a PUT, NULL for a creation;
 * group_id 0: an organisation event. */
int event_input_read(req *r, const db_rows *old, long long group_id, event_input *in);
/* Saves the invitees and attachments (when given) of event `id`, in the
 * caller's transaction. 0 or -1. */
int event_input_save_lists(db *d, long long id, const event_input *in);
/* event_input_read on the JSON object `obj` instead of the request's body
 * (a convocation's "event", docs/convocations.md); the body is the
 * request's again afterwards. Fields it reads are taken out of obj. */
int event_input_read_json(req *r, json_t *obj, const db_rows *old, long long group_id, event_input *in);
/* Writes a new event of group `group_id` (0: the organisation's) by
 * `organizer` with its invitees and attachments, in the caller's
 * transaction: 0 and *id, or -1. md: the description rendered. */
int event_input_insert(db *d, long long group_id, long long organizer, const event_input *in, const char *html,
                       long long *id);
/* Writes the change of event `id` (its lists when given), in the caller's
 * transaction; bump: its SEQUENCE rises (calendars take the new version).
 * 0 or -1. */
int event_input_update(db *d, long long id, const event_input *in, const char *html, int bump);
#endif
