/* Adding and removing the people of a group conversation, and leaving a
 * conversation. Changes of people are made under the conversation's row
 * lock, as messages are: a message is sent before or after a removal,
 * never during it, and the notifier tells whoever takes part when it
 * publishes. A direct conversation left by one of the two is theirs no
 * more: opening a conversation with that person again makes a new one. */
#include "chat/chat_model.h"
#include "chat/my_conversations.h"
#include "core/respond.h"
#include "chat/handlers.h"
#include "core/worker.h"
#include "notify.h"
#include <string.h>

/* Opens the transaction and locks conversation `id`: 1, or 0 after answering. */
static int lock_conversation(req *r, db *d, long long id)
{
    if (db_begin(d)) { resp_db_error(r); return 0; }
    db_rows *q = db_query(d, r->a, STMT_CHAT_CONVERSATION_LOCK, "i", id);
    if (!q || q->nrows == 0) { db_rollback(d); q ? resp_error(r, 404, "not_found", M_CHAT_NOT_FOUND) : resp_db_error(r); return 0; }
    return 1;
}

int h_participant_put(req *r)
{
    conversation c;
    long long who = r->ids[1];
    if (!conversation_allows(r, r->ids[0], CA_ADD, &c)) return 0;
    db *d = worker_db();
    db_rows *p = db_query(d, r->a, STMT_CHAT_PEOPLE_ACTIVE, "s", arena_printf(r->a, "[%lld]", who));
    if (!p) return resp_db_error(r);
    if (p->nrows == 0) return resp_error(r, 400, "bad_request", M_CHAT_PERSON_UNKNOWN, who);
    int shares = chat_shares_group(r, who);          /* a guest adds only the people of their groups */
    if (shares < 0) return resp_db_error(r);
    if (!acl_can_chat_with(r->user, shares)) return resp_error(r, 400, "bad_request", M_CHAT_PERSON_UNKNOWN, who);
    if (!lock_conversation(r, d, c.id)) return 0;
    db_rows *in = db_query(d, r->a, STMT_CHAT_IS_PARTICIPANT, "ii", c.id, who);
    db_rows *n = in ? db_query(d, r->a, STMT_CHAT_PARTICIPANT_COUNT, "i", c.id) : NULL;
    if (!n) { db_rollback(d); return resp_db_error(r); }
    if (in->nrows) { db_rollback(d); return resp_empty(r, 204); }     /* there already */
    if (db_cell_int(n, 0, 0) >= CHAT_PARTICIPANTS_MAX) {
        db_rollback(d);
        return resp_error(r, 409, "conflict", M_CHAT_FULL, CHAT_PARTICIPANTS_MAX);
    }
    if (db_exec(d, STMT_CHAT_MEMBER_ADD, "iii", who, r->user->id, c.id) < 0
        || notify_add(d, NOTIFY_CHAT_PEOPLE, c.id, r->user->id, who, "added") || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    my_conversations_changed(who);
    notify_poke(&W.cfg);
    return resp_empty(r, 204);
}

int h_participant_delete(req *r)
{
    conversation c;
    long long who = r->ids[1];
    int leaving = who == r->user->id;
    if (!conversation_allows(r, r->ids[0], leaving ? CA_LEAVE : CA_REMOVE, &c)) return 0;
    db *d = worker_db();
    if (!lock_conversation(r, d, c.id)) return 0;
    long long removed = db_exec(d, STMT_CHAT_MEMBER_REMOVE, "ii", c.id, who);
    if (removed == 0) { db_rollback(d); return resp_error(r, 404, "not_found", M_CHAT_PARTICIPANT_UNKNOWN); }
    int failed = removed < 0
        || (c.f.kind == CONV_DIRECT && db_exec(d, STMT_CHAT_DIRECT_KEY_CLEAR, "i", c.id) < 0)
        || notify_add(d, NOTIFY_CHAT_PEOPLE, c.id, r->user->id, who, leaving ? "left" : "removed");
    if (failed || db_commit(d)) { db_rollback(d); return resp_db_error(r); }
    my_conversations_changed(who);          /* their search no longer finds it */
    notify_poke(&W.cfg);
    return resp_empty(r, 204);
}
