/* Each worker remembers, for the people it served lately, their reaction
 * and their receipt (« J'ai lu ») on the posts it showed them — "none"
 * included — so that a feed page they already saw needs no query for its
 * reader's part. An entry is trusted while the person's counter (authgen.h)
 * is unchanged; reacting to a post or confirming one bumps it after the
 * commit. */
#ifndef PARVIS_READER_CACHE_H
#define PARVIS_READER_CACHE_H
#include "core/req.h"

typedef struct {
    const char *reaction;      /* NULL: none */
    const char *read_at;       /* NULL: not confirmed */
} reader_part;

/* Fills out[i] for ids[i], reading MariaDB only for the posts not known
 * yet. 0, or -1 on a database error. */
int reader_cache_get(req *r, const long long *ids, int n, reader_part *out);
/* After committing the person's reaction to a post or their receipt. */
void reader_cache_changed(long long user_id);
#endif
