/* Archives (zip, tar, 7z, compressed or not): each entry's name, and the
 * text of each entry by its type, recursing into archives inside archives
 * to ARCHIVE_DEPTH_MAX (office documents, EPUB and e-mails inside are
 * read; legacy formats and RTF, which need a converter and a file, are
 * given one in memory: a memfd, its /proc/self/fd path inherited by the
 * converter). Entries are read into fixed buffers with caps per entry, per
 * archive and on the number of entries; nothing is written to disk. */
#include "archive_entries.h"
#include "extract.h"
#include <archive.h>
#include <archive_entry.h>
#include <libxml/HTMLparser.h>
#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#define ENTRY_MAX (8 << 20)              /* bytes read of one entry */
#define ARCHIVE_READ_MAX (64 << 20)      /* bytes read of all entries */
#define ENTRIES_MAX 10000

typedef struct {
    magic_t magic;
    size_t total;                        /* bytes read so far, all levels */
    int entries;
    int encrypted;                       /* entries not read: protected */
} walk;

static void html_text(xmlNode *n, extract_sink *s)
{
    for (; n && !sink_full(s); n = n->next) {
        if (n->type == XML_ELEMENT_NODE && n->name
            && (strcasecmp((const char *)n->name, "script") == 0 || strcasecmp((const char *)n->name, "style") == 0))
            continue;
        if (n->type == XML_TEXT_NODE && n->content) {
            sink_text(s, (const char *)n->content, strlen((const char *)n->content));
            sink_text(s, " ", 1);
        }
        html_text(n->children, s);
    }
}

static int walk_archive(struct archive *a, walk *w, int depth, extract_sink *s, char *reason, size_t rlen);

/* A reader that needs a file (the converters, libgsf) on an entry: a file
 * in memory, its path /proc/self/fd/N (the converters inherit N). */
static void as_file(const char *buf, size_t len, const char *mime, extract_sink *s)
{
    int fd = memfd_create("entry", 0);
    if (fd < 0) return;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, buf + done, len - done);
        if (n <= 0) break;
        done += (size_t)n;
    }
    char path[64], why[160];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    if (done == len) {
        if (strcmp(mime, "text/rtf") == 0 || strcmp(mime, "application/rtf") == 0) extract_rtf(path, s, why, sizeof why);
        else extract_legacy(path, mime, s, why, sizeof why);
    }
    close(fd);
}

static int is_ole(const char *mime)
{
    static const char *const ole[] = { "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
        "application/vnd.ms-office", "application/CDFV2", "application/x-ole-storage", "application/vnd.ms-outlook",
        "text/rtf", "application/rtf", NULL };
    for (const char *const *p = ole; *p; p++) if (strcmp(mime, *p) == 0) return 1;
    return 0;
}

