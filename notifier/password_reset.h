/* The password reset mails (docs/passwords.md): a notify_queue row
 * "password_reset" (asked by the person, or sent by an administrator)
 * becomes a link -- a random token whose SHA-256 is stored in
 * password_resets, valid PASSWORD_RESET_SECONDS -- and a mail in the
 * person's language, queued in the row's transaction. No mail for an
 * address that is no account's, for a disabled account, nor past
 * reset_max_account mails asked in reset_window (an administrator's are
 * not counted). */
#ifndef PARVIS_NOTIFIER_PASSWORD_RESET_H
#define PARVIS_NOTIFIER_PASSWORD_RESET_H
#include "config.h"
#include "events.h"

/* Once at the start of the events' child. */
void password_reset_start(const config *cfg);
/* In the caller's transaction: 0 (a mail queued, or none due), or -1. */
int password_reset_run(db *d, arena *a, const queue_row *row);
#endif
