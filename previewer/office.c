/* Office documents to PDF with LibreOffice headless, in a limited child
 * (docs/previews.md, « Documents bureautiques »).
 *
 * One conversion: the source is linked (or copied) into a private job
 * directory under work_dir as document.<ext>; soffice.bin runs there in its
 * own process group, with its own HOME and TMPDIR, stdin from /dev/null, no
 * network (a new user and network namespace; a seccomp filter refusing
 * Internet sockets where the machine refuses namespaces), CPU, memory and
 * core limits, and a wall-clock limit after which the whole group is
 * killed. The PDF it writes is checked (%PDF), fsync'd and renamed into
 * out_pdf; the job directory is removed whatever happened.
 *
 * The LibreOffice profile (-env:UserInstallation) is kept between
 * conversions in work_dir/office/profile: a start that makes it starts
 * soffice.bin twice (bench/RESULTS.md: ~0.4 s of CPU, ~3 s of wall time
 * on a loaded host). It is
 * locked (flock) by the conversion that uses it — two LibreOffices on one
 * profile would hand their work to each other — and a conversion that
 * finds it busy uses a fresh profile of its own, removed after. A profile
 * whose LibreOffice was killed (a limit) is removed: the next conversion
 * makes a new one.
 *
 * Protected documents are recognised before LibreOffice starts (headless,
 * it only says « source file could not be loaded »): an encrypted OOXML
 * (libmagic's application/encrypted), an OpenDocument whose manifest
 * declares encryption-data, a Word/Excel/PowerPoint 97 file with its
 * encryption flag or record. The check runs in a limited child too.
 *
 * Limits: PARVIS_OFFICE_WALL_SECONDS (default 60), PARVIS_OFFICE_CPU_SECONDS
 * (60) and PARVIS_OFFICE_MEMORY_MB (2048) in the environment change them;
 * PARVIS_OFFICE_NETNS=0 uses the seccomp filter without trying namespaces. */
#include "office.h"
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-utils.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WALL_SECONDS 60          /* whole conversion, LibreOffice's start included */
#define CPU_SECONDS 60
#define MEMORY_MB 2048           /* RLIMIT_AS: LibreOffice 7.4 needs ~450 MiB of address space for a small file */
#define CHECK_SECONDS 5          /* the protection check's child */
#define CHECK_MEMORY (256UL << 20)
#define SOFFICE_BIN "/usr/lib/libreoffice/program/soffice.bin"
#define E_RESTART 81             /* soffice.bin after creating a profile: start again */
#define PROTECTED 90             /* the check child's exit status */

#define R_TIMEOUT "délai dépassé"
#define R_UNREADABLE "fichier illisible"
#define R_PROTECTED "protégé par un mot de passe"

static const struct { const char *mime, *ext; } types[] = {
    { "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx" },
    { "application/vnd.openxmlformats-officedocument.wordprocessingml.template", "dotx" },
    { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx" },
    { "application/vnd.openxmlformats-officedocument.spreadsheetml.template", "xltx" },
    { "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx" },
    { "application/vnd.openxmlformats-officedocument.presentationml.slideshow", "ppsx" },
    { "application/vnd.openxmlformats-officedocument.presentationml.template", "potx" },
    { "application/vnd.oasis.opendocument.text", "odt" },
    { "application/vnd.oasis.opendocument.text-template", "ott" },
    { "application/vnd.oasis.opendocument.spreadsheet", "ods" },
    { "application/vnd.oasis.opendocument.spreadsheet-template", "ots" },
    { "application/vnd.oasis.opendocument.presentation", "odp" },
    { "application/vnd.oasis.opendocument.presentation-template", "otp" },
    { "application/msword", "doc" },
    { "application/vnd.ms-excel", "xls" },
    { "application/vnd.ms-powerpoint", "ppt" },
    /* an OLE file libmagic could not name: LibreOffice finds which */
    { "application/vnd.ms-office", "doc" },
    { "text/rtf", "rtf" },
    { "application/rtf", "rtf" },
    /* an encrypted OOXML: refused as protected, without LibreOffice */
    { "application/encrypted", "docx" },
};

static const char *ext_of(const char *mime)
{
    if (!mime) return NULL;
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (strcmp(mime, types[i].mime) == 0) return types[i].ext;
    return NULL;
}

int office_is_convertible(const char *mime)
{
    return ext_of(mime) != NULL;
}

static long env_long(const char *name, long def, long min, long max)
{
    const char *v = getenv(name);
    if (!v || !*v) return def;
    char *end;
    long n = strtol(v, &end, 10);
    return *end || n < min || n > max ? def : n;
}

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static int rm_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb; (void)type; (void)ftw;
    return remove(path);
}

