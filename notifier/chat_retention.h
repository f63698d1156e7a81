/* The chat's retention (docs/chat.md « Administrators »), run by
 * parvis-notifier's third child: when the setting chat_retention_days is
 * above 0, the messages older than that many days are deleted with their
 * attachments and search documents; attachments never sent are removed a
 * day after their upload whatever the setting. 1,000 rows a transaction;
 * the blobs left without a reference are removed after each commit
 * (blob_release, lib/blob_gc.h). */
#ifndef PARVIS_NOTIFIER_CHAT_RETENTION_H
#define PARVIS_NOTIFIER_CHAT_RETENTION_H
#include "config.h"
#include "db.h"
#include <signal.h>

/* One pass, until nothing is left to delete or *stopping: the number of
 * messages and attachments deleted, or -1 (MariaDB; the next pass goes on). */
long chat_retention_pass(db *d, arena *a, const config *c, volatile sig_atomic_t *stopping);
#endif
