#include "feed/post_attachments.h"
#include "drive/drive_model.h"
#include "drive/file_send.h"
#include "feed/handlers.h"
#include "core/respond.h"
#include "feed/posts_model.h"
#include "feed/timeline_cache.h"
#include "core/worker.h"
#include <stdio.h>
#include <string.h>

int attachments_read(req *r, long long group_id, const char **ids)
{
    json_t *list = json_object_get(r->body, "attachments");
    *ids = NULL;
    if (!list || json_is_null(list)) { json_object_del(r->body, "attachments"); return 0; }
    if (!json_is_array(list) || json_array_size(list) > ATTACHMENTS_MAX) {
        resp_error(r, 400, "bad_request", M_BAD_ATTACHMENT, 0);
        return -1;
    }
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) {
        drive_node n;
        int ok = json_is_integer(v) && json_integer_value(v) > 0;
        for (size_t k = 0; ok && k < i; k++) ok = !json_equal(v, json_array_get(list, k));
        if (ok) {
            ok = node_load(r, json_integer_value(v), "file", 0, &n);
            if (ok < 0) { resp_db_error(r); return -1; }
        }
        /* a group's post shows files of the group's drive only, which its
         * readers may open anyway */
        if (!ok || (group_id && n.drive.group_id != group_id)) {
            resp_error(r, 400, "bad_request", M_BAD_ATTACHMENT, (int)i + 1);
            return -1;
        }
    }
    char *text = json_dumps(list, JSON_COMPACT);
    *ids = arena_strdup(r->a, text ? text : "[]");
    free(text);
    json_object_del(r->body, "attachments");
    return 0;
}

int attachments_save(db *d, long long post_id, const char *ids)
{
    return db_exec(d, STMT_ATTACHMENTS_DELETE_OF_POST, "i", post_id) < 0
        || db_exec(d, STMT_ATTACHMENTS_INSERT,
                   "is", post_id, ids) < 0 ? -1 : 0;
}

void attachments_json(req *r, json_t *post, long long post_id, const char *title, const char *column)
{
    json_t *list = column ? json_loads(column, 0, NULL) : NULL;
    if (!json_is_array(list)) { json_decref(list); list = json_array(); }
    const char *cover = NULL;
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a) {
        const char *url = arena_printf(r->a, "/api/v1/posts/%lld/attachments/%lld/content", post_id,
                                       (long long)json_integer_value(json_object_get(a, "id")));
        json_object_set_new(a, "content_url", json_string(url));
        const char *mime = json_string_value(json_object_get(a, "mime"));
        if (!cover && mime && strncmp(mime, "image/", 6) == 0 && strcmp(mime, "image/svg+xml") != 0) cover = url;
    }
    json_object_set_new(post, "attachments", list);
    json_object_set_new(post, "cover_url", cover && title && *title ? json_string(cover) : json_null());
}

int attachments_among(db *d, arena *a, const char *ids)
{
    db_rows *q = ids ? db_query(d, a, STMT_ATTACHMENT_ANY_OF_IDS, "s", ids) : NULL;
    return q ? q->nrows > 0 : -1;
}

void attachments_nodes_changed(db *d, arena *a, const char *ids)
{
    /* in doubt (no answer), stale is worse than a reload */
    if (attachments_among(d, a, ids) != 0) timeline_changed_all();
}

/* GET /posts/{id}/attachments/{node}/content: for whoever reads the post. */
int h_post_attachment_content(req *r)
{
    db_rows *post;
    post_facts f;
    if (!post_find(r, r->ids[0], &post, &f)) return 0;
    db_rows *q = db_query(worker_db(), r->a,
        STMT_ATTACHMENT_FILE, "ii", r->ids[0], r->ids[1]);
    if (!q) return resp_db_error(r);
    if (q->nrows == 0) return resp_error(r, 404, "not_found", M_NODE_NOT_FOUND);
    return file_send(r, db_cell(q, 0, 0), db_cell(q, 0, 1), db_cell(q, 0, 2));
}
