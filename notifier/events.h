/* One notify_queue row turned into notifications: the recipients (asked
 * of acl.c), one row per person and grouping key (NOTIFICATION_UPSERT),
 * and the live messages to publish once the transaction commits. */
#ifndef PARVIS_NOTIFIER_EVENTS_H
#define PARVIS_NOTIFIER_EVENTS_H
#include "db.h"
#include "notify.h"

typedef struct {
    long long seq;
    notify_event event;
    long long object, actor, subject;
    const char *detail;
} queue_row;

/* The people whose unread count changed: published after the commit
 * (feeds' and posts' messages go out at once, events.c). */
typedef struct {
    long long *users;
    int nusers, capusers;
} live_out;

/* Runs `row` inside the caller's transaction. 0, or -1 (MariaDB: the
 * caller rolls back and replays). */
int event_run(db *d, arena *a, const queue_row *row, live_out *out);

/* The must-read reminders that came due (a group's must_read_reminder_days
 * after publication, to members who have not confirmed), in the caller's
 * transaction. The number of notifications, or -1. */
int reminders_run(db *d, arena *a, live_out *out);
#endif
