#include "office_sniff.h"
#include "archive_entries.h"
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SNIFF_ENTRIES_MAX 20000

/* The office type of an opened zip, from its entries' names, into mime. */
static void sniff(struct archive *a, char *mime, size_t mlen)
{
    struct archive_entry *e;
    for (int entries = 0; entries < SNIFF_ENTRIES_MAX && archive_next_entry(a, &e) == 1; entries++) {
        const char *name = archive_entry_pathname(e), *found = NULL;
        char type[100];
        if (!name) continue;
        if (strcmp(name, "word/document.xml") == 0)
            found = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        else if (strcmp(name, "xl/workbook.xml") == 0)
            found = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        else if (strcmp(name, "ppt/presentation.xml") == 0)
            found = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
        else if (strcmp(name, "mimetype") == 0) {
            la_ssize_t n = archive_read_data(a, type, sizeof type - 1);
            type[n > 0 ? n : 0] = 0;
            type[strcspn(type, " \r\n")] = 0;
            if (strncmp(type, "application/vnd.oasis.opendocument.", 35) == 0 || strcmp(type, "application/epub+zip") == 0)
                found = type;
        }
        if (found) { snprintf(mime, mlen, "%s", found); return; }
    }
}

void office_sniff(const char *path, const char *buf, size_t len, char *mime, size_t mlen)
{
    *mime = 0;
    struct archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    if ((path ? archive_read_open_filename(a, path, 1 << 16) : archive_read_open_memory(a, buf, len)) == ARCHIVE_OK)
        sniff(a, mime, mlen);
    archive_read_free(a);
}

void office_sniff_fd(int fd, char *mime, size_t mlen)
{
    *mime = 0;
    if (lseek(fd, 0, SEEK_SET) != 0) return;
    struct archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    if (archive_read_open_fd(a, fd, 1 << 16) == ARCHIVE_OK) sniff(a, mime, mlen);
    archive_read_free(a);
}
