/* The limited child (child.h). */
#include "child.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void limit(const child_limits *lim, int exec)
{
    struct rlimit cpu = { (rlim_t)lim->cpu_seconds, (rlim_t)lim->cpu_seconds + 1 };
    setrlimit(RLIMIT_CPU, &cpu);
    struct rlimit mem = { lim->memory, lim->memory };
#ifdef __SANITIZE_ADDRESS__
    if (exec)                      /* ASan reserves far more address space than it uses */
#endif
        setrlimit(RLIMIT_AS, &mem);
    (void)exec;
    struct rlimit core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &core);
}

int child_run(const child_limits *lim, int (*fn)(void *arg, child_report *rep), void *arg,
              char *const exec_argv[], child_report *out, child_usage *use)
{
    memset(out, 0, sizeof *out);
    if (use) memset(use, 0, sizeof *use);
    child_report *shared = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) { snprintf(out->reason, sizeof out->reason, "mmap: %s", strerror(errno)); return -1; }
    memset(shared, 0, sizeof *shared);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC)) {
        munmap(shared, sizeof *shared);
        snprintf(out->reason, sizeof out->reason, "pipe: %s", strerror(errno));
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]); close(fds[1]);
        munmap(shared, sizeof *shared);
        snprintf(out->reason, sizeof out->reason, "fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        limit(lim, exec_argv != NULL);
        if (exec_argv) {
            /* its stderr is the reason; nothing on stdin or stdout, and no
             * other descriptor (the previewer's MariaDB connection) */
            int null = open("/dev/null", O_RDWR);
            if (null >= 0) { dup2(null, 0); dup2(null, 1); }
            dup2(fds[1], 2);
            close_range(3, ~0U, 0);
            execv(exec_argv[0], exec_argv);
            dprintf(2, "cannot run %s: %s", exec_argv[0], strerror(errno));
            _exit(127);
        }
        /* a converter taken over by a hostile file finds no descriptor
         * of the previewer's (its MariaDB connection, its socket) */
        if (fds[1] > 3) close_range(3, (unsigned)fds[1] - 1, 0);
        close_range((unsigned)fds[1] + 1, ~0U, 0);
        int rc = fn(arg, shared);
        if (rc && !shared->reason[0]) snprintf(shared->reason, sizeof shared->reason, "unreadable");
        _exit(rc ? 2 : 0);
    }
    close(fds[1]);
    /* the pipe closes when the child ends: wait for that, or the deadline */
    double deadline = now_s() + lim->wall_seconds;
    char err[512];
    size_t elen = 0;
    int killed = 0;
    for (;;) {
        double left = deadline - now_s();
        struct pollfd p = { fds[0], POLLIN, 0 };
        int n = left > 0 ? poll(&p, 1, (int)(left * 1000) + 1) : 0;
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) { kill(pid, SIGKILL); killed = 1; break; }
        char buf[256];
        ssize_t r = read(fds[0], buf, sizeof buf);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        for (ssize_t i = 0; i < r && elen < sizeof err - 1; i++) err[elen++] = buf[i];
    }
    close(fds[0]);
    err[elen] = 0;
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {}
    if (use) {
        use->maxrss_kb = ru.ru_maxrss;
        use->cpu_ms = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000L + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
    }
    *out = *shared;
    out->reason[sizeof out->reason - 1] = 0;
    munmap(shared, sizeof *shared);
    if (killed) {
        snprintf(out->reason, sizeof out->reason, "timeout: stopped after %d s", lim->wall_seconds);
        return -1;
    }
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        snprintf(out->reason, sizeof out->reason, "%s",
                 sig == SIGXCPU || sig == SIGKILL ? "limit: stopped at its CPU limit"
                 : sig == SIGSEGV || sig == SIGABRT || sig == SIGBUS ? "crashed: the converter crashed on this file (probably damaged)"
                 : "stopped");
        return -1;
    }
    if (WEXITSTATUS(status) == 0) { out->reason[0] = 0; return 0; }
    if (exec_argv) {
        /* the program's last line of complaint */
        char *e = err + strlen(err);
        while (e > err && (e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\r')) *--e = 0;
        char *line = strrchr(err, '\n');
        snprintf(out->reason, sizeof out->reason, "unreadable: %.200s", line ? line + 1 : *err ? err : "the converter failed");
    } else if (!out->reason[0]) {
        snprintf(out->reason, sizeof out->reason, "unreadable");
    }
    return -1;
}
