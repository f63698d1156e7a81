/* Messages: the history (newest first, by seq: before, after or around a
 * message), sending (a retry with the same client_id is stored once; 10 a
 * second at most), « Lancer une visio », editing and deleting one's own
 * (a tombstone keeps its place). */
#include "blob_gc.h"
#include "chat/chat_model.h"
#include "core/respond.h"
#include "chat/handlers.h"
#include "chat_message.h"
#include "core/validate.h"
#include "core/worker.h"
#include "crypto.h"
#include "feed/post_write.h"
#include "notify.h"
#include <limits.h>
#include "outbox.h"
#include "platform/settings_view.h"
#include <stdio.h>
#include <string.h>

#define SENDS_PER_SECOND 10
#define PAGE_DEFAULT 50
#define CLIENT_ID_MAX 64

/* The messages of a page (JSON array, taken) with their receipts. */
static int answer_messages(req *r, const conversation *c, json_t *items, json_t *next, int newer)
{
    if (messages_add_receipts(r, c, items)) { json_decref(items); json_decref(next); return resp_db_error(r); }
    return resp_json(r, 200, json_pack("{s:o,s:o,s:b}", "items", items, "next", next, "newer", newer));
}

/* A message of conversation c named in the query (?before=ID...): its seq,
 * 0 when absent, -1 after answering. */
static long long query_seq(req *r, const conversation *c, const char *name)
{
    const char *v = req_query(r, name);
    if (!v || !*v) return 0;
    long long id = parse_id(v);
    if (id <= 0) { resp_error(r, 400, "bad_request", M_BAD_QUERY); return -1; }
    db_rows *q = db_query(worker_db(), r->a, STMT_CHAT_MESSAGE_PLACE, "i", id);
    if (!q) { resp_db_error(r); return -1; }
    if (q->nrows == 0 || db_cell_int(q, 0, 0) != c->id) { resp_error(r, 404, "not_found", M_CHAT_MESSAGE_NOT_FOUND); return -1; }
    return db_cell_int(q, 0, 1);
}

/* Appends rows q (in the order given, reversed when `reverse`) to items. */
static int append(req *r, json_t *items, const db_rows *q, int n, int reverse)
{
    json_t *list = chat_messages_json(worker_db(), r->a, q);
    if (!list) return -1;
    for (int i = 0; i < n; i++) json_array_append(items, json_array_get(list, (size_t)(reverse ? n - 1 - i : i)));
    json_decref(list);
    return 0;
}

int h_chat_messages_list(req *r)
{
    conversation c;
    if (!conversation_allows(r, r->ids[0], CA_READ, &c)) return 0;
    int limit;
    if (req_limit(r, PAGE_DEFAULT, 100, &limit)) return 0;
    long long before = query_seq(r, &c, "before"), after = before < 0 ? -1 : query_seq(r, &c, "after");
    long long around = after < 0 ? -1 : query_seq(r, &c, "around");
    if (around < 0) return 0;
    db *d = worker_db();
    json_t *items = json_array();
    long long older_than = before ? before : LLONG_MAX;
    int newer = 0, older_limit = limit;
    if (after || around) {
        /* the newer side first (oldest first in the query), newest first in the answer */
        int want = after ? limit : limit / 2;
        db_rows *q = db_query(d, r->a, STMT_CHAT_MESSAGES_AFTER, "iii", c.id, after ? after : around, (long long)want + 1);
        if (!q) { json_decref(items); return resp_db_error(r); }
        newer = q->nrows > want;
        int n = newer ? want : q->nrows;
        if (append(r, items, q, n, 1)) { json_decref(items); return resp_db_error(r); }
        if (after) return answer_messages(r, &c, items,
            n && json_integer_value(json_object_get(json_array_get(items, (size_t)n - 1), "seq")) > 1
                ? json_integer(json_integer_value(json_object_get(json_array_get(items, (size_t)n - 1), "id"))) : json_null(),
            newer);
        older_than = around + 1;                    /* the message itself and older ones */
        older_limit = limit - n;
    }
    db_rows *q = db_query(d, r->a, STMT_CHAT_MESSAGES_BEFORE, "iii", c.id, older_than, (long long)older_limit + 1);
    if (!q) { json_decref(items); return resp_db_error(r); }
    int n = q->nrows > older_limit ? older_limit : q->nrows;
    if (append(r, items, q, n, 0)) { json_decref(items); return resp_db_error(r); }
    json_t *next = q->nrows > older_limit && n ? json_integer(db_cell_int(q, n - 1, 0)) : json_null();
    return answer_messages(r, &c, items, next, newer);
}

