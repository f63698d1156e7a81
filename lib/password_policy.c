#include "password_policy.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define ENTRY_MAX 256                 /* bytes: a longer password is in no list */

static const char *list;              /* the mapped file */
static size_t list_size;
static long list_count;

static int compare(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c) return c;
    return alen < blen ? -1 : alen > blen;
}

/* Sorted strictly, no empty line, a newline at the end: the bisection's
 * assumptions. The number of lines, or -1. */
static long check_list(const char *p, size_t n, char *err, size_t errlen)
{
    if (n == 0) return 0;
    if (p[n - 1] != '\n') { snprintf(err, errlen, "does not end with a newline"); return -1; }
    long count = 0;
    const char *prev = NULL;
    size_t prev_len = 0;
    for (size_t at = 0; at < n;) {
        const char *line = p + at;
        const char *end = memchr(line, '\n', n - at);
        size_t len = (size_t)(end - line);
        count++;
        if (len == 0) { snprintf(err, errlen, "line %ld is empty", count); return -1; }
        if (prev && compare(prev, prev_len, line, len) >= 0) {
            snprintf(err, errlen, "line %ld is not after the one before it (sort it with LC_ALL=C sort -u)", count);
            return -1;
        }
        prev = line;
        prev_len = len;
        at += len + 1;
    }
    return count;
}

int password_list_open(const char *path, char *err, size_t errlen)
{
    if (!path || !*path) { snprintf(err, errlen, "password_list: no file named"); return -1; }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { snprintf(err, errlen, "password_list %s: %s", path, strerror(errno)); return -1; }
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size <= 0) {
        snprintf(err, errlen, "password_list %s: empty or unreadable", path);
        close(fd);
        return -1;
    }
    size_t n = (size_t)st.st_size;
    void *p = mmap(NULL, n, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED) { snprintf(err, errlen, "password_list %s: %s", path, strerror(errno)); return -1; }
    char why[160];
    long count = check_list(p, n, why, sizeof why);
    if (count < 0) {
        snprintf(err, errlen, "password_list %s: %s", path, why);
        munmap(p, n);
        return -1;
    }
    if (list) munmap((void *)list, list_size);
    list = p;
    list_size = n;
    list_count = count;
    return 0;
}

long password_list_count(void) { return list_count; }

int password_list_contains(const char *password)
{
    size_t klen = strlen(password);
    if (!list || klen == 0 || klen > ENTRY_MAX) return 0;
    char key[ENTRY_MAX];
    for (size_t i = 0; i < klen; i++) {
        char c = password[i];
        key[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    /* [lo, hi) holds whole lines, in order */
    size_t lo = 0, hi = list_size;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        while (mid > lo && list[mid - 1] != '\n') mid--;          /* the start of its line */
        const char *line = list + mid;
        size_t len = (size_t)((const char *)memchr(line, '\n', list_size - mid) - line);
        int c = compare(key, klen, line, len);
        if (c == 0) return 1;
        if (c < 0) hi = mid;
        else lo = mid + len + 1;
    }
    return 0;
}

/* code points: the bytes that do not continue a UTF-8 sequence */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

password_verdict password_check(const char *password)
{
    if (chars(password) < PASSWORD_MIN) return PASSWORD_TOO_SHORT;
    return password_list_contains(password) ? PASSWORD_COMMON : PASSWORD_OK;
}
