/* Archives: a folder downloaded as a zip built on the fly with libarchive
 * (each file read from the blob store in fixed buffers and written to
 * the answer as it goes: nothing held whole), and the list of the entries
 * of a zip, tar or 7z file, read by a child process under CPU, memory and
 * time limits so that a hostile archive costs that child only. */
#include "archive_entries.h"
#include "blobstore.h"
#include "drive/drive_model.h"
#include "drive/file_send.h"
#include "drive/handlers.h"
#include "core/respond.h"
#include "core/worker.h"
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ENTRIES_MAX 10000            /* entries listed, then "truncated" */
#define LIST_SECONDS 10              /* the child's wall-clock limit */
#define LIST_OUTPUT_MAX (4 << 20)    /* what the parent reads of it */

static la_ssize_t to_answer(struct archive *a, void *ctx, const void *buf, size_t n)
{
    (void)a;
    req *r = ctx;
    return FCGX_PutStr(buf, (int)n, r->fr->out) < 0 ? -1 : (la_ssize_t)n;
}

/* Copies a blob into the archive in fixed buffers. 0 or -1. */
static int copy_blob(struct archive *a, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    static char buf[1 << 16];
    ssize_t n;
    int rc = 0;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        if (archive_write_data(a, buf, (size_t)n) != n) { rc = -1; break; }
    if (n < 0) rc = -1;
    close(fd);
    return rc;
}

int h_folder_zip(req *r)
{
    drive_node n;
    if (!node_find(r, r->ids[0], "folder", 0, &n)) return 0;
    /* everything under the folder that is not in the trash, with its path
     * and its current version */
    db_rows *q = db_query(worker_db(), r->a,
        STMT_FOLDER_ZIP_ENTRIES, "i", n.id);
    if (!q) return resp_db_error(r);
    const char *name = n.parent_id ? n.name : (n.drive.name && *n.drive.name ? n.drive.name : "drive");
    resp_header(r, "Content-Disposition", drive_disposition(r, "attachment", arena_printf(r->a, "%s.zip", name)));
    resp_stream_typed(r, 200, "application/zip");
    struct archive *a = archive_write_new();
    const char *blobs = arena_printf(r->a, "%s/blobs", W.cfg.var_dir);
    /* stored, not compressed: office files, images and PDFs are already */
    int failed = archive_write_set_format_zip(a) != ARCHIVE_OK
        || archive_write_set_options(a, "zip:compression=store") != ARCHIVE_OK
        || archive_write_set_bytes_per_block(a, 0) != ARCHIVE_OK
        || archive_write_open(a, r, NULL, to_answer, NULL) != ARCHIVE_OK;
    for (int i = 0; !failed && i < q->nrows; i++) {
        int dir = db_cell_int(q, i, 0) != 0;
        const char *sha = db_cell(q, i, 2);
        if (!dir && !sha) continue;
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname_utf8(e, dir ? arena_printf(r->a, "%s/", db_cell(q, i, 1)) : db_cell(q, i, 1));
        archive_entry_set_filetype(e, dir ? AE_IFDIR : AE_IFREG);
        archive_entry_set_perm(e, dir ? 0755 : 0644);
        archive_entry_set_size(e, dir ? 0 : db_cell_int(q, i, 3));
        archive_entry_set_mtime(e, (time_t)db_cell_int(q, i, 4), 0);
        char path[1100];
        if (!dir) blob_path(blobs, sha, path, sizeof path);
        failed = archive_write_header(a, e) != ARCHIVE_OK || (!dir && copy_blob(a, path));
        archive_entry_free(e);
    }
    /* a client gone or a disk error: the zip stops short, which its reader
     * sees (there is no way to change the status once bytes are sent) */
    if (!failed) archive_write_close(a);
    archive_write_free(a);
    return 0;
}

/* In the child: lists the archive's entries on fd, one JSON array per
 * line [name, size, directory], then {"format", "truncated"}. */