/* What a new message is made of. */
typedef struct {
    const char *kind;               /* "text" or "meeting" */
    const char *body;
    const char *client_id;          /* NULL: none */
    long long reply_to;
    const char *attachments;        /* JSON array text of ids, NULL: none */
    int nattachments;
    const char *meeting_url;
} new_message;

/* Answers message `id` with its receipts. */
static int answer_message(req *r, const conversation *c, long long id, int status)
{
    json_t *m = NULL;
    int found = chat_message_json(worker_db(), r->a, id, &m);
    if (found <= 0) return found < 0 ? resp_db_error(r) : resp_error(r, 404, "not_found", M_CHAT_MESSAGE_NOT_FOUND);
    json_t *one = json_pack("[o]", m);
    /* a message just stored: nobody else had read it when it was committed
     * (a read mark moves only to a message that exists), so its receipts
     * need no query where they do not depend on the number of people */
    if (status == 201 && c->f.kind != CONV_GROUP) {
        json_object_set_new(m, "seen_count", json_integer(0));
        json_object_set_new(m, "seen_by", c->f.kind == CONV_DIRECT ? json_array() : json_null());
    } else if (messages_add_receipts(r, c, one)) { json_decref(one); return resp_db_error(r); }
    json_t *o = json_incref(json_array_get(one, 0));
    json_decref(one);
    return resp_json(r, status, o);
}

/* A retry (same author and client_id) of the message whose id and
 * conversation are q's first two columns (NULL or no row: none): 1 after
 * answering it (or 409 for another conversation's), 0 when new. */
static int answered_retry_of(req *r, const conversation *c, const db_rows *q)
{
    if (q->nrows == 0 || !db_cell(q, 0, 0)) return 0;
    if (db_cell_int(q, 0, 1) != c->id) { resp_error(r, 409, "conflict", M_CHAT_CLIENT_ID_TAKEN); return 1; }
    answer_message(r, c, db_cell_int(q, 0, 0), 200);
    return 1;
}

static int answered_retry(req *r, const conversation *c, const char *client_id)
{
    if (!client_id) return 0;
    db_rows *q = db_query(worker_db(), r->a, STMT_CHAT_MESSAGE_OF_CLIENT, "is", r->user->id, client_id);
    if (!q) { resp_db_error(r); return 1; }
    return answered_retry_of(r, c, q);
}

/* Stores a new message in conversation c (the asker may send there) and
 * answers it. */
