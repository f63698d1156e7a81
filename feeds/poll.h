/* The poller of parvis-feeds (docs/feeds.md): every feed due is fetched
 * (lib/fetch.h, under the SSRF guard with the administrators' allow list),
 * up to FEEDS_PARALLEL at once in one curl multi handle, and each answer
 * handled as soon as it comes (feeds/publish.c). A feed is due every
 * FEED_INTERVAL seconds, at once when added or refreshed, and after a
 * failure again after a back-off that doubles up to a day. */
#ifndef PARVIS_FEEDS_POLL_H
#define PARVIS_FEEDS_POLL_H
#include "config.h"
#include "db.h"
#include <signal.h>

#define FEEDS_PARALLEL 50
#define FEED_INTERVAL 900              /* 15 minutes */
#define FEED_BACKOFF_MAX 86400         /* a day */

/* Until *stopping. */
void poll_run(db *d, const config *c, volatile sig_atomic_t *stopping);
#endif
