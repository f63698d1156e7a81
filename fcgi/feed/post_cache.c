#include "feed/post_cache.h"
#include "authgen.h"
#include "groups/group_cache.h"
#include "core/listing.h"
#include "feed/posts_model.h"
#include "feed/polls_model.h"
#include "feed/reader_cache.h"
#include "core/worker.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ENTRIES 4096            /* direct-mapped by post id */

typedef struct {
    long long id, source, author_id, poll_id;
    uint64_t gen, all_gen;
    int comments_closed;
    char *head;                 /* {"id":...,"cursor":"..." without the '}' (malloc'd) */
    size_t head_len;
    char *cursor;               /* the post's place in a feed (malloc'd) */
} entry;

static entry cache[ENTRIES];

static entry *slot(long long id) { return &cache[(unsigned long long)id % ENTRIES]; }

static int fresh(const entry *e, long long id)
{
    return e->head && e->id == id && e->gen == authgen_source_get(e->source)
        && e->all_gen == authgen_global_get(AUTHGEN_POSTS);
}

/* A request's own copy of what it shows: later loads may replace the
 * worker's entries (two posts of a page can share a slot), never these. */
static void snapshot(req *r, const entry *e, post_view *v)
{
    *v = (post_view){ .id = e->id, .source = e->source, .author_id = e->author_id, .poll_id = e->poll_id,
                      .comments_closed = e->comments_closed, .head_len = e->head_len,
                      .head = arena_strndup(r->a, e->head, e->head_len), .cursor = arena_strdup(r->a, e->cursor) };
}

/* Fills views[i] for ids[i]: from the worker's entries when fresh, the
 * others from one query (head NULL for a post gone since). */
static int fill(req *r, const long long *ids, int n, post_view *views)
{
    /* counters first, then the query: see authgen.h */
    uint64_t all = authgen_global_get(AUTHGEN_POSTS);
    json_t *list = json_array();
    for (int i = 0; i < n; i++) {
        views[i] = (post_view){ .id = ids[i] };
        if (fresh(slot(ids[i]), ids[i])) snapshot(r, slot(ids[i]), &views[i]);
        else json_array_append_new(list, json_integer(ids[i]));
    }
    if (json_array_size(list) == 0) { json_decref(list); return 0; }
    char *text = json_dumps(list, JSON_COMPACT);
    json_decref(list);
    db_rows *q = db_query(worker_db(), r->a, STMT_POSTS_SHARED_BY_IDS, "s", text ? text : "[]");
    free(text);
    if (!q) return -1;
    for (int i = 0; i < q->nrows; i++) {
        long long id = db_cell_int(q, i, 0), source = db_cell(q, i, 1) ? db_cell_int(q, i, 1) : 0;
        /* the source's counter as it is now: a change committed since the
         * query bumped it again, and the entry will be reloaded */
        uint64_t gen = authgen_source_get(source);
        json_t *o = post_shared_json(r, q, i, POST_SHARED_NCOLS, 1);
        char *dump = o ? json_dumps(o, JSON_COMPACT) : NULL;
        json_decref(o);
        size_t len = dump ? strlen(dump) : 0;
        if (len < 2) { free(dump); continue; }
        entry *e = slot(id);
        free(e->head);
        free(e->cursor);
        dump[len - 1] = 0;                       /* without the '}' */
        *e = (entry){ .id = id, .source = source, .author_id = db_cell_int(q, i, 2), .gen = gen, .all_gen = all,
                      .poll_id = db_cell(q, i, POST_COL_POLL) ? db_cell_int(q, i, POST_COL_POLL) : 0,
                      .comments_closed = db_cell_int(q, i, 10) != 0, .head = dump, .head_len = len - 1,
                      .cursor = strdup(post_cursor(r, q, i, POST_SHARED_NCOLS)) };
        for (int k = 0; k < n; k++)
            if (ids[k] == id) snapshot(r, e, &views[k]);
    }
    return 0;
}

int post_cache_prepare(req *r, const long long *ids, int n, post_view **views, reader_part **parts)
{
    *views = arena_alloc(r->a, (size_t)(n + 1) * sizeof **views);
    if (fill(r, ids, n, *views)) return -1;
    /* what is the reader's own: their reactions and receipts on these posts */
    *parts = arena_alloc(r->a, (size_t)(n + 1) * sizeof **parts);
    return reader_cache_get(r, ids, n, *parts);
}

const char *post_cache_write_items(req *r, const my_groups *my, const post_view *views, const reader_part *parts, int n)
{
    int shown = 0;
    const post_view *last = NULL;
    for (int i = 0; i < n; i++) {
        const post_view *e = &views[i];
        if (!e->head) continue;                             /* deleted since */
        post_facts f = { .news = e->source == 0, .author_id = e->author_id, .published = 1,
                         .comments_closed = e->comments_closed };
        if (!f.news) {
            size_t pos = group_cache_index(e->source);
            if (pos == (size_t)-1) continue;
            my_groups_facts(my, group_cache_at(pos), pos, &f.group);
        }
        if (acl_post(r->user, &f, PA_READ) != ACL_ALLOW) continue;
        const char *reaction = parts[i].reaction, *read_at = parts[i].read_at;
        /* only enumerated words, dates and booleans are written here: the
         * text of people is in the fragment jansson serialised */
        char buf[768];
        int len = snprintf(buf, sizeof buf, ",\"my_reaction\":%s%s%s,\"read_by_me\":%s,\"read_at\":%s%s%s,\"can\":{",
                           reaction ? "\"" : "", reaction ? reaction : "null", reaction ? "\"" : "",
                           read_at ? "true" : "false", read_at ? "\"" : "", read_at ? read_at : "null", read_at ? "\"" : "");
        for (post_action a = PA_EDIT; a < PA_COUNT; a++)
            len += snprintf(buf + len, sizeof buf - (size_t)len, "%s\"%s\":%s", a == PA_EDIT ? "" : ",",
                            acl_post_action_name(a), acl_post(r->user, &f, a) == ACL_ALLOW ? "true" : "false");
        len += snprintf(buf + len, sizeof buf - (size_t)len, "},\"poll\":");
        if (shown++) resp_write(r, ",", 1);
        resp_write(r, e->head, e->head_len);
        resp_write(r, buf, (size_t)len);
        /* the poll is the reader's (their vote, what they may see of the
         * counts): loaded for each page, never kept (docs/polls.md) */
        json_t *poll = e->poll_id ? poll_json(r, e->poll_id, &f, 0) : NULL;
        char *text = poll && !json_is_null(poll) ? json_dumps(poll, JSON_COMPACT) : NULL;
        json_decref(poll);
        if (text) resp_write(r, text, strlen(text));
        else resp_write(r, "null", 4);
        free(text);
        resp_write(r, "}", 1);
        last = e;
    }
    return last ? last->cursor : NULL;
}

int post_cache_answer_page(req *r, const my_groups *my, const long long *ids, int n, int more_after)
{
    post_view *views;
    reader_part *parts;
    if (post_cache_prepare(r, ids, n, &views, &parts)) return -1;
    resp_stream_begin(r, 200);
    resp_write(r, "{\"items\":[", 10);
    const char *cursor = post_cache_write_items(r, my, views, parts, n);
    resp_write(r, "],\"next\":", 9);
    if (more_after && cursor) {
        /* base64url: nothing to escape */
        resp_write(r, "\"", 1);
        resp_write(r, cursor, strlen(cursor));
        resp_write(r, "\"", 1);
    } else {
        resp_write(r, "null", 4);
    }
    resp_write(r, "}", 1);
    return 0;
}
