/* Comments on posts, with one level of replies; reactions to posts and
 * comments (one per person, changeable) and who gave them. */
#include "core/acl.h"
#include "notify.h"
#include "outbox.h"
#include "feed/post_write.h"
#include "feed/posts_model.h"
#include "feed/reader_cache.h"
#include "feed/timeline_cache.h"
#include "core/validate.h"
#include "core/worker.h"
#include "accounts/avatar.h"
#include <string.h>


static json_t *comment_json(req *r, const db_rows *q, int i, const post_facts *f)
{
    json_t *reactions = reactions_json(q, i, 7);
    int mine = db_cell_int(q, i, 3) == r->user->id;
    int moderator = acl_post(r->user, f, PA_DELETE) == ACL_ALLOW && acl_post(r->user, f, PA_MODERATE) == ACL_ALLOW;
    json_t *o = json_pack("{s:I,s:I,s:o,s:{s:I,s:s},s:s,s:s,s:o,s:s?,s:s?,s:b,s:s,s:{s:b,s:b},s:b}",
        "id", (json_int_t)db_cell_int(q, i, 0), "post_id", (json_int_t)db_cell_int(q, i, 1),
        "parent_id", db_cell(q, i, 2) ? json_integer(db_cell_int(q, i, 2)) : json_null(),
        "author", "id", (json_int_t)db_cell_int(q, i, 3), "display_name", db_cell(q, i, 4),
        "body", db_cell(q, i, 5), "body_html", db_cell(q, i, 6), "reactions", reactions,
        "my_reaction", db_cell(q, i, 14), "edited_at", db_cell(q, i, 12), "edited", db_cell(q, i, 12) != NULL,
        "created_at", db_cell(q, i, 13),
        "can", "edit", mine && acl_post(r->user, f, PA_REACT) == ACL_ALLOW, "delete", mine || moderator,
        "hidden", db_cell_int(q, i, 15) != 0);
    /* « Invité »: the author is a guest (docs/guests.md) */
    if (o && db_cell(q, i, 16) && strcmp(db_cell(q, i, 16), "guest") == 0)
        json_object_set_new(json_object_get(o, "author"), "kind", json_string("guest"));
    /* the author's photo (docs/viewer.md) */
    if (o) avatar_url_set(json_object_get(o, "author"), db_cell_int(q, i, 3), db_cell(q, i, 17));
    return o;
}

/* A comment hidden by a moderator (docs/moderation.md): shown only to its
 * author and the post's moderators. */
static int comment_shown(req *r, const db_rows *q, int i, const post_facts *f)
{
    return db_cell_int(q, i, 15) == 0 || db_cell_int(q, i, 3) == r->user->id
        || acl_post(r->user, f, PA_MODERATE) == ACL_ALLOW;
}

/* The post a comment belongs to, as the asker sees it; answers 404. */
static int comment_post(req *r, long long comment_id, db_rows **c, db_rows **p, post_facts *f)
{
    *c = db_query(worker_db(), r->a, STMT_COMMENT_BY_ID,
                  "ii", r->user->id, comment_id);
    if (!*c) { resp_db_error(r); return 0; }
    int found = (*c)->nrows ? post_load(r, db_cell_int(*c, 0, 1), p, f) : 0;
    if (found < 0) { resp_db_error(r); return 0; }
    if (!found) { resp_error(r, 404, "not_found", M_NOT_FOUND); return 0; }
    return 1;
}

static const field_spec create_fields[] = {
    { "body", F_TEXT, 1, COMMENT_BODY_MAX, NULL },
    { NULL, 0, 0, 0, NULL },
};

