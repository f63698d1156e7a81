/* The events a person may see, from the workers' events cache
 * (events_cache.h), with no query of the events: the organisation's, those
 * of the groups they are in, and those they are invited to by name in other
 * groups. Each is decided by acl_event over the asker's facts (their
 * memberships from the workers' caches), as the queries' rows were. */
#ifndef PARVIS_EVENTS_VISIBLE_H
#define PARVIS_EVENTS_VISIBLE_H
#include "core/req.h"
#include "db.h"
#include "events/events_cache.h"
#include <limits.h>

/* Called for each event the asker may see; nonzero stops the walk (and is
 * returned). */
typedef int (*visible_fn)(void *ctx, const cached_event *e);

/* Only the events with an occurrence meeting [from, to) (UTC instants;
 * EVENTS_ALWAYS for every event): the others are passed over before any
 * decision. */
typedef struct { long long from, to; } events_window;
#define EVENTS_ALWAYS ((events_window){ LLONG_MIN, LLONG_MAX })

/* « Mon agenda »'s events. `invited`: rows (event id, its group id or 0)
 * of the events the asker is invited to by name (EVENTS_INVITED_*).
 * 0, -1 (MariaDB or memory), or fn's nonzero. */
int events_visible_mine(req *r, const db_rows *invited, events_window w, visible_fn fn, void *ctx);
/* The events of group `group` the asker may see. The same answers. */
int events_visible_group(req *r, long long group, events_window w, visible_fn fn, void *ctx);
#endif
