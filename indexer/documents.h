/* Builds the search document of one entity from its current row in
 * MariaDB (state transfer: the queue row only says what changed). */
#ifndef PARVIS_DOCUMENTS_H
#define PARVIS_DOCUMENTS_H
#include "db.h"
#include "xap.h"
#include "extract.h"
#include "index_terms.h"

/* Replaces or deletes the document of (kind, id) in w, or does the work
 * the kind names (index_terms.h). Returns 0, or -1 with a message in err
 * (a database failure: the batch stops and is replayed later). */
int index_entity(db *d, arena *a, xap_wdb *w, entity kind, long long id, char *err, int errlen);
/* A file's blob and type, to have its text read ahead (extract_submit):
 * 1, or 0 when it has nothing to read (index it as usual), or -1. */
int index_file_source(db *d, arena *a, long long id, char *path, size_t n, char *mime, size_t mn);
/* A file's document from its text already read (`given`, whose text it
 * takes), as index_entity otherwise. */
int index_file_with(db *d, arena *a, xap_wdb *w, long long id, extract_result *given, char *err, int errlen);
/* The scope terms file `id` must carry (index_terms.h): a group drive's
 * content scopes, or a personal one's: its owner and the people it is
 * shared with, on it or on a folder above. 0, or -1 (MariaDB, or too many
 * to fit). */
int file_scopes_text(db *d, arena *a, long long id, long long group_id, const char *visibility, long long owner_id,
                     char *out, size_t n);
/* Finds and repairs the differences between MariaDB and the index
 * (reconcile.c): documents whose entity is gone (removed), entities
 * without a document (indexed), documents with other scopes than their
 * entity's rights give (indexed again); or the orphans only. The counts are
 * logged, and kept in settings ("search_reconcile"). 0, or -1 with err. */
int reconcile(db *d, xap_wdb *w, int orphans_only, char *err, int errlen);
/* The var directory (the blob store is <var>/blobs), set by main. */
void index_set_var_dir(const char *dir);
const char *index_var_dir(void);
#endif
