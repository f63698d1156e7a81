#include "arena.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
} chunk;

struct arena {
    chunk *head;          /* current chunk; the first one is kept on reset */
    size_t chunk_size;
};

static chunk *chunk_new(size_t size)
{
    chunk *c = malloc(sizeof *c + size);
    if (!c) { fputs("arena: out of memory\n", stderr); abort(); }
    c->next = NULL; c->size = size; c->used = 0;
    return c;
}

arena *arena_new(size_t chunk_size)
{
    arena *a = malloc(sizeof *a);
    if (!a) { fputs("arena: out of memory\n", stderr); abort(); }
    a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
    a->head = chunk_new(a->chunk_size);
    return a;
}

void arena_reset(arena *a)
{
    chunk *c = a->head;
    while (c->next) { chunk *n = c->next; free(c); c = n; }
    c->used = 0;
    a->head = c;
}

void arena_free(arena *a)
{
    if (!a) return;
    arena_reset(a);
    free(a->head);
    free(a);
}

void *arena_alloc(arena *a, size_t n)
{
    size_t need = (n + 15) & ~(size_t)15;
    if (need < n) abort();                          /* overflow */
    chunk *c = a->head;
    if (c->size - c->used < need) {
        size_t size = need > a->chunk_size ? need : a->chunk_size;
        chunk *nc = chunk_new(size);
        /* the kept first chunk stays last in the list so reset finds it */
        nc->next = a->head;
        a->head = nc;
        c = nc;
    }
    void *p = c->data + c->used;
    c->used += need;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
    /* one pass when the text fits in what is left of the current chunk
     * (the common case); otherwise measured, then written */
    chunk *c = a->head;
    size_t room = c->size - c->used;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf((char *)c->data + c->used, room, fmt, ap2);
    va_end(ap2);
    if (n < 0) return arena_strdup(a, "");
    if ((size_t)n < room) {
        char *p = (char *)c->data + c->used;
        c->used += ((size_t)n + 1 + 15) & ~(size_t)15;
        if (c->used > c->size) c->used = c->size;
        return p;
    }
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}
