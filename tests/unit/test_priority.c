/* priority_lower (lib/priority.h): a process lowered by N nice steps runs N
 * steps below its parent, and its own children inherit that. */
#include "log.h"
#include "priority.h"
#include "unit.h"
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* In a child: lowers by `by`, then exits with how far below `parent` it
 * runs and how far its own child runs (two figures in one exit code). */
static int lowered(int by, int parent)
{
    pid_t p = fork();
    if (p == 0) {
        priority_lower("test", by);
        int mine = getpriority(PRIO_PROCESS, 0) - parent;
        pid_t g = fork();
        if (g == 0) _exit(getpriority(PRIO_PROCESS, 0) - parent);
        int st;
        waitpid(g, &st, 0);
        _exit(mine * 16 + WEXITSTATUS(st));
    }
    int st;
    waitpid(p, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int main(void)
{
    log_init("test_priority");
    int parent = getpriority(PRIO_PROCESS, 0);
    CHECK(lowered(3, parent) == 3 * 16 + 3);        /* three steps, its child as well */
    CHECK(lowered(5, parent) == 5 * 16 + 5);
    CHECK(lowered(0, parent) == 0);                 /* 0: unchanged */
    CHECK(getpriority(PRIO_PROCESS, 0) == parent);  /* the caller's own never changed */
    return UNIT_DONE();
}
