/* Times of events (docs/events.md): IANA zones, RFC 3339 on the wire, and
 * the occurrences of a recurring event.
 *
 * Local time arithmetic uses the C library's tz database: the zone is
 * selected by setting TZ and calling tzset() (tz_use), then mktime() and
 * localtime_r() convert. A request worker is one process with one thread,
 * so the change of TZ races with nobody; tz_restore() puts the process's
 * own TZ back at the end of each use (the handlers call it before
 * answering). tz_use does nothing when the zone is already the current
 * one, so expanding thousands of events of one zone reads its file once.
 *
 * Recurrence: FREQ=WEEKLY or FREQ=MONTHLY with COUNT=n or UNTIL=YYYYMMDD
 * (the date of the last possible start, in the event's zone), nothing
 * else. Each occurrence keeps the first one's local wall-clock time in
 * the event's zone (a weekly 10:00 stays 10:00 across a daylight-saving
 * change; its UTC instant moves by an hour) and its duration in seconds
 * (all-day events: in days). A monthly rule on the 29th to 31st skips the
 * months without that day (RFC 5545). At most EVENT_MAX_OCCURRENCES. */
#ifndef PARVIS_EVENT_TIME_H
#define PARVIS_EVENT_TIME_H
#include <stddef.h>
#include <time.h>

#define EVENT_MAX_OCCURRENCES 1000
#define EVENT_YEAR_MIN 2000
#define EVENT_YEAR_MAX 2099
#define TZ_NAME_MAX 64

/* 1 when `tz` names a zone of the system's database (or "UTC"). */
int tz_valid(const char *tz);
/* Selects the zone for mktime/localtime_r (see above). */
void tz_use(const char *tz);
void tz_restore(void);

/* A calendar date. */
typedef struct { int y, m, d; } ymd;
/* Days since 1970-01-01 of a date, and back. */
long long days_from_civil(int y, int m, int d);
ymd civil_from_days(long long z);
int days_in_month(int y, int m);

/* Local wall-clock time in zone tz to a UTC instant (a time that does not
 * exist, in the spring gap, moves forward by the gap). */
long long local_to_utc(const char *tz, int y, int m, int d, int hh, int mi, int ss);
/* A UTC instant to local time in zone tz; *off: the UTC offset in seconds. */
void utc_to_local(const char *tz, long long t, struct tm *out, long *off);

/* RFC 3339 "YYYY-MM-DDTHH:MM:SS(Z|±HH:MM)", or without offset: local time
 * in `tz`. 0 and *t, or -1 (*why: 1 bad form, 2 year out of range). */
int parse_rfc3339(const char *s, const char *tz, long long *t, int *why);
/* "YYYY-MM-DD": 0 or -1 (same *why). */
int parse_date(const char *s, ymd *out, int *why);
/* The instant written in zone tz with its offset (out: 48 bytes). */
void format_rfc3339(const char *tz, long long t, char out[48]);
/* UTC "YYYY-MM-DD HH:MM:SS" for MariaDB, and back. */
void format_sql_utc(long long t, char out[32]);
long long parse_sql_utc(const char *s);

typedef enum { FREQ_NONE = 0, FREQ_WEEKLY, FREQ_MONTHLY } rrule_freq;
typedef struct {
    rrule_freq freq;
    int count;                 /* 0: UNTIL */
    ymd until;                 /* when count is 0 */
} rrule;

typedef enum {
    RRULE_OK = 0,
    RRULE_BAD,                 /* not FREQ=WEEKLY|MONTHLY;COUNT=n|UNTIL=date */
    RRULE_ENDLESS,             /* neither COUNT nor UNTIL */
    RRULE_TOO_MANY,            /* more than EVENT_MAX_OCCURRENCES */
    RRULE_UNTIL_BEFORE,        /* UNTIL before the start */
} rrule_error;

/* Parses a rule (NULL or "": none). */
rrule_error rrule_parse(const char *s, rrule *out);
/* The canonical text of a rule (out: 64 bytes): "FREQ=WEEKLY;COUNT=10". */
void rrule_format(const rrule *r, char out[64]);

/* An event's time: the first occurrence and the rule. */
typedef struct {
    const char *tz;
    int all_day;
    long long start, end;      /* timed: UTC instants */
    ymd start_date, end_date;  /* all day: dates, end exclusive */
    rrule rule;
} event_time;

/* Calls fn for each occurrence that meets [from, to) (start < to and end
 * > from), in order, until fn returns nonzero. from/to: UTC instants.
 * Returns the number of occurrences of the whole series (whatever the
 * window), or -1 when it is more than EVENT_MAX_OCCURRENCES; *last_end:
 * the end of the last occurrence (may be NULL). */
typedef int (*occurrence_fn)(void *ctx, long long start, long long end, int index);
int event_occurrences(const event_time *e, long long from, long long to,
                      occurrence_fn fn, void *ctx, long long *last_end);
/* The local date of an instant in zone tz. */
ymd local_date(const char *tz, long long t);
#endif
