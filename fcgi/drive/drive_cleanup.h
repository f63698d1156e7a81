/* Start-up clean-up of the blob store, before any worker serves: blobs
 * that no version uses any more (their rows and files), and files that no
 * row names (an upload interrupted between placing its blob and its
 * commit). Logs what it removed. */
#ifndef PARVIS_DRIVE_CLEANUP_H
#define PARVIS_DRIVE_CLEANUP_H
#include "arena.h"
#include "config.h"

void drive_startup_cleanup(const config *c);
/* Between requests: empties what stayed in any trash past trash_days
 * (h_trash.c). */
void drive_trash_expire(arena *a);
#endif
