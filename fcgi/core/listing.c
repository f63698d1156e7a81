#include "core/listing.h"
#include "crypto.h"
#include <string.h>

char *cursor_make(arena *a, const char *plain)
{
    size_t n = strlen(plain), cap = 4 * (n / 3 + 1) + 4;
    char *out = arena_alloc(a, cap);
    b64url_encode((const unsigned char *)plain, n, out, cap);
    return out;
}

int cursor_split(arena *a, const char *c, char **parts, int n)
{
    size_t len = strlen(c);
    if (len == 0 || len > 1024) return -1;
    unsigned char *buf = arena_alloc(a, len + 1);
    int got = b64url_decode(c, len, buf, len);
    if (got < 1) return -1;
    buf[got] = 0;
    if ((int)strlen((char *)buf) != got) return -1;      /* no NUL inside */
    char *p = (char *)buf;
    for (int i = 0; i < n; i++) {
        parts[i] = p;
        char *nl = strchr(p, '\n');
        if (i == n - 1) return nl ? -1 : 0;
        if (!nl) return -1;
        *nl = 0;
        p = nl + 1;
    }
    return -1;
}

char *like_contains(arena *a, const char *q)
{
    size_t n = strlen(q);
    char *out = arena_alloc(a, 2 * n + 3), *p = out;
    *p++ = '%';
    for (; *q; q++) {
        if (*q == '%' || *q == '_' || *q == '\\') *p++ = '\\';
        *p++ = *q;
    }
    *p++ = '%';
    *p = 0;
    return out;
}
