/* Posts: publishing in a group or in the organisation's news (now or at a
 * date), reading, editing (earlier versions kept), deleting, moderation
 * (pin, close comments), must-read receipts and their report. */
#include "core/acl.h"
#include "core/csv_out.h"
#include "convocations/conv_model.h"
#include "notify.h"
#include "groups/group_cache.h"
#include "log.h"
#include "outbox.h"
#include "feed/post_write.h"
#include "feed/posts_model.h"
#include "feed/reader_cache.h"
#include "feed/timeline_cache.h"
#include "core/validate.h"
#include "core/worker.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const field_spec create_fields[] = {
    { "body", F_TEXT, 1, POST_BODY_MAX, NULL },
    { "title", F_STRING, 0, POST_TITLE_MAX, NULL },
    { "must_read", F_BOOL, 0, 0, NULL },
    { "featured", F_BOOL, 0, 0, NULL },
    { "publish_at", F_STRING, 0, 40, NULL },
    { "unpublish_at", F_STRING, 0, 40, NULL },
    { NULL, 0, 0, 0, NULL },
};

static int answer_post(req *r, int status, long long id)
{
    db_rows *q;
    post_facts f;
    if (!post_find(r, id, &q, &f)) return 0;
    return resp_json(r, status, post_json(r, q, 0, &f));
}

/* POST /groups/{id}/posts and POST /news/posts (group_id 0). */
static int create_post(req *r, long long group_id)
{
    const char *attachments;
    if (req_read_json(r) || attachments_read(r, group_id, &attachments) || validate_body(r, create_fields)) return 0;
    if (check_not_blank(r, "body", body_str(r, "body"))) return 0;
    int must_read = body_bool(r, "must_read", 0), featured = body_bool(r, "featured", 0);
    group_facts g;
    acl_verdict v;
    if (group_id) {
        int found = group_load(r, group_id, NULL, &g);
        if (found < 0) return resp_db_error(r);
        v = found ? acl_post_create(r->user, &g, must_read) : ACL_HIDDEN;
        if (v == ACL_ALLOW && featured) v = ACL_DENY;            /* « À la une » is for the news */
    } else {
        v = acl_post_create(r->user, NULL, must_read);
        if (v == ACL_DENY) return resp_error(r, 403, "forbidden", M_NEWS_EDITORS);
    }
    if (v != ACL_ALLOW) return acl_refuse(r, v);

    const char *publish = NULL, *unpublish = NULL;
    long long tp = 0, tu = 0;
    int has_p = read_date_field(r, "publish_at", &publish, &tp);
    if (has_p < 0) return 0;
    int has_u = read_date_field(r, "unpublish_at", &unpublish, &tu);
    if (has_u < 0) return 0;
    long long now = (long long)time(NULL);
    if (has_p && tp < now - 60) return resp_error(r, 400, "bad_request", M_PUBLISH_PAST);
    if (has_u && tu <= (has_p ? tp : now)) return resp_error(r, 400, "bad_request", M_UNPUBLISH_BEFORE);

    markdown_out md;
    if (render_body(r, body_str(r, "body"), &md)) return 0;
    const char *title = body_str(r, "title");
    title = title ? trim_spaces(r->a, title) : NULL;
    db *d = worker_db();
    if (db_begin(d)) { markdown_free(&md); return resp_db_error(r); }
    long long id = 0;
    int failed = db_exec(d, STMT_POST_INSERT,
                         "nisssiiss", group_id, r->user->id, title ? title : "", body_str(r, "body"), md.html,
                         (long long)must_read, (long long)featured, publish, unpublish) < 0;
    if (!failed) {
        id = db_last_id(d);
        failed = save_text_links(r, id, 0, &md) || (attachments && attachments_save(d, id, attachments))
              || outbox_add(d, ENTITY_POST, id) || notify_add(d, NOTIFY_POST, id, r->user->id, 0, NULL);
    }
    markdown_free(&md);
    if (failed) { db_rollback(d); return resp_db_error(r); }
    if (db_commit(d)) return resp_db_error(r);
    timeline_changed(group_id);
    timeline_flags_changed();
    outbox_poke(W.cfg.indexer_socket);
    notify_poke(&W.cfg);
    return answer_post(r, 201, id);
}

int h_group_posts_create(req *r) { return create_post(r, r->ids[0]); }
int h_news_create(req *r) { return create_post(r, 0); }

int h_posts_get(req *r)
{
    return answer_post(r, 200, r->ids[0]);
}

static const field_spec patch_fields[] = {
    { "body", F_TEXT, 0, POST_BODY_MAX, NULL },
    { "title", F_STRING, 0, POST_TITLE_MAX, NULL },
    { "pinned", F_BOOL, 0, 0, NULL },
    { "comments_closed", F_BOOL, 0, 0, NULL },
    { "must_read", F_BOOL, 0, 0, NULL },
    { "featured", F_BOOL, 0, 0, NULL },
    { NULL, 0, 0, 0, NULL },
};

