#include "notify/actor_cache.h"
#include "authgen.h"
#include <stdlib.h>
#include <string.h>

#define SLOTS 4096                 /* a power of two; a collision only costs a query */

static struct { long long id; uint64_t gen; char *name; } slots[SLOTS];

static size_t slot_of(long long id) { return (size_t)((unsigned long long)id * 0x9E3779B97F4A7C15ull >> 52) & (SLOTS - 1); }

const char *actor_cache_get(long long id, uint64_t *gen)
{
    *gen = authgen_get(id);
    size_t s = slot_of(id);
    return slots[s].name && slots[s].id == id && slots[s].gen == *gen ? slots[s].name : NULL;
}

void actor_cache_put(long long id, uint64_t gen, const char *name)
{
    size_t s = slot_of(id);
    char *copy = strdup(name);
    if (!copy) return;
    free(slots[s].name);
    slots[s].id = id;
    slots[s].gen = gen;
    slots[s].name = copy;
}
