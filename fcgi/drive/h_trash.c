/* The trash of a drive: what was deleted, restoring it where it was (or to
 * the drive's root when that folder is gone), deleting it for good, and
 * emptying it — by hand, or after the platform's retention (trash_days).
 * Deleting for good removes the versions, then the blobs no version uses
 * any more (under the blob row's lock, so that an upload of the same
 * content waits). */
#include "blob_gc.h"
#include "drive/drive_model.h"
#include "drive/handlers.h"
#include "core/respond.h"
#include "platform/settings_view.h"
#include "outbox.h"
#include "feed/post_attachments.h"
#include "feed/timeline_cache.h"
#include "core/worker.h"
#include <stdio.h>
#include <string.h>

/* Deletes trashed nodes (a JSON array text of ids) and everything under
 * them, in the caller's transaction, and gives back their drives' room;
 * the blobs that may have lost their last reference are listed in `freed`
 * (JSON array text) for blob_release() after the commit, and `attached` says
 * whether posts showed some of them. 0 or -1. */
static int purge_nodes(db *d, arena *a, const char *roots, const char **freed, int *attached)
{
    const char *ids = node_subtree_json(d, a, roots, 0);
    db_rows *v = ids ? db_query(d, a, STMT_VERSIONS_SHA_OF_IDS,
                                "s", ids) : NULL;
    *attached = v ? attachments_among(d, a, ids) : -1;
    if (*attached < 0) return -1;
    *freed = db_cell(v, 0, 0);
    int failed = db_exec(d, STMT_DRIVES_USED_SUBTRACT_OF_IDS, "s", ids) < 0
        || db_exec(d, STMT_BLOBS_UNREF_OF_IDS, "s", ids) < 0
        /* every file leaves the index */
        || db_exec(d, STMT_FILES_QUEUE_OF_IDS, "s", ids) < 0
        || db_exec(d, STMT_VERSIONS_DELETE_OF_IDS, "s", ids) < 0
        /* deepest first, mostly: the parent key's cascade stops at 15 levels */
        || db_exec(d, STMT_NODES_DELETE_OF_IDS, "s", ids) < 0;
    return failed ? -1 : 0;
}

/* Purges trashed nodes in one transaction (run again after a deadlock:
 * db_rollback_retry), then their unused blobs. 0 or -1. */
static int purge(db *d, arena *a, const char *roots)
{
    const char *freed = NULL;
    int attached = 0;
    for (int attempt = 0;; attempt++) {
        if (db_begin(d)) return -1;
        if (!purge_nodes(d, a, roots, &freed, &attached) && !db_commit(d)) break;
        if (!db_rollback_retry(d, attempt)) return -1;
    }
    if (attached) timeline_changed_all();            /* posts stop showing them */
    blob_release(d, a, arena_printf(a, "%s/blobs", W.cfg.var_dir), freed);
    return 0;
}

/* Loads a drive by id with the asker's facts on it; 1, or 0 after 404. */
static int drive_find(req *r, long long id, drive_info *d, drive_facts *f)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_DRIVE_ROOT, "i", id);
    if (!q) { resp_db_error(r); return 0; }
    drive_node root;
    if (q->nrows == 0 || !db_cell(q, 0, 0)) { resp_error(r, 404, "not_found", M_NODE_NOT_FOUND); return 0; }
    if (!node_find(r, db_cell_int(q, 0, 0), "folder", 0, &root)) return 0;
    *d = root.drive;
    *f = root.facts;
    f->drive_root = 0;
    return 1;
}

/* Purges what stayed in the trash longer than the retention: a drive's, or
 * every drive's (drive_id 0), 200 entries at a time. */
static void purge_expired(req *r, long long drive_id)
{
    json_t *s = settings_json(r);
    long long days = s ? (long long)json_integer_value(json_object_get(s, "trash_days")) : 30;
    json_decref(s);
    if (days <= 0) days = 30;
    db *d = worker_db();
    db_rows *q = db_query(d, r->a, STMT_TRASH_EXPIRED_IDS,
                          "iii", drive_id, drive_id, days);
    if (q && strcmp(db_cell(q, 0, 0), "[]") != 0) purge(d, r->a, db_cell(q, 0, 0));
}

void drive_trash_expire(arena *a)
{
    req r;
    memset(&r, 0, sizeof r);
    r.a = a;
    purge_expired(&r, 0);
}