static void rm_rf(const char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int mkdir_p(const char *dir)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s", dir) >= (int)sizeof tmp) { errno = ENAMETOOLONG; return -1; }
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(tmp, 0700) && errno != EEXIST) return -1;
        *p = '/';
    }
    return mkdir(tmp, 0700) && errno != EEXIST ? -1 : 0;
}

/* Copies src to dst (new file), fsync'd; 0 or -1. */
static int copy_file(const char *src, const char *dst)
{
    int in = open(src, O_RDONLY | O_CLOEXEC), out = -1, rc = -1;
    if (in < 0) return -1;
    out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out >= 0) {
        char buf[65536];
        ssize_t n;
        rc = 0;
        while ((n = read(in, buf, sizeof buf)) != 0) {
            if (n < 0) { if (errno == EINTR) continue; rc = -1; break; }
            for (ssize_t off = 0; off < n; ) {
                ssize_t w = write(out, buf + off, (size_t)(n - off));
                if (w < 0) { if (errno == EINTR) continue; rc = -1; break; }
                off += w;
            }
            if (rc) break;
        }
        if (!rc && fsync(out)) rc = -1;
        if (close(out)) rc = -1;
        if (rc) unlink(dst);
    }
    close(in);
    return rc;
}

static void fsync_dir_of(const char *path)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash) snprintf(dir, sizeof dir, ".");
    else if (slash == dir) dir[1] = 0;
    else *slash = 0;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) { fsync(fd); close(fd); }
}

/* --- the limits every child of this file gets ------------------------- */

/* The caller's blocked or ignored signals are not the child's: unblocked,
 * and the usual ones back to their default (execve keeps both). */
static void default_signals(void)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    static const int sigs[] = { SIGALRM, SIGXCPU, SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2 };
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) signal(sigs[i], SIG_DFL);
}

static void limits(long cpu_s, unsigned long mem)
{
    struct rlimit cpu = { (rlim_t)cpu_s, (rlim_t)cpu_s + 5 };   /* SIGXCPU, then SIGKILL */
    setrlimit(RLIMIT_CPU, &cpu);
    struct rlimit as = { mem, mem };
    if (mem) setrlimit(RLIMIT_AS, &as);
    struct rlimit core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &core);
    struct rlimit files = { 1024, 1024 };
    setrlimit(RLIMIT_NOFILE, &files);
}

/* --- protected documents ---------------------------------------------- */