int h_posts_patch(req *r)
{
    db_rows *q;
    post_facts f;
    if (!post_find(r, r->ids[0], &q, &f)) return 0;
    const char *attachments;
    if (req_read_json(r) || attachments_read(r, f.news ? 0 : f.group.id, &attachments)
        || validate_body(r, patch_fields)) return 0;
    const char *body = body_str(r, "body"), *title = body_str(r, "title");
    if (body && check_not_blank(r, "body", body)) return 0;
    int pinned = body_bool(r, "pinned", -1), closed = body_bool(r, "comments_closed", -1);
    int must_read = body_bool(r, "must_read", -1), featured = body_bool(r, "featured", -1);
    acl_verdict v = ACL_ALLOW;
    if (body || title || attachments) v = acl_post(r->user, &f, PA_EDIT);
    if (v == ACL_ALLOW && (pinned >= 0 || closed >= 0)) v = acl_post(r->user, &f, PA_MODERATE);
    if (v == ACL_ALLOW && must_read >= 0) v = acl_post(r->user, &f, PA_MUST_READ);
    if (v == ACL_ALLOW && featured >= 0) v = acl_post(r->user, &f, PA_FEATURE);
    if (v != ACL_ALLOW) return acl_refuse(r, v);

    markdown_out md = { 0 };
    if (body && render_body(r, body, &md)) return 0;
    if (title && !(title = trim_spaces(r->a, title))) title = "";
    db *d = worker_db();
    if (db_begin(d)) { markdown_free(&md); return resp_db_error(r); }
    long long id = db_cell_int(q, 0, 0);
    int text = body || title;
    int failed =
        (text && db_exec(d, STMT_POST_VERSION_SAVE, "ii", r->user->id, id) < 0)
        /* made must-read now: its members are told (only if it was not) */
        || (must_read == 1 && notify_add(d, NOTIFY_MUST_READ, id, r->user->id, 0, NULL))
        || db_exec(d, STMT_POST_UPDATE,
                   "sssiiiiiiiiii", title, body, body ? md.html : NULL, (long long)text,
                   (long long)pinned, (long long)pinned, (long long)closed, (long long)closed,
                   (long long)must_read, (long long)must_read, (long long)featured, (long long)featured, id) < 0
        || (body && save_text_links(r, id, 0, &md))
        || (attachments && attachments_save(d, id, attachments))
        || (text && outbox_add(d, ENTITY_POST, id))
        || (!f.news && (pinned >= 0 || closed >= 0) && group_audit(r, &f.group, "post.moderate", 0));
    markdown_free(&md);
    if (failed) { db_rollback(d); return resp_db_error(r); }
    if (db_commit(d)) return resp_db_error(r);
    timeline_changed(f.news ? 0 : f.group.id);
    timeline_flags_changed();
    if (text) outbox_poke(W.cfg.indexer_socket);
    if (must_read == 1) notify_poke(&W.cfg);
    return answer_post(r, 200, id);
}

