/* The extraction servers: small processes the indexer starts before it
 * grows (MariaDB, Xapian's buffers), which fork the limited reader of each
 * file (extract_file). Forking the whole indexer for each file cost 10 to
 * 17 ms before any text was read, its page tables growing with every batch
 * (bench/RESULTS.md); forking these costs a fraction of that. There are two,
 * so that files are read on both cores while the indexer indexes the ones
 * already read: the answers come back as they are ready. */
#ifndef PARVIS_EXTRACT_SERVER_H
#define PARVIS_EXTRACT_SERVER_H
#include "extract.h"

/* Starts the servers; call before the process grows. 0, or -1 (then files
 * are read by extract_file in this process). */
int extract_server_start(void);
/* Stops them (end of input: they exit). */
void extract_server_stop(void);

/* extract_file through a server, waiting for it (a server that died is
 * replaced once). Only when nothing is in flight. */
int extract_remote(const char *path, const char *mime, extract_result *out);

/* Asks for a file's text without waiting; `tag` comes back with the
 * answer. 0, or -1 when no server can take it (ask extract_remote). */
int extract_submit(long long tag, const char *path, const char *mime);
/* Requests in flight. */
int extract_in_flight(void);
/* Waits for the next answer, whichever is ready first: its tag, and 0 or
 * -1 as extract_file; -2 when its server died (ask extract_remote). */
int extract_collect(long long *tag, extract_result *out);
/* Every answer in flight read and dropped (after a failed batch). */
void extract_drain(void);
#endif
