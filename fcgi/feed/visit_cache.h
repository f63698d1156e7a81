/* Each worker remembers, for the people it served lately, since when each
 * of their groups has news for them: their last visit of the group's feed,
 * or the day they joined. An entry is trusted while the person's visit
 * counter, their own counter and the platform's membership counter
 * (authgen.h) are unchanged; recording a visit bumps the first. */
#ifndef PARVIS_VISIT_CACHE_H
#define PARVIS_VISIT_CACHE_H
#include <stdint.h>
#include "core/req.h"

typedef struct {
    long long group_id;
    int64_t since_us;          /* microseconds since 1970, UTC */
} group_visit;

/* The asker's groups and since when. 0, or -1 when MariaDB failed. The
 * array stays valid until the end of the request. */
int visit_cache_get(req *r, const group_visit **items, size_t *n);
/* After recording a visit of this person. */
void visit_cache_changed(long long user_id);
#endif
