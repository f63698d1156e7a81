/* Files: uploads (nginx wrote the body to a temporary file; the worker
 * decides, hashes, types and stores it), details with versions, downloads
 * (nginx sends the bytes after an X-Accel-Redirect), and making an old
 * version current again. */
#include "notify.h"
#include "log.h"
#include "blobstore.h"
#include "drive/drive_model.h"
#include "drive/drive_names.h"
#include "drive/file_send.h"
#include "drive/upload_body.h"
#include "drive/handlers.h"
#include "core/respond.h"
#include "outbox.h"
#include "preview_kind.h"
#include "feed/post_attachments.h"
#include "core/worker.h"
#include <limits.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Before nginx reads the body ("check"), and again with it: the folder,
 * the right to write, the name, the declared size against the limit, the
 * drive's quota and the disk's room. 1 when the upload may go on. */
static int upload_allowed(req *r, drive_node *folder, const char **name)
{
    if (!node_find(r, r->ids[0], "folder", 0, folder) || !node_allows(r, folder, DA_WRITE)) return 0;
    if (!(*name = upload_name(r))) return 0;
    long long size;
    if (!upload_declared(r, UPLOAD_MAX, &size)) return 0;
    long long room = drive_room(folder->drive.quota, folder->drive.used);
    if (size > room) {
        resp_error(r, 413, "too_large", M_QUOTA, drive_size_text(r, room), drive_size_text(r, size));
        return 0;
    }
    return 1;
}

static int answer_file(req *r, long long id, int status)
{
    drive_node n;
    if (!node_find(r, id, "file", 0, &n)) return 0;
    return resp_json(r, status, node_json(r, &n));
}

/* upload_try's answer when MariaDB chose its transaction as a deadlock's
 * victim: rolled back whole, nothing answered yet */
#define UPLOAD_DEADLOCK (-2)

/* Rolls back; UPLOAD_DEADLOCK when the transaction may run again
 * (db_rollback_retry), otherwise the database error answered. */
static int upload_failed(req *r, db *d, int attempt)
{
    return db_rollback_retry(d, attempt) ? UPLOAD_DEADLOCK : resp_db_error(r);
}

/* Try `attempt` (0, 1) at recording the file of blob b (its body in
 * nginx's temporary file `tmp`) as a new file or version, all or nothing. */
static int upload_try(req *r, const drive_node *folder, const char *name, const blob_info *b, const char *tmp,
                      int attempt)
{
    const char *blobs = arena_printf(r->a, "%s/blobs", W.cfg.var_dir);
    db *d = worker_db();
    if (!d || db_begin(d)) return resp_db_error(r);
    /* the drive's row is the lock that keeps its quota */
    db_rows *dq = db_query(d, r->a, STMT_DRIVE_USED_LOCK, "i", folder->drive_id);
    db_rows *ex = dq ? db_query(d, r->a, STMT_NODE_BY_NAME_LOCK,
                                "is", folder->id, name) : NULL;
    if (!ex || dq->nrows == 0) return upload_failed(r, d, attempt);
    if (ex->nrows && db_cell_int(ex, 0, 1)) { db_rollback(d); return resp_error(r, 409, "conflict", M_NAME_TAKEN, name); }
    long long room = drive_room(folder->drive.quota, db_cell_int(dq, 0, 0));
    if (b->size > room) {
        db_rollback(d);
        return resp_error(r, 413, "too_large", M_QUOTA, drive_size_text(r, room), drive_size_text(r, b->size));
    }
    /* the blob's row first: it is the lock under which its file is placed
     * or removed (see drive_trash.c) */
    long long id = ex->nrows ? db_cell_int(ex, 0, 0) : 0;
    int failed = db_exec(d, STMT_BLOB_REF_ADD, "sis", b->sha256, b->size, b->mime) < 0;
    if (!failed && blob_store(blobs, tmp, b)) {
        int full = errno == ENOSPC;
        db_rollback(d);
        log_error("upload: the blob store refused %s: %s", b->sha256, strerror(errno));
        return full ? resp_error(r, 507, "insufficient_storage", M_DISK_FULL, drive_size_text(r, 0))
                    : resp_error(r, 500, "internal", M_INTERNAL);
    }
    if (!failed && id)
        failed = db_exec(d, STMT_FILE_NEW_VERSION, "isii", b->size, b->mime, r->user->id, id) < 0;
    if (!failed && !id) {
        failed = db_exec(d, STMT_FILE_INSERT, "iisisii",
                         folder->drive_id, folder->id, name, b->size, b->mime, r->user->id, r->user->id) < 0;
        id = failed ? 0 : db_last_id(d);
    }
    failed = failed
        || db_exec(d, STMT_VERSION_INSERT, "sisii",
                   b->sha256, b->size, b->mime, r->user->id, id) < 0
        || db_exec(d, STMT_DRIVE_USED_ADD, "ii", b->size, folder->drive_id) < 0
        || outbox_add(d, ENTITY_FILE, id)
        || notify_add(d, NOTIFY_FILE, id, r->user->id, 0, NULL)
        /* its thumbnails made ahead, once per content (docs/previews.md) */
        || (preview_kind_of(b->mime) != PK_NONE && preview_enqueue(d, b->sha256, 0, 0));
    /* a blob placed for nothing is removed by the running sweep
     * (blob_gc.h); placed again by the next try, it is found there */
    if (failed || db_commit(d)) return upload_failed(r, d, attempt);
    if (preview_kind_of(b->mime) != PK_NONE) preview_poke(W.cfg.var_dir);
    outbox_poke(W.cfg.indexer_socket);
    notify_poke(&W.cfg);
    if (ex->nrows) attachments_nodes_changed(d, r->a, arena_printf(r->a, "[%lld]", id));   /* a new size */
    node_touch(r, id);
    return answer_file(r, id, 201);
}

