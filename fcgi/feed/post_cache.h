/* Each worker keeps the posts it showed lately, serialised once by jansson
 * without what depends on the reader (their reaction and receipt, what they
 * may do). A home feed page from the timelines (timeline_cache.h) then
 * costs one light query — the reader's reactions and receipts for the
 * page — and copies of these fragments. An entry is trusted while its
 * source's counter and the platform's posts counter are unchanged: every
 * write that changes what a post shows (its text, flags, counts, its
 * author's name) bumps them after its commit. */
#ifndef PARVIS_POST_CACHE_H
#define PARVIS_POST_CACHE_H
#include "core/acl.h"
#include "groups/groups_model.h"
#include "feed/reader_cache.h"

/* What one request shows of a post: copies in its arena. */
typedef struct {
    long long id, source, author_id;
    long long poll_id;          /* its poll (0: none), read per reader */
    int comments_closed;
    const char *head, *cursor;  /* head NULL: the post is gone */
    size_t head_len;
} post_view;

/* Writes the feed page of these post ids (newest first) as the answer,
 * with `next` after the last one when more_after is set. 0, or -1 on a
 * database error before anything was sent. */
int post_cache_answer_page(req *r, const my_groups *my, const long long *ids, int n, int more_after);
/* The two halves, for answers made of several lists (the portal): first
 * every post the answer shows, with the reader's part of each (0 or -1),
 * then each list's items, written as JSON objects separated by commas;
 * returns the cursor of the last one written, or NULL. */
int post_cache_prepare(req *r, const long long *ids, int n, post_view **views, reader_part **parts);
const char *post_cache_write_items(req *r, const my_groups *my, const post_view *views, const reader_part *parts, int n);
#endif
