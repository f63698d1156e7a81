#include "priority.h"
#include "log.h"
#include <errno.h>
#include <string.h>
#include <unistd.h>

void priority_lower(const char *who, int by)
{
    if (by <= 0) return;
    errno = 0;                      /* nice() may return -1 on success */
    if (nice(by) == -1 && errno) log_error("%s: cannot lower its priority by %d: %s", who, by, strerror(errno));
}
