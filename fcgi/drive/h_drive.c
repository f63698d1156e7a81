/* Drives and folders: a person's drive, a group's drive, a folder's
 * content (subfolders, then a page of files), creating, renaming, moving
 * and deleting (to the trash) folders and files. */
#include "drive/drive_model.h"
#include "drive/drive_names.h"
#include "groups/groups_model.h"
#include "drive/handlers.h"
#include "core/respond.h"
#include "core/listing.h"
#include "outbox.h"
#include "feed/post_attachments.h"
#include "core/validate.h"
#include "core/worker.h"
#include <stdlib.h>
#include <string.h>

static int answer_drive(req *r, const drive_info *d)
{
    drive_facts f;
    if (drive_root_facts(r, d, &f)) return resp_db_error(r);
    return resp_json(r, 200, drive_json(r, d, &f));
}

int h_drive_mine(req *r)
{
    drive_info d;
    if (drive_of_user(r, r->user->id, &d)) return resp_db_error(r);
    return answer_drive(r, &d);
}

int h_group_drive(req *r)
{
    db_rows *rows;
    group_facts gf;
    if (!group_allows(r, r->ids[0], GA_READ, &rows, &gf)) return 0;
    drive_info d;
    if (drive_of_group(r, r->ids[0], &d)) return resp_db_error(r);
    return answer_drive(r, &d);
}

/* The files of a folder: sorted by name, date or size, either way, by
 * keyset; the cursor is the last file's sort key and id. */

/* A page of files after the cursor's (key, id); after 0 for the first. */
static db_rows *file_page(req *r, long long folder, int sort, int desc, const char *key, long long after, int limit)
{
    static const stmt sql[3][2] = {
        { STMT_FILES_BY_NAME_ASC, STMT_FILES_BY_NAME_DESC },
        { STMT_FILES_BY_DATE_ASC, STMT_FILES_BY_DATE_DESC },
        { STMT_FILES_BY_SIZE_ASC, STMT_FILES_BY_SIZE_DESC },
    };
    return db_query(worker_db(), r->a, sql[sort][desc], "iissii", folder, after, key, key, after, (long long)limit + 1);
}