static uint16_t u16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t u32(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

static unsigned char *ole_stream(GsfInfile *ole, const char *name, size_t *len)
{
    GsfInput *in = gsf_infile_child_by_name(ole, name);
    if (!in) return NULL;
    gsf_off_t size = gsf_input_size(in);
    unsigned char *b = NULL;
    /* the flags are at the stream's start: its first MiB is enough */
    size_t want = size < 0 ? 0 : size > (1 << 20) ? (1 << 20) : (size_t)size;
    if (want >= 12 && (b = malloc(want))) {
        if (!gsf_input_read(in, want, b)) { free(b); b = NULL; }
        else *len = want;
    }
    g_object_unref(in);
    return b;
}

static int ole_has(GsfInfile *ole, const char *name)
{
    GsfInput *in = gsf_infile_child_by_name(ole, name);
    if (in) g_object_unref(in);
    return in != NULL;
}

/* As indexer/extract_ole.c's ole_encrypted: the FIB's fEncrypted, Excel's
 * FILEPASS record, PowerPoint's CryptSession10Container, an encrypted
 * OOXML package. */
static int ole_protected(const char *path)
{
    gsf_init();
    GError *err = NULL;
    GsfInput *in = gsf_input_stdio_new(path, &err);
    if (!in) { if (err) g_error_free(err); return 0; }
    GsfInfile *ole = gsf_infile_msole_new(in, &err);
    g_object_unref(in);
    if (err) g_error_free(err);
    if (!ole) return 0;
    int yes = ole_has(ole, "EncryptedPackage") || ole_has(ole, "EncryptionInfo");
    size_t len = 0;
    unsigned char *b;
    if (!yes && (b = ole_stream(ole, "WordDocument", &len))) {
        yes = (u16(b) == 0xa5ec || u16(b) == 0xa5dc) && (u16(b + 10) & 0x0100);
        free(b);
    }
    if (!yes && ((b = ole_stream(ole, "Workbook", &len)) || (b = ole_stream(ole, "Book", &len)))) {
        size_t pos = 0;
        for (int k = 0; k < 64 && pos + 4 <= len; k++) {
            unsigned type = u16(b + pos), size = u16(b + pos + 2);
            if (type == 0x002f) { yes = 1; break; }
            if (type == 0x0085 || type == 0x000a) break;
            pos += 4 + size;
        }
        free(b);
    }
    if (!yes && (b = ole_stream(ole, "PowerPoint Document", &len))) {
        for (size_t pos = 0; pos + 8 <= len; ) {
            unsigned ver = u16(b + pos) & 0xf, type = u16(b + pos + 2);
            size_t rl = u32(b + pos + 4);
            if (type == 0x2f14) { yes = 1; break; }
            if (ver == 0xf) { pos += 8; continue; }
            if (rl > len - pos - 8) break;
            pos += 8 + rl;
        }
        free(b);
    }
    g_object_unref(ole);
    return yes;
}

/* An OpenDocument whose manifest declares encrypted parts. */
static int odf_protected(const char *path)
{
    struct archive *a = archive_read_new();
    if (!a) return 0;
    archive_read_support_format_zip(a);
    int yes = 0;
    if (archive_read_open_filename(a, path, 65536) == ARCHIVE_OK) {
        struct archive_entry *e;
        for (int k = 0; k < 10000 && archive_read_next_header(a, &e) == ARCHIVE_OK; k++) {
            const char *name = archive_entry_pathname(e);
            if (!name || strcmp(name, "META-INF/manifest.xml") != 0) continue;
            size_t cap = 4 << 20, len = 0;
            char *buf = malloc(cap);
            la_ssize_t n;
            while (buf && len < cap && (n = archive_read_data(a, buf + len, cap - len)) > 0) len += (size_t)n;
            yes = buf && memmem(buf, len, "encryption-data", 15) != NULL;
            free(buf);
            break;
        }
    }
    archive_read_free(a);
    return yes;
}

/* 1 when the document is protected by a password, else 0; read in a
 * limited child (a hostile file never runs its parser in the caller). */
static int protected_document(const char *path, const char *mime)
{
    if (strcmp(mime, "application/encrypted") == 0) return 1;
    int odf = strncmp(mime, "application/vnd.oasis.opendocument.", 35) == 0;
    int ole = strcmp(mime, "application/msword") == 0 || strcmp(mime, "application/vnd.ms-excel") == 0
        || strcmp(mime, "application/vnd.ms-powerpoint") == 0 || strcmp(mime, "application/vnd.ms-office") == 0;
    if (!odf && !ole) return 0;          /* OOXML's encryption is the whole file: application/encrypted */
    pid_t pid = fork();
    if (pid < 0) return 0;
    if (pid == 0) {
        default_signals();
        alarm(CHECK_SECONDS);
#ifdef __SANITIZE_ADDRESS__
        limits(CHECK_SECONDS, 0);       /* ASan reserves far more address space */
#else
        limits(CHECK_SECONDS, CHECK_MEMORY);
#endif
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) { dup2(null, 2); }       /* libgsf's cries */
        _exit((odf ? odf_protected(path) : ole_protected(path)) ? PROTECTED : 0);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return WIFEXITED(status) && WEXITSTATUS(status) == PROTECTED;
}

/* --- no network --------------------------------------------------------- */

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* A new user namespace (the same uid and gid mapped) and a network
 * namespace with only a loopback that is down: 0, or -1 when the machine
 * refuses (then the seccomp filter below). Called in the child before
 * exec; the strings are made before fork. */
static int no_network_ns(const char *uid_map, const char *gid_map)
{
    if (unshare(CLONE_NEWUSER | CLONE_NEWNET)) return -1;
    write_file("/proc/self/setgroups", "deny");
    if (write_file("/proc/self/uid_map", uid_map) || write_file("/proc/self/gid_map", gid_map)) return -1;
    return 0;
}

/* socket(AF_INET, AF_INET6, AF_PACKET) refused with EACCES; Unix sockets
 * (LibreOffice's own pipe) allowed. */
static int no_network_seccomp(void)
{
#if defined(__x86_64__)
#define ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define ARCH AUDIT_ARCH_AARCH64
#endif
#ifdef ARCH
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 0, 5),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET6, 1, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_PACKET, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EACCES & SECCOMP_RET_DATA)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = { sizeof f / sizeof *f, f };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) return -1;
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
#else
    return -1;
