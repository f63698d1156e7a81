/* The e-mails of notifications, queued by the notifier (mail_queue, sent
 * by mail_send.c): at once for the kinds a person wants so, except in the
 * quiet hours (they wait for the morning), and the daily and weekly
 * digests. Each notification is checked again with acl.c before it is
 * written into a mail: what became invisible is never sent. */
#ifndef PARVIS_NOTIFIER_MAIL_NOTIFY_H
#define PARVIS_NOTIFIER_MAIL_NOTIFY_H
#include "config.h"
#include "db.h"

/* Once at the start: the platform secret (unsubscribe links). */
void mail_notify_start(const config *cfg);
/* Immediate mails due now: the number queued, or -1 (MariaDB). */
int mail_notify_immediate(db *d, arena *a);
/* The digests due: every day at digest_hour (settings), the weekly ones on
 * Mondays; `force` ("daily" or "weekly"): that one now, for everyone with
 * something new (an administrator's « Envoyer maintenant », the tests).
 * The number queued, or -1. */
int mail_notify_digests(db *d, arena *a, const char *force);
#endif