int h_folder_get(req *r)
{
    drive_node n;
    if (!node_find(r, r->ids[0], "folder", 0, &n)) return 0;
    const char *sort_s = req_query(r, "sort"), *order = req_query(r, "order");
    int sort = !sort_s || strcmp(sort_s, "name") == 0 ? 0 : strcmp(sort_s, "date") == 0 ? 1 : strcmp(sort_s, "size") == 0 ? 2 : -1;
    if (sort < 0) return resp_error(r, 400, "bad_request", M_FIELD_ENUM, "sort", "name, date, size");
    if (order && strcmp(order, "asc") && strcmp(order, "desc"))
        return resp_error(r, 400, "bad_request", M_FIELD_ENUM, "order", "asc, desc");
    int desc = order ? strcmp(order, "desc") == 0 : sort != 0;     /* newest and largest first */
    int limit;
    if (req_limit(r, 100, 500, &limit)) return 0;
    const char *cursor = req_query(r, "cursor");
    char *parts[2] = { "", "0" };
    long long after = 0;
    if (cursor && *cursor && (cursor_split(r->a, cursor, parts, 2) || (after = parse_id(parts[1])) <= 0))
        return resp_error(r, 400, "bad_request", M_BAD_CURSOR);
    db_rows *files = file_page(r, n.id, sort, desc, parts[0], after, limit);
    db_rows *folders = files ? db_query(worker_db(), r->a,
        STMT_FOLDER_SUBFOLDERS, "i", n.id) : NULL;
    json_t *path = folders ? node_path_json(r, n.id) : NULL;
    if (!path) return resp_db_error(r);
    /* what the drive allows the asker, as seen from this folder */
    drive_facts root = n.facts;
    root.drive_root = 1;
    json_t *head = json_pack("{s:o,s:o,s:o}", "folder", node_json(r, &n), "drive", drive_json(r, &n.drive, &root),
                             "path", path);
    char *head_text = head ? json_dumps(head, JSON_COMPACT) : NULL;
    json_decref(head);
    if (!head_text) return resp_db_error(r);
    /* the children, written as text: they share the folder's facts, except
     * what is a node's own (the root, the shared item) */
    drive_node child = n;
    child.facts.drive_root = 0;
    child.facts.shared_root = 0;
    const char *can = node_can_text(r, &child.facts);
    resp_stream_begin(r, 200);
    resp_write(r, head_text, strlen(head_text) - 1);          /* without its '}' */
    free(head_text);
    resp_write(r, ",\"folders\":[", 12);
    for (int i = 0; i < folders->nrows; i++) {
        node_at(folders, i, &child);
        const char *text = node_text(r, &child, can);
        if (i) resp_write(r, ",", 1);
        resp_write(r, text, strlen(text));
    }
    resp_write(r, "],\"files\":[", 11);
    int shown = files->nrows > limit ? limit : files->nrows;
    for (int i = 0; i < shown; i++) {
        node_at(files, i, &child);
        const char *text = node_text(r, &child, can);
        if (i) resp_write(r, ",", 1);
        resp_write(r, text, strlen(text));
    }
    resp_write(r, "],\"next\":", 9);
    if (files->nrows > limit) {
        /* base64url: nothing to escape */
        const char *next = cursor_make(r->a, arena_printf(r->a, "%s\n%s", db_cell(files, shown - 1, NODE_NCOLS),
                                                          db_cell(files, shown - 1, 0)));
        resp_write(r, "\"", 1);
        resp_write(r, next, strlen(next));
        resp_write(r, "\"}", 2);
    } else {
        resp_write(r, "null}", 5);
    }
    return 0;
}

/* A name from the body: checked; NULL after answering 400. */
static const char *body_name(req *r, const char *field)
{
    const char *name = body_str(r, field);
    if (!name) return NULL;
    msg_id m;
    const char *kept = drive_name_accept(r->a, name, &m);
    if (!kept) { resp_error(r, 400, "bad_request", m); return NULL; }
    return kept;
}

/* A name taken among a folder's live children (inside the transaction). */
static int name_taken(db *d, arena *a, long long parent, const char *name, long long except)
{
    db_rows *q = db_query(d, a, STMT_NODE_NAME_TAKEN_BY_OTHER,
                          "isi", parent, name, except);
    return !q ? -1 : q->nrows > 0;
}

static int answer_node(req *r, long long id, int status)
{
    drive_node n;
    if (!node_find(r, id, NULL, 0, &n)) return 0;
    return resp_json(r, status, node_json(r, &n));
}

static const field_spec folder_fields[] = {
    { "parent_id", F_ID, 1, 0, NULL },
    { "name", F_STRING, 1, 1000, NULL },
    { NULL, 0, 0, 0, NULL },
};

int h_folder_create(req *r)
{
    if (req_read_json(r) || validate_body(r, folder_fields)) return 0;
    json_t *pid = json_object_get(r->body, "parent_id");
    const char *name = body_name(r, "name");
    if (!name) return 0;
    drive_node parent;
    if (!node_find(r, json_integer_value(pid), "folder", 0, &parent) || !node_allows(r, &parent, DA_WRITE)) return 0;
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    int taken = name_taken(d, r->a, parent.id, name, 0);
    if (taken) {
        db_rollback(d);
        return taken < 0 ? resp_db_error(r) : resp_error(r, 409, "conflict", M_NAME_TAKEN, name);
    }
    if (db_exec(d, STMT_FOLDER_INSERT, "iisii", parent.drive_id, parent.id, name, r->user->id, r->user->id) < 0) {
        db_rollback(d);
        return resp_db_error(r);
    }
    long long id = db_last_id(d);
    if (outbox_add(d, ENTITY_FOLDER, id) || db_commit(d)) { db_rollback(d); return resp_db_error(r); }
    outbox_poke(W.cfg.indexer_socket);
    return answer_node(r, id, 201);
}

