/* A tiny unit-test harness: each CHECK counts as one assertion; a test
 * binary prints "unit: N passed, N failed" and exits non-zero on failure.
 * tests/run adds the counts of every binary to the final line. */
#ifndef PARVIS_UNIT_H
#define PARVIS_UNIT_H
#include <stdio.h>
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

#define UNIT_DONE() (printf("unit %s: %d passed, %d failed\n", __FILE__, unit_passed, unit_failed), \
                     unit_failed ? 1 : 0)
#endif
