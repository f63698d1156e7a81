/* Builds the search document of one entity from its current row in
 * MariaDB (state transfer: the queue row only says what changed). */
#ifndef PARVIS_DOCUMENTS_H
#define PARVIS_DOCUMENTS_H
#include "db.h"
#include "xap.h"

/* Replaces or deletes the document of (type, id) in w. Returns 0, or -1
 * with a message in err (a database failure: the batch stops and is
 * replayed later; an unknown type is logged and skipped). */
int index_entity(db *d, arena *a, xap_wdb *w, const char *type, long long id, char *err, int errlen);
/* The file the batch indexes after the current entity (0: none), whose
 * text is read ahead while the current one is indexed. */
void index_set_next_file(long long id);
/* The scope terms a document must carry, in byte order and separated by
 * spaces, as xap_wdb_scopes gives them: a group's content (group 0: the
 * organisation's news), and a file (a group drive's, or a personal one's:
 * its owner and the people it is shared with; 0 or -1 on MariaDB). */
void content_scopes_text(long long group_id, const char *visibility, char *out, size_t n);
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
