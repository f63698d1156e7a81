/* People's photos and groups' images: the two sizes in the blob store,
 * their row in `avatars` (sql/023_avatars.sql). */
#include "accounts/avatar.h"
#include "accounts/avatar_image.h"
#include "authgen.h"
#include "blob_gc.h"
#include "blobstore.h"
#include "log.h"
#include "core/respond.h"
#include "core/worker.h"
#include <errno.h>
#include <fcgiapp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *avatar_version(req *r, const char *kind, long long id, int *failed)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_AVATAR_OF, "si", kind, id);
    if (!q) { *failed = 1; return NULL; }
    return q->nrows ? db_cell(q, 0, 0) : NULL;
}

int avatar_erase(db *d, arena *a, const char *kind, long long id, const char **freed)
{
    *freed = NULL;
    db_rows *q = db_query(d, a, STMT_AVATAR_OF_LOCK, "si", kind, id);
    if (!q) return -1;
    if (!q->nrows) return 0;
    if (db_exec(d, STMT_AVATAR_DELETE, "si", kind, id) < 0
        || db_exec(d, STMT_AVATAR_BLOBS_UNREF, "ss", db_cell(q, 0, 1), db_cell(q, 0, 2)) < 0) return -1;
    *freed = arena_printf(a, "[\"%s\",\"%s\"]", db_cell(q, 0, 1), db_cell(q, 0, 2));
    return 0;
}

static const char *blob_root(req *r)
{
    return arena_printf(r->a, "%s/blobs", W.cfg.var_dir);
}

/* The bytes into the store, inside the open transaction: the blob's row
 * first (so the sweep leaves the file alone), then the file, synced. The
 * SHA-256 into sha. 0, or -1 (errno, or MariaDB). */
static int store_bytes(req *r, db *d, const void *bytes, size_t len, char sha[65])
{
    const char *root = blob_root(r);
    char tmp[700];
    snprintf(tmp, sizeof tmp, "%s/avatar-XXXXXX", root);
    int fd = mkstemp(tmp);
    if (fd < 0) return -1;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, (const char *)bytes + done, len - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += (size_t)n;
    }
    close(fd);
    blob_info b;
    if (done != len || blob_examine(tmp, &b)) { unlink(tmp); return -1; }
    if (db_exec(d, STMT_BLOB_REF_ADD, "sis", b.sha256, b.size, b.mime) < 0) { unlink(tmp); return -1; }
    if (blob_store(root, tmp, &b)) { unlink(tmp); return -1; }
    memcpy(sha, b.sha256, 65);
    return 0;
}

/* The body (at most AVATAR_MAX_BYTES; more is refused before reading) */
static char *read_body(req *r, size_t *len, int *status, msg_id *why)
{
    const char *len_s = FCGX_GetParam("CONTENT_LENGTH", r->fr->envp);
    long long n = len_s && *len_s ? strtoll(len_s, NULL, 10) : 0;
    if (n > AVATAR_MAX_BYTES) { *status = 413; *why = M_AVATAR_TOO_LARGE; return NULL; }
    if (n <= 0) { *status = 400; *why = M_AVATAR_EMPTY; return NULL; }
    char *buf = malloc((size_t)n);
    if (!buf) { *status = 500; *why = M_INTERNAL; return NULL; }
    int got = FCGX_GetStr(buf, (int)n, r->fr->in);
    if (got != (int)n) { free(buf); *status = 400; *why = M_AVATAR_EMPTY; return NULL; }
    *len = (size_t)n;
    return buf;
}

static int refuse(req *r, int status, msg_id why)
{
    const char *code = status == 413 ? "too_large" : status == 415 ? "unsupported_media_type"
                     : status == 422 ? "unreadable_image" : status == 400 ? "bad_request" : "internal";
    if (why == M_AVATAR_TOO_LARGE) return resp_error(r, status, code, why, AVATAR_MAX_BYTES / (1024 * 1024));
    if (why == M_AVATAR_TOO_MANY_PIXELS) return resp_error(r, status, code, why, (int)(AVATAR_MAX_PIXELS / 1000000));
    return resp_error(r, status, code, why);
}

