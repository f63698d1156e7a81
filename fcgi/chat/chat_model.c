/* Conversations: facts, objects, receipts (chat_model.h). */
#include "chat/chat_model.h"
#include "chat_message.h"
#include "core/respond.h"
#include "core/worker.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* CONVERSATION_COLUMNS, in order */
enum { C_ID, C_KIND, C_NAME, C_GROUP, C_GROUP_NAME, C_CREATOR, C_POLICY, C_ENABLED, C_CLOSED, C_LAST_SEQ,
       C_LAST_MESSAGE, C_ACTIVITY, C_PARTICIPANT, C_READ_SEQ, C_MUTED, C_GROUP_ROLE, C_PEER, C_PEER_PARTICIPANT,
       C_PEER_STATUS, C_PEER_NAME, C_CURSOR, C_ARCHIVED };

void conversation_at(req *r, db_rows *q, int row, conversation *c)
{
    memset(c, 0, sizeof *c);
    c->q = q;
    c->row = row;
    c->id = db_cell_int(q, row, C_ID);
    c->group_id = db_cell(q, row, C_GROUP) ? db_cell_int(q, row, C_GROUP) : 0;
    c->last_seq = db_cell_int(q, row, C_LAST_SEQ);
    c->last_read_seq = db_cell_int(q, row, C_READ_SEQ);
    const char *kind = db_cell(q, row, C_KIND), *role = db_cell(q, row, C_GROUP_ROLE);
    conversation_facts *f = &c->f;
    f->kind = strcmp(kind, "direct") == 0 ? CONV_DIRECT : strcmp(kind, "room") == 0 ? CONV_ROOM : CONV_GROUP;
    f->participant = f->kind != CONV_ROOM && db_cell(q, row, C_PARTICIPANT) && db_cell_int(q, row, C_PARTICIPANT);
    f->group_role = !role ? ROLE_NONE : strcmp(role, "manager") == 0 ? ROLE_MANAGER : ROLE_MEMBER;
    /* a room is switched on and off by whoever manages its group */
    f->group_manager = f->kind == CONV_ROOM && (f->group_role == ROLE_MANAGER || acl_is_admin(r->user));
    f->enabled = db_cell_int(q, row, C_ENABLED) != 0;
    f->creator = db_cell(q, row, C_CREATOR) && db_cell_int(q, row, C_CREATOR) == r->user->id;
    f->creator_only = strcmp(db_cell(q, row, C_POLICY), "creator") == 0;
    f->closed = db_cell_int(q, row, C_CLOSED) != 0;
    f->archived = f->kind == CONV_ROOM && db_cell_int(q, row, C_ARCHIVED) != 0;
    f->peer_gone = f->kind == CONV_DIRECT
        && (!db_cell(q, row, C_PEER) || !db_cell_int(q, row, C_PEER_PARTICIPANT)
            || strcmp(db_cell(q, row, C_PEER_STATUS), "active") != 0);
}

int conversation_load(req *r, long long id, conversation *c)
{
    long long me = r->user->id;
    db_rows *q = db_query(worker_db(), r->a, STMT_CHAT_CONVERSATION_BY_ID, "iiii", me, me, me, id);
    if (!q) return -1;
    if (q->nrows == 0) return 0;
    conversation_at(r, q, 0, c);
    return 1;
}

int conversation_allows(req *r, long long id, conversation_action a, conversation *c)
{
    int found = conversation_load(r, id, c);
    if (found < 0) { resp_db_error(r); return 0; }
    if (!found) { resp_error(r, 404, "not_found", M_CHAT_NOT_FOUND); return 0; }
    acl_verdict v = acl_conversation(r->user, &c->f, a);
    if (v != ACL_ALLOW) { acl_refuse_chat(r, v); return 0; }
    return 1;
}

static const char *kind_name(conversation_kind k)
{
    return k == CONV_DIRECT ? "direct" : k == CONV_ROOM ? "room" : "group";
}

static int can(req *r, const conversation *c, conversation_action a)
{
    return acl_conversation(r->user, &c->f, a) == ACL_ALLOW;
}

/* The participants' array and their number. -1 when MariaDB failed. */
static int people_json(req *r, const conversation *c, json_t **out, long long *count)
{
    db_rows *p = c->f.kind == CONV_ROOM
        ? db_query(worker_db(), r->a, STMT_CHAT_ROOM_PARTICIPANTS, "ii", c->id, c->group_id)
        : db_query(worker_db(), r->a, STMT_CHAT_PARTICIPANTS, "i", c->id);
    db_rows *n = p && c->f.kind == CONV_ROOM
        ? db_query(worker_db(), r->a, STMT_CHAT_ROOM_PARTICIPANT_COUNT, "i", c->group_id) : p;
    if (!n) return -1;
    *out = json_array();
    for (int i = 0; i < p->nrows; i++) {
        json_t *person = json_pack("{s:I,s:s,s:I}", "id", (json_int_t)db_cell_int(p, i, 0),
            "display_name", db_cell(p, i, 1), "last_read_seq", (json_int_t)db_cell_int(p, i, 2));
        /* « Invité » (docs/guests.md) */
        if (person && db_cell(p, i, 3) && strcmp(db_cell(p, i, 3), "guest") == 0)
            json_object_set_new(person, "kind", json_string("guest"));
        json_array_append_new(*out, person);
    }
    *count = c->f.kind == CONV_ROOM ? db_cell_int(n, 0, 0) : p->nrows;
    return 0;
}