int h_comments_create(req *r)
{
    db_rows *p;
    post_facts f;
    if (!post_find(r, r->ids[0], &p, &f)) return 0;
    if (req_read_json(r)) return 0;
    /* parent_id is an integer: checked here, then left out of the generic check */
    json_t *parent = json_object_get(r->body, "parent_id");
    long long parent_id = 0;
    if (parent && !json_is_null(parent)) {
        if (!json_is_integer(parent) || json_integer_value(parent) <= 0)
            return resp_error(r, 400, "bad_request", M_BAD_PARENT);
        parent_id = json_integer_value(parent);
    }
    json_object_del(r->body, "parent_id");
    if (validate_body(r, create_fields) || check_not_blank(r, "body", body_str(r, "body"))) return 0;
    if (f.comments_closed) return resp_error(r, 409, "conflict", M_COMMENTS_CLOSED);
    acl_verdict v = acl_post(r->user, &f, PA_COMMENT);
    if (v != ACL_ALLOW) return acl_refuse(r, v);
    long long post_id = db_cell_int(p, 0, 0);
    if (parent_id) {
        db_rows *pc = db_query(worker_db(), r->a, STMT_COMMENT_IS_TOP_LEVEL_OF_POST,
                               "ii", parent_id, post_id);
        if (!pc) return resp_db_error(r);
        if (pc->nrows == 0) return resp_error(r, 400, "bad_request", M_BAD_PARENT);
    }
    markdown_out md;
    if (render_body(r, body_str(r, "body"), &md)) return 0;
    db *d = worker_db();
    if (db_begin(d)) { markdown_free(&md); return resp_db_error(r); }
    long long id = 0;
    /* the post's row first, for writing: two people commenting at once
     * then wait in turn, where a comment's insert (which reads the post
     * for its foreign key) followed by the count's update deadlocked */
    long long counted = db_exec(d, STMT_POST_COMMENT_COUNT_INCREMENT, "i", post_id);
    if (counted == 0) {                 /* deleted since it was read */
        db_rollback(d);
        markdown_free(&md);
        return resp_error(r, 404, "not_found", M_POST_NOT_FOUND);
    }
    int failed = counted < 0
              || db_exec(d, STMT_COMMENT_INSERT,
                         "iniss", post_id, parent_id, r->user->id, body_str(r, "body"), md.html) < 0;
    if (!failed) {
        id = db_last_id(d);
        failed = save_text_links(r, post_id, id, &md) || outbox_add(d, ENTITY_COMMENT, id)
              || notify_add(d, NOTIFY_COMMENT, id, r->user->id, 0, NULL);
    }
    markdown_free(&md);
    if (failed) { db_rollback(d); return resp_db_error(r); }
    if (db_commit(d)) return resp_db_error(r);
    timeline_changed(f.news ? 0 : f.group.id);      /* the post's count of comments */
    outbox_poke(W.cfg.indexer_socket);
    notify_poke(&W.cfg);
    db_rows *c = db_query(worker_db(), r->a, STMT_COMMENT_BY_ID, "ii", r->user->id, id);
    if (!c) return resp_db_error(r);
    /* the post deleted since the commit took the comment with it */
    if (c->nrows == 0) return resp_error(r, 404, "not_found", M_POST_NOT_FOUND);
    return resp_json(r, 201, comment_json(r, c, 0, &f));
}

int h_comments_list(req *r)
{
    db_rows *p;
    post_facts f;
    if (!post_find(r, r->ids[0], &p, &f)) return 0;
    int limit;
    if (req_limit(r, 100, 100, &limit)) return 0;
    const char *cursor = req_query(r, "cursor");
    long long after = cursor && *cursor ? parse_id(cursor) : 0;
    if (after < 0) return resp_error(r, 400, "bad_request", M_BAD_CURSOR);
    db_rows *q = db_query(worker_db(), r->a, STMT_COMMENTS_OF_POST_PAGE,
                          "iiii", r->user->id, db_cell_int(p, 0, 0), after, (long long)limit + 1);
    if (!q) return resp_db_error(r);
    json_t *items = json_array();
    int shown = q->nrows > limit ? limit : q->nrows;
    for (int i = 0; i < shown; i++)
        if (comment_shown(r, q, i, &f)) json_array_append_new(items, comment_json(r, q, i, &f));
    json_t *next = q->nrows > limit ? json_string(db_cell(q, shown - 1, 0)) : json_null();
    return resp_json(r, 200, json_pack("{s:o,s:o}", "items", items, "next", next));
}

static const field_spec patch_fields[] = {
    { "body", F_TEXT, 1, COMMENT_BODY_MAX, NULL },
    { NULL, 0, 0, 0, NULL },
};

