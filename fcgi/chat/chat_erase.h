/* What erasing an account does to the chat: the person's messages become
 * tombstones (« Message supprimé »: the conversations of the others keep
 * their order and replies), leave the search index, and the files they
 * sent lose their references — in the caller's transaction. */
#ifndef PARVIS_CHAT_ERASE_H
#define PARVIS_CHAT_ERASE_H
#include "db.h"

/* 0, or -1 (MariaDB). *freed: the blobs that may have lost their last
 * reference (JSON array text, or NULL), for blob_release() after the commit. */
int chat_erase_person(db *d, arena *a, long long user, const char **freed);
#endif
