/* Previews of drive files (docs/previews.md): the thumbnails of a file's
 * current version, a document's page count and its pages. Whoever may not
 * read the file gets 404 (acl_file_preview, the download's rule); a
 * preview not made yet is asked of the previewer (its outbox row, first in
 * line) and answered 202 with Retry-After; one that cannot be made, 415
 * with its reason. A post's attachment is previewed for whoever reads its
 * post, a conversation's for its participants (chat/h_chat_files.c), like
 * their content. The image's bytes are sent by nginx (X-Accel-Redirect
 * to the internal /_previews/ location: nosniff, an image type, private
 * caching revalidated here each time). */
#include "blobstore.h"
#include "preview_kind.h"
#include "drive/drive_model.h"
#include "drive/handlers.h"
#include "drive/preview_answer.h"
#include "feed/posts_model.h"
#include "core/respond.h"
#include "core/worker.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define RETRY_SECONDS "2"

/* The file, if the asker may see its previews, and its current content. */
static int preview_source(req *r, drive_node *n, const char **sha, const char **mime)
{
    if (!node_find(r, r->ids[0], "file", 0, n)) return 0;
    if (acl_file_preview(r->user, &n->facts) != ACL_ALLOW) { resp_error(r, 404, "not_found", M_NODE_NOT_FOUND); return 0; }
    db_rows *q = db_query(worker_db(), r->a, STMT_VERSION_SHA_MIME, "ii", n->id, n->version);
    if (!q) { resp_db_error(r); return 0; }
    if (q->nrows == 0) { resp_error(r, 404, "not_found", M_NODE_NOT_FOUND); return 0; }
    *sha = db_cell(q, 0, 0);
    *mime = db_cell(q, 0, 1);
    return 1;
}

/* 415 with the reason recorded (its code before the colon says which
 * message a person reads). */
static int no_preview(req *r, const char *reason)
{
    static const struct { const char *code; msg_id m; } known[] = {
        { "unsupported", M_PREVIEW_UNSUPPORTED }, { "too_large", M_PREVIEW_TOO_LARGE },
        { "unreadable", M_PREVIEW_UNREADABLE }, { "encrypted", M_PREVIEW_ENCRYPTED }, { "empty", M_PREVIEW_EMPTY },
        { "timeout", M_PREVIEW_LIMIT }, { "limit", M_PREVIEW_LIMIT }, { "office", M_PREVIEW_OFFICE },
        { "no_page", M_PREVIEW_NO_PAGES },
    };
    msg_id m = M_PREVIEW_FAILED;
    for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
        size_t k = strlen(known[i].code);
        if (strncmp(reason, known[i].code, k) == 0 && reason[k] == ':') m = known[i].m;
    }
    return resp_error_with(r, 415, "no_preview", "reason", json_string(reason), m);
}

/* Asked of the previewer, first in line: 202 until it is made. */
static int pending(req *r, const char *sha, long long page)
{
    db *d = worker_db();
    if (preview_enqueue(d, sha, page, 1)) return resp_db_error(r);
    preview_poke(W.cfg.var_dir);
    resp_header(r, "Retry-After", RETRY_SECONDS);
    return resp_json(r, 202, json_pack("{s:s,s:s}", "status", "pending", "message", msg_format(r->lang, M_PREVIEW_PENDING)));
}

/* The row of (sha, page): 1 made (its columns in *row), 0 not yet (the
 * answer given: 202), -1 answered (415 or an error). */
static int preview_row(req *r, const char *sha, long long page, db_rows **row)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_PREVIEW_OF, "si", sha, page);
    if (!q) { resp_db_error(r); return -1; }
    if (q->nrows == 0) { pending(r, sha, page); return 0; }
    if (strcmp(db_cell(q, 0, 0), "ready") != 0) { no_preview(r, db_cell(q, 0, 1)); return -1; }
    *row = q;
    return 1;
}

/* The image, sent by nginx; one whose file is missing (a backup restored
 * without its previews, a file removed by hand) is made again. */
static int send_image(req *r, const char *sha, long long page, const char *suffix)
{
    char root[600], file[900];
    preview_root(W.cfg.var_dir, root, sizeof root);
    preview_path(root, sha, suffix, file, sizeof file);
    if (access(file, R_OK) != 0) {
        if (db_exec(worker_db(), STMT_PREVIEW_FORGET, "si", sha, page) < 0) return resp_db_error(r);
        return pending(r, sha, page);
    }
    char path[256];
    preview_path("/_previews", sha, suffix, path, sizeof path);
    resp_header(r, "X-Accel-Redirect", path);
    resp_stream_typed(r, 200, "image/webp");
    return 0;
}

