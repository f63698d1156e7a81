/* The per-request arena. */
#include "arena.h"
#include "unit.h"
#include <stdint.h>

int main(void)
{
    arena *a = arena_new(256);
    char *p = arena_alloc(a, 10);
    CHECK(((uintptr_t)p & 15) == 0);
    int zero = 1;
    for (int i = 0; i < 10; i++) zero &= p[i] == 0;
    CHECK(zero);
    char *q = arena_alloc(a, 3);
    CHECK(((uintptr_t)q & 15) == 0 && q >= p + 10);
    /* larger than a chunk */
    char *big = arena_alloc(a, 10000);
    memset(big, 'x', 10000);
    CHECK(big[9999] == 'x');
    /* many small ones across chunks stay distinct */
    char *first = arena_strdup(a, "first"), *prev = first;
    int distinct = 1;
    for (int i = 0; i < 1000; i++) {
        char *s = arena_printf(a, "item %d", i);
        distinct &= s != prev;
        prev = s;
    }
    CHECK(distinct);
    CHECK_STR(prev, "item 999");
    CHECK_STR(first, "first");
    CHECK_STR(arena_strndup(a, "abcdef", 3), "abc");
    CHECK(arena_strdup(a, NULL) == NULL);
    arena_reset(a);
    char *again = arena_strdup(a, "after reset");
    CHECK_STR(again, "after reset");
    for (int i = 0; i < 100; i++) arena_alloc(a, 100);
    arena_reset(a);
    arena_free(a);
    return UNIT_DONE();
}
