/* Reading conversations from MariaDB into the facts acl.c decides on
 * (acl_conversation), and the conversation object of the API. */
#ifndef PARVIS_CHAT_MODEL_H
#define PARVIS_CHAT_MODEL_H
#include "core/acl.h"
#include "db.h"

#define CHAT_PARTICIPANTS_MAX 250    /* a group conversation's people, its creator included */
#define CHAT_SEEN_BY_MAX 20          /* up to this many participants, receipts name them */

/* A conversation as the asker sees it: its row of CONVERSATION_COLUMNS
 * (lib/stmt/chat.def) and the facts. */
typedef struct {
    db_rows *q;
    int row;
    long long id, group_id, last_seq, last_read_seq;
    conversation_facts f;
} conversation;

/* Fills c from row `row` of rows of CONVERSATION_COLUMNS. */
void conversation_at(req *r, db_rows *q, int row, conversation *c);
/* Loads conversation `id`: 1, 0 when there is none, -1 (MariaDB). */
int conversation_load(req *r, long long id, conversation *c);
/* Loads it and checks the asker may do `a`: 1 then; otherwise the answer
 * (404, 403, 409, 503) is sent and 0 returned. */
int conversation_allows(req *r, long long id, conversation_action a, conversation *c);
/* The conversation object (docs/api.md); with `people`, every participant
 * (a room's first 100), otherwise only the other one of a direct
 * conversation. `last` is its last message's object (taken) or NULL. NULL
 * when MariaDB failed. */
json_t *conversation_json(req *r, const conversation *c, int people, json_t *last);
/* Adds seen_count and seen_by to messages (a JSON array of message
 * objects of conversation c). 0, or -1 when MariaDB failed. */
int messages_add_receipts(req *r, const conversation *c, json_t *messages);
/* Whether the asker and `other` share a group, for acl_can_chat_with (a
 * guest's question; 0 for staff without asking MariaDB); -1 on a database
 * error. */
int chat_shares_group(req *r, long long other);
#endif
