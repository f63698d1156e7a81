#include "chat_events.h"
#include "chat_facts.h"
#include "chat_message.h"
#include "core/respond.h"
#include "live.h"
#include "recipients.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A « is typing » older than this when handled is dropped: the page shows
 * it for 6 s, and a late one would be wrong. */
#define TYPING_STALE_SECONDS 5.0

typedef struct {
    long long id, conversation, seq, author;
    int deleted;
    int may_mention;             /* its text says "mention:": chat_mentions may hold some */
} chat_msg;

/* Message `id` as the live event {"type":T,"conversation_id":C,"message":
 * {...}} (*json) and its facts (*m), from the one query that reads it for
 * every reader: 1, 0 when the message is gone, -1. */
static int message_event(db *d, arena *a, const char *type, long long id, chat_msg *m, const char **json)
{
    json_t *msg = NULL;
    int found = chat_message_json(d, a, id, &msg);
    if (found <= 0) return found;
    json_t *author = json_object_get(msg, "author");
    const char *body = json_string_value(json_object_get(msg, "body"));
    *m = (chat_msg){ id, (long long)json_integer_value(json_object_get(msg, "conversation_id")),
                     (long long)json_integer_value(json_object_get(msg, "seq")),
                     json_is_object(author) ? (long long)json_integer_value(json_object_get(author, "id")) : 0,
                     json_is_true(json_object_get(msg, "deleted")), body && strstr(body, "mention:") != NULL };
    json_t *ev = json_pack("{s:s,s:I,s:o}", "type", type, "conversation_id", (json_int_t)m->conversation, "message", msg);
    char *text = ev ? json_dumps(ev, JSON_COMPACT) : NULL;
    json_decref(ev);
    if (!text) return -1;
    *json = arena_strdup(a, text);
    free(text);
    return 1;
}

/* `json` to everyone in `ps` who reads the conversation (`content`: what
 * people wrote), or else who may know it exists (a room's members while
 * it is off), but `except`. */
static void to_people(arena *a, live_out *out, const chat_people *ps, int content, long long except, const char *json)
{
    for (int i = 0; i < ps->n; i++) {
        acl_verdict v = ps->v[i].read;
        if ((content ? v == ACL_ALLOW : v != ACL_HIDDEN) && ps->v[i].user.id != except)
            live_out_message(a, out, ps->v[i].user.id, json);
    }
}

static const char *conversation_event(arena *a, const char *type, long long conversation)
{
    return arena_printf(a, "{\"type\":\"%s\",\"conversation_id\":%lld}", type, conversation);
}

/* ---- notifications ------------------------------------------------- */

/* One chat notification for `user` (kind message or mention), grouped per
 * conversation; pointing at the latest message. */
static int deliver(db *d, arena *a, live_out *out, const char *kind, const chat_msg *m, long long user)
{
    recipients one;
    if (recipients_one(d, a, 0, 0, kind, user, &one)) return -1;
    if (!one.n) return 0;                          /* no longer active */
    const char *gkey = arena_printf(a, "%s:%lld", strcmp(kind, "mention") == 0 ? "chatmention" : "chat",
                                    m->conversation);
    if (db_exec(d, STMT_CHAT_NOTIFICATION_UPSERT, "issiiiiiis", user, kind, gkey, m->id, m->conversation, m->id,
                m->author, m->author, m->author, one.v[0].email_choice) < 0)
        return -1;
    live_out_user(a, out, user);
    return 0;
}

/* A new message: the people mentioned who take part (even in a muted
 * conversation), and in a direct conversation the other person (unless
 * muted). Never the author; one notification each. */
static int notify_message(db *d, arena *a, live_out *out, const conv_info *c, const chat_people *ps, const chat_msg *m)
{
    db_rows *mn = m->may_mention ? db_query(d, a, STMT_CHAT_MESSAGE_MENTIONS, "i", m->id) : NULL;
    if (m->may_mention && !mn) return -1;
    for (int i = 0; mn && i < mn->nrows; i++) {
        const chat_person *p = chat_people_find(ps, db_cell_int(mn, i, 0));
        if (!p || p->read != ACL_ALLOW || p->user.id == m->author || live_out_told(out, p->user.id)) continue;
        /* in a direct conversation the message's own notification says it */
        if (c->kind == CONV_DIRECT && !p->muted) continue;
        if (deliver(d, a, out, "mention", m, p->user.id)) return -1;
    }
    if (c->kind != CONV_DIRECT) return 0;
    for (int i = 0; i < ps->n; i++) {
        const chat_person *p = &ps->v[i];
        if (p->read != ACL_ALLOW || p->user.id == m->author || p->muted || live_out_told(out, p->user.id)) continue;
        if (deliver(d, a, out, "message", m, p->user.id)) return -1;
    }
    return 0;
}

