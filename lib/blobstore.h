/* The blob store: the bytes of every file version, once per content, under
 * <var>/blobs/ab/cd/<sha256>. Uploads arrive as temporary files that nginx
 * wrote on the same filesystem; they are hashed, typed from their content
 * (libmagic) and moved in by rename, after an fsync of the file and before
 * an fsync of the directory, so that a committed row always names bytes
 * that are on the disk. */
#ifndef PARVIS_BLOBSTORE_H
#define PARVIS_BLOBSTORE_H
#include <stddef.h>

typedef struct {
    char sha256[65];           /* lower-case hex */
    long long size;
    char mime[128];            /* from the content, never from the name */
    int synced;                /* its bytes are on the disk already */
} blob_info;

/* Hashes and types the file at `path`, and puts its bytes on the disk
 * meanwhile (`synced`). 0, or -1 (errno set). */
int blob_examine(const char *path, blob_info *out);
/* "<root>/ab/cd/<sha256>" into out. */
void blob_path(const char *root, const char *sha256, char *out, size_t n);
/* Moves the examined file into the store (fsync of the file unless done,
 * rename, fsync of the directory), unless the store has that content already, in
 * which case the temporary file is removed. 0, or -1 (errno set). */
int blob_store(const char *root, const char *tmp_path, const blob_info *b);
/* Removes a blob's file (after its last reference went). */
int blob_remove(const char *root, const char *sha256);
/* Start-up clean-up: calls keep(sha256, ctx) for every blob on disk and
 * removes those it answers 0 for, and files whose name is not a SHA-256;
 * returns how many were removed, -1 on error. */
int blob_sweep(const char *root, int (*keep)(const char *sha256, void *ctx), void *ctx);
/* Calls fn(path, sha256, ctx) for every file of the store (sha256 NULL
 * when its name is not a SHA-256); fn returns non-zero to stop. 0, or -1
 * when the store cannot be read. */
int blob_walk(const char *root, int (*fn)(const char *path, const char *sha256, void *ctx), void *ctx);
#endif
