#include "db.h"
#include "clock.h"
#include "db_breaker.h"
#include "log.h"
#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARAMS 32
#define CELL_BUF 256

struct db {
    MYSQL *m;
    config cfg;
    char dbname[64];
    int in_tx;
    int prepare_all;            /* every statement prepared at each connection */
    int err_no;
    char err[512];
    MYSQL_STMT *stmts[STMT__MAX];   /* by name (stmt.h); NULL until prepared */
};

static void set_err(db *d, int no, const char *msg)
{
    d->err_no = no;
    snprintf(d->err, sizeof d->err, "%s", msg ? msg : "");
}

static void stmts_close(db *d)
{
    for (int i = 0; i < STMT__MAX; i++) {
        if (d->stmts[i]) mysql_stmt_close(d->stmts[i]);
        d->stmts[i] = NULL;
    }
}

/* Statement `s` prepared on this connection (once: then kept). */
static MYSQL_STMT *prepare(db *d, stmt s)
{
    if (s < 0 || s >= STMT__MAX) { set_err(d, -1, "no such statement"); return NULL; }
    if (d->stmts[s]) return d->stmts[s];
    MYSQL_STMT *st = mysql_stmt_init(d->m);
    if (!st) { set_err(d, -1, "mysql_stmt_init failed"); return NULL; }
    if (mysql_stmt_prepare(st, stmt_sql[s], (unsigned long)strlen(stmt_sql[s]))) {
        char msg[400];
        snprintf(msg, sizeof msg, "%s: %s", stmt_name[s], mysql_stmt_error(st));
        set_err(d, (int)mysql_stmt_errno(st), msg);
        mysql_stmt_close(st);
        return NULL;
    }
    d->stmts[s] = st;
    return st;
}

static int prepare_every(db *d)
{
    for (int i = 0; i < STMT__MAX; i++)
        if (!prepare(d, (stmt)i)) return -1;
    return 0;
}

static int lost(int no)
{
    return no == CR_SERVER_GONE_ERROR || no == CR_SERVER_LOST || no == ER_CONNECTION_KILLED
        || no == CR_CONNECTION_ERROR || no == CR_CONN_HOST_ERROR || no == ER_SERVER_SHUTDOWN;
}

/* the process's timeouts, in seconds (db_set_timeouts) */
static unsigned connect_timeout = 10, read_write_timeout = 0;

void db_set_timeouts(unsigned connect_s, unsigned read_write_s)
{
    connect_timeout = connect_s;
    read_write_timeout = read_write_s;
}