static int send_message(req *r, conversation *c, const new_message *m)
{
    db *d = worker_db();
    /* a retry answered with what it stored; then the limit, before
     * anything is written: what is answered 201 is stored */
    db_rows *checks = db_query(d, r->a, STMT_CHAT_SEND_CHECKS, "iis", r->user->id, r->user->id, m->client_id);
    if (!checks) return resp_db_error(r);
    if (answered_retry_of(r, c, checks)) return 0;
    if (db_cell_int(checks, 0, 2) >= SENDS_PER_SECOND) {
        resp_header(r, "Retry-After", "1");
        return resp_error(r, 429, "rate_limited", M_CHAT_RATE, SENDS_PER_SECOND);
    }
    markdown_out md = { 0 };
    if (render_body(r, m->body, &md)) return 0;
    if (db_begin(d)) { markdown_free(&md); return resp_db_error(r); }
    db_rows *lock = db_query(d, r->a, STMT_CHAT_CONVERSATION_LOCK, "i", c->id);
    /* under the lock: still a participant (a removal may have come first) */
    db_rows *in = lock && c->f.kind != CONV_ROOM ? db_query(d, r->a, STMT_CHAT_IS_PARTICIPANT, "ii", c->id, r->user->id) : lock;
    if (!in || lock->nrows == 0) { db_rollback(d); markdown_free(&md); return resp_db_error(r); }
    if (in->nrows == 0) { db_rollback(d); markdown_free(&md); return resp_error(r, 404, "not_found", M_CHAT_NOT_FOUND); }
    if (db_cell_int(lock, 0, 1)) { db_rollback(d); markdown_free(&md); return resp_error(r, 409, "conflict", M_CHAT_CLOSED); }
    long long seq = db_cell_int(lock, 0, 0) + 1;
    if (db_exec(d, STMT_CHAT_MESSAGE_INSERT, "iiisssssn", c->id, seq, r->user->id, m->client_id, m->kind, m->body,
                md.html, m->meeting_url, m->reply_to) < 0) {
        int retry = db_errno(d) == DB_ER_DUP_ENTRY;   /* the same client_id, sent at once twice */
        db_rollback(d);
        markdown_free(&md);
        if (retry && answered_retry(r, c, m->client_id)) return 0;
        return resp_db_error(r);
    }
    long long id = db_last_id(d);
    int failed = db_exec(d, STMT_CHAT_CONVERSATION_BUMP, "iii", seq, id, c->id) < 0
        || db_exec(d, STMT_CHAT_READ_UP_TO, "iii", c->id, r->user->id, seq) < 0;
    for (int i = 0; !failed && i < md.nmentions; i++)
        failed = db_exec(d, STMT_CHAT_MENTION_INSERT, "ii", id, md.mentions[i]) < 0;
    markdown_free(&md);
    if (!failed && m->attachments) {
        long long bound = db_exec(d, STMT_CHAT_ATTACHMENTS_BIND, "iiis", id, c->id, r->user->id, m->attachments);
        if (bound >= 0 && bound != m->nattachments) {
            db_rollback(d);
            return resp_error(r, 400, "bad_request", M_CHAT_BAD_ATTACHMENTS, CHAT_ATTACHMENTS_MAX);
        }
        failed = bound < 0;
    }
    failed = failed || outbox_add(d, ENTITY_MESSAGE, id) || notify_add(d, NOTIFY_CHAT_MESSAGE, id, r->user->id, 0, NULL);
    if (failed || db_commit(d)) { db_rollback(d); return resp_db_error(r); }
    outbox_poke(W.cfg.indexer_socket);
    notify_poke(&W.cfg);
    c->last_read_seq = seq;
    return answer_message(r, c, id, 201);
}

/* {"client_id"}: 1–64 of [A-Za-z0-9_-]; NULL when absent; -1 after answering 400 via *bad. */
static const char *read_client_id(req *r, int *bad)
{
    json_t *v = json_object_get(r->body, "client_id");
    *bad = 0;
    if (!v || json_is_null(v)) { json_object_del(r->body, "client_id"); return NULL; }
    const char *s = json_string_value(v);
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > CLIENT_ID_MAX || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != n) {
        resp_error(r, 400, "bad_request", M_CHAT_CLIENT_ID);
        *bad = 1;
        return NULL;
    }
    const char *out = arena_strdup(r->a, s);
    json_object_del(r->body, "client_id");
    return out;
}

/* {"body"}: a string of at most CHAT_BODY_MAX characters (413 beyond);
 * NULL after answering. */
static const char *read_body(req *r)
{
    json_t *v = json_object_get(r->body, "body");
    const char *s = v ? json_string_value(v) : "";
    if (!s) { resp_error(r, 400, "bad_request", M_FIELD_TYPE_STRING, "body"); return NULL; }
    int chars = utf8_chars(s);
    if (chars < 0) { resp_error(r, 400, "bad_request", M_FIELD_TYPE_STRING, "body"); return NULL; }
    if (chars > CHAT_BODY_MAX) { resp_error(r, 413, "too_large", M_CHAT_BODY_TOO_LONG, CHAT_BODY_MAX, chars); return NULL; }
    const char *out = arena_strdup(r->a, s);
    json_object_del(r->body, "body");
    return out;
}

/* {"attachments": [ids]}: 10 at most, no repeats; their JSON text in *ids
 * and their number, 0 when absent, -1 after answering. */
