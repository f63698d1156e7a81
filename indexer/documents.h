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
/* The var directory (the blob store is <var>/blobs), set by main. */
void index_set_var_dir(const char *dir);
const char *index_var_dir(void);
#endif
