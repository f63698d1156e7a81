#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct { const char *key; size_t off; int is_int; size_t size; } field;

#define S(k) { #k, offsetof(config, k), 0, sizeof(((config *)0)->k) }
#define I(k) { #k, offsetof(config, k), 1, sizeof(int) }
static const field fields[] = {
    S(var_dir), S(db_socket), S(db_name), S(db_user), S(fcgi_socket), S(fcgi_chat_socket),
    S(indexer_socket), S(notifier_socket), S(mailer_socket), S(live_socket), S(mail_dir), S(xapian_path), S(secret_file), S(authgen_file),
    S(public_url), S(password_list),
    I(workers), I(chat_workers), I(workers_nice), I(background_nice), I(session_idle), I(session_lifetime), I(login_max_account), I(login_max_account_all),
    I(login_max_address), I(login_window), I(reset_max_address), I(reset_max_account), I(reset_window),
    I(indexer_batch), I(disk_reserve_mb),
    I(mail_retry_seconds), I(mail_retry_hours), I(mail_timeout), I(chat_mail_delay_seconds), I(chat_retention_seconds),
    I(account_expiry_seconds),
};
#undef S
#undef I

static const field *find(const char *key)
{
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (strcmp(fields[i].key, key) == 0) return &fields[i];
    return NULL;
}

static int set(config *c, const field *f, const char *val, char *err, int errlen)
{
    char *dst = (char *)c + f->off;
    if (f->is_int) {
        char *end;
        errno = 0;
        long v = strtol(val, &end, 10);
        if (errno || end == val || *end || v < 0 || v > 100000000) {
            snprintf(err, errlen, "config: %s: not a whole number: %s", f->key, val);
            return -1;
        }
        *(int *)dst = (int)v;
    } else {
        if (strlen(val) >= f->size) {
            snprintf(err, errlen, "config: %s: value too long", f->key);
            return -1;
        }
        memcpy(dst, val, strlen(val) + 1);          /* its length checked above */
    }
    return 0;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = 0;
    return s;
}

static int load_file(config *c, const char *path, int must_exist, char *err, int errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        if (!must_exist && errno == ENOENT) return 0;
        snprintf(err, errlen, "config: cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    char line[1024];
    int n = 0, rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        n++;
        char *s = trim(line);
        if (!*s || *s == '#') continue;
        char *eq = strchr(s, '=');
        if (!eq) { snprintf(err, errlen, "config: %s:%d: expected key = value", path, n); rc = -1; break; }
        *eq = 0;
        char *key = trim(s), *val = trim(eq + 1);
        const field *fd = find(key);
        if (!fd) { snprintf(err, errlen, "config: %s:%d: unknown key %s", path, n, key); rc = -1; break; }
        rc = set(c, fd, val, err, errlen);
    }
    fclose(f);
    return rc;
}

