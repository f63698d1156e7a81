#include "authgen.h"
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define SLOTS 65536   /* users share a slot modulo this: a collision costs
                         one extra query, never a stale answer */

static _Atomic uint64_t *slots;

int authgen_open(const char *path, char *err, int errlen)
{
    /* the users' slots, the globals, the feed sources' slots, then the
     * users' visit slots */
    size_t size = (3 * SLOTS + AUTHGEN_GLOBALS) * sizeof(uint64_t);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || ftruncate(fd, (off_t)size) < 0) {
        snprintf(err, errlen, "authgen: %s: %s", path, strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        snprintf(err, errlen, "authgen: mmap: %s", strerror(errno));
        return -1;
    }
    slots = p;
    return 0;
}

static _Atomic uint64_t *slot(long long user_id)
{
    return &slots[(unsigned long long)user_id % SLOTS];
}

uint64_t authgen_get(long long user_id)
{
    return slots ? atomic_load(slot(user_id)) : 0;
}

void authgen_bump(long long user_id)
{
    if (slots) atomic_fetch_add(slot(user_id), 1);
}

uint64_t authgen_global_get(authgen_global which)
{
    return slots ? atomic_load(&slots[SLOTS + which]) : 0;
}

void authgen_global_bump(authgen_global which)
{
    if (slots) atomic_fetch_add(&slots[SLOTS + which], 1);
}

uint64_t authgen_source_get(long long source)
{
    return slots ? atomic_load(&slots[SLOTS + AUTHGEN_GLOBALS + (unsigned long long)source % SLOTS]) : 0;
}

void authgen_source_bump(long long source)
{
    if (slots) atomic_fetch_add(&slots[SLOTS + AUTHGEN_GLOBALS + (unsigned long long)source % SLOTS], 1);
}

static _Atomic uint64_t *visit_slot(long long user_id)
{
    return &slots[2 * SLOTS + AUTHGEN_GLOBALS + (unsigned long long)user_id % SLOTS];
}

uint64_t authgen_visits_get(long long user_id)
{
    return slots ? atomic_load(visit_slot(user_id)) : 0;
}

void authgen_visits_bump(long long user_id)
{
    if (slots) atomic_fetch_add(visit_slot(user_id), 1);
}