static int connect_db(db *d)
{
    if (d->m) { stmts_close(d); mysql_close(d->m); d->m = NULL; }
    if (db_breaker_tripped()) { set_err(d, CR_SERVER_GONE_ERROR, "MariaDB does not answer"); return -1; }
    MYSQL *m = mysql_init(NULL);
    if (!m) { set_err(d, -1, "mysql_init failed"); return -1; }
    my_bool off = 0;
    unsigned int timeout = connect_timeout;
    mysql_optionsv(m, MYSQL_OPT_RECONNECT, &off);
    mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    if (read_write_timeout) {
        unsigned int rw = read_write_timeout;
        mysql_optionsv(m, MYSQL_OPT_READ_TIMEOUT, &rw);
        mysql_optionsv(m, MYSQL_OPT_WRITE_TIMEOUT, &rw);
    }
    mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    mysql_optionsv(m, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
    if (!mysql_real_connect(m, NULL, d->cfg.db_user, NULL, d->dbname[0] ? d->dbname : NULL,
                            0, d->cfg.db_socket, 0)) {
        set_err(d, (int)mysql_errno(m), mysql_error(m));
        mysql_close(m);
        if (lost(d->err_no)) db_breaker_trip(d->err);   /* away, not refusing us */
        return -1;
    }
    d->m = m;
    d->in_tx = 0;
    if (d->prepare_all && prepare_every(d)) {
        stmts_close(d);
        mysql_close(d->m);
        d->m = NULL;
        return -1;
    }
    return 0;
}

db *db_open(const config *c, const char *dbname, int prepare_all, char *err, int errlen)
{
    db *d = calloc(1, sizeof *d);
    if (!d) { snprintf(err, errlen, "out of memory"); return NULL; }
    d->cfg = *c;
    d->prepare_all = prepare_all;
    snprintf(d->dbname, sizeof d->dbname, "%s", dbname ? dbname : "");
    if (connect_db(d)) {
        snprintf(err, errlen, "cannot connect to MariaDB at %s: %s", c->db_socket, d->err);
        free(d);
        return NULL;
    }
    return d;
}

void db_close(db *d)
{
    if (!d) return;
    stmts_close(d);
    if (d->m) mysql_close(d->m);
    free(d);
}


typedef struct {
    MYSQL_BIND bind[MAX_PARAMS];
    long long ints[MAX_PARAMS];
    unsigned long lens[MAX_PARAMS];
    my_bool nulls[MAX_PARAMS];
} params;

static int bind_params(db *d, params *p, const char *types, va_list ap)
{
    memset(p, 0, sizeof *p);
    int n = (int)strlen(types);
    if (n > MAX_PARAMS) { set_err(d, -1, "too many parameters"); return -1; }
    for (int i = 0; i < n; i++) {
        MYSQL_BIND *b = &p->bind[i];
        switch (types[i]) {
        case 'i':
        case 'n':
            p->ints[i] = va_arg(ap, long long);
            b->buffer_type = MYSQL_TYPE_LONGLONG;
            b->buffer = &p->ints[i];
            if (types[i] == 'n' && p->ints[i] <= 0) { p->nulls[i] = 1; b->is_null = &p->nulls[i]; }
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            b->buffer_type = MYSQL_TYPE_STRING;
            if (!s) { p->nulls[i] = 1; b->is_null = &p->nulls[i]; break; }
            b->buffer = (void *)s;
            p->lens[i] = (unsigned long)strlen(s);
            b->buffer_length = p->lens[i];
            b->length = &p->lens[i];
            break;
        }
        case 'b': {
            const void *v = va_arg(ap, const void *);
            size_t len = va_arg(ap, size_t);
            b->buffer_type = MYSQL_TYPE_BLOB;
            b->buffer = (void *)v;
            p->lens[i] = (unsigned long)len;
            b->buffer_length = p->lens[i];
            b->length = &p->lens[i];
            break;
        }
        default:
            set_err(d, -1, "bad parameter type");
            return -1;
        }
    }
    return n;
}

/* Closes the connection. Inside a transaction this is the rollback: the
 * server rolls back what a closed connection began, while a ROLLBACK sent
 * to a MariaDB that does not answer would wait for the timeout. The next
 * query connects again. */
static void drop(db *d)
{
    if (!d->m) return;
    stmts_close(d);
    mysql_close(d->m);
    d->m = NULL;
}

/* Prepares (from the cache), binds and executes. A statement outside a
 * transaction that lost a deadlock is run once more. A connection found lost
 * outside a transaction is opened again, and the statement run once more
 * unless it timed out: then it may have run (a slow statement, or a
 * MariaDB frozen while it ran), and running it again could do it twice.
 * Whether MariaDB is away is decided by connecting (connect_db trips the
 * breaker), never by one slow statement. */