#endif
}

/* --- one LibreOffice run ------------------------------------------------ */

struct run {
    int failed;          /* no child (pipe or fork failed): err says why */
    int killed;          /* the wall-clock limit */
    int status;          /* waitpid's */
    long start_ms;       /* fork to LibreOffice's first open of the document, or -1 */
    char err[2048];      /* the end of what it printed */
};

/* Runs argv (envp) in a limited child in its own process group until it
 * ends or the deadline (monotonic ms): the group is killed at the deadline,
 * and after the child ended (no straggler outlives a conversion). */
static void run_soffice(char *const argv[], char *const envp[], const char *in_dir, const char *doc_name,
                        long deadline, long cpu_s, unsigned long mem, int use_ns, struct run *r)
{
    memset(r, 0, sizeof *r);
    r->start_ms = -1;
    char uid_map[64], gid_map[64];
    snprintf(uid_map, sizeof uid_map, "%u %u 1\n", (unsigned)getuid(), (unsigned)getuid());
    snprintf(gid_map, sizeof gid_map, "%u %u 1\n", (unsigned)getgid(), (unsigned)getgid());
    int fds[2];
    if (pipe2(fds, O_CLOEXEC)) { r->failed = 1; snprintf(r->err, sizeof r->err, "pipe: %s", strerror(errno)); return; }
    int ino = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (ino >= 0) inotify_add_watch(ino, in_dir, IN_OPEN);
    long t0 = now_ms();
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]); close(fds[1]);
        if (ino >= 0) close(ino);
        r->failed = 1;
        snprintf(r->err, sizeof r->err, "fork: %s", strerror(errno));
        return;
    }
    if (pid == 0) {
        /* only async-signal-safe calls from here: the caller may have threads */
        setpgid(0, 0);
        default_signals();
        int null = open("/dev/null", O_RDONLY);
        if (null < 0 || dup2(null, 0) < 0 || dup2(fds[1], 1) < 0 || dup2(fds[1], 2) < 0) _exit(126);
        close_range(3, ~0U, 0);
        int isolated = use_ns && no_network_ns(uid_map, gid_map) == 0;
        if (!isolated && no_network_seccomp()) {
            static const char msg[] = "parvis: no network isolation possible\n";
            if (write(2, msg, sizeof msg - 1) < 0) {}
            _exit(125);
        }
        limits(cpu_s, mem);
        execve(argv[0], argv, envp);
        _exit(127);
    }
    setpgid(pid, pid);                  /* both sides: no race with the kill */
    close(fds[1]);
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    size_t elen = 0;
    int exited = 0, open_pipe = 1;
    while (!exited) {
        long left = deadline - now_ms();
        if (left <= 0) { kill(-pid, SIGKILL); r->killed = 1; break; }
        struct pollfd p[2] = { { open_pipe ? fds[0] : -1, POLLIN, 0 }, { ino, POLLIN, 0 } };
        poll(p, 2, left < 100 ? (int)left : 100);
        if (p[0].revents) {
            char buf[1024];
            ssize_t n = read(fds[0], buf, sizeof buf);
            if (n == 0) open_pipe = 0;
            for (ssize_t i = 0; i < n; i++) {
                if (elen + 1 >= sizeof r->err) { memmove(r->err, r->err + 512, elen - 512); elen -= 512; }
                r->err[elen++] = buf[i];
            }
        }
        if (ino >= 0 && p[1].revents) {
            char ev[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
            ssize_t n = read(ino, ev, sizeof ev);
            for (ssize_t off = 0; n > 0 && off < n; ) {
                const struct inotify_event *e = (const struct inotify_event *)(ev + off);
                if (r->start_ms < 0 && e->len && strcmp(e->name, doc_name) == 0) r->start_ms = now_ms() - t0;
                off += (ssize_t)(sizeof *e + e->len);
            }
        }
        /* ended? (not reaped yet: its group id stays ours until the kill) */
        siginfo_t si;
        si.si_pid = 0;
        if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid) exited = 1;
    }
    kill(-pid, SIGKILL);                /* the whole group, and what it may have left behind */
    while (waitpid(pid, &r->status, 0) < 0 && errno == EINTR) {}
    ssize_t n;
    char buf[512];
    while (elen + sizeof buf < sizeof r->err && (n = read(fds[0], buf, sizeof buf)) > 0) {
        memcpy(r->err + elen, buf, (size_t)n);
        elen += (size_t)n;
    }
    r->err[elen] = 0;
    close(fds[0]);
    if (ino >= 0) close(ino);
}