/* The body is in nginx's temporary file: store it and record the new file
 * or version; a deadlock's victim is tried once more (db_rollback_retry)
 * before the person is told to. */
static int upload_store(req *r, const drive_node *folder, const char *name)
{
    blob_info b;
    const char *tmp;
    if (!upload_body_examine(r, UPLOAD_MAX, &b, &tmp)) return 0;
    int rc;
    for (int attempt = 0; (rc = upload_try(r, folder, name, &b, tmp, attempt)) == UPLOAD_DEADLOCK; attempt++)
        ;
    return rc;
}

int h_file_upload(req *r)
{
    drive_node folder;
    const char *name;
    if (!r->phase || (strcmp(r->phase, "check") && strcmp(r->phase, "store")))
        return resp_error(r, 400, "bad_request", M_UPLOAD_DIRECT);
    if (!upload_allowed(r, &folder, &name)) return 0;
    if (strcmp(r->phase, "check") == 0) return resp_empty(r, 204);
    return upload_store(r, &folder, name);
}

int h_file_get(req *r)
{
    drive_node n;
    if (!node_find(r, r->ids[0], "file", 0, &n)) return 0;
    db_rows *q = db_query(worker_db(), r->a,
        STMT_VERSIONS_OF_FILE, "i", n.id);
    if (!q) return resp_db_error(r);
    json_t *versions = json_array();
    for (int i = 0; i < q->nrows; i++) {
        long long by = db_cell_int(q, i, 4);
        json_array_append_new(versions, json_pack("{s:I,s:I,s:s,s:s,s:o,s:b}",
            "version", (json_int_t)db_cell_int(q, i, 0), "size", (json_int_t)db_cell_int(q, i, 1), "mime", db_cell(q, i, 2),
            "created_at", db_cell(q, i, 3),
            "created_by", by && db_cell(q, i, 5) ? json_pack("{s:I,s:s}", "id", (json_int_t)by, "display_name", db_cell(q, i, 5))
                                                 : json_null(),
            "current", db_cell_int(q, i, 0) == n.version));
    }
    json_t *o = node_json(r, &n);
    json_object_set_new(o, "versions", versions);
    return resp_json(r, 200, o);
}

int h_file_content(req *r)
{
    drive_node n;
    if (!node_find(r, r->ids[0], "file", 0, &n)) return 0;
    const char *vs = req_query(r, "version");
    long long version = vs ? parse_id(vs) : n.version;
    if (version <= 0) return resp_error(r, 400, "bad_request", M_BAD_FIELD, "version");
    db_rows *q = db_query(worker_db(), r->a, STMT_VERSION_SHA_MIME,
                          "ii", n.id, version);
    if (!q) return resp_db_error(r);
    if (q->nrows == 0) return resp_error(r, 404, "not_found", M_NODE_NOT_FOUND);
    if (!FCGX_GetParam("HTTP_RANGE", r->fr->envp)) node_touch(r, n.id);
    return file_send(r, n.name, db_cell(q, 0, 0), db_cell(q, 0, 1));
}

int h_file_version_restore(req *r)
{
    drive_node n;
    if (!node_find(r, r->ids[0], "file", 0, &n) || !node_allows(r, &n, DA_WRITE)) return 0;
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    db_rows *dq = db_query(d, r->a, STMT_DRIVE_USED_LOCK, "i", n.drive_id);
    db_rows *v = dq ? db_query(d, r->a, STMT_VERSION_SHA_SIZE_MIME,
                               "ii", n.id, r->ids[1]) : NULL;
    if (!v || dq->nrows == 0) { db_rollback(d); return resp_db_error(r); }
    if (v->nrows == 0) { db_rollback(d); return resp_error(r, 404, "not_found", M_NODE_NOT_FOUND); }
    long long size = db_cell_int(v, 0, 1), room = drive_room(n.drive.quota, db_cell_int(dq, 0, 0));
    if (size > room) {
        db_rollback(d);
        return resp_error(r, 413, "too_large", M_QUOTA, drive_size_text(r, room), drive_size_text(r, size));
    }
    /* the old content becomes a new version: the history stays whole */
    int failed = db_exec(d, STMT_BLOB_REF_INCREMENT, "s", db_cell(v, 0, 0)) < 0
        || db_exec(d, STMT_FILE_NEW_VERSION, "isii", size, db_cell(v, 0, 2), r->user->id, n.id) < 0
        || db_exec(d, STMT_VERSION_INSERT, "sisii",
                   db_cell(v, 0, 0), size, db_cell(v, 0, 2), r->user->id, n.id) < 0
        || db_exec(d, STMT_DRIVE_USED_ADD, "ii", size, n.drive_id) < 0
        || outbox_add(d, ENTITY_FILE, n.id)
        || notify_add(d, NOTIFY_FILE, n.id, r->user->id, 0, NULL);
    if (failed || db_commit(d)) { db_rollback(d); return resp_db_error(r); }
    outbox_poke(W.cfg.indexer_socket);
    notify_poke(&W.cfg);
    attachments_nodes_changed(d, r->a, arena_printf(r->a, "[%lld]", n.id));
    return answer_file(r, n.id, 200);
}
