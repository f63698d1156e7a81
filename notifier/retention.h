/* The platform's retention settings (docs/gdpr.md), applied by
 * parvis-notifier's housekeeping child with the chat's retention:
 *  - audit_retention_months (default 12; 0: kept for ever): the audit
 *    log's rows older than that are deleted, 1,000 a statement;
 *  - inactive_disable_months (default 0: off): an account nobody signed in
 *    to or used for that many months is warned by e-mail 14 days before,
 *    then disabled (its sessions end; an audit row account.disable,
 *    detail "inactive"). Administrators are never disabled this way (a
 *    platform must not lock its last administrator out). A sign-in after
 *    the warning cancels it.
 * Deleted content: posts and comments are deleted at once (no soft delete),
 * their earlier versions (post_versions, no foreign key) at the next pass;
 * the drive's trash is emptied after trash_days (fcgi/drive/h_trash.c);
 * a chat message deleted keeps no text. Idempotent, in small batches. */
#ifndef PARVIS_NOTIFIER_RETENTION_H
#define PARVIS_NOTIFIER_RETENTION_H
#include "config.h"
#include "db.h"
#include <signal.h>

void retention_start(const config *c);
/* One pass: the rows purged and accounts warned or disabled, or -1. */
long retention_pass(db *d, arena *a, const config *c, volatile sig_atomic_t *stopping);
#endif
