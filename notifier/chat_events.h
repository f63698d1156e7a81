/* Chat's events (docs/chat.md « Live », the chat_* rows of lib/notify.h):
 * what each publishes to whom — on the people's own channels u<id> only,
 * to those acl_conversation lets read the conversation when the row is
 * handled, so that a person removed before a message was sent never
 * receives it — and the notifications of a new message (a direct one, a
 * mention). Messages are published after the commit (live_out). */
#ifndef PARVIS_NOTIFIER_CHAT_EVENTS_H
#define PARVIS_NOTIFIER_CHAT_EVENTS_H
#include "events.h"

/* A chat_* row, in the caller's transaction: 0, or -1 (MariaDB). */
int chat_event_run(db *d, arena *a, const queue_row *row, live_out *out);
/* Someone joined (NOTIFY_ADDED) or left (NOTIFY_LEFT) group row->object:
 * its room, if it has one, appears in their pages or goes from them. */
int chat_room_membership(db *d, arena *a, const queue_row *row, live_out *out);
/* After the commit: the chat header counts of out->chat_users, one query
 * per 500 people. */
void chat_publish_counts(db *d, arena *a, const live_out *out);
#endif