int h_posts_delete(req *r)
{
    db_rows *q;
    post_facts f;
    if (!post_find(r, r->ids[0], &q, &f)) return 0;
    acl_verdict v = acl_post(r->user, &f, PA_DELETE);
    if (v != ACL_ALLOW) return acl_refuse(r, v);
    long long id = db_cell_int(q, 0, 0);
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    /* the comments go with the post: each leaves the index too */
    if (db_exec(d, STMT_COMMENTS_OF_POST_QUEUE,
                "i", id) < 0
        || db_exec(d, STMT_COMMENTS_OF_POST_REACTIONS_DELETE, "i", id) < 0
        || db_exec(d, STMT_POST_REACTIONS_DELETE, "i", id) < 0
        || db_exec(d, STMT_POST_DELETE, "i", id) < 0
        || outbox_add(d, ENTITY_POST, id)
        /* the outgoing webhooks' post.deleted (docs/webhooks.md) */
        || (f.published && notify_add(d, NOTIFY_POST_DELETED, id, r->user->id, f.news ? 0 : f.group.id, NULL))
        || (f.author_id != r->user->id
            && db_exec(d, STMT_AUDIT_POST_DELETE, "iis", r->user->id, id,
                       arena_printf(r->a, "author=%lld", f.author_id)) < 0)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (db_commit(d)) return resp_db_error(r);
    timeline_changed(f.news ? 0 : f.group.id);
    timeline_flags_changed();
    outbox_poke(W.cfg.indexer_socket);
    if (f.published) notify_poke(&W.cfg);
    return resp_empty(r, 204);
}

int h_posts_ack(req *r)
{
    db_rows *q;
    post_facts f;
    if (!post_find(r, r->ids[0], &q, &f)) return 0;
    if (db_cell_int(q, 0, 7) == 0) return resp_error(r, 409, "conflict", M_NOT_MUST_READ);
    long long id = db_cell_int(q, 0, 0);
    if (db_exec(worker_db(), STMT_POST_READ_INSERT, "ii", id, r->user->id) < 0
        /* a convocation's post: « J'ai lu » in its record (docs/convocations.md) */
        || conv_confirm_post(worker_db(), r->a, id, r->user->id) < 0)
        return resp_db_error(r);
    reader_cache_changed(r->user->id);
    db_rows *at = db_query(worker_db(), r->a, STMT_POST_READ_AT, "ii", id, r->user->id);
    if (!at) return resp_db_error(r);
    /* the post deleted meanwhile took its reads with it */
    if (at->nrows == 0) return resp_error(r, 404, "not_found", M_POST_NOT_FOUND);
    return resp_json(r, 200, json_pack("{s:b,s:s}", "read_by_me", 1, "read_at", db_cell(at, 0, 0)));
}

/* GET /posts/{id}/reads: who confirmed a must-read post and who has not
 * yet, among the people who may read it (?format=csv for a spreadsheet). */
int h_posts_reads(req *r)
{
    db_rows *q;
    post_facts f;
    if (!post_find(r, r->ids[0], &q, &f)) return 0;
    acl_verdict v = acl_post(r->user, &f, PA_REPORT);
    if (v != ACL_ALLOW) return acl_refuse(r, v);
    if (db_cell_int(q, 0, 7) == 0) return resp_error(r, 409, "conflict", M_NOT_MUST_READ);
    const char *format = req_query(r, "format");
    if (format && strcmp(format, "csv") && strcmp(format, "json")) return resp_error(r, 400, "bad_request", M_BAD_FIELD, "format");
    long long id = db_cell_int(q, 0, 0);
    /* the audience: every active account for the news, the members otherwise */
    db_rows *rows = db_query(worker_db(), r->a,
        STMT_POST_READERS,
        "iii", id, (long long)f.news, f.news ? 0 : f.group.id);
    if (!rows) return resp_db_error(r);
    if (format && strcmp(format, "csv") == 0) {
        resp_header(r, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"lecture-%lld.csv\"", id));
        r->status = 200;
        resp_stream_csv(r);
        resp_write(r, "\"name\",\"email\",\"read_at\"\r\n", 26);
        for (int i = 0; i < rows->nrows; i++)
            csv_line(r, 3, (const char *const[]){ db_cell(rows, i, 1), db_cell(rows, i, 2), db_cell(rows, i, 3) });
        return 0;
    }
    json_t *confirmed = json_array(), *pending = json_array();
    for (int i = 0; i < rows->nrows; i++) {
        json_t *person = json_pack("{s:I,s:s}", "id", (json_int_t)db_cell_int(rows, i, 0),
                                   "display_name", db_cell(rows, i, 1));
        if (db_cell(rows, i, 3)) json_array_append_new(confirmed, json_pack("{s:o,s:s}", "user", person, "read_at", db_cell(rows, i, 3)));
        else json_array_append_new(pending, json_pack("{s:o}", "user", person));
    }
    return resp_json(r, 200, json_pack("{s:I,s:I,s:o,s:o}", "total", (json_int_t)rows->nrows,
        "confirmed_count", (json_int_t)json_array_size(confirmed), "confirmed", confirmed, "pending", pending));
}

/* GET /posts/{id}/versions: the earlier texts of an edited post, newest
 * first, for its moderators (and its author). */
int h_posts_versions(req *r)
{
    db_rows *q;
    post_facts f;
    if (!post_find(r, r->ids[0], &q, &f)) return 0;
    if (f.author_id != r->user->id && acl_post(r->user, &f, PA_MODERATE) != ACL_ALLOW
        && acl_post(r->user, &f, PA_DELETE) != ACL_ALLOW)
        return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    db_rows *v = db_query(worker_db(), r->a,
        STMT_POST_VERSIONS,
        "i", db_cell_int(q, 0, 0));
    if (!v) return resp_db_error(r);
    json_t *items = json_array();
    for (int i = 0; i < v->nrows; i++)
        json_array_append_new(items, json_pack("{s:s,s:s,s:o,s:s}", "title", db_cell(v, i, 0), "body", db_cell(v, i, 1),
            "edited_by", db_cell(v, i, 2) ? json_pack("{s:I,s:s?}", "id", (json_int_t)db_cell_int(v, i, 2),
                                                     "display_name", db_cell(v, i, 3)) : json_null(),
            "replaced_at", db_cell(v, i, 4)));
    return resp_json(r, 200, json_pack("{s:o,s:n}", "items", items, "next"));
}
