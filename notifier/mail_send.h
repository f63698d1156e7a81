/* Sending the mail queue (table mail_queue) to the relay set by the
 * administrators (libcurl's SMTP client), or writing each mail as
 * <mail_dir>/<id>.eml when none is set. A mail is marked 'sending' and
 * committed before the relay is spoken to, and 'sent' after its 250; in
 * between, its id is appended to <mail_dir>/sent.journal (fsync) as soon as
 * the relay accepted it, so that a notifier killed before the commit does
 * not send it again (docs/notifications.md, « E-mail »). Temporary
 * failures wait (mail_retry_seconds, doubling, one hour at most) until
 * mail_retry_hours after the mail was queued; permanent ones (5xx) fail
 * at once. One notifier sends: nothing here is safe for two. */
#ifndef PARVIS_MAIL_SEND_H
#define PARVIS_MAIL_SEND_H
#include "config.h"
#include "db.h"

/* Once at the start: the mail directory, the secret (the relay's
 * password), libcurl, and the mails a previous process left 'sending'
 * (those the journal names are sent; the others are sent again, with the
 * same Message-ID). What MariaDB refuses now is done by the next pass. */
void mail_start(db *d, const config *cfg);
/* Sends what is due (a query when nothing is): the number of mails
 * handled (sent, deferred or failed), or -1 on a MariaDB error. A pass
 * stops after MAIL_PASS_SECONDS, or at the first mail the relay could not
 * be reached for (it waits its turn like the others): what is left is
 * due at the next pass. */
#define MAIL_PASS_SECONDS 10
int mail_pass(db *d, const config *cfg);
#endif
