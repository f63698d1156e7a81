/* What one FastCGI worker process holds for its whole life. */
#ifndef PARVIS_WORKER_H
#define PARVIS_WORKER_H
#include "config.h"
#include "db.h"
#include "xap.h"

typedef struct {
    config cfg;
    db *db;                    /* one connection, reconnected on loss */
    xap_rdb *xap;              /* opened lazily: the indexer creates the index */
    unsigned char secret[32];  /* server secret (CSRF tokens) */
    int secure_cookies;        /* public_url is https */
} worker_state;

extern worker_state W;

/* The database, reconnecting when needed; NULL when MariaDB is down. */
db *worker_db(void);
/* The search index reader, reopened to the latest revision; NULL if absent. */
xap_rdb *worker_xap(void);
#endif