static MYSQL_STMT *run(db *d, stmt sql, const char *types, va_list ap)
{
    /* MariaDB known to be away: at once, not after a timeout */
    if (db_breaker_tripped()) {
        if (d->in_tx) drop(d);
        set_err(d, CR_SERVER_GONE_ERROR, "MariaDB does not answer");
        return NULL;
    }
    for (int attempt = 0; attempt < 2; attempt++) {
        va_list ap2;
        va_copy(ap2, ap);
        params p;
        int n = bind_params(d, &p, types, ap2);
        va_end(ap2);
        if (n < 0) return NULL;
        double start = mono_s();
        MYSQL_STMT *st = d->m ? prepare(d, sql) : NULL;
        if (st) {
            if (mysql_stmt_param_count(st) != (unsigned long)n) {
                set_err(d, -1, "parameter count does not match the statement");
                return NULL;
            }
            if ((n == 0 || !mysql_stmt_bind_param(st, p.bind)) && !mysql_stmt_execute(st))
                return st;
            set_err(d, (int)mysql_stmt_errno(st), mysql_stmt_error(st));
            /* a statement of its own chosen as a deadlock's victim was
             * rolled back whole: run once more (in a transaction, the
             * whole transaction went: the caller's to say, with
             * db_rollback_retry) */
            if (d->err_no == ER_LOCK_DEADLOCK && !d->in_tx && !attempt) {
                log_error("db: deadlock (%s), the statement run again", d->err);
                continue;
            }
        } else if (!d->m) {
            set_err(d, CR_SERVER_GONE_ERROR, "not connected");
        }
        if (!lost(d->err_no)) return NULL;
        int timed_out = read_write_timeout && mono_s() - start >= read_write_timeout * 0.9;
        if (d->in_tx) { drop(d); return NULL; }   /* rolled back; the caller says so */
        if (attempt) { db_breaker_trip(d->err); return NULL; }
        log_error("db: connection lost (%s), reconnecting", d->err);
        if (timed_out) {
            int no = d->err_no;
            char saved[sizeof d->err];
            memcpy(saved, d->err, sizeof saved);
            (void)connect_db(d);                  /* ready for the next query */
            d->err_no = no;
            memcpy(d->err, saved, sizeof saved);
            return NULL;
        }
        if (connect_db(d)) return NULL;
    }
    return NULL;
}

long long db_exec(db *d, stmt sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    MYSQL_STMT *st = run(d, sql, types, ap);
    va_end(ap);
    if (!st) return -1;
    long long n = (long long)mysql_stmt_affected_rows(st);
    mysql_stmt_free_result(st);
    return n < 0 ? 0 : n;
}

int db_exec_script(db *d, const char *sql)
{
    MYSQL_STMT *st = d->m ? mysql_stmt_init(d->m) : NULL;
    if (!st) { set_err(d, CR_SERVER_GONE_ERROR, "not connected"); return -1; }
    int rc = 0;
    if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql)) || mysql_stmt_execute(st)) {
        set_err(d, (int)mysql_stmt_errno(st), mysql_stmt_error(st));
        rc = -1;
    }
    mysql_stmt_close(st);
    return rc;
}

long long db_last_id(db *d)
{
    return d->m ? (long long)mysql_insert_id(d->m) : 0;
}

db_rows *db_query(db *d, arena *a, stmt sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    MYSQL_STMT *st = run(d, sql, types, ap);
    va_end(ap);
    if (!st) return NULL;

    int ncols = (int)mysql_stmt_field_count(st);
    db_rows *r = arena_alloc(a, sizeof *r);
    r->ncols = ncols;
    if (ncols == 0 || mysql_stmt_store_result(st)) {
        if (ncols) { set_err(d, (int)mysql_stmt_errno(st), mysql_stmt_error(st)); return NULL; }
        return r;
    }
    int nrows = (int)mysql_stmt_num_rows(st);
    r->nrows = nrows;
    r->cells = arena_alloc(a, sizeof(char *) * (size_t)(nrows * ncols + 1));
    r->lens = arena_alloc(a, sizeof(size_t) * (size_t)(nrows * ncols + 1));

    MYSQL_BIND *bind = arena_alloc(a, sizeof *bind * (size_t)ncols);
    unsigned long *len = arena_alloc(a, sizeof *len * (size_t)ncols);
    my_bool *isnull = arena_alloc(a, sizeof *isnull * (size_t)ncols);
    my_bool *trunc = arena_alloc(a, sizeof *trunc * (size_t)ncols);
    char *buf = arena_alloc(a, (size_t)CELL_BUF * (size_t)ncols);
    for (int c = 0; c < ncols; c++) {
        bind[c].buffer_type = MYSQL_TYPE_STRING;
        bind[c].buffer = buf + c * CELL_BUF;
        bind[c].buffer_length = CELL_BUF;
        bind[c].length = &len[c];
        bind[c].is_null = &isnull[c];
        bind[c].error = &trunc[c];
    }
    if (mysql_stmt_bind_result(st, bind)) {
        set_err(d, (int)mysql_stmt_errno(st), mysql_stmt_error(st));
        mysql_stmt_free_result(st);
        return NULL;
    }
    for (int row = 0; row < nrows; row++) {
        int rc = mysql_stmt_fetch(st);
        if (rc == 1 || rc == MYSQL_NO_DATA) {
            set_err(d, (int)mysql_stmt_errno(st), mysql_stmt_error(st));
            mysql_stmt_free_result(st);
            return NULL;
        }
        for (int c = 0; c < ncols; c++) {
            int i = row * ncols + c;
            if (isnull[c]) { r->cells[i] = NULL; r->lens[i] = 0; continue; }
            if (len[c] < CELL_BUF) {
                r->cells[i] = arena_strndup(a, buf + c * CELL_BUF, len[c]);
            } else {
                /* longer than the buffer: fetch the whole value */
                char *big = arena_alloc(a, len[c] + 1);
                MYSQL_BIND b = {0};
                unsigned long blen = 0;
                b.buffer_type = MYSQL_TYPE_STRING;
                b.buffer = big;
                b.buffer_length = len[c] + 1;
                b.length = &blen;
                if (mysql_stmt_fetch_column(st, &b, (unsigned)c, 0)) {
                    set_err(d, (int)mysql_stmt_errno(st), mysql_stmt_error(st));
                    mysql_stmt_free_result(st);
                    return NULL;
                }
                big[len[c]] = 0;
                r->cells[i] = big;
            }
            r->lens[i] = len[c];
        }
    }
    mysql_stmt_free_result(st);
    return r;
}