/* ---- the events ------------------------------------------------------ */

static int on_message(db *d, arena *a, const queue_row *row, live_out *out)
{
    chat_msg m;
    conv_info c;
    chat_people ps;
    const char *json = NULL;
    int found = message_event(d, a, row->event == NOTIFY_CHAT_MESSAGE ? "chat.message" : "chat.message_changed",
                              row->object, &m, &json);
    if (found > 0) found = conv_info_load(d, a, m.conversation, &c);
    if (found > 0) found = chat_people_load(d, a, &c, &ps) ? -1 : 1;
    if (found <= 0) return found;
    /* a new message goes to those who took part when it was sent (their
     * join and the send both hold the conversation's row lock, so seq
     * orders them); who joined since reads it in the history */
    for (int i = 0; row->event == NOTIFY_CHAT_MESSAGE && i < ps.n; i++)
        if (c.kind != CONV_ROOM && ps.v[i].joined_seq >= m.seq) ps.v[i].read = ACL_HIDDEN;
    to_people(a, out, &ps, 1, 0, json);
    if (row->event != NOTIFY_CHAT_MESSAGE) return 0;
    /* the header's count changes for those to whom this message is the
     * first unread one (it is counted afresh when published) */
    for (int i = 0; i < ps.n; i++) {
        const chat_person *p = &ps.v[i];
        if (p->read == ACL_ALLOW && p->user.id != m.author && !p->muted && p->last_read_seq + 1 == m.seq)
            live_out_chat_count(a, out, p->user.id);
    }
    return m.deleted ? 0 : notify_message(d, a, out, &c, &ps, &m);
}

/* Someone's read mark moved (detail read, or unread: moved back): the
 * receipts of the others, the reader's count in their other tabs; muting
 * (detail mute) changes only the count. */
static int on_read(db *d, arena *a, const queue_row *row, live_out *out)
{
    conv_info c;
    chat_people ps;
    int found = conv_info_load(d, a, row->object, &c);
    if (found <= 0) return found;
    if (chat_people_load(d, a, &c, &ps)) return -1;
    const chat_person *reader = chat_people_find(&ps, row->actor);
    if (reader && reader->read == ACL_ALLOW && strcmp(row->detail, "mute") != 0)
        to_people(a, out, &ps, 1, 0,
                  arena_printf(a, "{\"type\":\"chat.read\",\"conversation_id\":%lld,\"user_id\":%lld,\"seq\":%lld}",
                               c.id, row->actor, row->subject));
    live_out_chat_count(a, out, row->actor);
    return 0;
}

static int on_typing(db *d, arena *a, const queue_row *row, live_out *out)
{
    if (row->age > TYPING_STALE_SECONDS) return 0;
    conv_info c;
    chat_people ps;
    int found = conv_info_load(d, a, row->object, &c);
    if (found <= 0) return found;
    if (chat_people_load(d, a, &c, &ps)) return -1;
    const chat_person *who = chat_people_find(&ps, row->actor);
    if (!who || who->read != ACL_ALLOW) return 0;
    to_people(a, out, &ps, 1, row->actor,
              arena_printf(a, "{\"type\":\"chat.typing\",\"conversation_id\":%lld,\"user\":{\"id\":%lld,"
                           "\"display_name\":%s}}", c.id, row->actor, json_quote(a, who->user.display_name)));
    return 0;
}

/* `user` no longer takes part in `c`: their pages drop it, what they were
 * told of it goes, their counts are published again. */
static int removed(db *d, arena *a, live_out *out, long long conversation, long long user)
{
    if (db_exec(d, STMT_CHAT_NOTIFICATIONS_FORGET, "ii", user, conversation) < 0) return -1;
    live_out_message(a, out, user, conversation_event(a, "chat.removed", conversation));
    live_out_user(a, out, user);
    live_out_chat_count(a, out, user);
    return 0;
}

