#include "file_family.h"
#include <string.h>

static int starts(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

const char *file_family(const char *mime)
{
    static const struct { const char *prefix, *family; } table[] = {
        { "application/pdf", "pdf" },
        { "application/msword", "document" },
        { "application/vnd.openxmlformats-officedocument.wordprocessingml", "document" },
        { "application/vnd.oasis.opendocument.text", "document" },
        { "application/rtf", "document" }, { "text/rtf", "document" },
        { "application/epub+zip", "document" },
        { "application/vnd.ms-excel", "spreadsheet" },
        { "application/vnd.openxmlformats-officedocument.spreadsheetml", "spreadsheet" },
        { "application/vnd.oasis.opendocument.spreadsheet", "spreadsheet" },
        { "text/csv", "spreadsheet" }, { "application/csv", "spreadsheet" },
        { "application/vnd.ms-powerpoint", "presentation" },
        { "application/vnd.openxmlformats-officedocument.presentationml", "presentation" },
        { "application/vnd.oasis.opendocument.presentation", "presentation" },
        { "message/rfc822", "email" },
        { "image/", "image" }, { "audio/", "audio" }, { "video/", "video" },
        { "text/", "text" }, { "application/json", "text" },
        { "application/zip", "archive" }, { "application/x-tar", "archive" }, { "application/gzip", "archive" },
        { "application/x-gzip", "archive" }, { "application/x-7z-compressed", "archive" },
        { "application/x-bzip2", "archive" }, { "application/x-xz", "archive" }, { "application/x-rar", "archive" },
    };
    if (!mime) return "other";
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (starts(mime, table[i].prefix)) return table[i].family;
    return "other";
}

int file_family_valid(const char *name)
{
    static const char families[] = FILE_FAMILIES;
    size_t n = strlen(name);
    const char *p = families;
    while (n && (p = strstr(p, name))) {
        if ((p == families || p[-1] == '|') && (p[n] == '|' || p[n] == 0)) return 1;
        p += n;
    }
    return 0;
}
