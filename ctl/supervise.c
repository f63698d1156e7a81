/* parvis-ctl supervise: the top-level supervisor of the whole set on one
 * machine (MariaDB, the indexer, the FastCGI master, nginx), in the manner
 * of lib/supervise.c but for different programs, each exec'd:
 *
 *   parvis-ctl supervise RUN_DIR @name [+option...] program args... @name ...
 *
 * Options: +once (run to completion, exit 0, before the next starts),
 * +ready=unix:PATH or +ready=tcp:HOST:PORT (the next starts once a connect
 * succeeds), +log=FILE (stdout and stderr), +pid=NAME (RUN_DIR/NAME.pid;
 * default the service's name), +grace=SECONDS (between the stop signal and
 * SIGKILL), +stop=TERM|QUIT|INT, +hup (SIGHUP is passed on).
 *
 * Services start in order. Each runs in a process group of its own (a
 * terminal's Ctrl-C reaches only the supervisor, which stops them in
 * order); when a service's leader dies, what is left of its group (nginx's
 * workers, the FastCGI workers, the indexer's child) is killed and reaped —
 * the supervisor is their subreaper — and the service is started again
 * once its group is empty (no orphan holds the port or the index lock),
 * after a back-off that doubles while it keeps dying young (capped at 30 s).
 * RUN_DIR/NAME.pid always names the running leader. SIGTERM or SIGINT stops
 * the services in reverse order (stop signal, then SIGKILL after the grace)
 * and removes the pid files. */
#include "supervise_main.h"
#include "clock.h"
#include "log.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_SERVICES 16
#define BACKOFF_FIRST 0.2
#define BACKOFF_MAX 30.0
#define YOUNG 10.0               /* seconds: dying sooner doubles the back-off */
#define STARTUP_TIMEOUT 300.0    /* seconds for the whole first start */

typedef struct {
    const char *name, *pidname, *log, *ready;
    int once, hup, stop_sig;
    double grace;
    char **argv;
    pid_t pid;                   /* the running leader, 0 when none */
    pid_t pgid;                  /* its process group, until it is empty */
    int spawned, done, signalled;
    double started, restart_at, backoff, deadline;
} service;

static service svc[MAX_SERVICES];
static int nsvc;
static const char *run_dir;

static void pid_path(const service *s, char *out, size_t n, const char *suffix)
{
    snprintf(out, n, "%s/%s.pid%s", run_dir, s ? s->pidname : "supervisor", suffix);
}

/* Written aside then renamed: a reader never sees half a number. */
static void write_pid(const service *s, pid_t pid)
{
    char path[1024], tmp[1100];
    pid_path(s, path, sizeof path, "");
    pid_path(s, tmp, sizeof tmp, ".tmp");
    FILE *f = fopen(tmp, "w");
    if (!f || fprintf(f, "%d\n", (int)pid) < 0 || fclose(f) != 0 || rename(tmp, path) != 0)
        log_error("cannot write %s: %s", path, strerror(errno));
}

static void remove_pid(const service *s)
{
    char path[1024];
    pid_path(s, path, sizeof path, "");
    unlink(path);
}

static int parse_signal(const char *v)
{
    if (strcmp(v, "TERM") == 0) return SIGTERM;
    if (strcmp(v, "QUIT") == 0) return SIGQUIT;
    if (strcmp(v, "INT") == 0) return SIGINT;
    return 0;
}

