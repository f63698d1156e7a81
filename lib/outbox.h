/* The transactional outbox towards the indexer: a row in index_queue,
 * written in the same transaction as the change it announces, and a poke on
 * the indexer's socket after the commit so the change is searchable within
 * a second (the indexer also polls, so a lost poke only delays). */
#ifndef PARVIS_OUTBOX_H
#define PARVIS_OUTBOX_H
#include "db.h"

int outbox_add(db *d, const char *entity_type, long long entity_id);
void outbox_poke(const char *indexer_socket);
#endif
