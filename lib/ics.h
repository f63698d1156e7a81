/* A small iCalendar writer (RFC 5545) for events (docs/events.md): lines
 * end with CRLF and are folded at 75 octets (never inside a UTF-8
 * character), TEXT values escape \ ; , and newlines, every zone used gets
 * a VTIMEZONE built from the system's tz database (its daylight-saving
 * rules written as yearly RRULEs), UID is event-<id>@<host>. */
#ifndef PARVIS_ICS_H
#define PARVIS_ICS_H
#include <stddef.h>
#include "event_time.h"

typedef struct {
    char *s;
    size_t n, cap;
    int oom;
} ics_buf;

void ics_free(ics_buf *b);
/* One content line "NAME[;params]:value", value written as it is (already
 * escaped), folded. */
void ics_line(ics_buf *b, const char *name, const char *value);
/* A TEXT property: the value escaped then folded. */
void ics_text(ics_buf *b, const char *name, const char *text);
/* The escaped form of a TEXT value (malloc'd). */
char *ics_escape(const char *text);

/* BEGIN:VCALENDAR with PRODID, VERSION and METHOD (PUBLISH, REQUEST,
 * CANCEL; NULL: none), and the end. */
void ics_begin(ics_buf *b, const char *method);
void ics_end(ics_buf *b);
/* The VTIMEZONE of a zone, its rules starting the year before `year`,
 * the first year of the events that use it (UTC: none). */
void ics_vtimezone(ics_buf *b, const char *tz, int year);

typedef struct {
    long long id;
    const char *host;            /* of the UID */
    const char *title, *description, *place, *url;
    event_time time;
    const char *status;          /* "confirmed" | "cancelled" */
    int sequence;
    long long stamp;             /* DTSTAMP, UTC */
    long long created, modified; /* 0: left out */
    const char *organizer_name, *organizer_email;   /* NULL: no ORGANIZER */
    const char *attendee_name, *attendee_email;     /* METHOD:REQUEST/CANCEL: the invited */
} ics_event;

void ics_vevent(ics_buf *b, const ics_event *e);
#endif