/* After a commit that changed a photo: the cached posts name their
 * author's photo (feed/post_cache.c) */
static void changed(const char *kind, long long id)
{
    if (strcmp(kind, "user") == 0) {
        authgen_global_bump(AUTHGEN_POSTS);
        authgen_bump(id);
    } else {
        authgen_global_bump(AUTHGEN_GROUPS);
    }
}

int avatar_put(req *r, const char *kind, long long id, json_t *(*answer)(req *r, long long id))
{
    size_t len = 0;
    int status = 0;
    msg_id why = M_INTERNAL;
    char *body = read_body(r, &len, &status, &why);
    if (!body) return refuse(r, status, why);
    avatar_pics p;
    status = avatar_make(body, len, &p, &why);
    free(body);
    if (status) return refuse(r, status, why);
    db *d = worker_db();
    char small[65], large[65];
    const char *freed = NULL;
    int rc = !d || db_begin(d) ? -2 : 0;
    if (!rc) {
        db_rows *old = db_query(d, r->a, STMT_AVATAR_OF_LOCK, "si", kind, id);
        rc = !old || store_bytes(r, d, p.small, p.small_len, small) || store_bytes(r, d, p.large, p.large_len, large)
          || db_exec(d, STMT_AVATAR_UPSERT, "sissss", kind, id, arena_printf(r->a, "%.12s", large), small, large,
                     "image/jpeg") < 0 ? -1 : 0;
        if (!rc && old->nrows) {
            rc = db_exec(d, STMT_AVATAR_BLOBS_UNREF, "ss", db_cell(old, 0, 1), db_cell(old, 0, 2)) < 0 ? -1 : 0;
            freed = arena_printf(r->a, "[\"%s\",\"%s\"]", db_cell(old, 0, 1), db_cell(old, 0, 2));
        }
        if (!rc && db_commit(d)) rc = -1;
        if (rc) db_rollback(d);
    }
    avatar_pics_free(&p);
    if (rc) {
        log_error("avatar of %s %lld not stored: %s", kind, id, d ? db_error(d) : strerror(errno));
        return resp_db_error(r);
    }
    blob_release(d, r->a, blob_root(r), freed);
    changed(kind, id);
    log_info("avatar of %s %lld set by user=%lld", kind, id, r->user->id);
    return resp_json(r, 200, answer(r, id));
}

int avatar_delete(req *r, const char *kind, long long id, json_t *(*answer)(req *r, long long id))
{
    db *d = worker_db();
    const char *freed = NULL;
    if (!d || db_begin(d)) return resp_db_error(r);
    if (avatar_erase(d, r->a, kind, id, &freed) || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    blob_release(d, r->a, blob_root(r), freed);
    if (freed) changed(kind, id);
    return resp_json(r, 200, answer(r, id));
}

int avatar_send(req *r, const char *version, const char *sha_small, const char *sha_large, const char *mime)
{
    const char *size = req_query(r, "size");
    int large = size && (strcmp(size, "256") == 0 || strcmp(size, "large") == 0);
    if (size && !large && strcmp(size, "64") != 0 && strcmp(size, "small") != 0)
        return resp_error(r, 400, "bad_request", M_BAD_FIELD, "size");
    const char *v = req_query(r, "v");
    /* the URL names this very image: the browser keeps it (nginx's
     * /_avatars/); otherwise it asks again each time (/_avatars_fresh/) */
    int current = v && version && strcmp(v, version) == 0;
    char *redirect = arena_alloc(r->a, 160);
    blob_path(current ? "/_avatars" : "/_avatars_fresh", large ? sha_large : sha_small, redirect, 160);
    resp_header(r, "X-Accel-Redirect", redirect);
    resp_stream_typed(r, 200, mime);
    return 0;
}
