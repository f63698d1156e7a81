/* Blob files that no row names, removed while the platform runs. An
 * upload places its blob's file between inserting the blob's row and
 * committing; a worker killed in between leaves a whole file that nothing
 * refers to. The start-up clean-up (fcgi/drive/drive_cleanup.c) removes
 * those when no worker runs; this sweep removes them at any time, safely:
 * each file without a row is judged under the row's lock (BLOB_LOCK), so
 * an upload still holding that row is waited for, and one that comes
 * after waits for the sweep. */
#ifndef PARVIS_BLOB_GC_H
#define PARVIS_BLOB_GC_H
#include "arena.h"
#include "db.h"

/* Removes the blob files under `root` that no row names and that were
 * last written more than `grace_seconds` ago. The number removed, or -1
 * when MariaDB failed. */
int blob_orphans_sweep(db *d, arena *a, const char *root, int grace_seconds);
/* After a commit that took references away (a purge, a chat message
 * deleted): the blobs of `freed` (a JSON array text of SHA-256, NULL: none)
 * left without any are removed — their rows locked, their files removed,
 * their rows deleted, in one transaction, so that an upload of the same
 * content waits on the row's lock. On a failure the start-up clean-up
 * finishes the job. */
void blob_release(db *d, arena *a, const char *root, const char *freed);
#endif