/* Paths left empty are derived from var_dir once everything is read. */
static int derive(char *dst, size_t size, const char *var, const char *rel)
{
    if (*dst) return 0;
    int n = snprintf(dst, size, "%s/%s", var, rel);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

int config_load(config *c, char *err, int errlen)
{
    memset(c, 0, sizeof *c);
    const char *var = getenv("PARVIS_VAR");
    if (!var || !*var) var = "var";
    if (set(c, find("var_dir"), var, err, errlen)) return -1;
    snprintf(c->db_name, sizeof c->db_name, "parvis");
    const char *user = getenv("USER");
    snprintf(c->db_user, sizeof c->db_user, "%s", user && *user ? user : "root");
    snprintf(c->public_url, sizeof c->public_url, "http://127.0.0.1:8080");
    c->session_idle = 8 * 3600;
    c->session_lifetime = 7 * 24 * 3600;
    c->login_max_account = 5;
    c->login_max_account_all = 50;
    c->login_max_address = 20;
    c->login_window = 15 * 60;
    c->reset_max_address = 10;
    c->reset_max_account = 3;
    c->reset_window = 3600;
    /* a Xapian commit costs by the blocks it rewrites, which grow far
     * slower than its documents: a backlog of 10,000,000 chat messages went
     * at 1,300 a second in batches of 200, at 3,500 in batches of 2,000
     * (bench/RESULTS.md, « Chat »); the second's limit keeps new writes
     * findable within about a second either way */
    c->indexer_batch = 2000;
    c->disk_reserve_mb = 64;
    c->mail_retry_seconds = 60;
    c->mail_retry_hours = 48;
    c->mail_timeout = 30;
    c->chat_mail_delay_seconds = 15 * 60;
    c->chat_retention_seconds = 3600;
    c->account_expiry_seconds = 60;
    /* lib/priority.h; measured in bench/RESULTS.md, « Chat » */
    c->workers_nice = 5;
    c->background_nice = 10;

    const char *file = getenv("PARVIS_CONFIG");
    char path[600];
    if (file && *file) {
        if (load_file(c, file, 1, err, errlen)) return -1;
    } else {
        snprintf(path, sizeof path, "%s/parvis.conf", c->var_dir);
        if (load_file(c, path, 0, err, errlen)) return -1;
    }
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        char env[64] = "PARVIS_";
        size_t k = strlen(env);
        for (const char *p = fields[i].key; *p && k < sizeof env - 1; p++)
            env[k++] = (char)toupper((unsigned char)*p);
        env[k] = 0;
        const char *v = getenv(env);
        if (v && *v && set(c, &fields[i], v, err, errlen)) return -1;
    }
    if (derive(c->db_socket, sizeof c->db_socket, c->var_dir, "run/mysqld.sock")
        || derive(c->fcgi_socket, sizeof c->fcgi_socket, c->var_dir, "run/fcgi.sock")
        || derive(c->fcgi_chat_socket, sizeof c->fcgi_chat_socket, c->var_dir, "run/fcgi-chat.sock")
        || derive(c->indexer_socket, sizeof c->indexer_socket, c->var_dir, "run/indexer.sock")
        || derive(c->notifier_socket, sizeof c->notifier_socket, c->var_dir, "run/notifier.sock")
        || derive(c->mailer_socket, sizeof c->mailer_socket, c->var_dir, "run/mailer.sock")
        || derive(c->live_socket, sizeof c->live_socket, c->var_dir, "run/live.sock")
        || derive(c->mail_dir, sizeof c->mail_dir, c->var_dir, "mail")
        || derive(c->xapian_path, sizeof c->xapian_path, c->var_dir, "xapian")
        || derive(c->secret_file, sizeof c->secret_file, c->var_dir, "secret.key")
        || derive(c->authgen_file, sizeof c->authgen_file, c->var_dir, "run/authgen.shm")) {
        snprintf(err, errlen, "config: var_dir is too long: %s", c->var_dir);
        return -1;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (c->workers == 0) c->workers = (int)(cores > 0 ? 2 * cores : 2);
    /* four per core: a chat request waits on MariaDB far longer than it
     * computes, and a lane of few workers let its queue grow whenever a
     * busy host slowed MariaDB's answers (bench/RESULTS.md, « Chat »,
     * the tenth session) */
    if (c->chat_workers == 0) c->chat_workers = (int)(cores > 0 ? 4 * cores : 4);
    if (c->indexer_batch < 1) c->indexer_batch = 1;
    if (c->workers_nice > 19) c->workers_nice = 19;
    if (c->background_nice > 19) c->background_nice = 19;
    if (c->reset_window < 1) c->reset_window = 1;
    if (c->mail_retry_seconds < 1) c->mail_retry_seconds = 1;
    if (c->mail_timeout < 1) c->mail_timeout = 1;
    if (c->chat_retention_seconds < 1) c->chat_retention_seconds = 1;
    if (c->account_expiry_seconds < 1) c->account_expiry_seconds = 1;
    return 0;
}

const char *config_get(const config *c, const char *key, char *buf, int buflen)
{
    const field *f = find(key);
    if (!f) return NULL;
    const char *src = (const char *)c + f->off;
    if (f->is_int) snprintf(buf, buflen, "%d", *(const int *)src);
    else snprintf(buf, buflen, "%s", src);
    return buf;
}
