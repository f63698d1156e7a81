/* The chat's message object (docs/api.md « Message object »), as the
 * workers answer it and parvis-notifier publishes it live: the same text
 * for every reader. Built from rows of CHAT_MESSAGE_COLUMNS
 * (lib/stmt/chat.def) with their reactions and attachments — two more
 * queries for any number of messages. The receipts (seen_count, seen_by)
 * change with every reader's mark, so the worker adds them when it
 * answers. */
#ifndef PARVIS_CHAT_MESSAGE_H
#define PARVIS_CHAT_MESSAGE_H
#include <jansson.h>
#include "db.h"

#define CHAT_BODY_MAX 10000          /* characters of a message */
#define CHAT_ATTACHMENTS_MAX 10

/* Rows `q` of CHAT_MESSAGE_COLUMNS, in their order, as a JSON array of
 * message objects; NULL when MariaDB failed. */
json_t *chat_messages_json(db *d, arena *a, const db_rows *q);
/* One message: 1 with *out set (a new reference), 0 when there is none,
 * -1 when MariaDB failed. */
int chat_message_json(db *d, arena *a, long long id, json_t **out);
/* The type a browser may show inline in a message (png, jpeg, gif, webp:
 * never svg, which can carry scripts). */
int chat_image_mime(const char *mime);
#endif
