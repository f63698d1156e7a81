#include "mail_send.h"
#include "arena.h"
#include "clock.h"
#include "crypto.h"
#include "log.h"
#include "mail_compose.h"
#include "mail_settings.h"
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BATCH 50

static struct {
    int started;
    int recover;               /* the journal and the 'sending' rows to settle first */
    unsigned char secret[32];
    int have_secret;
    char journal[600];
    int journal_fd;            /* open while it names mails */
    arena *a;
} S = { .journal_fd = -1 };

/* --- the journal of mails the relay accepted --- */

static int journal_append(long long id)
{
    if (S.journal_fd < 0) S.journal_fd = open(S.journal, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (S.journal_fd < 0) return -1;
    char line[32];
    int n = snprintf(line, sizeof line, "%lld\n", id);
    if (write(S.journal_fd, line, (size_t)n) != n || fsync(S.journal_fd) != 0) return -1;
    return 0;
}

/* every id it names is committed 'sent': empty it */
static void journal_clear(void)
{
    if (S.journal_fd >= 0) { close(S.journal_fd); S.journal_fd = -1; }
    int fd = open(S.journal, O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd >= 0) { fsync(fd); close(fd); }
}

static int eml_path(char *out, size_t n, const config *cfg, long long id, const char *suffix)
{
    int k = snprintf(out, n, "%s/%lld.eml%s", cfg->mail_dir, id, suffix);
    return k > 0 && (size_t)k < n ? 0 : -1;
}

/* The mails a previous pass or process left: those the journal names (or
 * whose file was written) are sent; the others 'sending' were not
 * confirmed and wait again, due now. 0, or -1 (MariaDB). */
static int recover(db *d, const config *cfg)
{
    FILE *f = fopen(S.journal, "r");
    if (f) {
        char line[64];
        int bad = 0, n = 0;
        while (fgets(line, sizeof line, f)) {
            char *end;
            long long id = strtoll(line, &end, 10);
            if (end == line || id <= 0) continue;    /* a line cut by a crash was never fsynced */
            if (db_exec(d, STMT_MAIL_SENT, "i", id) < 0) { bad = 1; break; }
            n++;
        }
        fclose(f);
        if (bad) return -1;
        if (n) log_info("mail: %d sent mails confirmed from the journal", n);
        journal_clear();
    }
    arena_reset(S.a);
    db_rows *q = db_query(d, S.a, STMT_MAIL_IN_FLIGHT, "");
    if (!q) return -1;
    for (int i = 0; i < q->nrows; i++) {
        long long id = db_cell_int(q, i, 0);
        char path[700];
        struct stat st;
        int written = eml_path(path, sizeof path, cfg, id, "") == 0 && stat(path, &st) == 0;
        if (db_exec(d, written ? STMT_MAIL_SENT : STMT_MAIL_RESEND, "i", id) < 0) return -1;
        if (!written) log_info("mail: mail %lld was being sent when the notifier stopped: sending it again", id);
    }
    S.recover = 0;
    return 0;
}

void mail_start(db *d, const config *cfg)
{
    if (S.started) return;
    S.started = 1;
    S.a = arena_new(256 * 1024);
    if (mkdir(cfg->mail_dir, 0750) != 0 && errno != EEXIST)
        log_error("mail: cannot create %s: %s", cfg->mail_dir, strerror(errno));
    char err[600];
    S.have_secret = secret_load_or_create(cfg->secret_file, S.secret, err, sizeof err) == 0;
    if (!S.have_secret) log_error("mail: %s (the relay's password cannot be read)", err);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) log_error("mail: libcurl could not start");
    snprintf(S.journal, sizeof S.journal, "%s/sent.journal", cfg->mail_dir);
    S.recover = 1;
    if (recover(d, cfg)) log_error("mail: cannot settle the mails in flight yet: %s", db_error(d));
}

/* --- one mail --- */

typedef enum { SENT, TEMPORARY, UNREACHABLE, PERMANENT } outcome;

