/* Integrations: API tokens, incoming webhooks (docs/api_tokens.md); feeds
 * and outgoing webhooks add theirs below. */
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
#endif
