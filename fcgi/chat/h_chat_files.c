/* Files in conversations. A file comes from the computer (nginx writes the
 * upload to disk, as for the drive: the worker is asked first, then
 * stores the bytes) or from the drive (its current version, by reference);
 * either becomes an attachment waiting for its message. The bytes are a
 * reference in the blob store, opened only through the conversation: what
 * was sent stays readable by its participants whatever happens to the
 * drive's file, and by nobody else. */
#include "blobstore.h"
#include "chat/chat_model.h"
#include "core/respond.h"
#include "chat/handlers.h"
#include "chat_message.h"
#include "core/validate.h"
#include "core/worker.h"
#include "drive/drive_model.h"
#include "drive/upload_body.h"
#include "drive/file_send.h"
#include "drive/preview_answer.h"
#include "log.h"
#include "preview_kind.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CHAT_UPLOAD_MAX (100LL * 1024 * 1024)

static int answer_attachment(req *r, long long id, const char *name, long long size, const char *mime)
{
    return resp_json(r, 201, json_pack("{s:I,s:s,s:I,s:s,s:b}", "id", (json_int_t)id, "name", name,
                                       "size", (json_int_t)size, "mime", mime, "image", chat_image_mime(mime)));
}

int h_chat_file_upload(req *r)
{
    if (!r->phase || (strcmp(r->phase, "check") && strcmp(r->phase, "store")))
        return resp_error(r, 400, "bad_request", M_UPLOAD_DIRECT);
    conversation c;
    if (!conversation_allows(r, r->ids[0], CA_ATTACH, &c)) return 0;
    const char *name = upload_name(r);
    if (!name) return 0;
    long long size;
    if (!upload_declared(r, CHAT_UPLOAD_MAX, &size)) return 0;
    if (strcmp(r->phase, "check") == 0) return resp_empty(r, 204);

    blob_info b;
    const char *tmp;
    if (!upload_body_examine(r, CHAT_UPLOAD_MAX, &b, &tmp)) return 0;
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    /* the blob's row first: the lock under which its file is placed (blob_gc.h) */
    if (db_exec(d, STMT_BLOB_REF_ADD, "sis", b.sha256, b.size, b.mime) < 0) { db_rollback(d); return resp_db_error(r); }
    if (blob_store(arena_printf(r->a, "%s/blobs", W.cfg.var_dir), tmp, &b)) {
        int full = errno == ENOSPC;
        db_rollback(d);
        log_error("chat upload: the blob store refused %s: %s", b.sha256, strerror(errno));
        return full ? resp_error(r, 507, "insufficient_storage", M_DISK_FULL, drive_size_text(r, 0))
                    : resp_error(r, 500, "internal", M_INTERNAL);
    }
    if (db_exec(d, STMT_CHAT_ATTACHMENT_INSERT, "iissis", c.id, r->user->id, name, b.sha256, b.size, b.mime) < 0) {
        db_rollback(d);          /* a blob placed for nothing: the orphans' sweep removes it */
        return resp_db_error(r);
    }
    long long id = db_last_id(d);
    /* its thumbnails made ahead, as a drive's upload's (docs/previews.md) */
    int previewed = preview_kind_of(b.mime) != PK_NONE;
    if ((previewed && preview_enqueue(d, b.sha256, 0, 0)) || db_commit(d)) { db_rollback(d); return resp_db_error(r); }
    if (previewed) preview_poke(W.cfg.var_dir);
    return answer_attachment(r, id, name, b.size, b.mime);
}

static const field_spec attach_fields[] = {
    { "file_id", F_ID, 1, 0, NULL },
    { NULL, 0, 0, 0, NULL },
};

int h_chat_attachment_create(req *r)
{
    conversation c;
    if (!conversation_allows(r, r->ids[0], CA_ATTACH, &c)) return 0;
    if (req_read_json(r) || validate_body(r, attach_fields)) return 0;
    drive_node n;
    if (!node_find(r, body_int(r, "file_id", 0), "file", 0, &n) || !node_allows(r, &n, DA_READ)) return 0;
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    db_rows *v = db_query(d, r->a, STMT_VERSION_SHA_SIZE_MIME, "ii", n.id, n.version);
    if (!v || v->nrows == 0) { db_rollback(d); return resp_db_error(r); }
    const char *sha = db_cell(v, 0, 0), *mime = db_cell(v, 0, 2);
    long long size = db_cell_int(v, 0, 1);
    if (db_exec(d, STMT_BLOB_REF_INCREMENT, "s", sha) < 0
        || db_exec(d, STMT_CHAT_ATTACHMENT_INSERT, "iissis", c.id, r->user->id, n.name, sha, size, mime) < 0) {
        db_rollback(d);
        return resp_db_error(r);
    }
    long long id = db_last_id(d);
    if (db_commit(d)) return resp_db_error(r);
    return answer_attachment(r, id, n.name, size, mime);
}

/* The attachment `r->ids[1]` of conversation `r->ids[0]` if the asker may
 * open it (its row in *q), or answered: a participant, once it is sent;
 * one not sent yet is its uploader's alone; a deleted message's, nobody's. */
static int readable_attachment(req *r, db_rows **q)
{
    conversation c;
    if (!conversation_allows(r, r->ids[0], CA_READ, &c)) return 0;
    *q = db_query(worker_db(), r->a, STMT_CHAT_ATTACHMENT_FOR_READER, "ii", r->ids[1], c.id);
    if (!*q) { resp_db_error(r); return 0; }
    if ((*q)->nrows == 0 || (!db_cell(*q, 0, 3) && db_cell_int(*q, 0, 4) != r->user->id) || db_cell_int(*q, 0, 5)) {
        resp_error(r, 404, "not_found", M_NOT_FOUND);
        return 0;
    }
    return 1;
}

int h_chat_attachment_content(req *r)
{
    db_rows *q;
    if (!readable_attachment(r, &q)) return 0;
    return file_send(r, db_cell(q, 0, 0), db_cell(q, 0, 1), db_cell(q, 0, 2));
}

/* Its previews (docs/previews.md), for those who may open it. */
static int attachment_preview(req *r, preview_ask ask, long long page)
{
    db_rows *q;
    if (!readable_attachment(r, &q)) return 0;
    return preview_answer(r, db_cell(q, 0, 1), db_cell(q, 0, 2), ask, page);
}

int h_chat_attachment_preview(req *r) { return attachment_preview(r, ASK_THUMBNAIL, 0); }
int h_chat_attachment_pages(req *r) { return attachment_preview(r, ASK_PAGE_COUNT, 0); }
int h_chat_attachment_page(req *r) { return attachment_preview(r, ASK_PAGE, r->ids[2]); }
