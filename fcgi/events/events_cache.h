/* Each worker keeps, per source (a group's id, 0 for the organisation),
 * every event of that source with what the agenda's light views
 * (?fields=summary) and the subscription (.ics) need that does not depend
 * on who asks: the time and its occurrences (expanded once, in the
 * event's zone), the organiser, whether the whole group is invited, the
 * summary object as text, and the fields of its VEVENT.
 * Who may see an event is still decided per request by acl_event over the
 * asker's facts; only the rows are not read again.
 *
 * The entries are trusted while the platform's events and groups counters
 * (authgen.h) are unchanged: every committed write of an event bumps the
 * first (events_cache_changed), a group's rename or deletion the second
 * (its name is in the summary; its events go with it). Either clears the
 * whole cache: events are written far less often than agendas are read. */
#ifndef PARVIS_EVENTS_CACHE_H
#define PARVIS_EVENTS_CACHE_H
#include <stddef.h>
#include "core/req.h"
#include "event_time.h"

typedef struct { long long start, end; } event_occ;

typedef struct {
    long long id, group_id, organizer_id;   /* group_id 0: the organisation's */
    int invite_group;
    event_time t;                /* t.tz owned by the cache */
    long long first_start, last_end;
    event_occ *occ;              /* every occurrence, in order */
    int nocc;
    const char *summary;         /* event_summary_text's object */
    size_t summary_len;
    /* what the subscription's VEVENT writes besides the time */
    const char *title, *place, *url, *status;   /* place, url: NULL when none */
    int sequence;
    long long created, modified;
} cached_event;

/* At the start of a request that reads the cache: drops it when an event
 * or a group changed, or when it grew past its bound. Pointers given by
 * events_cache_source stay valid until the next call of this. */
void events_cache_begin(void);
/* The events of source `source` (0: the organisation's), loaded on the
 * first asking. 0, or -1 (MariaDB or memory). */
int events_cache_source(req *r, long long source, const cached_event **v, int *n);
/* After committing a write of an event (created, changed, cancelled). */
void events_cache_changed(void);
#endif
