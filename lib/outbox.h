/* The transactional outbox towards the indexer: a row in index_queue,
 * written in the same transaction as the change it announces, and a poke on
 * the indexer's socket after the commit so the change is searchable within
 * a second (the indexer also polls, so a lost poke only delays). */
#ifndef PARVIS_OUTBOX_H
#define PARVIS_OUTBOX_H
#include "db.h"
#include "index_terms.h"

/* The row saying that (kind, id) changed: 0, or -1 (MariaDB). */
int outbox_add(db *d, entity kind, long long id);
void outbox_poke(const char *indexer_socket);

/* The receiving side, for a queue's consumer (the indexer, the notifier):
 * the datagram socket bound at `path` (a stale one replaced), or -1; and
 * a wait for a poke or a second, whichever comes first, that empties the
 * socket (fd -1: a second's sleep). */
int poke_bind(const char *path);
void poke_wait(int fd);
#endif
