/* One notify_queue row turned into notifications: the recipients (asked
 * of acl.c), one row per person and grouping key (NOTIFICATION_UPSERT),
 * and the live messages to publish once the transaction commits. */
#ifndef PARVIS_NOTIFIER_EVENTS_H
#define PARVIS_NOTIFIER_EVENTS_H
#include "db.h"
#include "live_out.h"
#include "notify.h"

typedef struct {
    long long seq;
    notify_event event;
    long long object, actor, subject;
    const char *detail;
    double age;                  /* seconds since it was written (a stale « is typing » is dropped) */
} queue_row;

/* Runs `row` inside the caller's transaction. 0, or -1 (MariaDB: the
 * caller rolls back and replays). */
int event_run(db *d, arena *a, const queue_row *row, live_out *out);

/* The must-read reminders that came due (a group's must_read_reminder_days
 * after publication, to members who have not confirmed), in the caller's
 * transaction. The number of notifications, or -1. */
int reminders_run(db *d, arena *a, live_out *out);
#endif
