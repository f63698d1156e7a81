/* People's photos and groups' images (docs/viewer.md): where they are,
 * their URLs in the API, and what goes with an account or a group. */
#ifndef PARVIS_AVATAR_H
#define PARVIS_AVATAR_H
#include "core/avatar_url.h"
#include "core/req.h"
#include "db.h"

/* The version of the photo of `kind` ("user", "group") `id`, NULL when
 * none; *failed set when MariaDB failed. */
const char *avatar_version(req *r, const char *kind, long long id, int *failed);
/* Inside the transaction that removes an account or a group: its photo's
 * row, one reference fewer to its blobs. *freed: a JSON array of their
 * SHA-256 for blob_release after the commit (NULL: none). 0 or -1. */
int avatar_erase(db *d, arena *a, const char *kind, long long id, const char **freed);
/* Replaces (bytes) or removes (buf NULL) the photo of kind/id and answers
 * (the answer's body from `answer`, called once it is committed). */
int avatar_put(req *r, const char *kind, long long id, json_t *(*answer)(req *r, long long id));
int avatar_delete(req *r, const char *kind, long long id, json_t *(*answer)(req *r, long long id));
/* Sends the image (size=64|256, 64 by default) for X-Accel-Redirect by
 * nginx: a year in the browser's cache when the URL names the current
 * version, to be revalidated otherwise. 404 when none. */
int avatar_send(req *r, const char *version, const char *sha_small, const char *sha_large, const char *mime);
#endif
