/* What a convocation says in words (docs/convocations.md): the meeting's
 * date in its own zone, and the must-read post's Markdown that shows the
 * meeting and the agenda. Shared by the workers (the post) and the
 * notifier (the e-mail). */
#ifndef PARVIS_CONVOCATION_TEXT_H
#define PARVIS_CONVOCATION_TEXT_H
#include "arena.h"
#include "event_time.h"

/* « mardi 15 décembre 2026, 18:00 – 20:00 (Europe/Paris) », « Tuesday 15
 * December 2026, 18:00 – 20:00 (Europe/Paris) »; an all-day meeting: its
 * date (and last day). Calls tz_restore before it returns. */
const char *convocation_when(arena *a, int en, const event_time *t);
/* The post's Markdown (French, the organisation's language): the meeting,
 * where, the link, then « Ordre du jour » and the agenda. place and url
 * may be NULL. */
const char *convocation_post_body(arena *a, const char *title, const char *when, const char *place, const char *url,
                                  const char *agenda);
#endif