/* PATCH /folders/{id} and /files/{id}: rename and/or move (also to
 * another drive the asker may write in). */
static int node_patch(req *r, const char *kind, const char *dest_field)
{
    const field_spec fields[] = {
        { "name", F_STRING, 0, 1000, NULL },
        { dest_field, F_ID, 0, 0, NULL },
        { NULL, 0, 0, 0, NULL },
    };
    if (req_read_json(r) || validate_body(r, fields)) return 0;
    drive_node n;
    if (!node_find(r, r->ids[0], kind, 0, &n)) return 0;
    const char *name = json_object_get(r->body, "name") ? body_name(r, "name") : n.name;
    if (!name) return 0;
    json_t *dest_v = json_object_get(r->body, dest_field);
    if (n.facts.drive_root) return resp_error(r, 403, "forbidden", M_ROOT_FIXED);
    if (!node_allows(r, &n, DA_WRITE)) return 0;
    long long dest = dest_v ? (long long)json_integer_value(dest_v) : n.parent_id;
    drive_node to;
    if (dest != n.parent_id) {
        /* leaving a folder is like deleting from it; arriving is writing */
        if (!node_allows(r, &n, DA_DELETE)) return 0;
        if (!node_find(r, dest, "folder", 0, &to) || !node_allows(r, &to, DA_WRITE)) return 0;
    }
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    int failed = 0;
    if (dest != n.parent_id && n.folder) {
        /* into itself or below it? */
        db_rows *q = db_query(d, r->a,
            STMT_NODE_IS_ANCESTOR_OR_SELF, "ii", dest, n.id);
        if (!q) { db_rollback(d); return resp_db_error(r); }
        if (q->nrows) { db_rollback(d); return resp_error(r, 409, "conflict", M_MOVE_INTO_ITSELF); }
    }
    int taken = name_taken(d, r->a, dest, name, n.id);
    if (taken) {
        db_rollback(d);
        return taken < 0 ? resp_db_error(r) : resp_error(r, 409, "conflict", M_NAME_TAKEN, name);
    }
    failed = db_exec(d, STMT_NODE_RENAME_MOVE, "siii", name, dest, r->user->id, n.id) < 0;
    if (!failed && dest != n.parent_id && to.drive_id != n.drive_id) {
        /* to another drive: the subtree follows, its bytes are counted
         * there (within its quota, its row locked), and shares of a
         * personal drive do not follow */
        const char *ids = node_subtree_json(d, r->a, arena_printf(r->a, "[%lld]", n.id), 0);
        db_rows *b = ids ? db_query(d, r->a, STMT_VERSIONS_SIZE_OF_IDS,
                                    "s", ids) : NULL;
        db_rows *used = b ? db_query(d, r->a, STMT_DRIVE_USED_LOCK, "i", to.drive_id) : NULL;
        if (!used || used->nrows == 0) { db_rollback(d); return resp_db_error(r); }
        long long bytes = db_cell_int(b, 0, 0), room = drive_room(to.drive.quota, db_cell_int(used, 0, 0));
        if (bytes > room) {
            db_rollback(d);
            return resp_error(r, 413, "too_large", M_QUOTA, drive_size_text(r, room), drive_size_text(r, bytes));
        }
        failed = db_exec(d, STMT_NODES_SET_DRIVE, "is", to.drive_id, ids) < 0
            || db_exec(d, STMT_SHARES_DELETE_OF_IDS, "s", ids) < 0
            || db_exec(d, STMT_DRIVE_USED_SUBTRACT, "ii", bytes, n.drive_id) < 0
            || db_exec(d, STMT_DRIVE_USED_ADD, "ii", bytes, to.drive_id) < 0;
    }
    if (failed || outbox_add(d, n.folder ? ENTITY_FOLDER : ENTITY_FILE, n.id) || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    outbox_poke(W.cfg.indexer_socket);
    if (!n.folder && strcmp(name, n.name) != 0) attachments_nodes_changed(d, r->a, arena_printf(r->a, "[%lld]", n.id));
    node_touch(r, n.id);
    return answer_node(r, n.id, 200);
}

int h_folder_patch(req *r) { return node_patch(r, "folder", "parent_id"); }
int h_file_patch(req *r) { return node_patch(r, "file", "folder_id"); }

/* DELETE /folders/{id} and /files/{id}: to the trash, with everything in
 * it; what was already in the trash keeps its own entry. */
static int node_delete(req *r, const char *kind)
{
    drive_node n;
    if (!node_find(r, r->ids[0], kind, 0, &n)) return 0;
    if (n.facts.drive_root) return resp_error(r, 403, "forbidden", M_ROOT_FIXED);
    if (!node_allows(r, &n, DA_DELETE)) return 0;
    db *d = worker_db();
    const char *ids;
    for (int attempt = 0;; attempt++) {
        if (db_begin(d)) return resp_db_error(r);
        ids = node_subtree_json(d, r->a, arena_printf(r->a, "[%lld]", n.id), 1);
        int failed = !ids || db_exec(d,
            STMT_NODES_TRASH,
            "iis", r->user->id, n.id, ids) < 0;
        if (!failed && !outbox_add(d, n.folder ? ENTITY_FOLDER : ENTITY_FILE, n.id) && !db_commit(d)) break;
        if (!db_rollback_retry(d, attempt)) return resp_db_error(r);
    }
    outbox_poke(W.cfg.indexer_socket);
    attachments_nodes_changed(d, r->a, ids);         /* posts stop showing them */
    return resp_empty(r, 204);
}

int h_folder_delete(req *r) { return node_delete(r, "folder"); }
int h_file_delete(req *r) { return node_delete(r, "file"); }

/* PATCH /drives/{id} {"quota_bytes": N | null}: an administrator sets a
 * drive's own quota (0: no limit), or gives it back the platform's
 * default (null). Administrators see no content this way. */
int h_drive_patch(req *r)
{
    if (!acl_is_admin(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    if (req_read_json(r)) return 0;
    json_t *q = json_object_get(r->body, "quota_bytes");
    if (json_object_size(r->body) != 1 || !q || !(json_is_null(q) || (json_is_integer(q) && json_integer_value(q) >= 0)))
        return resp_error(r, 400, "bad_request", M_BAD_FIELD, "quota_bytes");
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    long long changed = json_is_null(q)
        ? db_exec(d, STMT_DRIVE_QUOTA_CLEAR, "i", r->ids[0])
        : db_exec(d, STMT_DRIVE_QUOTA_SET, "ii", (long long)json_integer_value(q), r->ids[0]);
    if (changed < 0
        || db_exec(d, STMT_AUDIT_DRIVE_QUOTA, "iis", r->user->id, r->ids[0],
                   json_is_null(q) ? "default" : arena_printf(r->a, "%lld", (long long)json_integer_value(q))) < 0
        || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    db_rows *row = db_query(d, r->a, STMT_DRIVE_USAGE, "i", r->ids[0]);
    if (!row) return resp_db_error(r);
    if (row->nrows == 0) return resp_error(r, 404, "not_found", M_NODE_NOT_FOUND);
    return resp_json(r, 200, json_pack("{s:I,s:o,s:I}", "id", (json_int_t)db_cell_int(row, 0, 0),
        "quota_bytes", db_cell(row, 0, 1) ? json_integer(db_cell_int(row, 0, 1)) : json_null(),
        "used_bytes", (json_int_t)db_cell_int(row, 0, 2)));
}
