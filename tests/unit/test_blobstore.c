/* The blob store: hashing and typing from the content, storing once per
 * content (the temporary file moved in, or dropped when the content is
 * there already), and the start-up sweep removing what no row names. */
#include "blobstore.h"
#include "unit.h"
#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) { fputs(text, f); fclose(f); }
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* A zip of the given entries, each holding a few bytes. */
static void write_zip(const char *path, const char *const *names)
{
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    if (archive_write_open_filename(a, path) != ARCHIVE_OK) { archive_write_free(a); return; }
    for (; *names; names++) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, *names);
        archive_entry_set_size(e, 5);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_write_header(a, e);
        archive_write_data(a, "<a/>\n", 5);
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
}

static const char *kept;

static int keep_one(const char *sha256, void *ctx)
{
    (void)ctx;
    return strcmp(sha256, kept) == 0;
}

int main(void)
{
    char dir[] = "/tmp/parvis-blobs-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    char root[600], tmp[600], tmp2[600], path[1200];
    snprintf(root, sizeof root, "%s/blobs", dir);
    snprintf(tmp, sizeof tmp, "%s/upload1", dir);
    snprintf(tmp2, sizeof tmp2, "%s/upload2", dir);

    /* SHA-256 of "abc" is well known; the type comes from the content */
    write_file(tmp, "abc");
    blob_info b;
    CHECK(blob_examine(tmp, &b) == 0);
    CHECK_STR(b.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(b.size == 3);
    CHECK_STR(b.mime, "text/plain");
    CHECK(b.synced);
    write_file(tmp2, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");
    blob_info pdf;
    CHECK(blob_examine(tmp2, &pdf) == 0);
    CHECK_STR(pdf.mime, "application/pdf");
    /* a .docx whose first entry is not the one libmagic looks at: typed
     * from its entries' names; a plain zip stays a zip */
    char zip[600];
    snprintf(zip, sizeof zip, "%s/document", dir);
    write_zip(zip, (const char *const[]){ "docProps/app.xml", "word/document.xml", "[Content_Types].xml", NULL });
    blob_info docx;
    CHECK(blob_examine(zip, &docx) == 0);
    CHECK_STR(docx.mime, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    write_zip(zip, (const char *const[]){ "notes.txt", "word.txt", NULL });
    blob_info plain;
    CHECK(blob_examine(zip, &plain) == 0);
    CHECK_STR(plain.mime, "application/zip");

    /* stored under ab/cd/<sha>; the temporary file is moved, not copied */
    CHECK(blob_store(root, tmp, &b) == 0);
    blob_path(root, b.sha256, path, sizeof path);
    CHECK(exists(path));
    CHECK(!exists(tmp));
    /* the same content again: kept once, the new temporary file dropped */
    write_file(tmp, "abc");
    CHECK(blob_store(root, tmp, &b) == 0);
    CHECK(!exists(tmp));
    CHECK(exists(path));
    CHECK(blob_store(root, tmp2, &pdf) == 0);

    /* the sweep removes what the rows do not name, and keeps the rest */
    kept = pdf.sha256;
    CHECK(blob_sweep(root, keep_one, NULL) == 1);
    CHECK(!exists(path));
    blob_path(root, pdf.sha256, path, sizeof path);
    CHECK(exists(path));
    CHECK(blob_remove(root, pdf.sha256) == 0);
    CHECK(!exists(path));
    CHECK(blob_remove(root, pdf.sha256) == 0);     /* already gone: fine */
    CHECK(blob_examine("/nonexistent/file", &b) == -1);

    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
    return UNIT_DONE();
}
