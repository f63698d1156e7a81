/* Integrations (issue #18): API tokens, incoming webhooks, feeds, outgoing
 * webhooks. Each helper's handlers in its own block. */
#ifndef PARVIS_INTEGRATIONS_HANDLERS_H
#define PARVIS_INTEGRATIONS_HANDLERS_H
#include "core/req.h"

/* outgoing webhooks (docs/webhooks.md): h_webhooks.c, h_webhook_test.c */
int h_webhooks_create(req *r);
int h_webhooks_list(req *r);
int h_webhooks_get(req *r);
int h_webhooks_patch(req *r);
int h_webhooks_delete(req *r);
int h_webhooks_test(req *r);
#endif