int db_begin(db *d)
{
    if (db_exec(d, STMT_TX_BEGIN, "") < 0) return -1;
    d->in_tx = 1;
    return 0;
}

int db_commit(db *d)
{
    int rc = db_exec(d, STMT_TX_COMMIT, "") < 0 ? -1 : 0;
    if (rc) db_rollback(d);
    d->in_tx = 0;
    return rc;
}

void db_rollback(db *d)
{
    if (d->m) {
        int no = d->err_no;
        char saved[sizeof d->err];
        memcpy(saved, d->err, sizeof saved);
        (void)db_exec(d, STMT_TX_ROLLBACK, "");
        d->err_no = no;                       /* keep the error that led here */
        memcpy(d->err, saved, sizeof saved);
    }
    d->in_tx = 0;
}

int db_errno(db *d) { return d->err_no; }

int db_transient(db *d)
{
    return d->err_no == ER_LOCK_DEADLOCK || d->err_no == ER_LOCK_WAIT_TIMEOUT || lost(d->err_no);
}
const char *db_error(db *d) { return d->err; }

int db_rollback_retry(db *d, int attempt)
{
    int again = d->err_no == ER_LOCK_DEADLOCK && attempt == 0;
    db_rollback(d);
    if (again) log_info("db: deadlock (%s), the transaction run again", d->err);
    return again;
}

int db_ping(db *d)
{
    arena *a = arena_new(1024);
    db_rows *r = db_query(d, a, STMT_PING, "");
    int ok = r && r->nrows == 1;
    arena_free(a);
    return ok ? 0 : -1;
}

const char *db_cell(const db_rows *r, int row, int col)
{
    if (!r || row < 0 || row >= r->nrows || col < 0 || col >= r->ncols) return NULL;
    return r->cells[row * r->ncols + col];
}

long long db_cell_int(const db_rows *r, int row, int col)
{
    const char *s = db_cell(r, row, col);
    return s ? strtoll(s, NULL, 10) : 0;
}

int db_rows_sorted_has(const db_rows *r, const char *value)
{
    int lo = 0, hi = r->nrows - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        const char *cell = db_cell(r, mid, 0);
        int c = strcmp(cell ? cell : "", value);
        if (c == 0) return 1;
        if (c < 0) lo = mid + 1; else hi = mid - 1;
    }
    return 0;
}

const char *db_ids_json(arena *a, const long long *ids, int n)
{
    size_t cap = (size_t)n * 21 + 3, len = 1;
    char *json = arena_alloc(a, cap);
    json[0] = '[';
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(json + len, cap - len, "%s%lld", i ? "," : "", ids[i]);
    snprintf(json + len, cap - len, "]");
    return json;
}
