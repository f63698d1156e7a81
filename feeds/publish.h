/* A feed's answer handled (docs/feeds.md): its state written (the reason
 * of a failure and the next try, or the validators of a document), and
 * every new item published once in the group as a post by the feed's
 * connector, with its rows for the indexer and the notifier, in one
 * transaction: a replay after a crash publishes nothing twice
 * (feed_items' primary key). */
#ifndef PARVIS_FEEDS_PUBLISH_H
#define PARVIS_FEEDS_PUBLISH_H
#include "config.h"
#include "db.h"
#include "fetch.h"

#define FEED_FIRST_ITEMS 5             /* published from a new feed's first document (the newest) */
#define FEED_MAX_PER_POLL 50           /* published from one document at most (the newest) */

typedef struct {
    long long id, group_id, connector_id;
    int failures, primed;
    char *url, *etag, *last_modified, *title;
} due_feed;

/* Seconds before the next try after `failures` failures in a row. */
long long feed_backoff(int failures);
/* The answer `res` to the fetch of `f`: 0, or -1 on a database error
 * (logged; the feed is due again within a minute). */
int feed_handle(db *d, arena *a, const config *c, const due_feed *f, const fetch_res *res);
#endif
