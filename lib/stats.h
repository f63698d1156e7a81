/* Statistics: daily aggregates (table stats_daily, docs/statistics.md).
 * Sign-ins, searches and the people seen are counted as they happen (the
 * workers); posts, comments, reactions and files added are counted from
 * those tables' creation times for a range of days, and so are the
 * distinct people seen each day, week and month (from stats_presence,
 * kept 31 days). A day is "closed" by parvis-notifier once it is over: its
 * counts are final. The open days (today, and any day not closed yet) are
 * counted again when the statistics are asked for. */
#ifndef PARVIS_STATS_H
#define PARVIS_STATS_H
#include "db.h"

/* parvis-notifier's pass: closes every day over since the last one
 * closed (a first pass starts at the first account's day, at most 400
 * days back), then forgets the people seen more than 31 days ago and the
 * searches without results of more than 90 days. 0, or -1. */
int stats_close_pass(db *d, arena *a);
/* Counts the days not closed yet again, up to today (at most the last
 * `max_days`). 0, or -1. */
int stats_refresh_open(db *d, arena *a, int max_days);
#endif