/* The thumbnails' kind first: a type without previews is said at once. */
static int previewable(req *r, const char *mime)
{
    if (preview_kind_of(mime) != PK_NONE) return 1;
    char reason[200];
    snprintf(reason, sizeof reason, "unsupported: no preview for this type (%s)", mime);
    no_preview(r, reason);
    return 0;
}

/* The thumbnail of content `sha` of type `mime`, in the size asked. */
static int thumbnail(req *r, const char *sha, const char *mime)
{
    const char *size = req_query(r, "size");
    if (!size) size = "small";
    if (strcmp(size, "small") && strcmp(size, "large")) return resp_error(r, 400, "bad_request", M_FIELD_ENUM, "size", "small, large");
    if (!previewable(r, mime)) return 0;
    /* an image's small thumbnail is written before its large one
     * (previewer/image.c), whole (renamed into place): served as soon as
     * its file is there */
    char root[600], file[900];
    preview_root(W.cfg.var_dir, root, sizeof root);
    preview_path(root, sha, "-small.webp", file, sizeof file);
    if (strcmp(size, "small") == 0 && access(file, R_OK) == 0) return send_image(r, sha, 0, "-small.webp");
    db_rows *row;
    if (preview_row(r, sha, 0, &row) <= 0) return 0;
    return send_image(r, sha, 0, strcmp(size, "small") == 0 ? "-small.webp" : "-large.webp");
}

/* Page 0's row of a document: its page count; 0 when answered. */
static long long document_pages(req *r, const char *sha, const char *mime)
{
    if (!previewable(r, mime)) return 0;
    db_rows *row;
    if (preview_row(r, sha, 0, &row) <= 0) return 0;
    long long pages = db_cell_int(row, 0, 3);
    const char *kind = db_cell(row, 0, 2);
    if (pages <= 0 || (strcmp(kind, "pdf") && strcmp(kind, "office"))) {
        no_preview(r, "no_page: only documents have pages");
        return 0;
    }
    return pages;
}

int preview_answer(req *r, const char *sha, const char *mime, preview_ask ask, long long page)
{
    if (ask == ASK_THUMBNAIL) return thumbnail(r, sha, mime);
    long long pages = document_pages(r, sha, mime);
    if (!pages) return 0;
    if (ask == ASK_PAGE_COUNT) return resp_json(r, 200, json_pack("{s:I}", "count", (json_int_t)pages));
    if (page < 1 || page > pages) return resp_error(r, 404, "not_found", M_PREVIEW_NO_PAGE, (int)pages);
    db_rows *row;
    if (preview_row(r, sha, page, &row) <= 0) return 0;
    char suffix[32];
    snprintf(suffix, sizeof suffix, "-p%lld.webp", page);
    return send_image(r, sha, page, suffix);
}

/* A drive's file: for whoever may open it. */
static int file_answer(req *r, preview_ask ask, long long page)
{
    drive_node n;
    const char *sha, *mime;
    if (!preview_source(r, &n, &sha, &mime)) return 0;
    return preview_answer(r, sha, mime, ask, page);
}

int h_file_preview(req *r) { return file_answer(r, ASK_THUMBNAIL, 0); }
int h_file_pages(req *r) { return file_answer(r, ASK_PAGE_COUNT, 0); }
int h_file_page(req *r) { return file_answer(r, ASK_PAGE, r->ids[1]); }

/* A post's attachment, for whoever reads the post (as its content: the
 * author chose to show the file there; feed/post_attachments.h). */
static int post_attachment_answer(req *r, preview_ask ask, long long page)
{
    db_rows *post;
    post_facts f;
    if (!post_find(r, r->ids[0], &post, &f)) return 0;
    db_rows *q = db_query(worker_db(), r->a, STMT_ATTACHMENT_FILE, "ii", r->ids[0], r->ids[1]);
    if (!q) return resp_db_error(r);
    if (q->nrows == 0) return resp_error(r, 404, "not_found", M_NODE_NOT_FOUND);
    return preview_answer(r, db_cell(q, 0, 1), db_cell(q, 0, 2), ask, page);
}

int h_post_attachment_preview(req *r) { return post_attachment_answer(r, ASK_THUMBNAIL, 0); }
int h_post_attachment_pages(req *r) { return post_attachment_answer(r, ASK_PAGE_COUNT, 0); }
int h_post_attachment_page(req *r) { return post_attachment_answer(r, ASK_PAGE, r->ids[2]); }