/* The soffice.bin beside the soffice that PATH finds, else Debian's. */
static const char *soffice_bin(char *bin, size_t len)
{
    char real[PATH_MAX];
    if (realpath("/usr/bin/soffice", real)) {
        char *slash = strrchr(real, '/');
        if (slash && snprintf(bin, len, "%.*s/soffice.bin", (int)(slash - real), real) < (int)len
            && access(bin, X_OK) == 0) return bin;
    }
    snprintf(bin, len, "%s", SOFFICE_BIN);
    return bin;
}

/* file:// URL of an absolute path, bytes other than unreserved ones and
 * '/' percent-encoded. */
static void url_of(const char *path, char *url, size_t len)
{
    size_t n = (size_t)snprintf(url, len, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p && n + 4 < len; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
            url[n++] = (char)*p;
        else n += (size_t)snprintf(url + n, len - n, "%%%02X", *p);
    }
    url[n] = 0;
}

/* The job directories of processes that died during a conversion (a
 * killed previewer): each holds a copy of a document. Removed at the first
 * conversion of each process; those of living processes are left. */
static void sweep_stale_jobs(const char *base)
{
    static int swept;
    if (__atomic_exchange_n(&swept, 1, __ATOMIC_RELAXED)) return;
    DIR *d = opendir(base);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        long pid;
        unsigned long n;
        char end;
        if (sscanf(e->d_name, "job-%ld-%lu%c", &pid, &n, &end) != 2 || pid <= 0 || pid == (long)getpid()) continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;
        char path[PATH_MAX];
        if (snprintf(path, sizeof path, "%s/%s", base, e->d_name) < (int)sizeof path) rm_rf(path);
    }
    closedir(d);
}

/* A readable PDF in path: starts with %PDF and has an end. */
static int pdf_ok(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    char head[5] = "";
    struct stat st;
    int ok = read(fd, head, 5) == 5 && memcmp(head, "%PDF-", 5) == 0 && fstat(fd, &st) == 0 && st.st_size > 64;
    close(fd);
    return ok;
}

/* Moves the finished PDF to out_pdf: fsync'd, then renamed (a copy in
 * out_pdf's directory first when work_dir is on another file system). */
