/* Outgoing webhooks, the sender (docs/webhooks.md): the notifier's
 * webhooks child. Deliveries due are sent with libcurl, up to
 * WEBHOOK_PARALLEL at once (a receiver that hangs holds one slot for 10 s,
 * never the others), each through net_guard (no address of the server's
 * networks unless outgoing_allow lets it; no redirect followed), signed
 * with the subscription's secret. A 2xx answer delivers; anything else is
 * retried with exponential back-off and jitter until 24 hours after the
 * event, then the delivery fails; a subscription failing for 24 hours is
 * switched off and its creator told. Every attempt goes to the log (the
 * last 50 per subscription). */
#ifndef PARVIS_NOTIFIER_WEBHOOK_SEND_H
#define PARVIS_NOTIFIER_WEBHOOK_SEND_H
#include "config.h"
#include "db.h"
#include <signal.h>

#define WEBHOOK_PARALLEL 8

/* Runs until *stopping; fd: the poke socket (or -1). */
void webhook_send_main(db *d, const config *c, int fd, volatile sig_atomic_t *stopping);
#endif
