/* Seconds on the monotonic clock: for timeouts, back-offs and durations,
 * which a change of the wall clock must not stretch or cut short. */
#ifndef PARVIS_CLOCK_H
#define PARVIS_CLOCK_H
#include <time.h>

static inline double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif
