/* Following: a person's level in a group (« Toutes les publications »,
 * « Seulement l'essentiel », « Rien »; without a choice, the group's
 * default, which its managers set), a post followed or muted, a folder
 * followed. Only someone who may read the group, post or folder may
 * follow it. */
#include "core/acl.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "drive/drive_model.h"
#include "feed/posts_model.h"
#include "groups/groups_model.h"
#include "notify/handlers.h"
#include <string.h>

int h_group_follow_get(req *r)
{
    group_facts f;
    if (!group_allows(r, r->ids[0], GA_READ, NULL, &f)) return 0;
    db_rows *q = db_query(worker_db(), r->a, STMT_GROUP_FOLLOW_GET, "ii", r->user->id, f.id);
    if (!q || !q->nrows) return resp_db_error(r);
    const char *mine = db_cell(q, 0, 0), *dflt = db_cell(q, 0, 1);
    return resp_json(r, 200, json_pack("{s:s,s:s,s:b}", "level", mine ? mine : dflt, "default", dflt,
                                       "explicit", mine != NULL));
}

static const field_spec group_follow_fields[] = {
    { "level", F_STRING, 0, 0, "all|essential|none" },
    { NULL, 0, 0, 0, NULL },
};

int h_group_follow_put(req *r)
{
    group_facts f;
    if (!group_allows(r, r->ids[0], GA_READ, NULL, &f)) return 0;
    if (req_read_json(r)) return 0;
    int clear = json_is_null(json_object_get(r->body, "level"));
    if (!clear && !json_object_get(r->body, "level")) return resp_error(r, 400, "bad_request", M_FIELD_MISSING, "level");
    if (validate_body(r, group_follow_fields)) return 0;
    const char *level = body_str(r, "level");
    long long n = clear ? db_exec(worker_db(), STMT_GROUP_FOLLOW_CLEAR, "ii", r->user->id, f.id)
                        : db_exec(worker_db(), STMT_GROUP_FOLLOW_SET, "iis", r->user->id, f.id, level);
    return n < 0 ? resp_db_error(r) : resp_empty(r, 204);
}

int h_post_follow_get(req *r)
{
    db_rows *p;
    post_facts f;
    if (!post_find(r, r->ids[0], &p, &f)) return 0;
    db_rows *q = db_query(worker_db(), r->a, STMT_POST_FOLLOW_GET, "ii", db_cell_int(p, 0, 0), r->user->id);
    if (!q) return resp_db_error(r);
    return resp_json(r, 200, json_pack("{s:s}", "state", q->nrows ? db_cell(q, 0, 0) : "none"));
}

static const field_spec post_follow_fields[] = {
    { "state", F_STRING, 1, 0, "follow|mute|none" },
    { NULL, 0, 0, 0, NULL },
};

int h_post_follow_put(req *r)
{
    db_rows *p;
    post_facts f;
    if (!post_find(r, r->ids[0], &p, &f)) return 0;
    if (req_read_json(r) || validate_body(r, post_follow_fields)) return 0;
    const char *state = body_str(r, "state");
    long long id = db_cell_int(p, 0, 0);
    long long n = strcmp(state, "none") == 0
        ? db_exec(worker_db(), STMT_POST_FOLLOW_CLEAR, "ii", id, r->user->id)
        : db_exec(worker_db(), STMT_POST_FOLLOW_SET, "iis", id, r->user->id, state);
    return n < 0 ? resp_db_error(r) : resp_empty(r, 204);
}

int h_folder_follow_get(req *r)
{
    drive_node n;
    if (!node_find(r, r->ids[0], "folder", 0, &n)) return 0;
    db_rows *q = db_query(worker_db(), r->a, STMT_FOLDER_FOLLOW_GET, "ii", n.id, r->user->id);
    if (!q) return resp_db_error(r);
    return resp_json(r, 200, json_pack("{s:b}", "follow", q->nrows > 0));
}

static const field_spec folder_follow_fields[] = {
    { "follow", F_BOOL, 1, 0, NULL },
    { NULL, 0, 0, 0, NULL },
};

int h_folder_follow_put(req *r)
{
    drive_node n;
    if (!node_find(r, r->ids[0], "folder", 0, &n)) return 0;
    if (req_read_json(r) || validate_body(r, folder_follow_fields)) return 0;
    long long done = body_bool(r, "follow", 0)
        ? db_exec(worker_db(), STMT_FOLDER_FOLLOW_SET, "ii", n.id, r->user->id)
        : db_exec(worker_db(), STMT_FOLDER_FOLLOW_CLEAR, "ii", n.id, r->user->id);
    return done < 0 ? resp_db_error(r) : resp_empty(r, 204);
}
