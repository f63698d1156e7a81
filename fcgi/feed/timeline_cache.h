/* Each worker keeps, for every feed source it served (a group, or the
 * organisation's news), the keys of its newest posts: publish time, id,
 * unpublish time and flags. A home feed page is then a merge in memory of
 * the person's sources, and one query fetches the page's posts by id. An
 * entry is trusted while its source's counter and the platform's posts
 * counter (authgen.h) are unchanged and no scheduled post of the source has
 * come due; writers bump the counters after their commit. When a page
 * needs posts older than what a source keeps, the caller falls back to
 * SQL. */
#ifndef PARVIS_TIMELINE_CACHE_H
#define PARVIS_TIMELINE_CACHE_H
#include <stdint.h>
#include "core/req.h"

#define TIMELINE_KEEP 64             /* posts kept per source */

typedef struct {
    int64_t publish_us;              /* microseconds since 1970, UTC */
    long long id, author_id;
    int64_t unpublish_us;            /* 0: none */
} timeline_item;

/* The ids of the newest `want` posts visible now among `sources` (group
 * ids, 0 for the news) that come before the cursor (before_us, before_id;
 * INT64_MAX and 0 for the first page), newest first. Returns the
 * number found (at most want), or -1 when
 * the caches cannot answer exactly (the caller uses SQL), -2 on a
 * database error. */
int timeline_page(req *r, const long long *sources, int nsources, int64_t before_us, long long before_id,
                  long long *ids, int want);
/* The same over the platform's newest posts marked must-read (from any
 * source, keeping those the asker has not confirmed) or « À la une » (the
 * news): each worker keeps the newest TIMELINE_KEEP of either, valid
 * until a post is written. Same answers as timeline_page. */
typedef enum { TIMELINE_MUST_READ, TIMELINE_FEATURED } timeline_flag;
int timeline_flagged_page(req *r, timeline_flag flag, const long long *sources, int nsources,
                          int64_t before_us, long long before_id, long long *ids, int want);
/* How many posts of a source, visible now and not by `not_author`, were
 * published after since_us: at most TIMELINE_KEEP (which then means "that
 * many or more"). -1 on a database error. */
int timeline_count_since(req *r, long long source, int64_t since_us, long long not_author);
/* After committing a change of a source's posts (0: the news). */
void timeline_changed(long long source);
/* After committing a post's creation, change or deletion: what is
 * must-read or « À la une » may have changed. */
void timeline_flags_changed(void);
/* After a change of many sources' posts, or of what every post shows of
 * its author or group (an account erased, a name changed). */
void timeline_changed_all(void);
/* "YYYY-MM-DD HH:MM:SS[.ffffff]" (UTC) to microseconds; -1 when invalid. */
int64_t timeline_parse_key(const char *text);
#endif
