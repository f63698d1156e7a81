/* « Mes données » (docs/gdpr.md): the exports asked by people
 * (data_exports rows 'queued', written by POST /me/export with its audit
 * row) built by parvis-notifier's housekeeping child, one at a time, into
 * <var>/exports/<id>.zip with libarchive: a JSON file per section
 * (deflated) and the person's files at their current version (stored, as
 * they come from the blob store). Written under a temporary name, renamed
 * once complete, then the row is marked ready (valid 7 days) with an
 * export_ready notify_queue row in the same transaction. A crash while
 * building leaves the row 'building': the next pass builds it again.
 * Past their date, rows and files are deleted; a file without a row is
 * removed by the same sweep. */
#ifndef PARVIS_NOTIFIER_GDPR_EXPORT_H
#define PARVIS_NOTIFIER_GDPR_EXPORT_H
#include "config.h"
#include "db.h"

/* Builds the oldest export waiting, if any: 1 built, 0 none, -1 failed. */
int gdpr_export_next(db *d, arena *a, const config *c);
/* Deletes the expired exports and the files no row keeps: how many, or -1. */
int gdpr_export_sweep(db *d, arena *a, const config *c);
#endif
