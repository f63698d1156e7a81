#include "supervise.h"
#include "clock.h"
#include "log.h"
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CHILDREN 256

typedef struct {
    pid_t pid;
    double started;      /* monotonic seconds */
    double restart_at;   /* when to respawn a dead one */
    double backoff;      /* seconds, doubles while it dies young */
} slot;

static void spawn(supervisor *s, slot *sl, int index, const sigset_t *oldmask)
{
    pid_t pid = fork();
    if (pid < 0) {
        log_error("%s: fork failed: %s", s->name, strerror(errno));
        sl->restart_at = mono_s() + 1;
        return;
    }
    if (pid == 0) {
        signal(SIGHUP, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_IGN);          /* Ctrl-C reaches the master, which drains us */
        signal(SIGCHLD, SIG_DFL);
        sigprocmask(SIG_SETMASK, oldmask, NULL);
        s->child_main(index, s->arg);
        _exit(0);
    }
    sl->pid = pid;
    sl->started = mono_s();
    sl->restart_at = 0;
}

int supervise(supervisor *s)
{
    if (s->children < 1 || s->children > MAX_CHILDREN) {
        log_error("%s: bad number of children %d", s->name, s->children);
        return -1;
    }
    slot slots[MAX_CHILDREN];
    memset(slots, 0, sizeof slots);

    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, &old);

    for (int i = 0; i < s->children; i++) {
        slots[i].backoff = 0.1;
        spawn(s, &slots[i], i, &old);
    }
    log_info("%s: master started with %d children", s->name, s->children);

    int stopping = 0;
    double stop_deadline = 0;
    for (;;) {
        struct timespec wait = { 0, 200 * 1000 * 1000 };
        siginfo_t si;
        int sig = sigtimedwait(&set, &si, &wait);
        double t = mono_s();
        if (s->on_tick && !stopping) s->on_tick(s->arg);

        if (sig == SIGTERM || sig == SIGINT) {
            if (!stopping) {
                log_info("%s: stopping, draining children", s->name);
                stopping = 1;
                stop_deadline = t + (s->grace_seconds > 0 ? s->grace_seconds : 10);
                for (int i = 0; i < s->children; i++)
                    if (slots[i].pid > 0) kill(slots[i].pid, SIGTERM);
            }
        } else if (sig == SIGHUP && !stopping) {
            log_info("%s: reloading", s->name);
            if (s->on_reload && s->on_reload(s->arg) != 0)
                log_error("%s: reload failed; keeping the running children", s->name);
            else
                for (int i = 0; i < s->children; i++) {
                    if (slots[i].pid > 0) kill(slots[i].pid, SIGTERM);
                    slots[i].backoff = 0.1;   /* a planned restart is not a crash */
                }
        }

        /* reap every child that ended */
        pid_t pid;
        int status;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            for (int i = 0; i < s->children; i++) {
                if (slots[i].pid != pid) continue;
                slots[i].pid = 0;
                if (stopping) break;
                int crashed = !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
                if (crashed) {
                    if (WIFSIGNALED(status))
                        log_error("%s: child %d (pid %d) killed by signal %d", s->name, i, (int)pid, WTERMSIG(status));
                    else
                        log_error("%s: child %d (pid %d) exited with %d", s->name, i, (int)pid, WEXITSTATUS(status));
                    /* dying young again and again: wait longer each time */
                    if (t - slots[i].started < 10) slots[i].backoff *= 2;
                    else slots[i].backoff = 0.1;
                    if (slots[i].backoff > 30) slots[i].backoff = 30;
                    slots[i].restart_at = t + slots[i].backoff;
                } else {
                    slots[i].restart_at = t;      /* asked to stop (reload): replace now */
                }
                break;
            }
        }

        if (stopping) {
            int alive = 0;
            for (int i = 0; i < s->children; i++) alive += slots[i].pid > 0;
            if (!alive) break;
            if (t > stop_deadline) {
                for (int i = 0; i < s->children; i++)
                    if (slots[i].pid > 0) kill(slots[i].pid, SIGKILL);
                stop_deadline = t + 5;
            }
            continue;
        }
        for (int i = 0; i < s->children; i++)
            if (slots[i].pid == 0 && slots[i].restart_at > 0 && t >= slots[i].restart_at)
                spawn(s, &slots[i], i, &old);
    }
    log_info("%s: master stopped", s->name);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return 0;
}
