/* What people mark on a conversation: reactions to messages, how far they
 * read (forward only; « Marquer comme non lu » moves it back), and
 * « X écrit… ». Each is told live to the participants by the notifier. */
#include "chat/chat_model.h"
#include "core/respond.h"
#include "chat/handlers.h"
#include "core/validate.h"
#include "core/worker.h"
#include "notify.h"
#include <string.h>

#define EMOJI_MAX_POINTS 8

/* The emoji of /messages/{id}/reactions/{emoji}, from the request line as
 * the client sent it, decoded: 1 to 8 code points of valid UTF-8 and no
 * ASCII (no letters, digits, spaces or markup). NULL after answering 400. */
static const char *reaction_emoji(req *r)
{
    const char *uri = FCGX_GetParam("REQUEST_URI", r->fr->envp);
    const char *p = uri ? strstr(uri, "/reactions/") : NULL;
    const char *e = p ? req_decode_path(r->a, p + 11, strcspn(p + 11, "?")) : NULL;
    int points = e ? utf8_chars(e) : -1;
    int ascii = 0;
    for (const unsigned char *c = (const unsigned char *)e; e && *c; c++) ascii |= *c < 0x80;
    if (points < 1 || points > EMOJI_MAX_POINTS || ascii || strlen(e) > 32) {
        resp_error(r, 400, "bad_request", M_CHAT_BAD_EMOJI);
        return NULL;
    }
    return e;
}

static int react(req *r, int add)
{
    const char *emoji = reaction_emoji(r);
    if (!emoji) return 0;
    db *d = worker_db();
    db_rows *q = db_query(d, r->a, STMT_CHAT_MESSAGE_PLACE, "i", r->ids[0]);
    if (!q) return resp_db_error(r);
    conversation c;
    int found = q->nrows ? conversation_load(r, db_cell_int(q, 0, 0), &c) : 0;
    if (found < 0) return resp_db_error(r);
    if (!found || acl_conversation(r->user, &c.f, CA_READ) != ACL_ALLOW)
        return resp_error(r, 404, "not_found", M_CHAT_MESSAGE_NOT_FOUND);
    acl_verdict v = acl_conversation(r->user, &c.f, CA_REACT);
    if (v != ACL_ALLOW) return acl_refuse_chat(r, v);
    if (db_cell_int(q, 0, 3)) return resp_error(r, 409, "conflict", M_CHAT_DELETED);
    if (db_begin(d)) return resp_db_error(r);
    long long changed = add ? db_exec(d, STMT_CHAT_REACTION_ADD, "iis", r->ids[0], r->user->id, emoji)
                            : db_exec(d, STMT_CHAT_REACTION_REMOVE, "iis", r->ids[0], r->user->id, emoji);
    if (changed < 0 || (changed > 0 && notify_add(d, NOTIFY_CHAT_CHANGED, r->ids[0], r->user->id, 0, "reaction"))
        || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (changed > 0) notify_poke(&W.cfg);
    return resp_empty(r, 204);
}

int h_chat_reaction_put(req *r) { return react(r, 1); }
int h_chat_reaction_delete(req *r) { return react(r, 0); }

/* The seq of message {"<field>": id} of conversation c: > 0, or -1 after answering. */
static long long body_message_seq(req *r, const conversation *c, const char *field)
{
    static const field_spec up_to[] = { { "up_to", F_ID, 1, 0, NULL }, { NULL, 0, 0, 0, NULL } };
    static const field_spec from[] = { { "from", F_ID, 1, 0, NULL }, { NULL, 0, 0, 0, NULL } };
    if (req_read_json(r) || validate_body(r, strcmp(field, "up_to") == 0 ? up_to : from)) return -1;
    db_rows *q = db_query(worker_db(), r->a, STMT_CHAT_MESSAGE_PLACE, "i", body_int(r, field, 0));
    if (!q) { resp_db_error(r); return -1; }
    if (q->nrows == 0 || db_cell_int(q, 0, 0) != c->id) {
        resp_error(r, 400, "bad_request", M_CHAT_MESSAGE_NOT_FOUND);
        return -1;
    }
    return db_cell_int(q, 0, 1);
}

/* Moves the asker's mark to seq (forward only unless `back`), marks their
 * notifications of the conversation read, and tells their tabs and the
 * participants' receipts. */
static int set_mark(req *r, const conversation *c, long long seq, int back)
{
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    long long moved = db_exec(d, back ? STMT_CHAT_READ_SET : STMT_CHAT_READ_UP_TO, "iii", c->id, r->user->id, seq);
    long long notes = moved >= 0 && !back ? db_exec(d, STMT_CHAT_NOTIFICATIONS_READ, "ii", r->user->id, c->id) : 0;
    int failed = moved < 0 || notes < 0
        || (notes > 0 && notify_add(d, NOTIFY_UNREAD, r->user->id, r->user->id, 0, NULL))
        || (moved > 0 && notify_add(d, NOTIFY_CHAT_READ, c->id, r->user->id, seq, back ? "unread" : "read"));
    if (failed || db_commit(d)) { db_rollback(d); return resp_db_error(r); }
    if (moved > 0) notify_poke(&W.cfg);
    return resp_empty(r, 204);
}

int h_conversation_read(req *r)
{
    conversation c;
    if (!conversation_allows(r, r->ids[0], CA_OWN_STATE, &c)) return 0;
    long long seq = body_message_seq(r, &c, "up_to");
    return seq < 0 ? 0 : set_mark(r, &c, seq, 0);
}

int h_conversation_unread(req *r)
{
    conversation c;
    if (!conversation_allows(r, r->ids[0], CA_OWN_STATE, &c)) return 0;
    long long seq = body_message_seq(r, &c, "from");
    return seq < 0 ? 0 : set_mark(r, &c, seq - 1, 1);
}

int h_conversation_typing(req *r)
{
    conversation c;
    if (!conversation_allows(r, r->ids[0], CA_SEND, &c)) return 0;
    if (notify_add(worker_db(), NOTIFY_CHAT_TYPING, c.id, r->user->id, 0, NULL)) return resp_db_error(r);
    notify_poke(&W.cfg);
    return resp_empty(r, 204);
}
