/* Events' notifications (docs/events.md), in the caller's transaction. */
#ifndef PARVIS_NOTIFIER_EVENT_NOTICES_H
#define PARVIS_NOTIFIER_EVENT_NOTICES_H
#include "events.h"

/* NOTIFY_EVENT_*: 0, or -1 (MariaDB). */
int event_notice_run(db *d, arena *a, const queue_row *row, live_out *out);
/* The reminders before occurrences that came due: the number sent, or -1. */
int event_reminders_run(db *d, arena *a, live_out *out);
/* The iCalendar object of event `id` for an invitation (REQUEST) or a
 * cancellation (CANCEL) mailed to one person: malloc'd, NULL when the
 * event is gone or memory ran out. */
char *event_mail_ics(db *d, arena *a, long long id, const char *method, const char *public_url,
                     const char *to_name, const char *to_email);
#endif
