/* The feed and the portal: posts, comments, reactions, receipts (routes.c). */
#ifndef PARVIS_FEED_HANDLERS_H
#define PARVIS_FEED_HANDLERS_H
#include "core/req.h"

int h_portal(req *r);
int h_feed(req *r);
int h_feed_new(req *r);
int h_group_posts_create(req *r);
int h_news_create(req *r);
int h_group_posts(req *r);
int h_tag_posts(req *r);
int h_posts_get(req *r);
int h_posts_patch(req *r);
int h_posts_delete(req *r);
int h_posts_ack(req *r);
int h_posts_reads(req *r);
int h_posts_versions(req *r);
int h_post_attachment_content(req *r);
int h_comments_create(req *r);
int h_comments_list(req *r);
int h_comments_patch(req *r);
int h_comments_delete(req *r);
int h_post_reaction_put(req *r);
int h_post_reaction_delete(req *r);
int h_post_reactions_list(req *r);
int h_comment_reaction_put(req *r);
int h_comment_reaction_delete(req *r);
int h_comment_reactions_list(req *r);
/* polls (h_polls.c, docs/polls.md) */
int h_post_poll_create(req *r);
int h_polls_get(req *r);
int h_polls_vote(req *r);
int h_polls_close(req *r);
int h_polls_results(req *r);
#endif
