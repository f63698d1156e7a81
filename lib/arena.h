/* Per-request bump allocator: everything a request allocates is released at
 * once by arena_reset() when the answer has been sent. */
#ifndef PARVIS_ARENA_H
#define PARVIS_ARENA_H
#include <stddef.h>
#include <stdarg.h>

typedef struct arena arena;

arena *arena_new(size_t chunk_size);
void arena_free(arena *a);
void arena_reset(arena *a);                 /* keeps the first chunk */
void *arena_alloc(arena *a, size_t n);      /* zeroed, 16-byte aligned; aborts on OOM */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap);
#endif
