/* A tiny unit-test harness: each CHECK counts as one assertion; a test
 * binary prints "unit: N passed, N failed" and exits non-zero on failure.
 * tests/run adds the counts of every binary to the final line. */
#ifndef PARVIS_UNIT_H
#define PARVIS_UNIT_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_passed, unit_failed;

#define CHECK(cond) do { \
        if (cond) unit_passed++; \
        else { unit_failed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
    } while (0)

#define CHECK_STR(got, want) do { \
        const char *g_ = (got), *w_ = (want); \
        if (g_ && w_ && strcmp(g_, w_) == 0) unit_passed++; \
        else { unit_failed++; fprintf(stderr, "FAIL %s:%d: %s = \"%s\", want \"%s\"\n", \
                __FILE__, __LINE__, #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } \
    } while (0)

/* Removes a test's temporary directory and all it holds (no shell). */
static int unit_rm_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb; (void)type; (void)ftw;
    return remove(path);
}
static inline void unit_rm_rf(const char *dir)
{
    nftw(dir, unit_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* dir/name, in one of 4 static buffers (a few paths in one call). */
static inline const char *unit_at(const char *dir, const char *name)
{
    static char paths[4][512];
    static int i;
    i = (i + 1) % 4;
    snprintf(paths[i], sizeof paths[i], "%s/%s", dir, name);
    return paths[i];
}

/* Runs a shell command in dir (the test's own files, quoted by the
 * caller); 0 when it succeeded, else says which failed. */
static inline int unit_sh(const char *dir, const char *fmt, ...)
{
    char cmd[8192];
    int n = snprintf(cmd, sizeof cmd, "cd '%s' && ", dir);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd + n, sizeof cmd - (size_t)n, fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    if (rc != 0) fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
    return rc;
}

#define UNIT_DONE() (printf("unit %s: %d passed, %d failed\n", __FILE__, unit_passed, unit_failed), \
                     unit_failed ? 1 : 0)
#endif
