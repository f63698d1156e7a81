/* The extraction server: a small process the indexer starts before it grows
 * (MariaDB, Xapian's buffers), which forks the limited reader of each file
 * (extract_file). Forking the whole indexer for each file cost 10 to 17 ms
 * before any text was read, its page tables growing with every batch
 * (bench/RESULTS.md); forking this process costs a fraction of that. */
#ifndef PARVIS_EXTRACT_SERVER_H
#define PARVIS_EXTRACT_SERVER_H
#include "extract.h"

/* Starts the server; call before the process grows. 0, or -1 (then
 * extract_remote falls back to extract_file in this process). */
int extract_server_start(void);
/* extract_file through the server (restarted once if it died). */
int extract_remote(const char *path, const char *mime, extract_result *out);
/* Asks for the text of the next file without waiting for it, so that the
 * server reads it (on the other core) while the indexer indexes the
 * current one; the next extract_remote of the same path takes the answer.
 * At most one request ahead. */
void extract_prefetch(const char *path, const char *mime);
/* Stops it (end of input: it exits). */
void extract_server_stop(void);
#endif