static int parse(int argc, char **argv)
{
    for (int i = 0; i < argc;) {
        if (argv[i][0] != '@' || !argv[i][1]) {
            fprintf(stderr, "supervise: expected @name, got %s\n", argv[i]);
            return -1;
        }
        if (nsvc == MAX_SERVICES) { fputs("supervise: too many services\n", stderr); return -1; }
        service *s = &svc[nsvc++];
        s->name = s->pidname = argv[i] + 1;
        s->stop_sig = SIGTERM;
        s->grace = 30;
        s->backoff = BACKOFF_FIRST;
        argv[i++] = NULL;                       /* ends the previous command */
        for (; i < argc && argv[i][0] == '+'; i++) {
            const char *o = argv[i] + 1;
            if (strcmp(o, "once") == 0) s->once = 1;
            else if (strcmp(o, "hup") == 0) s->hup = 1;
            else if (strncmp(o, "ready=", 6) == 0) s->ready = o + 6;
            else if (strncmp(o, "log=", 4) == 0) s->log = o + 4;
            else if (strncmp(o, "pid=", 4) == 0) s->pidname = o + 4;
            else if (strncmp(o, "grace=", 6) == 0) s->grace = atof(o + 6);
            else if (strncmp(o, "stop=", 5) == 0 && parse_signal(o + 5)) s->stop_sig = parse_signal(o + 5);
            else { fprintf(stderr, "supervise: %s: unknown option %s\n", s->name, argv[i]); return -1; }
        }
        if (i == argc || argv[i][0] == '@') { fprintf(stderr, "supervise: %s: no program\n", s->name); return -1; }
        s->argv = &argv[i];
        while (i < argc && argv[i][0] != '@') i++;
    }
    if (!nsvc) { fputs("supervise: no service\n", stderr); return -1; }
    return 0;
}

/* A connect to the service's socket succeeds: it serves. */
static int ready(const service *s)
{
    const char *r = s->ready;
    if (!r) return 1;
    int fd = -1, ok = 0;
    if (strncmp(r, "unix:", 5) == 0) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        if (strlen(r + 5) >= sizeof sa.sun_path) return 0;
        memcpy(sa.sun_path, r + 5, strlen(r + 5) + 1);   /* its length checked above */
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
    } else if (strncmp(r, "tcp:", 4) == 0) {
        char host[64];
        const char *colon = strrchr(r + 4, ':');
        if (!colon || colon - (r + 4) >= (long)sizeof host) return 0;
        memcpy(host, r + 4, (size_t)(colon - (r + 4)));
        host[colon - (r + 4)] = 0;
        char *end;
        long port = strtol(colon + 1, &end, 10);
        if (*end || port < 1 || port > 65535) return 0;
        struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
        if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) return 0;
        fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
    }
    if (fd >= 0) close(fd);
    return ok;
}

/* Nothing of the service's last process group is left. */
static int group_gone(service *s)
{
    if (!s->pgid) return 1;
    if (kill(-s->pgid, 0) == -1 && errno == ESRCH) { s->pgid = 0; return 1; }
    return 0;
}

static void spawn(service *s, const sigset_t *oldmask)
{
    pid_t pid = fork();
    if (pid < 0) {
        log_error("%s: fork failed: %s", s->name, strerror(errno));
        s->restart_at = mono_s() + 1;
        return;
    }
    if (pid == 0) {
        setpgid(0, 0);
        for (int sig = 1; sig < NSIG; sig++)
            if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
        sigprocmask(SIG_SETMASK, oldmask, NULL);
        int in = open("/dev/null", O_RDONLY);
        if (in >= 0) { dup2(in, 0); if (in > 0) close(in); }
        if (s->log) {
            int fd = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0640);
            if (fd >= 0) { dup2(fd, 1); dup2(fd, 2); if (fd > 2) close(fd); }
        }
        execvp(s->argv[0], s->argv);
        fprintf(stderr, "supervise: %s: cannot run %s: %s\n", s->name, s->argv[0], strerror(errno));
        _exit(127);
    }
    setpgid(pid, pid);                  /* both sides: whichever runs first */
    s->pid = s->pgid = pid;
    s->spawned = 1;
    s->signalled = 0;
    s->started = mono_s();
    s->restart_at = 0;
    write_pid(s, pid);
    log_info("%s started (pid %d)", s->name, (int)pid);
}

static service *find(pid_t pid)
{
    for (int i = 0; i < nsvc; i++)
        if (svc[i].pid == pid) return &svc[i];
    return NULL;
}

