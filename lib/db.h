/* The MariaDB layer: the statements of lib/stmt.h only, called by name
 * and prepared once per connection; transactions; and a reconnect after a
 * lost connection (never inside a transaction: the caller gets the error
 * and rolls back), which prepares them again.
 *
 * Parameters are described by a type string, one letter each:
 *   'i' long long   'n' long long, where 0 or less gives SQL NULL
 *   's' const char * (NULL gives SQL NULL)
 *   'b' const void *, size_t (binary)
 * Every cell of a result comes back as text (NULL for SQL NULL). */
#ifndef PARVIS_DB_H
#define PARVIS_DB_H
#include <stddef.h>
#include "arena.h"
#include "config.h"
#include "stmt.h"

typedef struct db db;

typedef struct {
    int ncols, nrows;
    char **cells;          /* nrows * ncols; cell (r, c) at cells[r * ncols + c] */
    size_t *lens;
} db_rows;

/* Connects to `dbname` (NULL: none). With `prepare_all`, every statement
 * is prepared at each connection, so that a statement MariaDB refuses
 * stops the program at its start (the workers, the indexer); otherwise
 * each is prepared at its first use (parvis-ctl, which creates the
 * tables). */
db *db_open(const config *c, const char *dbname, int prepare_all, char *err, int errlen);
void db_close(db *d);

/* Runs a statement that returns no rows: the number of affected rows, or -1. */
long long db_exec(db *d, stmt s, const char *types, ...);
/* Runs a query; rows are allocated in `a`. NULL on error. */
db_rows *db_query(db *d, arena *a, stmt s, const char *types, ...);
long long db_last_id(db *d);
/* Runs one parameterless statement read from a migration file of sql/
 * (parvis-ctl init): prepared, executed and closed. The program's own
 * statements are in lib/stmt/. */
int db_exec_script(db *d, const char *sql);

int db_begin(db *d);
int db_commit(db *d);      /* -1 if the commit failed: nothing was written */
void db_rollback(db *d);
/* Rolls back; 1 when the failure was a deadlock that MariaDB ended by
 * rolling this transaction back whole and `attempt` (0, 1...) is the
 * first: the caller runs the whole transaction once more (a single
 * statement outside one is run again by the library itself). A second
 * deadlock is the caller's to answer, as any other failure. Used where
 * transactions cross each other's locks in normal use: the drive's
 * uploads, deletions and purges. */
int db_rollback_retry(db *d, int attempt);

/* The timeouts of this process's connections, in seconds, before any
 * db_open: connecting, and each read or write (0: none). A request worker
 * must not wait long for a MariaDB that stopped answering (db_breaker.h). */
void db_set_timeouts(unsigned connect_s, unsigned read_write_s);

int db_errno(db *d);       /* the server's error number of the last failure */
/* The last failure is MariaDB's own business, to be tried again: a
 * deadlock, a lock waited for too long, a connection lost. */
int db_transient(db *d);
const char *db_error(db *d);
int db_ping(db *d);        /* 0 when the server answers */

/* ids (n of them) as a JSON array text "[1,2,3]" in `a`: the parameter
 * of the statements that read a list through JSON_TABLE. */
const char *db_ids_json(arena *a, const long long *ids, int n);

/* Helpers for cells. */
const char *db_cell(const db_rows *r, int row, int col);
long long db_cell_int(const db_rows *r, int row, int col);
/* 1 when a row's first column is `value`, in rows sorted by it byte for
 * byte (ORDER BY a binary or ASCII column). */
int db_rows_sorted_has(const db_rows *r, const char *value);

#define DB_ER_DUP_ENTRY 1062
#endif
