/* Integrations (issue #18: docs/api_tokens.md, docs/feeds.md,
 * docs/webhooks.md): API tokens, incoming webhooks, feeds, outgoing
 * webhooks. Each one's handlers in its own block. */
#ifndef PARVIS_INTEGRATIONS_HANDLERS_H
#define PARVIS_INTEGRATIONS_HANDLERS_H
#include "core/req.h"

/* personal tokens (h_tokens.c) */
int h_tokens_create(req *r);
int h_tokens_list(req *r);
int h_tokens_delete(req *r);
/* service tokens (h_token_admin.c) */
int h_admin_tokens_create(req *r);
int h_admin_tokens_list(req *r);
int h_admin_tokens_delete(req *r);
/* incoming webhooks (h_hook_in.c, h_hook_in_post.c) */
int h_hooks_in_create(req *r);
int h_hooks_in_list(req *r);
int h_hooks_in_delete(req *r);
int h_hook_in_post(req *r);
/* the OpenAPI document (h_openapi.c) */
int h_openapi(req *r);
/* outgoing webhooks (docs/webhooks.md): h_webhooks.c, h_webhook_test.c */
int h_webhooks_create(req *r);
int h_webhooks_list(req *r);
int h_webhooks_get(req *r);
int h_webhooks_patch(req *r);
int h_webhooks_delete(req *r);
int h_webhooks_test(req *r);
/* « Veille »: a group's RSS and Atom feeds (h_feeds.c) */
int h_group_feeds_list(req *r);
int h_group_feeds_add(req *r);
int h_group_feeds_delete(req *r);
int h_group_feeds_refresh(req *r);
/* the hosts outgoing requests may reach although internal (h_feed_outgoing.c) */
int h_outgoing_get(req *r);
int h_outgoing_put(req *r);
/* Atom out (h_atom.c): the news, a public group, a person's home feed */
int h_news_atom(req *r);
int h_group_atom(req *r);
int h_atom_token_get(req *r);
int h_atom_token_post(req *r);
int h_atom_token_delete(req *r);
int h_atom_private(req *r);
#endif
