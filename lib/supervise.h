/* A prefork master: forks N children, restarts one that dies (with a
 * back-off when it keeps dying), reloads on SIGHUP (on_reload, then each
 * child is asked to stop after its current work and is replaced), and on
 * SIGTERM or SIGINT asks every child to stop, waits for them (SIGKILL after
 * a grace period), and returns. Children get SIGTERM as their stop request. */
#ifndef PARVIS_SUPERVISE_H
#define PARVIS_SUPERVISE_H

typedef struct {
    const char *name;
    int children;
    void (*child_main)(int index, void *arg);   /* must not return */
    int (*on_reload)(void *arg);                 /* in the master; may be NULL */
    void *arg;
    int grace_seconds;                           /* before SIGKILL on stop */
    void (*on_tick)(void *arg);                  /* in the master, about 5 times a
                                                    second; may be NULL */
} supervisor;

int supervise(supervisor *s);
#endif