static void list_entries(const char *path, int fd)
{
    struct rlimit cpu = { 5, 5 };
    setrlimit(RLIMIT_CPU, &cpu);
#ifndef __SANITIZE_ADDRESS__
    struct rlimit mem = { 512UL << 20, 512UL << 20 };   /* ASan reserves far more address space */
    setrlimit(RLIMIT_AS, &mem);
#endif
    archive_entries_locale();
    FILE *out = fdopen(fd, "w");
    struct archive *a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_all(a);
    if (!out || archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) _exit(3);
    struct archive_entry *e;
    int n = 0, rc = 0;
    while (n < ENTRIES_MAX && (rc = archive_next_entry(a, &e)) == 1) {
        const char *name = archive_entry_name(e);
        json_t *line = json_pack("[s,I,b]", name ? name : "?", (json_int_t)archive_entry_size(e),
                                 archive_entry_filetype(e) == AE_IFDIR);
        /* a name that is not UTF-8: shown with replacement marks */
        if (!line) line = json_pack("[s,I,b]", "\xef\xbf\xbd", (json_int_t)archive_entry_size(e),
                                    archive_entry_filetype(e) == AE_IFDIR);
        char *text = json_dumps(line, JSON_COMPACT);
        fprintf(out, "%s\n", text ? text : "[\"?\",0,false]");
        free(text);
        json_decref(line);
        n++;
        /* the headers only: the data is never expanded */
        archive_read_data_skip(a);
    }
    if (n == 0 && archive_format(a) == 0) _exit(3);
    json_t *end = json_pack("{s:s,s:b}", "format", archive_format_name(a) ? archive_format_name(a) : "?",
                            "truncated", n >= ENTRIES_MAX || rc < 0);   /* or broken after n entries */
    char *text = json_dumps(end, JSON_COMPACT);
    fprintf(out, "%s\n", text ? text : "{}");
    fflush(out);
    _exit(0);
}

/* Reads the child's output with a deadline; kills it when late. */
static char *read_child(req *r, pid_t pid, int fd, int *status)
{
    char *buf = arena_alloc(r->a, LIST_OUTPUT_MAX + 1);
    size_t len = 0;
    time_t deadline = time(NULL) + LIST_SECONDS;
    for (;;) {
        struct pollfd p = { fd, POLLIN, 0 };
        int left = (int)(deadline - time(NULL));
        if (left <= 0 || poll(&p, 1, left * 1000) <= 0) { kill(pid, SIGKILL); break; }
        ssize_t n = read(fd, buf + len, LIST_OUTPUT_MAX - len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        len += (size_t)n;
        if (len == LIST_OUTPUT_MAX) { kill(pid, SIGKILL); break; }
    }
    buf[len] = 0;
    while (waitpid(pid, status, 0) < 0 && errno == EINTR) {}
    return buf;
}

int h_file_entries(req *r)
{
    drive_node n;
    if (!node_find(r, r->ids[0], "file", 0, &n)) return 0;
    db_rows *v = db_query(worker_db(), r->a, STMT_VERSION_SHA,
                          "ii", n.id, n.version);
    if (!v) return resp_db_error(r);
    if (v->nrows == 0) return resp_error(r, 404, "not_found", M_NODE_NOT_FOUND);
    char path[1100];
    blob_path(arena_printf(r->a, "%s/blobs", W.cfg.var_dir), db_cell(v, 0, 0), path, sizeof path);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC)) return resp_error(r, 500, "internal", M_INTERNAL);
    pid_t pid = fork();
    if (pid < 0) { close(fds[0]); close(fds[1]); return resp_error(r, 500, "internal", M_INTERNAL); }
    if (pid == 0) { close(fds[0]); list_entries(path, fds[1]); _exit(3); }
    close(fds[1]);
    int status = 0;
    char *text = read_child(r, pid, fds[0], &status);
    close(fds[0]);
    /* every complete line up to the closing object */
    json_t *items = json_array(), *end = NULL;
    for (char *line = text, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
        *nl = 0;
        json_t *j = json_loads(line, 0, NULL);
        if (json_is_array(j))
            json_array_append_new(items, json_pack("{s:O,s:O,s:O}", "name", json_array_get(j, 0),
                                                   "size", json_array_get(j, 1), "directory", json_array_get(j, 2)));
        else if (json_is_object(j)) { json_decref(end); end = json_incref(j); }
        json_decref(j);
    }
    if (!end && json_array_size(items) == 0) {
        json_decref(items);
        return resp_error(r, 400, "bad_request", M_NOT_ARCHIVE);
    }
    /* a child stopped by its limits: what it listed, marked incomplete */
    int complete = end && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    json_t *out = json_pack("{s:s,s:o,s:b}", "format", end ? json_string_value(json_object_get(end, "format")) : "?",
                            "items", items, "truncated", !complete || json_is_true(json_object_get(end, "truncated")));
    json_decref(end);
    return resp_json(r, 200, out);
}