int h_comments_patch(req *r)
{
    db_rows *c, *p;
    post_facts f;
    if (!comment_post(r, r->ids[0], &c, &p, &f)) return 0;
    if (req_read_json(r) || validate_body(r, patch_fields) || check_not_blank(r, "body", body_str(r, "body"))) return 0;
    if (db_cell_int(c, 0, 3) != r->user->id) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    acl_verdict v = acl_post(r->user, &f, PA_REACT);        /* archived groups are read-only */
    if (v != ACL_ALLOW) return acl_refuse(r, v);
    markdown_out md;
    if (render_body(r, body_str(r, "body"), &md)) return 0;
    long long id = db_cell_int(c, 0, 0), post_id = db_cell_int(c, 0, 1);
    db *d = worker_db();
    if (db_begin(d)) { markdown_free(&md); return resp_db_error(r); }
    int failed = db_exec(d, STMT_COMMENT_VERSION_SAVE,
                         "ii", r->user->id, id) < 0
        || db_exec(d, STMT_COMMENT_UPDATE_BODY,
                   "ssi", body_str(r, "body"), md.html, id) < 0
        || save_text_links(r, post_id, id, &md) || outbox_add(d, ENTITY_COMMENT, id);
    markdown_free(&md);
    if (failed) { db_rollback(d); return resp_db_error(r); }
    if (db_commit(d)) return resp_db_error(r);
    outbox_poke(W.cfg.indexer_socket);
    c = db_query(worker_db(), r->a, STMT_COMMENT_BY_ID, "ii", r->user->id, id);
    if (!c) return resp_db_error(r);
    /* deleted since the commit (itself, or with its post) */
    if (c->nrows == 0) return resp_error(r, 404, "not_found", M_NOT_FOUND);
    return resp_json(r, 200, comment_json(r, c, 0, &f));
}

