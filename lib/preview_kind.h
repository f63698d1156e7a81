/* Previews (docs/previews.md), what the workers, the previewer and the
 * blob clean-up share: which kind of preview a type gets, where its files
 * are, and the outbox row that asks for one. */
#ifndef PARVIS_PREVIEW_KIND_H
#define PARVIS_PREVIEW_KIND_H
#include "db.h"
#include <stddef.h>

typedef enum { PK_NONE, PK_IMAGE, PK_PDF, PK_VIDEO, PK_TEXT, PK_OFFICE } preview_kind;

/* The kind of preview of a type as libmagic names it (PK_NONE: none). */
preview_kind preview_kind_of(const char *mime);
const char *preview_kind_name(preview_kind k);

/* The boxes of the two thumbnails and of a document's pages, in pixels. */
#define PREVIEW_SMALL 256
#define PREVIEW_LARGE 1600
#define PREVIEW_PAGE 1600

/* "<var>/previews": the previews' directory. */
void preview_root(const char *var_dir, char *out, size_t n);
/* The file of a blob's preview: "<root>/ab/cd/<sha256><suffix>", suffix
 * "-small.webp", "-large.webp", "-p12.webp" or ".pdf". */
void preview_path(const char *root, const char *sha256, const char *suffix, char *out, size_t n);
/* Removes every preview file of a blob (after the blob's row went). */
void preview_remove_files(const char *root, const char *sha256);
/* The previewer's poke socket: "<var>/run/previewer.sock". */
void preview_socket(const char *var_dir, char *out, size_t n);
/* Wakes the previewer (a datagram on that socket, best effort) after a
 * preview_queue row was committed. */
void preview_poke(const char *var_dir);

/* The outbox row asking for (sha256, page) — page 0: the thumbnails —
 * unless it is made already; priority 1 for a person waiting. 0, or -1
 * (MariaDB). */
int preview_enqueue(db *d, const char *sha256, long long page, int priority);
#endif