int h_trash_list(req *r)
{
    drive_info d;
    drive_facts f;
    if (!drive_find(r, r->ids[0], &d, &f)) return 0;
    purge_expired(r, d.id);
    /* drive managers and owners see everything; members what they deleted */
    f.trashed_by = r->user->id;
    if (acl_drive(r->user, &f, DA_RESTORE) != ACL_ALLOW) return resp_error(r, 404, "not_found", M_NODE_NOT_FOUND);
    drive_facts others = f;
    others.trashed_by = -1;
    int all = acl_drive(r->user, &others, DA_RESTORE) == ACL_ALLOW;
    db_rows *q = db_query(worker_db(), r->a,
        STMT_TRASH_OF_DRIVE, "iii", d.id, (long long)all, r->user->id);
    /* where each was: the names of its folders from below the drive's root,
     * for every entry in one walk up */
    db_rows *paths = q ? db_query(worker_db(), r->a,
        STMT_TRASH_ORIGINAL_PATHS,
        "i", d.id) : NULL;
    if (!paths) return resp_db_error(r);
    json_t *items = json_array();
    drive_node n = { .drive = d, .facts = f };
    for (int i = 0; i < q->nrows; i++) {
        node_at(q, i, &n);
        n.facts.trashed_by = n.trashed_by;
        json_t *o = node_json(r, &n);
        json_object_set_new(o, "trashed_at", json_string(n.trashed_at));
        json_object_set_new(o, "trashed_by", json_pack("{s:I,s:s}", "id", (json_int_t)n.trashed_by,
                                                       "display_name", db_cell(q, i, NODE_NCOLS)));
        const char *path = "";
        for (int k = 0; paths && k < paths->nrows; k++)
            if (db_cell_int(paths, k, 0) == n.id) path = db_cell(paths, k, 1);
        json_object_set_new(o, "original_path", json_string(arena_printf(r->a, "/%s", path)));
        json_array_append_new(items, o);
    }
    return resp_json(r, 200, json_pack("{s:o,s:o}", "items", items, "next", json_null()));
}

int h_trash_restore(req *r)
{
    drive_node n;
    if (!node_find(r, r->ids[0], NULL, 1, &n)) return 0;
    if (!n.trashed_at || !n.trash_root) return resp_error(r, 409, "conflict", M_NOT_IN_TRASH);
    if (!node_allows(r, &n, DA_RESTORE)) return 0;
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    /* back where it was, unless that folder is in the trash or gone */
    db_rows *p = db_query(d, r->a, STMT_NODE_LIVE_IN_DRIVE,
                          "ii", n.parent_id, n.drive_id);
    if (!p) { db_rollback(d); return resp_db_error(r); }
    long long parent = p->nrows ? n.parent_id : n.drive.root_id;
    /* a name taken meanwhile: « name (restauré) », « name (restauré 2) »… */
    const char *name = n.name;
    for (int k = 1;; k++) {
        db_rows *t = db_query(d, r->a, STMT_NODE_NAME_TAKEN_LOCK,
                              "is", parent, name);
        if (!t) { db_rollback(d); return resp_db_error(r); }
        if (t->nrows == 0 || k > 50) break;
        const char *dot = n.folder ? NULL : strrchr(n.name, '.');
        int stem = dot && dot != n.name ? (int)(dot - n.name) : (int)strlen(n.name);
        const char *word = r->lang == LANG_EN ? "restored" : "restauré";
        name = k == 1 ? arena_printf(r->a, "%.*s (%s)%s", stem, n.name, word, dot && dot != n.name ? dot : "")
                      : arena_printf(r->a, "%.*s (%s %d)%s", stem, n.name, word, k, dot && dot != n.name ? dot : "");
    }
    const char *ids = node_subtree_json(d, r->a, arena_printf(r->a, "[%lld]", n.id), 0);
    /* what went to the trash with it comes back; what was deleted before
     * on its own keeps its own entry */
    int failed = !ids
        || db_exec(d, STMT_NODES_RESTORE_TRASHED_WITH,
                   "si", ids, n.id) < 0
        || db_exec(d, STMT_NODE_RESTORE_TO, "isi", parent, name, n.id) < 0
        || outbox_add(d, n.folder ? ENTITY_FOLDER : ENTITY_FILE, n.id);
    if (failed || db_commit(d)) { db_rollback(d); return resp_db_error(r); }
    outbox_poke(W.cfg.indexer_socket);
    attachments_nodes_changed(d, r->a, ids);         /* posts show them again */
    drive_node back;
    if (!node_find(r, n.id, NULL, 0, &back)) return 0;
    return resp_json(r, 200, node_json(r, &back));
}

int h_trash_purge(req *r)
{
    drive_node n;
    if (!node_find(r, r->ids[0], NULL, 1, &n)) return 0;
    if (!n.trashed_at || !n.trash_root) return resp_error(r, 409, "conflict", M_NOT_IN_TRASH);
    if (!node_allows(r, &n, DA_PURGE)) return 0;
    if (purge(worker_db(), r->a, arena_printf(r->a, "[%lld]", n.id))) return resp_db_error(r);
    outbox_poke(W.cfg.indexer_socket);
    return resp_empty(r, 204);
}

int h_trash_empty(req *r)
{
    drive_info dr;
    drive_facts f;
    if (!drive_find(r, r->ids[0], &dr, &f)) return 0;
    acl_verdict v = acl_drive(r->user, &f, DA_PURGE);
    if (v != ACL_ALLOW) return v == ACL_HIDDEN ? resp_error(r, 404, "not_found", M_NODE_NOT_FOUND) : acl_refuse(r, v);
    db *d = worker_db();
    db_rows *q = db_query(d, r->a, STMT_TRASH_ROOT_IDS_OF_DRIVE, "i", dr.id);
    if (!q || purge(d, r->a, db_cell(q, 0, 0))) return resp_db_error(r);
    outbox_poke(W.cfg.indexer_socket);
    return resp_empty(r, 204);
}
