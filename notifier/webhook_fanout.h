/* Outgoing webhooks, the events child's part (docs/webhooks.md): a
 * notify_queue row that is one of the webhooks' events becomes one
 * delivery per active subscription that asked for it and may receive it
 * (acl_webhook_receives), its JSON body fixed now, in the row's
 * transaction: a replayed row never delivers twice, a crash never loses
 * one. The webhooks child sends them (notifier/webhook_send.c). */
#ifndef PARVIS_NOTIFIER_WEBHOOK_FANOUT_H
#define PARVIS_NOTIFIER_WEBHOOK_FANOUT_H
#include "events.h"

/* In the caller's transaction: 0, or -1 (MariaDB). */
int webhook_fanout(db *d, arena *a, const queue_row *row);
/* Deliveries written since the last call (the sender is poked after the
 * commit when there are). */
int webhook_fanout_take(void);
#endif
