/* Each worker remembers the conversations the people it served lately take
 * part in now, for the search's scopes and its last check of each message
 * found (fcgi/search/h_search.c): a query per search cost 3–4 ms at
 * 20,000 conversations (bench/RESULTS.md). An entry is trusted while its
 * person's counter and the platform's membership counter (authgen.h) are
 * unchanged — the same two that guard the groups' memberships
 * (member_cache.h), bumped after every committed change: a participant
 * added or removed or leaving, a conversation created, a group's
 * conversation switched on or off (everyone's), a membership of a group
 * (whose conversation follows it). The writers never use it. */
#ifndef PARVIS_MY_CONVERSATIONS_H
#define PARVIS_MY_CONVERSATIONS_H
#include <stddef.h>
#include "core/req.h"

/* The asker's conversations, ids ascending. 0, or -1 when MariaDB failed. */
int my_conversations(req *r, const long long **ids, size_t *n);
/* After committing a change of this person's conversations. */
void my_conversations_changed(long long user_id);
/* After committing a change of everyone's (a group's conversation on or off). */
void my_conversations_changed_all(void);
/* Whether id is one of the n ids (ascending). */
int my_conversations_has(const long long *ids, size_t n, long long id);
#endif