static int publish(const char *pdf, const char *out_pdf)
{
    int fd = open(pdf, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fsync(fd)) { if (fd >= 0) close(fd); return -1; }
    close(fd);
    if (rename(pdf, out_pdf) == 0) { fsync_dir_of(out_pdf); return 0; }
    if (errno != EXDEV) return -1;
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.%ld.tmp", out_pdf, (long)getpid()) >= (int)sizeof tmp) return -1;
    unlink(tmp);
    if (copy_file(pdf, tmp)) return -1;
    if (rename(tmp, out_pdf)) { unlink(tmp); return -1; }
    fsync_dir_of(out_pdf);
    return 0;
}

int office_to_pdf(const char *src, const char *mime, const char *out_pdf, const char *work_dir,
                  char *reason, size_t rlen, long *started_ms)
{
    static unsigned long serial;
    if (started_ms) *started_ms = 0;
    const char *ext = ext_of(mime);
    if (!ext) { snprintf(reason, rlen, "type non pris en charge (%s)", mime ? mime : "?"); return -1; }
    struct stat st;
    if (stat(src, &st) || !S_ISREG(st.st_mode)) { snprintf(reason, rlen, "%s", R_UNREADABLE); return -1; }
    if (protected_document(src, mime)) { snprintf(reason, rlen, "%s", R_PROTECTED); return -1; }

    long wall = env_long("PARVIS_OFFICE_WALL_SECONDS", WALL_SECONDS, 1, 3600);
    unsigned long mem = (unsigned long)env_long("PARVIS_OFFICE_MEMORY_MB", MEMORY_MB, 256, 65536) << 20;
    long deadline = now_ms() + wall * 1000;

    /* absolute paths: a relative profile URL makes LibreOffice wait on a
     * dialog no one sees */
    char wd[PATH_MAX];
    if (mkdir_p(work_dir) || !realpath(work_dir, wd)) {
        snprintf(reason, rlen, "répertoire de travail : %s", strerror(errno));
        return -1;
    }
    work_dir = wd;
    char base[PATH_MAX], job[PATH_MAX], in_dir[PATH_MAX + 8], out_dir[PATH_MAX + 8], home[PATH_MAX + 8],
         tmp[PATH_MAX + 8], doc[PATH_MAX + 32], pdf[PATH_MAX + 32], profile[PATH_MAX + 16], lock[PATH_MAX + 16];
    if (snprintf(base, sizeof base, "%s/office", work_dir) >= (int)sizeof base
        || snprintf(job, sizeof job, "%s/job-%ld-%lu", base, (long)getpid(), __atomic_add_fetch(&serial, 1, __ATOMIC_RELAXED)) >= (int)sizeof job) {
        snprintf(reason, rlen, "répertoire de travail trop long");
        return -1;
    }
    snprintf(in_dir, sizeof in_dir, "%s/in", job);
    snprintf(out_dir, sizeof out_dir, "%s/out", job);
    snprintf(home, sizeof home, "%s/home", job);
    snprintf(tmp, sizeof tmp, "%s/tmp", job);
    snprintf(doc, sizeof doc, "%s/document.%s", in_dir, ext);
    snprintf(pdf, sizeof pdf, "%s/document.pdf", out_dir);
    rm_rf(job);                         /* a previous process's leftover of the same pid */
    if (mkdir_p(base) == 0) sweep_stale_jobs(base);
    if (mkdir_p(in_dir) || mkdir_p(out_dir) || mkdir_p(home) || mkdir_p(tmp)) {
        snprintf(reason, rlen, "répertoire de travail : %s", strerror(errno));
        rm_rf(job);
        return -1;
    }
    if (link(src, doc) && copy_file(src, doc)) {
        snprintf(reason, rlen, "copie du fichier : %s", strerror(errno));
        rm_rf(job);
        return -1;
    }

    /* the kept profile, or a fresh one of this job's when another
     * conversion holds it */
    snprintf(lock, sizeof lock, "%s/profile.lock", base);
    int lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    int shared = lock_fd >= 0 && flock(lock_fd, LOCK_EX | LOCK_NB) == 0;
    snprintf(profile, sizeof profile, "%s/profile", shared ? base : job);

    char env_home[PATH_MAX + 16], env_tmp[PATH_MAX + 16], env_inst[3 * PATH_MAX + 64], out_arg[PATH_MAX + 8];
    snprintf(env_home, sizeof env_home, "HOME=%s", home);
    snprintf(env_tmp, sizeof env_tmp, "TMPDIR=%s", tmp);
    char url[3 * PATH_MAX + 16];
    url_of(profile, url, sizeof url);
    snprintf(env_inst, sizeof env_inst, "-env:UserInstallation=%s", url);
    snprintf(out_arg, sizeof out_arg, "%s", out_dir);
    char *envp[] = { env_home, env_tmp, "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "SAL_USE_VCLPLUGIN=svp", NULL };
    char bin[PATH_MAX];
    char *argv[] = { (char *)soffice_bin(bin, sizeof bin), "--headless", "--invisible", "--norestore", "--nologo", "--nolockcheck",
                     "--nodefault", "--nofirststartwizard", env_inst, "--convert-to", "pdf", "--outdir", out_arg,
                     doc, NULL };
    char doc_name[32];
    snprintf(doc_name, sizeof doc_name, "document.%s", ext);

    /* LibreOffice's start: from the first fork to its first open of the
     * document (inotify), a restart after making a new profile included */
    struct run r;
    long began = now_ms(), start = -1;
    long cpu = env_long("PARVIS_OFFICE_CPU_SECONDS", CPU_SECONDS, 1, 3600);
    /* 0: the seccomp filter without trying namespaces (the fallback, tested) */
    int use_ns = (int)env_long("PARVIS_OFFICE_NETNS", 1, 0, 1);
    for (int attempt = 0; attempt < 3; attempt++) {
        long at = now_ms();
        run_soffice(argv, envp, in_dir, doc_name, deadline, cpu, mem, use_ns, &r);
        if (r.start_ms >= 0) start = at - began + r.start_ms;
        /* a new profile: soffice.bin asks to be started again */
        if (r.killed || r.failed || !WIFEXITED(r.status) || WEXITSTATUS(r.status) != E_RESTART) break;
    }
    if (started_ms) *started_ms = start >= 0 ? start : now_ms() - began;

    int rc = -1;
    if (r.failed) snprintf(reason, rlen, "LibreOffice n'a pas pu démarrer (%s)", r.err);
    else if (r.killed) snprintf(reason, rlen, "%s (%ld s)", R_TIMEOUT, wall);
    else if (WIFSIGNALED(r.status))
        snprintf(reason, rlen, WTERMSIG(r.status) == SIGXCPU || WTERMSIG(r.status) == SIGKILL
                 ? "%s : limite de temps de calcul atteinte" : "%s : LibreOffice s'est arrêté (%s ; limite de mémoire ?)",
                 R_UNREADABLE, strsignal(WTERMSIG(r.status)));
    else if (WEXITSTATUS(r.status) == 125) snprintf(reason, rlen, "isolement du réseau impossible");
    else if (WEXITSTATUS(r.status) == 127) snprintf(reason, rlen, "LibreOffice introuvable (%s)", argv[0]);
    else if (access(pdf, F_OK) != 0)
        snprintf(reason, rlen, "%s", strstr(r.err, "could not be loaded") ? R_UNREADABLE : R_UNREADABLE " : LibreOffice n'a produit aucun PDF");
    else if (!pdf_ok(pdf)) snprintf(reason, rlen, "%s : PDF produit invalide", R_UNREADABLE);
    else if (publish(pdf, out_pdf)) snprintf(reason, rlen, "écriture du PDF : %s", strerror(errno));
    else rc = 0;

    /* a LibreOffice stopped by a limit may have left its profile half
     * written: the next conversion makes a new one */
    if (shared && (r.killed || WIFSIGNALED(r.status))) rm_rf(profile);
    if (lock_fd >= 0) close(lock_fd);   /* releases the lock */
    rm_rf(job);
    return rc;
}
