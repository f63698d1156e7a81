/* The mails to send (table mail_queue): a whole message, queued inside the
 * caller's transaction (the notifier's delivery of an event, a worker's
 * test mail) and sent afterwards by parvis-notifier (notifier/mail_send.c). */
#ifndef PARVIS_MAIL_QUEUE_H
#define PARVIS_MAIL_QUEUE_H
#include "db.h"

/* Queues `message` (mail_compose's output) for `to`. user_id 0: nobody's;
 * the subject is what the queue's page shows (cut to 300 bytes on a
 * character); not_before "YYYY-MM-DD HH:MM:SS" UTC, or NULL: now. 0, or -1
 * (MariaDB: the caller rolls back). */
int mail_queue_add(db *d, long long user_id, const char *kind, const char *to, const char *subject,
                   const char *message_id, const char *message, const char *not_before);
#endif