static outcome write_file(const config *cfg, long long id, const char *message, char *why, size_t whylen)
{
    char tmp[700], path[700];
    if (eml_path(tmp, sizeof tmp, cfg, id, ".tmp") || eml_path(path, sizeof path, cfg, id, "")) {
        snprintf(why, whylen, "path too long");
        return TEMPORARY;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    size_t n = strlen(message);
    if (fd < 0 || write(fd, message, n) != (ssize_t)n || fsync(fd) != 0) {
        snprintf(why, whylen, "cannot write %lld.eml.tmp in the mail directory: %s", id, strerror(errno));
        if (fd >= 0) close(fd);
        unlink(tmp);
        return TEMPORARY;
    }
    close(fd);
    if (rename(tmp, path) != 0) {
        snprintf(why, whylen, "cannot rename %lld.eml.tmp in the mail directory: %s", id, strerror(errno));
        unlink(tmp);
        return TEMPORARY;
    }
    int dfd = open(cfg->mail_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) { fsync(dfd); close(dfd); }
    return SENT;
}

typedef struct { const char *p; size_t left; } upload;

static size_t read_cb(char *buf, size_t size, size_t nitems, void *ud)
{
    upload *u = ud;
    size_t n = size * nitems < u->left ? size * nitems : u->left;
    memcpy(buf, u->p, n);
    u->p += n;
    u->left -= n;
    return n;
}

/* the relay's answers: its first refusal (4xx, 5xx) and its last line,
 * printable ASCII (curl says QUIT after a refusal: its 221 comes last);
 * and its answer to the message itself, the reply that follows its 354
 * (« 250 2.0.0 Ok: queued as … »), kept as the proof of delivery of a
 * convocation (docs/convocations.md). libcurl hands each line the server
 * sends to the debug callback as CURLINFO_HEADER_IN. */
typedef struct { char refusal[300], last[300], data_reply[300]; int after_354; } answers;

static int debug_cb(CURL *h, curl_infotype type, char *data, size_t n, void *ud)
{
    (void)h;
    if (type != CURLINFO_HEADER_IN) return 0;
    answers *a = ud;
    char line[300];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof line - 1; i++) {
        if (data[i] == '\r' || data[i] == '\n') break;
        line[k++] = data[i] >= ' ' && data[i] <= '~' ? data[i] : '?';
    }
    line[k] = 0;
    memcpy(a->last, line, k + 1);
    if (!a->refusal[0] && (line[0] == '4' || line[0] == '5')) memcpy(a->refusal, line, k + 1);
    if (a->after_354 && !a->data_reply[0]) memcpy(a->data_reply, line, k + 1);
    if (strncmp(line, "354", 3) == 0) a->after_354 = 1;
    return 0;
}

static outcome send_smtp(CURL *c, const config *cfg, const mail_settings *s, const char *sender, const char *to,
                         const char *message, char *why, size_t whylen, char reply[300])
{
    char url[700], host[256], from[300], rcpt[300], errbuf[CURL_ERROR_SIZE] = "";
    answers ans = { "", "", "", 0 };
    mail_url_host(host, sizeof host, cfg->public_url);
    size_t rl = strlen(s->relay);
    snprintf(url, sizeof url, "%s%s%s", s->relay, rl && s->relay[rl - 1] == '/' ? "" : "/", *host ? host : "localhost");
    snprintf(from, sizeof from, "<%s>", sender);
    snprintf(rcpt, sizeof rcpt, "<%s>", to);
    struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
    if (!rcpts) { snprintf(why, whylen, "out of memory"); return TEMPORARY; }
    upload u = { message, strlen(message) };
    long timeout = cfg->mail_timeout;
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)u.left);
    if (strncmp(s->relay, "smtp://", 7) == 0)
        curl_easy_setopt(c, CURLOPT_USE_SSL, (long)(s->starttls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
    if (*s->username) {
        curl_easy_setopt(c, CURLOPT_USERNAME, s->username);
        curl_easy_setopt(c, CURLOPT_PASSWORD, s->password);
    }
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout);
    curl_easy_setopt(c, CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 4 * timeout);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
    curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, debug_cb);
    curl_easy_setopt(c, CURLOPT_DEBUGDATA, (void *)&ans);
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(rcpts);
    snprintf(reply, 300, "%s", ans.data_reply);
    if (rc == CURLE_OK) return SENT;
    const char *answer = ans.refusal[0] ? ans.refusal : ans.last;
    snprintf(why, whylen, "%s%s(curl: %s)", answer, *answer ? " " : "", *errbuf ? errbuf : curl_easy_strerror(rc));
    if (code >= 500 && code < 600) return PERMANENT;
    if (code == 0) return UNREACHABLE;
    return TEMPORARY;
}

