/* What creating and editing posts and comments share: dates, Markdown
 * rendering with mentions and hashtags, and the rows that follow a text
 * (mentions, tags) — all inside the caller's transaction. */
#ifndef PARVIS_POST_WRITE_H
#define PARVIS_POST_WRITE_H
#include "markdown.h"
#include "core/req.h"

/* Reads an optional UTC date field ("2026-11-24T08:00:00Z") into
 * "YYYY-MM-DD HH:MM:SS" (arena) and *t. 0 (absent: *out NULL), 1 (set), or
 * -1 after answering 400. */
int read_date_field(req *r, const char *field, const char **out, long long *t);
/* Answers 400 when a body is missing its text (only spaces and newlines)
 * and returns -1; 0 when it has some. */
int check_not_blank(req *r, const char *field, const char *text);
/* Renders a body; mentions are accepted for active accounts. -1 after
 * answering 500. */
int render_body(req *r, const char *body, markdown_out *out);
/* Replaces the mentions (of the post, or of the comment when comment_id)
 * and, for a post, its tags. 0 or -1. */
int save_text_links(req *r, long long post_id, long long comment_id, const markdown_out *md);
#endif
