/* While MariaDB does not answer, a program's processes answer at once
 * instead of each waiting for its timeout: a circuit breaker shared by a
 * master and the children it forks (a page mapped before the fork).
 *
 * A query that finds MariaDB gone, refusing connections or silent past
 * the read timeout trips it; then every query of every process fails at
 * once (the FastCGI workers answer 503 in a millisecond) until the master,
 * which checks MariaDB twice a second while tripped (db_breaker_probe),
 * finds it answering again and resets it. No request ever waits for a
 * MariaDB that is known to be away, and none has to find out it is back. */
#ifndef PARVIS_DB_BREAKER_H
#define PARVIS_DB_BREAKER_H
#include "config.h"

/* Maps the shared page: call in the master, before forking. 0 or -1. */
int db_breaker_init(void);
/* 1 while tripped (MariaDB known to be away). */
int db_breaker_tripped(void);
void db_breaker_trip(const char *why);
/* In the master, often: while tripped, at most twice a second, connects
 * to MariaDB with short timeouts and resets the breaker when it answers. */
void db_breaker_probe(const config *c);
#endif