/* the delay before the next attempt after `attempts` of them */
static long long retry_delay(const config *cfg, long long attempts)
{
    long long delay = cfg->mail_retry_seconds;
    for (long long i = 1; i < attempts && delay < 3600; i++) delay *= 2;
    return delay < 3600 ? delay : 3600;
}

int mail_pass(db *d, const config *cfg)
{
    if (!S.started) mail_start(d, cfg);
    if (S.recover && recover(d, cfg)) return -1;
    arena_reset(S.a);
    db_rows *q = db_query(d, S.a, STMT_MAIL_DUE, "i", (long long)BATCH);
    if (!q) return -1;
    if (q->nrows == 0) return 0;
    mail_settings s;
    if (mail_settings_load(d, S.a, S.have_secret ? S.secret : NULL, &s)) return -1;
    char sender[256];
    mail_sender(&s, cfg->public_url, sender, sizeof sender);
    int files = !*s.relay;
    CURL *c = files ? NULL : curl_easy_init();
    if (!files && !c) { log_error("mail: libcurl could not start"); return 0; }
    double t0 = mono_s();
    int handled = 0, journaled = 0, failed_db = 0;
    for (int i = 0; i < q->nrows && mono_s() - t0 < MAIL_PASS_SECONDS; i++) {
        long long id = db_cell_int(q, i, 0), attempts = db_cell_int(q, i, 3) + 1;
        const char *to = db_cell(q, i, 1), *message = db_cell(q, i, 2);
        /* committed before the relay hears of it */
        long long got = db_exec(d, STMT_MAIL_SENDING, "i", id);
        if (got < 0) { failed_db = 1; break; }
        if (got == 0) continue;                      /* retried or changed meanwhile */
        char why[600] = "", reply[300] = "";
        outcome o = files ? write_file(cfg, id, message, why, sizeof why)
                          : send_smtp(c, cfg, &s, sender, to, message, why, sizeof why, reply);
        handled++;
        /* last_error: printable ASCII, 500 bytes at most */
        for (char *p = why; *p; p++)
            if (*p < ' ' || *p > '~') *p = '?';
        why[500] = 0;
        long long w;
        if (o == SENT) {
            if (!files) {
                if (journal_append(id) == 0) journaled = 1;
                else log_error("mail: cannot write %s: %s", S.journal, strerror(errno));
            }
            w = db_exec(d, STMT_MAIL_SENT, "i", id);
            if (w >= 0) log_info("mail: %lld sent (%s)", id, files ? "written as a file" : "accepted by the relay");
        } else if (o == PERMANENT) {
            log_error("mail: %lld refused for good: %s", id, why);
            w = db_exec(d, STMT_MAIL_FAIL, "si", why, id);
        } else {
            long long delay = retry_delay(cfg, attempts);
            log_error("mail: %lld not sent (attempt %lld, next in %lld s): %s", id, attempts, delay, why);
            w = db_exec(d, STMT_MAIL_DEFER, "siiii", why, (long long)cfg->mail_retry_hours,
                        (long long)cfg->mail_retry_hours, delay, id);
        }
        /* a convocation's mail: the relay's answer in its record (no row for other mails) */
        if (w >= 0)
            w = db_exec(d, STMT_CONV_RELAY_SET, "ssi",
                        o == SENT ? (files ? "pending" : "accepted") : o == PERMANENT ? "refused" : "pending",
                        o == SENT ? (files ? "written to the mail directory (no relay configured)" : reply) : why, id);
        if (w < 0) { failed_db = 1; break; }
        if (o == UNREACHABLE) break;                 /* the others would wait as long */
    }
    if (c) curl_easy_cleanup(c);
    if (failed_db) {
        /* the journal and the 'sending' rows are settled before anything else */
        S.recover = 1;
        return -1;
    }
    if (journaled) journal_clear();
    return handled;
}