/* Someone added, removed or who left: everyone there fetches it again; the
 * one who is no longer there (unless added back since) drops it, and
 * receives nothing else. */
static int on_people(db *d, arena *a, const queue_row *row, live_out *out)
{
    conv_info c;
    chat_people ps;
    int found = conv_info_load(d, a, row->object, &c);
    if (found <= 0) return found;
    if (chat_people_load(d, a, &c, &ps)) return -1;
    to_people(a, out, &ps, 1, 0, conversation_event(a, "chat.conversation", c.id));
    const chat_person *subject = chat_people_find(&ps, row->subject);
    if (subject && subject->read == ACL_ALLOW) {
        live_out_chat_count(a, out, row->subject);  /* added: its history is unread */
        return 0;
    }
    return strcmp(row->detail, "added") == 0 ? 0 : removed(d, a, out, c.id, row->subject);
}

/* Created, renamed, its settings, closed or opened again, a room switched
 * on or off: fetch it again — told also to a room's members while it is
 * off (they may know it exists). A room switched on or off changes their
 * counts. */
static int on_conversation(db *d, arena *a, const queue_row *row, live_out *out)
{
    conv_info c;
    chat_people ps;
    int found = conv_info_load(d, a, row->object, &c);
    if (found <= 0) return found;
    if (chat_people_load(d, a, &c, &ps)) return -1;
    const char *json = conversation_event(a, "chat.conversation", c.id);
    to_people(a, out, &ps, 0, 0, json);
    if (strcmp(row->detail, "enabled") == 0 || strcmp(row->detail, "created") == 0)
        for (int i = 0; i < ps.n; i++)
            if (ps.v[i].read != ACL_HIDDEN) live_out_chat_count(a, out, ps.v[i].user.id);
    return 0;
}

int chat_event_run(db *d, arena *a, const queue_row *row, live_out *out)
{
    switch (row->event) {
    case NOTIFY_CHAT_MESSAGE: case NOTIFY_CHAT_CHANGED: return on_message(d, a, row, out);
    case NOTIFY_CHAT_READ: return on_read(d, a, row, out);
    case NOTIFY_CHAT_TYPING: return on_typing(d, a, row, out);
    case NOTIFY_CHAT_PEOPLE: return on_people(d, a, row, out);
    case NOTIFY_CHAT_CONVERSATION: return on_conversation(d, a, row, out);
    default: return 0;
    }
}

int chat_room_membership(db *d, arena *a, const queue_row *row, live_out *out)
{
    db_rows *q = db_query(d, a, STMT_CHAT_GROUP_ROOM, "i", row->object);
    if (!q) return -1;
    if (!q->nrows) return 0;
    conv_info c;
    chat_person p;
    int found = conv_info_load(d, a, db_cell_int(q, 0, 0), &c);
    if (found <= 0) return found;
    if (chat_person_load(d, a, &c, row->subject, &p)) return -1;
    if (p.read == ACL_ALLOW) {                     /* joined (or still there: made a manager) */
        live_out_message(a, out, p.user.id, conversation_event(a, "chat.conversation", c.id));
        live_out_chat_count(a, out, p.user.id);
        return 0;
    }
    /* left (and not back since): the room goes, with what they were told of it */
    return row->event == NOTIFY_LEFT && p.read == ACL_HIDDEN ? removed(d, a, out, c.id, row->subject) : 0;
}

void chat_publish_counts(db *d, arena *a, const live_out *out)
{
    for (int from = 0; from < out->nchat; from += 500) {
        int to = from + 500 < out->nchat ? from + 500 : out->nchat;
        db_rows *q = db_query(d, a, STMT_CHAT_UNREAD_COUNTS, "s", db_ids_json(a, out->chat_users + from, to - from));
        if (!q) continue;                          /* the pages read it on their next request */
        for (int r = 0; r < q->nrows; r++) {
            char channel[32], message[64];
            snprintf(channel, sizeof channel, "u%lld", db_cell_int(q, r, 0));
            snprintf(message, sizeof message, "{\"type\":\"chat.unread\",\"count\":%lld}", db_cell_int(q, r, 1));
            live_publish(channel, message);
        }
    }
}
