#include "stats.h"
#include "log.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

/* day + n days, as 'YYYY-MM-DD' into out[11] */
static void day_add(const char *day, int n, char out[11])
{
    struct tm t = { 0 };
    if (sscanf(day, "%d-%d-%d", &t.tm_year, &t.tm_mon, &t.tm_mday) != 3) { snprintf(out, 11, "%s", day); return; }
    t.tm_year -= 1900;
    t.tm_mon -= 1;
    t.tm_mday += n;
    t.tm_hour = 12;
    time_t s = timegm(&t);
    struct tm u;
    gmtime_r(&s, &u);
    strftime(out, 11, "%Y-%m-%d", &u);
}

static int count_days(db *d, const char *f, const char *t, int accounts)
{
    if (db_exec(d, STMT_STATS_COMPUTED_DELETE, "ss", f, t) < 0
        || db_exec(d, STMT_STATS_POSTS_COUNT, "ssssssss", f, t, f, t, f, t, f, t) < 0
        || db_exec(d, STMT_STATS_COMMENTS_COUNT, "ssssssss", f, t, f, t, f, t, f, t) < 0
        || db_exec(d, STMT_STATS_REACTIONS_COUNT, "ssssssssss", f, t, f, t, f, t, f, t, f, t) < 0
        || db_exec(d, STMT_STATS_FILES_COUNT, "ssssssss", f, t, f, t, f, t, f, t) < 0
        || db_exec(d, STMT_STATS_ACTIVE_COUNT, "ssssss", f, t, f, t, f, t) < 0)
        return -1;
    static const char *const periods[] = { "week", "month" };
    for (int i = 0; i < 2; i++) {
        const char *p = periods[i];
        if (db_exec(d, STMT_STATS_ACTIVE_PERIOD_COUNT, "ssssssssssss", p, f, t, p, p, f, t, p, p, f, t, p) < 0)
            return -1;
    }
    if (accounts && db_exec(d, STMT_STATS_ACCOUNTS_COUNT, "ssssss", t, t, t, t, t, t) < 0) return -1;
    return 0;
}

/* the last day closed ("" if none), today, and the first day to count */
static int days(db *d, arena *a, char last[11], char today[11], char first[11])
{
    db_rows *q = db_query(d, a, STMT_STATS_DAYS, "");
    if (!q || q->nrows != 1) return -1;
    snprintf(last, 11, "%s", db_cell(q, 0, 0) ? db_cell(q, 0, 0) : "");
    snprintf(today, 11, "%s", db_cell(q, 0, 1));
    snprintf(first, 11, "%s", db_cell(q, 0, 2));
    return 0;
}

/* takes the MariaDB lock that serialises every counting */
static int locked(db *d, arena *a, stmt s)
{
    db_rows *q = db_query(d, a, s, "");
    return q && q->nrows == 1 && db_cell(q, 0, 0) && strcmp(db_cell(q, 0, 0), "1") == 0 ? 0 : -1;
}

static void unlock(db *d, arena *a)
{
    db_query(d, a, STMT_STATS_UNLOCK, "");
}

#define CLOSE_DAYS 31

int stats_close_pass(db *d, arena *a)
{
    if (locked(d, a, STMT_STATS_LOCK)) return -1;
    char last[11], today[11], first[11], from[11], to[11];
    int rc = days(d, a, last, today, first);
    if (rc == 0) {
        if (*last) day_add(last, 1, from); else snprintf(from, sizeof from, "%s", first);
        day_add(today, -1, to);
        /* a month a transaction: the first pass on a platform a year old
         * counted the whole year in one, longer than the connection's
         * read limit, and held the users' rows the accounts' expiry
         * writes (each month committed is kept if a later one fails) */
        while (rc == 0 && strcmp(from, to) <= 0) {
            char until[11];
            day_add(from, CLOSE_DAYS - 1, until);
            if (strcmp(until, to) > 0) snprintf(until, sizeof until, "%s", to);
            struct timespec t0, t1;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            rc = db_begin(d);
            if (rc == 0 && (count_days(d, from, until, 1) || db_exec(d, STMT_STATS_DAY_CLOSE, "s", until) < 0)) {
                db_rollback(d);
                rc = -1;
            } else if (rc == 0) rc = db_commit(d);
            clock_gettime(CLOCK_MONOTONIC, &t1);
            if (rc == 0)
                log_info("statistics: days %s to %s closed in %.2f s", from, until,
                         (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
            day_add(until, 1, from);
        }
    }
    if (rc == 0 && (db_exec(d, STMT_STATS_PRESENCE_PURGE, "") < 0 || db_exec(d, STMT_STATS_MISSES_PURGE, "") < 0))
        rc = -1;
    unlock(d, a);
    return rc;
}

int stats_refresh_open(db *d, arena *a, int max_days)
{
    char last[11], today[11], first[11], from[11], floor_day[11];
    if (days(d, a, last, today, first)) return -1;
    if (*last) day_add(last, 1, from); else snprintf(from, sizeof from, "%s", today);
    day_add(today, -(max_days - 1), floor_day);
    if (strcmp(from, floor_day) < 0) snprintf(from, sizeof from, "%s", floor_day);
    if (strcmp(from, today) > 0) return 0;
    /* counted again only when what they are counted from changed (a
     * write and its commit saved on most views of the page) */
    db_rows *q = db_query(d, a, STMT_STATS_OPEN_FINGERPRINT, "ssssss", from, from, from, from, from, from);
    if (!q || q->nrows != 1 || !db_cell(q, 0, 0)) return -1;
    if (db_cell(q, 0, 1) && strcmp(db_cell(q, 0, 0), db_cell(q, 0, 1)) == 0) return 0;
    if (locked(d, a, STMT_STATS_LOCK_BRIEF)) return -1;
    int rc = db_begin(d);
    if (rc == 0 && (count_days(d, from, today, 1)
                    || db_exec(d, STMT_STATS_OPEN_FINGERPRINT_SET, "s", db_cell(q, 0, 0)) < 0)) {
        db_rollback(d);
        rc = -1;
    } else if (rc == 0) rc = db_commit(d);
    unlock(d, a);
    return rc;
}
