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
#endif
