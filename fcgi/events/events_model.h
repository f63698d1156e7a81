/* Events (docs/events.md): a row of EVENT_COLUMNS (lib/stmt/columns.h)
 * into the facts acl.c decides on, its time (lib/event_time.h), and the
 * event object of the API. */
#ifndef PARVIS_EVENTS_MODEL_H
#define PARVIS_EVENTS_MODEL_H
#include "core/acl.h"
#include "core/req.h"
#include "db.h"
#include "event_time.h"

enum {
    EV_COL_ID, EV_COL_GROUP_ID, EV_COL_GROUP_NAME, EV_COL_TITLE, EV_COL_DESCRIPTION, EV_COL_HTML,
    EV_COL_ALL_DAY, EV_COL_TZ, EV_COL_START, EV_COL_END, EV_COL_START_DATE, EV_COL_END_DATE,
    EV_COL_RRULE, EV_COL_PLACE, EV_COL_URL, EV_COL_CAPACITY, EV_COL_DEADLINE, EV_COL_STATUS,
    EV_COL_SEQUENCE, EV_COL_REMINDER, EV_COL_INVITE_GROUP, EV_COL_YES, EV_COL_NO, EV_COL_MAYBE,
    EV_COL_WAITING, EV_COL_ORGANIZER, EV_COL_ORGANIZER_NAME, EV_COL_ATTACHMENTS,
    EV_COL_VISIBILITY, EV_COL_POSTING, EV_COL_ARCHIVED, EV_COL_ROLE, EV_COL_DRIVE_MANAGER,
    EV_COL_FEED_MODERATOR, EV_COL_INVITED_BY_NAME, EV_COL_MY_ANSWER, EV_COL_MY_COMMENT,
    EV_COL_MY_WAITING, EV_COL_INVITED_TOTAL, EV_COL_UPDATED, EV_COL_CREATED, EV_COL_ORGANIZER_EMAIL,
    EV_NCOLS
};

#define EVENT_TITLE_MAX 200
#define EVENT_DESCRIPTION_MAX 20000
#define EVENT_PLACE_MAX 300
#define EVENT_URL_MAX 1000
#define EVENT_INVITEES_MAX 1000
#define EVENT_REMINDER_MAX 40320        /* four weeks, in minutes */
#define EVENT_DURATION_MAX_DAYS 366
#define EVENT_WINDOW_MAX_DAYS 366
#define EVENT_FEED_MAX 2000

void event_facts_at(req *r, const db_rows *q, int row, event_facts *f);
/* The event's time; tz points into the row. */
void event_time_at(const db_rows *q, int row, event_time *t);
/* The event object of the API (docs/api.md). */
json_t *event_json(req *r, const db_rows *q, int row, const event_facts *f);
/* The same, in a list read by EVENTS_BY_IDS (EVENT_COLUMNS_LIST): its
 * attachments (taken; NULL: none) and the invited by name outside the
 * invited group read for the whole list. */
json_t *event_json_list(req *r, const db_rows *q, int row, const event_facts *f, json_t *atts, long long extra);
/* The summary of an event in the agenda's light views (?fields=summary,
 * docs/api.md) as JSON text in r's arena: id, group, title, all_day, tz,
 * place, status; from a row of EVENT_COLUMNS_LIGHT or any of the same
 * positions. */
const char *event_summary_text(req *r, const db_rows *q, int row, const event_facts *f);
/* An occurrence's start or end on the wire: RFC 3339 in the event's zone,
 * or the local date of an all-day event (the end exclusive). */
void event_wire_time(const event_time *t, long long instant, char out[48]);

/* Event `id` as the asker sees it: 1 with its row, facts and the verdict
 * of EA_SEE, 0 when there is none, -1 (MariaDB). Nothing answered. */
int event_load(req *r, long long id, db_rows **q, event_facts *f, acl_verdict *v);
/* Loads event `id` for the asker and checks EA_SEE: 1 then; otherwise the
 * answer (404, 503) is sent and 0 returned. */
int event_find(req *r, long long id, db_rows **q, event_facts *f);
/* A set of event ids, to keep one row per event of queries that may give
 * one twice (the agenda's sources overlap): 1 when id was already in it. */
typedef struct { long long *slots; size_t cap; } id_set;
void id_set_init(arena *a, id_set *s, size_t n);
int id_set_seen(id_set *s, long long id);
/* Event id -> a row index (at most n ids); -1 when absent. */
typedef struct { long long *ids; int *values; size_t cap; } id_map;
void id_map_init(arena *a, id_map *m, size_t n);
void id_map_put(id_map *m, long long id, int value);
int id_map_get(const id_map *m, long long id);
#endif