static int read_attachments(req *r, const char **ids)
{
    json_t *a = json_object_get(r->body, "attachments"), *v;
    *ids = NULL;
    if (!a || json_is_null(a)) { json_object_del(r->body, "attachments"); return 0; }
    size_t i, n = json_is_array(a) ? json_array_size(a) : 0;
    int ok = json_is_array(a) && n <= CHAT_ATTACHMENTS_MAX;
    const char *list = "[";
    json_array_foreach(a, i, v) {
        if (!ok) break;
        ok = json_is_integer(v) && json_integer_value(v) > 0;
        for (size_t k = 0; ok && k < i; k++) ok = json_integer_value(json_array_get(a, k)) != json_integer_value(v);
        list = arena_printf(r->a, "%s%s%lld", list, i ? "," : "", (long long)json_integer_value(v));
    }
    if (!ok) { resp_error(r, 400, "bad_request", M_CHAT_BAD_ATTACHMENTS, CHAT_ATTACHMENTS_MAX); return -1; }
    json_object_del(r->body, "attachments");
    *ids = n ? arena_printf(r->a, "%s]", list) : NULL;
    return (int)n;
}

static const field_spec send_fields[] = {
    { "reply_to", F_ID, 0, 0, NULL },
    { NULL, 0, 0, 0, NULL },
};

/* Only spaces and newlines. */
static int blank(const char *s) { return s[strspn(s, " \t\r\n")] == 0; }

int h_chat_messages_create(req *r)
{
    conversation c;
    if (!conversation_allows(r, r->ids[0], CA_SEND, &c) || req_read_json(r)) return 0;
    new_message m = { .kind = "text" };
    int bad;
    m.client_id = read_client_id(r, &bad);
    if (bad || !(m.body = read_body(r))) return 0;
    if ((m.nattachments = read_attachments(r, &m.attachments)) < 0 || validate_body(r, send_fields)) return 0;
    if (blank(m.body) && !m.nattachments) return resp_error(r, 400, "bad_request", M_CHAT_EMPTY);
    m.reply_to = body_int(r, "reply_to", 0);
    if (m.reply_to) {
        db_rows *q = db_query(worker_db(), r->a, STMT_CHAT_MESSAGE_PLACE, "i", m.reply_to);
        if (!q) return resp_db_error(r);
        if (q->nrows == 0 || db_cell_int(q, 0, 0) != c.id) return resp_error(r, 400, "bad_request", M_CHAT_BAD_REPLY);
    }
    return send_message(r, &c, &m);
}

static const field_spec no_more_fields[] = {
    { NULL, 0, 0, 0, NULL },
};

int h_chat_meeting_create(req *r)
{
    conversation c;
    if (!conversation_allows(r, r->ids[0], CA_SEND, &c)) return 0;
    new_message m = { .kind = "meeting", .body = "" };
    json_t *s = settings_json(r);
    const char *base = s ? json_string_value(json_object_get(s, "video_url")) : NULL;
    if (!s) return resp_db_error(r);
    if (!base || !*base) { json_decref(s); return resp_error(r, 409, "conflict", M_CHAT_NO_VIDEO); }
    /* a room nobody can guess: 120 random bits */
    unsigned char rnd[TOKEN_BYTES];
    char name[TOKEN_B64_LEN + 1];
    token_random(rnd);
    b64url_encode(rnd, 15, name, sizeof name);
    size_t n = strlen(base);
    m.meeting_url = arena_printf(r->a, "%.*s/parvis-%s", (int)(n && base[n - 1] == '/' ? n - 1 : n), base, name);
    json_decref(s);
    return send_message(r, &c, &m);
}

/* The message of /messages/{id}, its conversation, and the check that the
 * asker may change it: 1, or 0 after answering. */
