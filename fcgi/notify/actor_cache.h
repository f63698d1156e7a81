/* The display names of the people notifications name, kept by each worker
 * so that a page of notifications costs no query for them. An entry is
 * trusted while the person's counter in authgen.shm is unchanged: a
 * rename (or a disabled account) bumps it after its commit. */
#ifndef PARVIS_NOTIFY_ACTOR_CACHE_H
#define PARVIS_NOTIFY_ACTOR_CACHE_H
#include <stdint.h>

/* The name, or NULL when unknown or stale; *gen gets the counter to give
 * actor_cache_put after loading it (read before the query: see authgen.h). */
const char *actor_cache_get(long long id, uint64_t *gen);
void actor_cache_put(long long id, uint64_t gen, const char *name);
#endif
