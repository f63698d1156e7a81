/* Each worker remembers the group memberships and pending requests of the
 * people it served lately, so that the directory and a group page need no
 * query. An entry is trusted while its person's counter and the platform's
 * membership counter (authgen.h) are unchanged: every committed change of a
 * person's memberships or requests bumps their counter, and a change that
 * touches many people at once (a group deleted, rules applied) bumps the
 * platform's. The writers' own checks never use this cache: they read
 * MariaDB inside their transaction. */
#ifndef PARVIS_MEMBER_CACHE_H
#define PARVIS_MEMBER_CACHE_H
#include <stddef.h>
#include "core/acl.h"
#include "core/req.h"

typedef struct {
    long long group_id;
    group_role role;
    int drive_manager, feed_moderator, requested;
} member_fact;

/* The asker's memberships and requests. 0, or -1 when MariaDB failed. */
int member_cache_get(req *r, const member_fact **items, size_t *n);
/* After committing a change of this person's memberships or requests. */
void member_cache_changed(long long user_id);
/* After committing a change of many people's memberships. */
void member_cache_changed_all(void);
#endif
