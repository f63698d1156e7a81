/* What previews share (preview_kind.h). */
#include "preview_kind.h"
#include "outbox.h"
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int one_of(const char *mime, const char *const *types)
{
    for (; *types; types++) if (strcmp(mime, *types) == 0) return 1;
    return 0;
}

preview_kind preview_kind_of(const char *mime)
{
    if (!mime) return PK_NONE;
    static const char *const images[] = { "image/jpeg", "image/png", "image/gif", "image/webp", "image/heic",
        "image/heif", "image/avif", "image/tiff", NULL };
    if (one_of(mime, images)) return PK_IMAGE;
    if (strcmp(mime, "application/pdf") == 0) return PK_PDF;
    if (starts(mime, "video/")) return PK_VIDEO;
    /* office documents (previewer/office.h): converted to PDF */
    static const char *const office[] = { "application/msword", "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint", "application/vnd.ms-office", "application/CDFV2", "text/rtf",
        "application/rtf", NULL };
    if (one_of(mime, office) || starts(mime, "application/vnd.openxmlformats-officedocument.")
        || starts(mime, "application/vnd.oasis.opendocument.")) return PK_OFFICE;
    /* text and code, never run: their first lines drawn */
    if (starts(mime, "text/") || strcmp(mime, "application/json") == 0 || strcmp(mime, "application/csv") == 0
        || strcmp(mime, "application/javascript") == 0 || strcmp(mime, "application/x-sh") == 0
        || strcmp(mime, "application/xml") == 0 || strcmp(mime, "image/svg+xml") == 0) return PK_TEXT;
    return PK_NONE;
}

const char *preview_kind_name(preview_kind k)
{
    static const char *const names[] = { "", "image", "pdf", "video", "text", "office" };
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "";
}

void preview_root(const char *var_dir, char *out, size_t n)
{
    snprintf(out, n, "%s/previews", var_dir);
}

void preview_path(const char *root, const char *sha, const char *suffix, char *out, size_t n)
{
    snprintf(out, n, "%s/%.2s/%.2s/%s%s", root, sha, sha + 2, sha, suffix);
}

void preview_remove_files(const char *root, const char *sha)
{
    if (strlen(sha) != 64) return;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/%.2s/%.2s", root, sha, sha + 2);
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strncmp(e->d_name, sha, 64) == 0 && (e->d_name[64] == '-' || e->d_name[64] == '.'))
            unlinkat(dirfd(d), e->d_name, 0);
    closedir(d);
}

void preview_socket(const char *var_dir, char *out, size_t n)
{
    snprintf(out, n, "%s/run/previewer.sock", var_dir);
}

void preview_poke(const char *var_dir)
{
    char sock[600];
    preview_socket(var_dir, sock, sizeof sock);
    outbox_poke(sock);
}

int preview_enqueue(db *d, const char *sha, long long page, int priority)
{
    return db_exec(d, STMT_PREVIEW_QUEUE_ADD, "siisi", sha, page, (long long)priority, sha, page) < 0 ? -1 : 0;
}
