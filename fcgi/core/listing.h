/* Pieces every list endpoint uses: keyset cursors and "contains" filters. */
#ifndef PARVIS_LISTING_H
#define PARVIS_LISTING_H
#include "arena.h"

/* A cursor is the base64url of the sort key of the last item shown, its
 * parts joined by newlines: opaque to clients, checked when read back. */
char *cursor_make(arena *a, const char *plain);
/* Decodes a cursor into exactly n newline-separated parts; -1 if invalid. */
int cursor_split(arena *a, const char *cursor, char **parts, int n);
/* LIKE pattern for "contains q", with LIKE's own characters escaped. */
char *like_contains(arena *a, const char *q);
#endif
