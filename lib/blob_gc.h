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
 * left without any are removed — their rows deleted and committed first,
 * then each file under its row's lock, kept if an upload of the same
 * content named it again meanwhile. A failure or a crash in between leaves
 * files no row names, for the sweep; never a row without its file. */
void blob_release(db *d, arena *a, const char *root, const char *freed);
#endif
