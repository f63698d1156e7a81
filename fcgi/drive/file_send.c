#include "blobstore.h"
#include "drive/file_send.h"
#include <stdio.h>
#include <string.h>

const char *drive_disposition(req *r, const char *kind, const char *name)
{
    size_t n = strlen(name);
    char *ascii = arena_alloc(r->a, n + 1), *enc = arena_alloc(r->a, n * 3 + 1);
    size_t a = 0, e = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c >= 0x80 && c < 0xC0) { /* one '_' per character, not per byte */ }
        else ascii[a++] = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';' && c != '%' ? (char)c : '_';
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~", c))
            enc[e++] = (char)c;
        else e += (size_t)snprintf(enc + e, 4, "%%%02X", c);     /* 3 bytes per byte at most: n * 3 + 1 */
    }
    ascii[a] = enc[e] = 0;
    return arena_printf(r->a, "%s; filename=\"%s\"; filename*=UTF-8''%s", kind, ascii, enc);
}

/* Types a browser would run or parse as a page: never shown inline. */
static int runnable(const char *mime)
{
    return strstr(mime, "html") || strstr(mime, "svg") || strstr(mime, "xml") || strstr(mime, "javascript")
        || strstr(mime, "ecmascript") || strncmp(mime, "text/x-", 7) == 0 || strcmp(mime, "application/x-shockwave-flash") == 0;
}

/* Types shown in the browser when opened (the rest is downloaded). */
static int shown_inline(const char *mime)
{
    return strncmp(mime, "image/", 6) == 0 || strncmp(mime, "audio/", 6) == 0 || strncmp(mime, "video/", 6) == 0
        || strcmp(mime, "application/pdf") == 0 || strcmp(mime, "text/plain") == 0;
}

int file_send(req *r, const char *name, const char *sha, const char *mime)
{
    const char *download = req_query(r, "download");
    int attach = (download && strcmp(download, "0") != 0) || runnable(mime) || !shown_inline(mime);
    resp_header(r, "Content-Disposition", drive_disposition(r, attach ? "attachment" : "inline", name));
    /* nginx's internal location /_blobs/ is the blob store (nginx.conf.in) */
    char *redirect = arena_alloc(r->a, 128);
    blob_path("/_blobs", sha, redirect, 128);
    resp_header(r, "X-Accel-Redirect", redirect);
    resp_stream_typed(r, 200, strcmp(mime, "text/plain") == 0 ? "text/plain; charset=utf-8" : mime);
    return 0;
}
