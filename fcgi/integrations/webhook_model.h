/* A subscription as the API shows it, and the permission to manage it
 * (acl_webhook over its scope). */
#ifndef PARVIS_WEBHOOK_MODEL_H
#define PARVIS_WEBHOOK_MODEL_H
#include "core/req.h"
#include "db.h"
#include <jansson.h>

/* The subscription `id` if the asker manages it: 1 with its row (the
 * columns of WEBHOOK_COLS); otherwise the answer is sent (404, 503) and
 * 0 returned. */
int webhook_find(req *r, long long id, db_rows **row);
/* {"id","group","url","events","active","off_reason","failing_since",
 *  "created_by","created","waiting"} of row i. */
json_t *webhook_json(const db_rows *q, int i);
/* The events of a JSON array, checked, as "a,b,c" (arena); NULL after
 * answering 400. */
const char *webhook_events_read(req *r, json_t *events);
/* Checks the URL against outgoing_allow: 0, or -1 after answering 400. */
int webhook_url_check(req *r, const char *url);
#endif
