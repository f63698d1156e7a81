/* The chat's message object (chat_message.h). */
#include "chat_message.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* CHAT_MESSAGE_COLUMNS, in order */
enum { C_ID, C_CONV, C_SEQ, C_AUTHOR, C_AUTHOR_NAME, C_KIND, C_BODY, C_HTML, C_MEETING, C_CREATED, C_EDITED,
       C_DELETED, C_CLIENT, C_REPLY, C_REPLY_AUTHOR, C_REPLY_AUTHOR_NAME, C_REPLY_EXCERPT, C_REPLY_DELETED,
       C_HAS_REACTIONS, C_HAS_ATTACHMENTS, C_AUTHOR_KIND };

int chat_image_mime(const char *mime)
{
    static const char *const shown[] = { "image/png", "image/jpeg", "image/gif", "image/webp" };
    for (size_t i = 0; mime && i < sizeof shown / sizeof shown[0]; i++)
        if (strcmp(mime, shown[i]) == 0) return 1;
    return 0;
}

static json_t *person(const db_rows *q, int i, int id_col, int name_col)
{
    if (!db_cell(q, i, id_col)) return json_null();
    return json_pack("{s:I,s:s}", "id", (json_int_t)db_cell_int(q, i, id_col),
                     "display_name", db_cell(q, i, name_col) ? db_cell(q, i, name_col) : "");
}

/* The author, with « Invité » told (docs/guests.md): "kind": "guest". */
static json_t *author(const db_rows *q, int i)
{
    json_t *p = person(q, i, C_AUTHOR, C_AUTHOR_NAME);
    if (json_is_object(p) && db_cell(q, i, C_AUTHOR_KIND) && strcmp(db_cell(q, i, C_AUTHOR_KIND), "guest") == 0)
        json_object_set_new(p, "kind", json_string("guest"));
    return p;
}

static json_t *reply_json(const db_rows *q, int i)
{
    if (!db_cell(q, i, C_REPLY)) return json_null();
    int deleted = !db_cell(q, i, C_REPLY_DELETED) || db_cell_int(q, i, C_REPLY_DELETED);
    return json_pack("{s:I,s:o,s:s,s:b}", "id", (json_int_t)db_cell_int(q, i, C_REPLY),
                     "author", person(q, i, C_REPLY_AUTHOR, C_REPLY_AUTHOR_NAME),
                     "excerpt", deleted || !db_cell(q, i, C_REPLY_EXCERPT) ? "" : db_cell(q, i, C_REPLY_EXCERPT),
                     "deleted", deleted);
}

/* The message object whose row is i, its reactions and attachments empty. */
static json_t *message_json(const db_rows *q, int i)
{
    int deleted = db_cell_int(q, i, C_DELETED) != 0;
    return json_pack("{s:I,s:I,s:I,s:o,s:s,s:s,s:s,s:s?,s:s,s:b,s:s?,s:b,s:[],s:o,s:[],s:s?,s:i,s:n}",
        "id", (json_int_t)db_cell_int(q, i, C_ID), "conversation_id", (json_int_t)db_cell_int(q, i, C_CONV),
        "seq", (json_int_t)db_cell_int(q, i, C_SEQ), "author", author(q, i),
        "kind", db_cell(q, i, C_KIND), "body", db_cell(q, i, C_BODY), "body_html", db_cell(q, i, C_HTML),
        "meeting_url", db_cell(q, i, C_MEETING), "created", db_cell(q, i, C_CREATED),
        "edited", db_cell(q, i, C_EDITED) != NULL && !deleted, "edited_at", deleted ? NULL : db_cell(q, i, C_EDITED),
        "deleted", deleted, "reactions", "reply_to", reply_json(q, i), "attachments",
        "client_id", db_cell(q, i, C_CLIENT), "seen_count", 0, "seen_by");
}

/* The index of message `id` among `ids` (n of them), or -1. */
static int find(const long long *ids, int n, long long id)
{
    for (int i = 0; i < n; i++) if (ids[i] == id) return i;
    return -1;
}