int h_comments_delete(req *r)
{
    db_rows *c, *p;
    post_facts f;
    if (!comment_post(r, r->ids[0], &c, &p, &f)) return 0;
    int mine = db_cell_int(c, 0, 3) == r->user->id;
    if (!mine && acl_post(r->user, &f, PA_MODERATE) != ACL_ALLOW) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    long long id = db_cell_int(c, 0, 0), post_id = db_cell_int(c, 0, 1);
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    /* its replies go with it (the foreign key cascades); the count is redone */
    if (db_exec(d, STMT_COMMENT_AND_REPLIES_QUEUE, "ii", id, id) < 0
        || db_exec(d, STMT_COMMENT_AND_REPLIES_REACTIONS_DELETE, "ii", id, id) < 0
        || db_exec(d, STMT_COMMENT_AND_REPLIES_MENTIONS_DELETE, "iii", post_id, id, id) < 0
        || db_exec(d, STMT_COMMENT_DELETE, "i", id) < 0
        || db_exec(d, STMT_POST_COMMENT_COUNT_RECOUNT,
                   "ii", post_id, post_id) < 0
        || (!mine && db_exec(d, STMT_AUDIT_COMMENT_DELETE, "iis", r->user->id, id,
                             arena_printf(r->a, "post=%lld", post_id)) < 0)
        || notify_add(d, NOTIFY_POST_CHANGED, post_id, r->user->id, 0, NULL)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (db_commit(d)) return resp_db_error(r);
    timeline_changed(f.news ? 0 : f.group.id);
    notify_poke(&W.cfg);
    return resp_empty(r, 204);
}

/* --- reactions --- */

static const field_spec reaction_fields[] = {
    { "kind", F_STRING, 1, 0, REACTION_KINDS_ALLOWED },
    { NULL, 0, 0, 0, NULL },
};

/* Recounts the five counters of a post or a comment. */
static int recount(db *d, const char *type, long long id)
{
    stmt sql = strcmp(type, "post") == 0 ? STMT_POST_REACTIONS_RECOUNT : STMT_COMMENT_REACTIONS_RECOUNT;
    return db_exec(d, sql, "sisisisisii", type, id, type, id, type, id, type, id, type, id, id) < 0 ? -1 : 0;
}

/* PUT (kind given) or DELETE (kind NULL) the asker's reaction. */
static int react(req *r, const char *type, long long target, const post_facts *f, const char *kind)
{
    acl_verdict v = acl_post(r->user, f, PA_REACT);
    if (v != ACL_ALLOW) return acl_refuse(r, v);
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    long long n = kind
        ? db_exec(d, STMT_REACTION_UPSERT,
                  "siis", type, target, r->user->id, kind)
        : db_exec(d, STMT_REACTION_DELETE,
                  "sii", type, target, r->user->id);
    if (n < 0 || recount(d, type, target)) { db_rollback(d); return resp_db_error(r); }
    if (!kind && n == 0) { db_rollback(d); return resp_error(r, 404, "not_found", M_NO_REACTION); }
    /* a new reaction notifies (grouped per post); a changed or removed one
     * only moves the live counts */
    int is_post = strcmp(type, "post") == 0;
    if ((kind && n == 1 ? notify_add(d, NOTIFY_REACTION, target, r->user->id, 0, type)
                        : is_post ? notify_add(d, NOTIFY_POST_CHANGED, target, r->user->id, 0, NULL) : 0)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (db_commit(d)) return resp_db_error(r);
    notify_poke(&W.cfg);
    if (strcmp(type, "post") == 0) {
        timeline_changed(f->news ? 0 : f->group.id);   /* its counts */
        reader_cache_changed(r->user->id);             /* the reader's own reaction */
    }
    return kind ? resp_json(r, 200, json_pack("{s:s}", "kind", kind)) : resp_empty(r, 204);
}

int h_post_reaction_put(req *r)
{
    db_rows *p;
    post_facts f;
    if (!post_find(r, r->ids[0], &p, &f)) return 0;
    if (req_read_json(r) || validate_body(r, reaction_fields)) return 0;
    return react(r, "post", db_cell_int(p, 0, 0), &f, body_str(r, "kind"));
}

int h_post_reaction_delete(req *r)
{
    db_rows *p;
    post_facts f;
    if (!post_find(r, r->ids[0], &p, &f)) return 0;
    return react(r, "post", db_cell_int(p, 0, 0), &f, NULL);
}

int h_comment_reaction_put(req *r)
{
    db_rows *c, *p;
    post_facts f;
    if (!comment_post(r, r->ids[0], &c, &p, &f)) return 0;
    if (req_read_json(r) || validate_body(r, reaction_fields)) return 0;
    return react(r, "comment", db_cell_int(c, 0, 0), &f, body_str(r, "kind"));
}

int h_comment_reaction_delete(req *r)
{
    db_rows *c, *p;
    post_facts f;
    if (!comment_post(r, r->ids[0], &c, &p, &f)) return 0;
    return react(r, "comment", db_cell_int(c, 0, 0), &f, NULL);
}

static int answer_reactions(req *r, const char *type, long long target)
{
    db_rows *q = db_query(worker_db(), r->a,
        STMT_REACTIONS_OF_TARGET,
        "si", type, target);
    if (!q) return resp_db_error(r);
    json_t *items = json_array();
    for (int i = 0; i < q->nrows; i++)
        json_array_append_new(items, json_pack("{s:{s:I,s:s},s:s}", "user", "id", (json_int_t)db_cell_int(q, i, 0),
                                               "display_name", db_cell(q, i, 1), "kind", db_cell(q, i, 2)));
    return resp_json(r, 200, json_pack("{s:o,s:n}", "items", items, "next"));
}

/* GET /posts/{id}/reactions: who reacted, and how. */
int h_post_reactions_list(req *r)
{
    db_rows *p;
    post_facts f;
    if (!post_find(r, r->ids[0], &p, &f)) return 0;
    return answer_reactions(r, "post", db_cell_int(p, 0, 0));
}

/* GET /comments/{id}/reactions */
int h_comment_reactions_list(req *r)
{
    db_rows *c, *p;
    post_facts f;
    if (!comment_post(r, r->ids[0], &c, &p, &f)) return 0;
    return answer_reactions(r, "comment", db_cell_int(c, 0, 0));
}
