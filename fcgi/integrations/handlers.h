/* Integrations (issue #18): API tokens, incoming webhooks, feeds, outgoing
 * webhooks. Each helper's handlers in its own block. */
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
#endif
