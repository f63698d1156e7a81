/* The invitation mails (docs/invitations.md): a notify_queue row
 * "invitation" (an administrator invited an address, or sent it again)
 * becomes a link -- a random token whose SHA-256 replaces the
 * invitation's (the previous link dies) -- and a mail in the invitation's
 * language, queued in the row's transaction. Nothing for an invitation
 * accepted, revoked or expired meanwhile. */
#ifndef PARVIS_NOTIFIER_INVITATION_H
#define PARVIS_NOTIFIER_INVITATION_H
#include "config.h"
#include "events.h"

/* Once at the start of the events' child. */
void invitation_start(const config *cfg);
/* In the caller's transaction: 0 (a mail queued, or none due), or -1. */
int invitation_run(db *d, arena *a, const queue_row *row);
#endif