/* One entry's bytes, by their type. */
static void entry_text(walk *w, char *buf, size_t len, int depth, extract_sink *s)
{
    const char *mime = w->magic ? magic_buffer(w->magic, buf, len) : NULL;
    if (!mime) return;
    char why[160], office[128];
    if (strcmp(mime, "application/zip") == 0) {
        /* an office document libmagic did not name is read as such */
        office_sniff(NULL, buf, len, office, sizeof office);
        if (*office) mime = office;
    }
    if (is_ole(mime)) {
        as_file(buf, len, mime, s);
    } else if (strncmp(mime, "text/html", 9) == 0) {
        htmlDocPtr doc = htmlReadMemory(buf, (int)len, NULL, NULL, HTML_PARSE_NONET | HTML_PARSE_NOERROR
                                        | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
        if (doc) { html_text(xmlDocGetRootElement(doc), s); xmlFreeDoc(doc); }
    } else if (strncmp(mime, "text/", 5) == 0) {
        for (size_t i = 0; i < len; i++) if (!buf[i]) buf[i] = ' ';
        sink_text(s, buf, len);
    } else if (strcmp(mime, "application/pdf") == 0) {
        extract_pdf_memory(buf, len, s, why, sizeof why);
    } else if (strncmp(mime, "application/vnd.openxmlformats-officedocument.", 46) == 0
               || strncmp(mime, "application/vnd.oasis.opendocument.", 35) == 0
               || strcmp(mime, "application/epub+zip") == 0) {
        extract_office_memory(buf, len, mime, s, why, sizeof why);
    } else if (strcmp(mime, "message/rfc822") == 0) {
        extract_mail_memory(buf, len, s, why, sizeof why);
    } else if (depth + 1 < ARCHIVE_DEPTH_MAX) {
        /* an archive inside: read from memory */
        struct archive *in = archive_read_new();
        archive_read_support_filter_all(in);
        archive_read_support_format_all(in);
        if (archive_read_open_memory(in, buf, len) == ARCHIVE_OK) walk_archive(in, w, depth + 1, s, why, sizeof why);
        archive_read_free(in);
    }
    sink_text(s, "\n", 1);
}

static int walk_archive(struct archive *a, walk *w, int depth, extract_sink *s, char *reason, size_t rlen)
{
    char *buf = malloc(ENTRY_MAX);
    struct archive_entry *e;
    int rc = 0, next = 0;
    while (buf && !sink_full(s) && (next = archive_next_entry(a, &e)) == 1) {
        if (++w->entries > ENTRIES_MAX) { snprintf(reason, rlen, "over %d entries", ENTRIES_MAX); rc = -1; break; }
        const char *name = archive_entry_name(e);
        if (name) { sink_text(s, name, strlen(name)); sink_text(s, "\n", 1); }
        if (archive_entry_filetype(e) != AE_IFREG) continue;
        /* a protected entry: its name only */
        if (archive_entry_is_data_encrypted(e)) { w->encrypted = 1; continue; }
        size_t len = 0;
        la_ssize_t n;
        while (len < ENTRY_MAX && w->total + len < ARCHIVE_READ_MAX
               && (n = archive_read_data(a, buf + len, ENTRY_MAX - len)) > 0)
            len += (size_t)n;
        w->total += len;
        /* a cut entry is still read for what it gave */
        if (len) entry_text(w, buf, len, depth, s);
        if (w->total >= ARCHIVE_READ_MAX) { snprintf(reason, rlen, "over %d MiB read", ARCHIVE_READ_MAX >> 20); break; }
    }
    /* broken before its first entry: nothing to index, and the reason is
     * kept for « Administration › Recherche »; broken later, what came
     * before is indexed */
    const char *err = next < 0 ? archive_error_string(a) : NULL;
    if (next < 0 && depth == 0 && (archive_read_has_encrypted_entries(a) > 0
                                   || (err && (strcasestr(err, "encrypt") || strcasestr(err, "passphrase"))))) {
        /* a 7z whose names are encrypted too: nothing but the reason */
        snprintf(reason, rlen, "%s", REASON_ENCRYPTED);
        rc = w->entries ? 0 : -1;
    } else if (next < 0 && w->entries == 0 && depth == 0) {
        snprintf(reason, rlen, "broken archive: %s", archive_error_string(a) ? archive_error_string(a) : "?");
        rc = -1;
    }
    free(buf);
    return rc;
}

int extract_archive(const char *path, extract_sink *s, char *reason, size_t rlen)
{
    struct archive *a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_all(a);
    if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
        snprintf(reason, rlen, "not a readable archive");
        archive_read_free(a);
        return -1;
    }
    walk w = { magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS), 0, 0, 0 };
    if (w.magic && magic_load(w.magic, NULL) != 0) { magic_close(w.magic); w.magic = NULL; }
    int rc = walk_archive(a, &w, 0, s, reason, rlen);
    if (!rc && !*reason && w.encrypted) snprintf(reason, rlen, "%s", REASON_ENCRYPTED);   /* the names are kept */
    if (w.magic) magic_close(w.magic);
    archive_read_free(a);
    return rc;
}
