/* Drive files attached to posts. The author attaches files they may read
 * (for a group's post, files of that group's drive); readers of the post
 * open them through the post, whatever their rights on the drive: the
 * author chose to show them there. A post with a title and an image
 * attached is an article: its first image is its cover. */
#ifndef PARVIS_POST_ATTACHMENTS_H
#define PARVIS_POST_ATTACHMENTS_H
#include "db.h"
#include "core/req.h"

#define ATTACHMENTS_MAX 10

/* The "attachments" of the body, checked and removed from it: their ids
 * as a JSON array text in *ids, or NULL when absent. 0, or -1 after
 * answering 400. group_id 0: the news. */
int attachments_read(req *r, long long group_id, const char **ids);
/* Replaces a post's attachments, in the caller's transaction. 0 or -1. */
int attachments_save(db *d, long long post_id, const char *ids);
/* The column posts_model.h adds to every post: its attachments as a JSON
 * array of {"id","name","size","mime"}, or NULL. */
/* Sets "attachments" (with their "content_url") and "cover_url" on a post
 * object from that column's text. */
void attachments_json(req *r, json_t *post, long long post_id, const char *title, const char *column);
/* Whether some of these drive nodes (JSON array of ids) are attached to
 * posts: 1, 0, or -1 on a database error. */
int attachments_among(db *d, arena *a, const char *ids);
/* After committing a change of drive nodes (JSON array of ids): when one
 * is attached to a post, the posts the workers keep are stale. */
void attachments_nodes_changed(db *d, arena *a, const char *ids);
#endif
