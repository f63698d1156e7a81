/* What every upload shares (upload_body.h). */
#include "drive/upload_body.h"
#include "core/respond.h"
#include "core/worker.h"
#include "drive/drive_model.h"
#include "drive/drive_names.h"
#include "log.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

/* Bytes free for this process on the filesystem of `path` (LLONG_MAX when
 * it cannot say: nothing is refused for it). */
static long long disk_free(const char *path)
{
    struct statvfs v;
    if (statvfs(path, &v) != 0) return LLONG_MAX;
    return (long long)v.f_bavail * (long long)v.f_frsize;
}

int upload_declared(req *r, long long max, long long *size)
{
    const char *declared = FCGX_GetParam("PARVIS_DECLARED_LENGTH", r->fr->envp);
    char *end = NULL;
    *size = declared && *declared ? strtoll(declared, &end, 10) : 0;
    if (end && (*end || *size < 0)) { resp_error(r, 400, "bad_request", M_BAD_QUERY); return 0; }
    if (*size > max) {
        resp_error(r, 413, "too_large", M_UPLOAD_TOO_LARGE, drive_size_text(r, max));
        return 0;
    }
    /* the blob store's filesystem must keep its reserve for MariaDB and the logs */
    long long left = disk_free(arena_printf(r->a, "%s/nginx/body", W.cfg.var_dir)) - (long long)W.cfg.disk_reserve_mb * 1048576;
    if (*size > left) {
        log_error("upload refused: %lld bytes declared, %lld free past the reserve", *size, left);
        resp_error(r, 507, "insufficient_storage", M_DISK_FULL, drive_size_text(r, left > 0 ? left : 0));
        return 0;
    }
    return 1;
}

const char *upload_name(req *r)
{
    const char *uri = FCGX_GetParam("REQUEST_URI", r->fr->envp);
    const char *p = uri ? strstr(uri, "/files/") : NULL;
    if (!p) { resp_error(r, 400, "bad_request", M_NAME_EMPTY); return NULL; }
    p += 7;
    size_t n = strcspn(p, "?");
    for (size_t i = 0; i + 2 < n; i++)
        if (p[i] == '%' && p[i + 1] == '0' && p[i + 2] == '0') { resp_error(r, 400, "bad_request", M_NAME_CONTROL); return NULL; }
    const char *name = req_decode_path(r->a, p, n);
    if (!name) { resp_error(r, 400, "bad_request", M_NAME_UTF8); return NULL; }
    msg_id m;
    const char *kept = drive_name_accept(r->a, name, &m);
    if (!kept) { resp_error(r, 400, "bad_request", m); return NULL; }
    return kept;
}

int upload_body_examine(req *r, long long max, blob_info *b, const char **path)
{
    const char *tmp = FCGX_GetParam("PARVIS_UPLOAD_FILE", r->fr->envp);
    /* only a file of nginx's body directory, which nginx itself named */
    const char *body_dir = arena_printf(r->a, "%s/nginx/body/", W.cfg.var_dir);
    if (!tmp || strncmp(tmp, body_dir, strlen(body_dir)) != 0 || strstr(tmp, "/../")) {
        resp_error(r, 400, "bad_request", M_UPLOAD_DIRECT);
        return 0;
    }
    if (blob_examine(tmp, b)) {
        if (errno == ENOSPC) resp_error(r, 507, "insufficient_storage", M_DISK_FULL, drive_size_text(r, 0));
        else resp_error(r, 500, "internal", M_INTERNAL);
        return 0;
    }
    if (b->size > max) {
        resp_error(r, 413, "too_large", M_UPLOAD_TOO_LARGE, drive_size_text(r, max));
        return 0;
    }
    *path = tmp;
    return 1;
}
