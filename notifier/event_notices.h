/* Events' notifications (docs/events.md), in the caller's transaction. */
#ifndef PARVIS_NOTIFIER_EVENT_NOTICES_H
#define PARVIS_NOTIFIER_EVENT_NOTICES_H
#include "events.h"

/* NOTIFY_EVENT_*: 0, or -1 (MariaDB). */
int event_notice_run(db *d, arena *a, const queue_row *row, live_out *out);
/* The reminders before occurrences that came due: the number sent, or -1. */
int event_reminders_run(db *d, arena *a, live_out *out);
#endif