static int changeable(req *r, long long id, conversation *c, int *deleted)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_CHAT_MESSAGE_PLACE, "i", id);
    if (!q) { resp_db_error(r); return 0; }
    int found = q->nrows ? conversation_load(r, db_cell_int(q, 0, 0), c) : 0;
    if (found < 0) { resp_db_error(r); return 0; }
    acl_verdict v = found ? acl_conversation(r->user, &c->f, CA_READ) : ACL_HIDDEN;
    if (v != ACL_ALLOW) { resp_error(r, 404, "not_found", M_CHAT_MESSAGE_NOT_FOUND); return 0; }
    v = acl_chat_message_change(r->user, &c->f, db_cell(q, 0, 2) ? db_cell_int(q, 0, 2) : 0);
    if (v != ACL_ALLOW) { acl_refuse_chat(r, v); return 0; }
    *deleted = db_cell_int(q, 0, 3) != 0;
    if (*deleted) { resp_error(r, 409, "conflict", M_CHAT_DELETED); return 0; }
    return 1;
}

int h_chat_message_patch(req *r)
{
    conversation c;
    int deleted;
    long long id = r->ids[0];
    if (!changeable(r, id, &c, &deleted) || req_read_json(r)) return 0;
    const char *body = read_body(r);
    if (!body || validate_body(r, no_more_fields)) return 0;
    db *d = worker_db();
    db_rows *files = db_query(d, r->a, STMT_CHAT_ATTACHMENTS_SHA_OF_MESSAGE, "i", id);
    if (!files) return resp_db_error(r);
    if (blank(body) && !db_cell(files, 0, 0)) return resp_error(r, 400, "bad_request", M_CHAT_EMPTY);
    markdown_out md = { 0 };
    if (render_body(r, body, &md)) return 0;
    if (db_begin(d)) { markdown_free(&md); return resp_db_error(r); }
    long long changed = db_exec(d, STMT_CHAT_MESSAGE_EDIT, "ssi", body, md.html, id);
    int failed = changed < 0 || db_exec(d, STMT_CHAT_MENTIONS_DELETE, "i", id) < 0;
    for (int i = 0; !failed && i < md.nmentions; i++)
        failed = db_exec(d, STMT_CHAT_MENTION_INSERT, "ii", id, md.mentions[i]) < 0;
    markdown_free(&md);
    if (!failed && changed == 0) { db_rollback(d); return resp_error(r, 409, "conflict", M_CHAT_DELETED); }
    failed = failed || outbox_add(d, ENTITY_MESSAGE, id) || notify_add(d, NOTIFY_CHAT_CHANGED, id, r->user->id, 0, "edited");
    if (failed || db_commit(d)) { db_rollback(d); return resp_db_error(r); }
    outbox_poke(W.cfg.indexer_socket);
    notify_poke(&W.cfg);
    return answer_message(r, &c, id, 200);
}

int h_chat_message_delete(req *r)
{
    conversation c;
    int deleted;
    long long id = r->ids[0];
    if (!changeable(r, id, &c, &deleted)) return 0;
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    /* its files' references go with it; the blobs left without any after the commit */
    db_rows *files = db_query(d, r->a, STMT_CHAT_ATTACHMENTS_SHA_OF_MESSAGE, "i", id);
    long long gone = files ? db_exec(d, STMT_CHAT_MESSAGE_TOMBSTONE, "i", id) : -1;
    int failed = gone < 0
        || db_exec(d, STMT_CHAT_BLOBS_UNREF_OF_MESSAGE, "i", id) < 0
        || db_exec(d, STMT_CHAT_ATTACHMENTS_DELETE_OF_MESSAGE, "i", id) < 0
        || db_exec(d, STMT_CHAT_REACTIONS_DELETE, "i", id) < 0
        || db_exec(d, STMT_CHAT_MENTIONS_DELETE, "i", id) < 0;
    if (!failed && gone == 0) { db_rollback(d); return resp_error(r, 409, "conflict", M_CHAT_DELETED); }
    failed = failed || outbox_add(d, ENTITY_MESSAGE, id) || notify_add(d, NOTIFY_CHAT_CHANGED, id, r->user->id, 0, "deleted");
    if (failed || db_commit(d)) { db_rollback(d); return resp_db_error(r); }
    outbox_poke(W.cfg.indexer_socket);
    notify_poke(&W.cfg);
    blob_release(d, r->a, arena_printf(r->a, "%s/blobs", W.cfg.var_dir), db_cell(files, 0, 0));
    return resp_empty(r, 204);
}