/* The ids of the rows whose column `flag` is 1, as a JSON array, or NULL
 * when none. */
static const char *flagged_ids(arena *a, const db_rows *q, int flag)
{
    long long *ids = arena_alloc(a, (size_t)(q->nrows + 1) * sizeof *ids);
    int n = 0;
    for (int i = 0; i < q->nrows; i++)
        if (db_cell_int(q, i, flag)) ids[n++] = db_cell_int(q, i, C_ID);
    return n ? db_ids_json(a, ids, n) : NULL;
}

/* Reactions rows (message, emoji, person; by message, then time) into
 * each message's "reactions": [{emoji, count, users}], the emoji in the
 * order of their first use. */
static void add_reactions(json_t *out, const long long *ids, int n, const db_rows *rx)
{
    for (int k = 0; k < rx->nrows; k++) {
        int i = find(ids, n, db_cell_int(rx, k, 0));
        if (i < 0) continue;
        json_t *list = json_object_get(json_array_get(out, (size_t)i), "reactions"), *group = NULL;
        for (size_t g = 0; g < json_array_size(list) && !group; g++)
            if (strcmp(json_string_value(json_object_get(json_array_get(list, g), "emoji")), db_cell(rx, k, 1)) == 0)
                group = json_array_get(list, g);
        if (!group) {
            group = json_pack("{s:s,s:i,s:[]}", "emoji", db_cell(rx, k, 1), "count", 0, "users");
            json_array_append_new(list, group);
        }
        json_t *users = json_object_get(group, "users");
        json_array_append_new(users, json_integer(db_cell_int(rx, k, 2)));
        json_object_set_new(group, "count", json_integer((json_int_t)json_array_size(users)));
    }
}

json_t *chat_messages_json(db *d, arena *a, const db_rows *q)
{
    long long *ids = arena_alloc(a, (size_t)(q->nrows + 1) * sizeof *ids);
    for (int i = 0; i < q->nrows; i++) ids[i] = db_cell_int(q, i, C_ID);
    const char *reacted = flagged_ids(a, q, C_HAS_REACTIONS), *attached = flagged_ids(a, q, C_HAS_ATTACHMENTS);
    db_rows *rx = reacted ? db_query(d, a, STMT_CHAT_REACTIONS_OF_IDS, "s", reacted) : NULL;
    db_rows *at = attached ? db_query(d, a, STMT_CHAT_ATTACHMENTS_OF_IDS, "s", attached) : NULL;
    if ((reacted && !rx) || (attached && !at)) return NULL;
    json_t *out = json_array();
    for (int i = 0; i < q->nrows; i++) json_array_append_new(out, message_json(q, i));
    if (rx) add_reactions(out, ids, q->nrows, rx);
    for (int k = 0; at && k < at->nrows; k++) {
        int i = find(ids, q->nrows, db_cell_int(at, k, 0));
        if (i < 0) continue;
        json_t *m = json_array_get(out, (size_t)i);
        long long conv = (long long)json_integer_value(json_object_get(m, "conversation_id"));
        json_array_append_new(json_object_get(m, "attachments"),
            json_pack("{s:I,s:s,s:I,s:s,s:s,s:b}", "id", (json_int_t)db_cell_int(at, k, 1),
                      "name", db_cell(at, k, 2), "size", (json_int_t)db_cell_int(at, k, 3), "mime", db_cell(at, k, 4),
                      "content_url", arena_printf(a, "/api/v1/conversations/%lld/attachments/%lld/content", conv,
                                                  db_cell_int(at, k, 1)),
                      "image", chat_image_mime(db_cell(at, k, 4))));
    }
    return out;
}

int chat_message_json(db *d, arena *a, long long id, json_t **out)
{
    db_rows *q = db_query(d, a, STMT_CHAT_MESSAGE_BY_ID, "i", id);
    if (!q) return -1;
    if (q->nrows == 0) return 0;
    json_t *list = chat_messages_json(d, a, q);
    if (!list) return -1;
    *out = json_incref(json_array_get(list, 0));
    json_decref(list);
    return 1;
}
