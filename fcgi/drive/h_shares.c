/* Sharing a file or folder of one's own drive with named people, read-only
 * or editable; what others shared with me; what I touched lately. */
#include "notify.h"
#include "drive/drive_model.h"
#include "drive/handlers.h"
#include "core/respond.h"
#include "outbox.h"
#include "core/validate.h"
#include "core/worker.h"
#include <string.h>

static json_t *share_json(const db_rows *q, int i)
{
    return json_pack("{s:{s:I,s:s},s:b,s:s}", "user", "id", (json_int_t)db_cell_int(q, i, 0),
                     "display_name", db_cell(q, i, 1), "can_edit", db_cell_int(q, i, 2) != 0, "created_at", db_cell(q, i, 3));
}


int h_shares_list(req *r)
{
    drive_node n;
    if (!node_find(r, r->ids[0], NULL, 0, &n) || !node_allows(r, &n, DA_SHARE)) return 0;
    db_rows *q = db_query(worker_db(), r->a, STMT_SHARES_OF_NODE, "i", n.id);
    if (!q) return resp_db_error(r);
    json_t *items = json_array();
    for (int i = 0; i < q->nrows; i++) json_array_append_new(items, share_json(q, i));
    return resp_json(r, 200, json_pack("{s:o,s:o}", "items", items, "next", json_null()));
}

static const field_spec share_fields[] = {
    { "can_edit", F_BOOL, 0, 0, NULL },
    { NULL, 0, 0, 0, NULL },
};

int h_share_put(req *r)
{
    if (req_read_json(r) || validate_body(r, share_fields)) return 0;
    drive_node n;
    if (!node_find(r, r->ids[0], NULL, 0, &n) || !node_allows(r, &n, DA_SHARE)) return 0;
    long long who = r->ids[1];
    if (who == r->user->id) return resp_error(r, 400, "bad_request", M_SHARE_SELF);
    db *d = worker_db();
    db_rows *u = db_query(d, r->a, STMT_USER_IS_ACTIVE, "i", who);
    if (!u) return resp_db_error(r);
    if (u->nrows == 0) return resp_error(r, 404, "not_found", M_USER_NOT_FOUND);
    /* a guest shares only with the people of their groups (docs/guests.md) */
    if (acl_is_guest(r->user)) {
        db_rows *s = db_query(d, r->a, STMT_USERS_SHARE_GROUP, "ii", r->user->id, who);
        if (!s) return resp_db_error(r);
        if (!acl_can_see_person_sharing(r->user, "active", who, s->nrows && db_cell_int(s, 0, 0) != 0))
            return resp_error(r, 404, "not_found", M_USER_NOT_FOUND);
    }
    long long edit = body_bool(r, "can_edit", 0);
    if (db_begin(d)) return resp_db_error(r);
    long long added = db_exec(d, STMT_SHARE_UPSERT, "iiii", n.id, who, edit, r->user->id);
    if (added < 0
        || outbox_add(d, n.folder ? ENTITY_FOLDER : ENTITY_FILE_SCOPES, n.id)
        || (added == 1 && notify_add(d, NOTIFY_SHARE, n.id, r->user->id, who, NULL)) || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    outbox_poke(W.cfg.indexer_socket);
    if (added == 1) notify_poke(&W.cfg);
    db_rows *q = db_query(d, r->a, STMT_SHARE_OF_NODE_USER, "ii", n.id, who);
    if (!q) return resp_db_error(r);
    /* the node purged (or the share taken back) since the commit */
    if (q->nrows == 0) return resp_error(r, 404, "not_found", M_NODE_NOT_FOUND);
    return resp_json(r, 200, share_json(q, 0));
}

int h_share_delete(req *r)
{
    drive_node n;
    if (!node_find(r, r->ids[0], NULL, 0, &n) || !node_allows(r, &n, DA_SHARE)) return 0;
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    long long gone = db_exec(d, STMT_SHARE_DELETE, "ii", n.id, r->ids[1]);
    if (gone < 0 || outbox_add(d, n.folder ? ENTITY_FOLDER : ENTITY_FILE_SCOPES, n.id) || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    outbox_poke(W.cfg.indexer_socket);
    return gone ? resp_empty(r, 204) : resp_error(r, 404, "not_found", M_USER_NOT_FOUND);
}

/* The nodes of a JSON array of ids, in its order, each checked like a
 * single one (a right removed since is never shown), with their drive;
 * `shared`: who shared it and whether the asker may edit it. */
static int answer_nodes(req *r, db_rows *ids, int shared)
{
    drive_node *nodes;
    int n = ids ? nodes_load(r, db_cell(ids, 0, 0), &nodes) : -1;
    if (n < 0) return resp_db_error(r);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        const drive_info *d = &nodes[i].drive;
        json_t *o = node_json(r, &nodes[i]);
        json_object_set_new(o, "drive", json_pack("{s:I,s:s,s:s,s:o}", "id", (json_int_t)d->id,
            "kind", d->owner_id ? "personal" : "group", "name", d->name ? d->name : "",
            "owner_id", d->owner_id ? json_integer(d->owner_id) : json_null()));
        if (shared) {
            json_object_set_new(o, "shared_by", json_pack("{s:I,s:s}", "id", (json_int_t)d->owner_id,
                                                          "display_name", d->name ? d->name : ""));
            json_object_set_new(o, "can_edit", json_boolean(nodes[i].facts.share == SHARE_EDIT));
        }
        json_array_append_new(items, o);
    }
    return resp_json(r, 200, json_pack("{s:o,s:o}", "items", items, "next", json_null()));
}

int h_drive_shared(req *r)
{
    return answer_nodes(r, db_query(worker_db(), r->a,
        STMT_SHARED_WITH_USER_IDS, "i", r->user->id), 1);
}

int h_drive_recent(req *r)
{
    return answer_nodes(r, db_query(worker_db(), r->a,
        STMT_RECENT_OF_USER_IDS,
        "i", r->user->id), 0);
}