int ctl_supervise(int argc, char **argv)
{
    log_init("parvis-supervisor");
    if (argc < 2) { fputs("usage: parvis-ctl supervise RUN_DIR @name [+option...] program args... ...\n", stderr); return 2; }
    run_dir = argv[0];
    if (parse(argc - 1, argv + 1)) return 2;

    /* a shell starts background jobs with SIGINT ignored: take it back */
    sigset_t set, old;
    sigemptyset(&set);
    int sigs[] = { SIGCHLD, SIGTERM, SIGINT, SIGHUP };
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        signal(sigs[i], SIG_DFL);
        sigaddset(&set, sigs[i]);
    }
    sigprocmask(SIG_BLOCK, &set, &old);
    /* the orphans of a dead leader come to us: they are reaped here and
     * their group is known to be empty before the service starts again */
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) log_error("not a subreaper: %s", strerror(errno));
    write_pid(NULL, getpid());
    log_info("supervisor started with %d services", nsvc);

    double t0 = mono_s();
    int next = 0, stopping = 0, rc = 0, announced = 0, stop_idx = nsvc - 1;
    for (;;) {
        struct timespec wait = { 0, 50 * 1000 * 1000 };
        siginfo_t si;
        int sig = sigtimedwait(&set, &si, &wait);
        double t = mono_s();

        if ((sig == SIGTERM || sig == SIGINT) && !stopping) {
            log_info("stopping (signal %d)", sig);
            stopping = 1;
        } else if (sig == SIGHUP && !stopping) {
            for (int i = 0; i < nsvc; i++)
                if (svc[i].hup && svc[i].pid > 0) kill(svc[i].pid, SIGHUP);
        }

        pid_t pid;
        int status;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            service *s = find(pid);
            if (!s) continue;                        /* an orphan of a group */
            s->pid = 0;
            if (s->pgid) kill(-s->pgid, SIGKILL);    /* what is left of its group */
            int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
            if (s->once) {
                s->done = ok;
                remove_pid(s);
                if (!ok && !stopping) {
                    log_error("%s failed (status %d); stopping", s->name, status);
                    stopping = 1;
                    rc = 1;
                }
                continue;
            }
            if (stopping) { log_info("%s stopped", s->name); continue; }
            if (WIFSIGNALED(status))
                log_error("%s (pid %d) killed by signal %d", s->name, (int)pid, WTERMSIG(status));
            else
                log_error("%s (pid %d) exited with %d", s->name, (int)pid, WEXITSTATUS(status));
            if (t - s->started < YOUNG) s->backoff = s->backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX : s->backoff * 2;
            else s->backoff = BACKOFF_FIRST;
            s->restart_at = t + s->backoff;
            log_info("%s restarts in %.1f s", s->name, s->backoff);
        }

        if (stopping) {
            /* in reverse order, one at a time: nginx, the workers, the
             * indexer, then MariaDB */
            while (stop_idx >= 0) {
                service *s = &svc[stop_idx];
                if (!s->pid && group_gone(s)) { remove_pid(s); stop_idx--; continue; }
                if (!s->signalled) {
                    s->signalled = 1;
                    s->deadline = t + s->grace;
                    if (s->pid) kill(s->pid, s->stop_sig);
                    else kill(-s->pgid, SIGKILL);
                } else if (t > s->deadline) {
                    log_error("%s did not stop in %.0f s: killed", s->name, s->grace);
                    if (s->pgid) kill(-s->pgid, SIGKILL);
                    if (s->pid) kill(s->pid, SIGKILL);
                    s->deadline = t + 5;
                }
                break;
            }
            if (stop_idx < 0) break;
            continue;
        }

        /* the first start, in order */
        while (next < nsvc) {
            service *s = &svc[next];
            if (!s->spawned) {
                spawn(s, &old);
                if (!s->spawned) break;
            }
            if (s->once) { if (!s->done) break; }
            else if (!s->pid || !ready(s)) break;
            else if (s->ready) log_info("%s ready (%.1f s)", s->name, t - s->started);
            next++;
        }
        if (next == nsvc && !announced) {
            announced = 1;
            log_info("all services started in %.1f s", t - t0);
        } else if (next < nsvc && t - t0 > STARTUP_TIMEOUT) {
            log_error("%s not ready after %.0f s; stopping", svc[next].name, STARTUP_TIMEOUT);
            stopping = 1;
            rc = 1;
            continue;
        }

        for (int i = 0; i < nsvc; i++) {
            service *s = &svc[i];
            if (s->once || s->pid || !s->spawned || !s->restart_at || t < s->restart_at) continue;
            if (!group_gone(s)) { kill(-s->pgid, SIGKILL); continue; }
            spawn(s, &old);
        }
    }
    char path[1024];
    pid_path(NULL, path, sizeof path, "");
    unlink(path);
    log_info("supervisor stopped");
    return rc;
}
