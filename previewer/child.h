/* A conversion in a limited child, as the indexer reads files
 * (indexer/extract.c): fork, then CPU time, address space, no core file,
 * a wall-clock limit (SIGKILL); what it says comes back through shared
 * memory, its peak memory through wait4. */
#ifndef PARVIS_PREVIEWER_CHILD_H
#define PARVIS_PREVIEWER_CHILD_H
#include <stddef.h>

typedef struct {
    int cpu_seconds;
    int wall_seconds;
    unsigned long memory;       /* bytes of address space (not under ASan) */
} child_limits;

/* What a child reports. */
typedef struct {
    int pages;
    char reason[256];
} child_report;

/* What it cost (wait4). */
typedef struct {
    long maxrss_kb;             /* its peak memory */
    long cpu_ms;                /* user and system time */
} child_usage;

/* Runs fn(arg, report) in a child under `lim`; fn returns 0 or -1 (with
 * report->reason). An exec'd program (exec_argv non-NULL instead of fn)
 * writes its stderr as the reason. Returns 0, or -1 with `reason` set
 * (the child's own, or how it was stopped); *use (may be NULL) gets its cost. */
int child_run(const child_limits *lim, int (*fn)(void *arg, child_report *rep), void *arg,
              char *const exec_argv[], child_report *out, child_usage *use);
#endif