json_t *conversation_json(req *r, const conversation *c, int people, json_t *last)
{
    const db_rows *q = c->q;
    int i = c->row;
    json_t *participants;
    long long count = 0;
    if (people) {
        if (people_json(r, c, &participants, &count)) { json_decref(last); return NULL; }
    } else {
        participants = json_array();
        if (c->f.kind == CONV_DIRECT && db_cell(q, i, C_PEER))
            json_array_append_new(participants, json_pack("{s:I,s:s,s:I}", "id", (json_int_t)db_cell_int(q, i, C_PEER),
                "display_name", db_cell(q, i, C_PEER_NAME), "last_read_seq", (json_int_t)0));
        count = -1;
    }
    /* the name to show: a group conversation's, the group's, the other person's */
    const char *title = c->f.kind == CONV_ROOM ? db_cell(q, i, C_GROUP_NAME)
                      : c->f.kind == CONV_DIRECT ? db_cell(q, i, C_PEER_NAME) : db_cell(q, i, C_NAME);
    long long unread = c->last_seq > c->last_read_seq ? c->last_seq - c->last_read_seq : 0;
    json_t *o = json_pack("{s:I,s:s,s:s?,s:s?,s:o,s:o,s:I,s:b,s:I,s:I,s:o,s:s,s:o,s:s,s:b,s:b,"
                          "s:{s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b}}",
        "id", (json_int_t)c->id, "kind", kind_name(c->f.kind),
        "name", c->f.kind == CONV_ROOM ? db_cell(q, i, C_GROUP_NAME) : db_cell(q, i, C_NAME), "title", title,
        "group", c->f.kind == CONV_ROOM ? json_pack("{s:I,s:s}", "id", (json_int_t)c->group_id,
                                                    "name", db_cell(q, i, C_GROUP_NAME)) : json_null(),
        "participants", participants, "unread", (json_int_t)unread,
        "muted", db_cell_int(q, i, C_MUTED) != 0, "last_read_seq", (json_int_t)c->last_read_seq,
        "last_seq", (json_int_t)c->last_seq, "last_message", last ? last : json_null(),
        "last_activity", db_cell(q, i, C_ACTIVITY),
        "created_by", db_cell(q, i, C_CREATOR) ? json_integer(db_cell_int(q, i, C_CREATOR)) : json_null(),
        "add_policy", db_cell(q, i, C_POLICY), "enabled", c->f.enabled, "closed", c->f.closed,
        "can", "send", can(r, c, CA_SEND), "add", can(r, c, CA_ADD), "remove", can(r, c, CA_REMOVE),
        "rename", can(r, c, CA_RENAME), "settings", can(r, c, CA_SETTINGS), "attach", can(r, c, CA_ATTACH),
        "leave", can(r, c, CA_LEAVE), "enable", can(r, c, CA_ENABLE), "report", can(r, c, CA_REPORT));
    if (o && count >= 0) json_object_set_new(o, "participant_count", json_integer(count));
    return o;
}

int messages_add_receipts(req *r, const conversation *c, json_t *messages)
{
    size_t n = json_array_size(messages);
    if (!n) return 0;
    long long oldest = LLONG_MAX;
    size_t i;
    json_t *m;
    json_array_foreach(messages, i, m) {
        long long s = (long long)json_integer_value(json_object_get(m, "seq"));
        if (s < oldest) oldest = s;
    }
    /* everyone's read mark: (user, seq) pairs */
    db_rows *p = c->f.kind == CONV_ROOM
        ? db_query(worker_db(), r->a, STMT_CHAT_ROOM_READ_MARKS, "iii", c->group_id, c->id, oldest)
        : db_query(worker_db(), r->a, STMT_CHAT_PARTICIPANTS, "i", c->id);
    if (!p) return -1;
    int users_col = 0, seq_col = c->f.kind == CONV_ROOM ? 1 : 2;
    int named = c->f.kind != CONV_ROOM && p->nrows <= CHAT_SEEN_BY_MAX;
    json_array_foreach(messages, i, m) {
        long long s = (long long)json_integer_value(json_object_get(m, "seq"));
        json_t *author = json_object_get(m, "author");
        long long by = json_is_object(author) ? (long long)json_integer_value(json_object_get(author, "id")) : 0;
        long long seen = 0;
        json_t *who = named ? json_array() : json_null();
        for (int k = 0; k < p->nrows; k++) {
            long long u = db_cell_int(p, k, users_col);
            if (u == by || db_cell_int(p, k, seq_col) < s) continue;
            seen++;
            if (named) json_array_append_new(who, json_integer(u));
        }
        json_object_set_new(m, "seen_count", json_integer(seen));
        json_object_set_new(m, "seen_by", who);
    }
    return 0;
}

int chat_shares_group(req *r, long long other)
{
    if (!acl_is_guest(r->user)) return 0;            /* only a guest's choice depends on it */
    db_rows *q = db_query(worker_db(), r->a, STMT_USERS_SHARE_GROUP, "ii", r->user->id, other);
    if (!q) return -1;
    return q->nrows && db_cell_int(q, 0, 0) != 0;
}
