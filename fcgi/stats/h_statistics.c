/* GET /admin/statistics?from=&to=&group_by=day|week|month&dimension=department|site
 * and GET /admin/statistics/groups?from=&to= (administrators), ?format=csv
 * on each. The numbers are read from the daily aggregates (lib/stats.h);
 * the days not closed yet by parvis-notifier (today) are counted again
 * first. docs/statistics.md says what is counted and kept. */
#include "core/acl.h"
#include "core/csv_out.h"
#include "core/respond.h"
#include "core/worker.h"
#include "log.h"
#include "stats.h"
#include "stats/handlers.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_DAYS 1100          /* three years */
#define OPEN_DAYS 3            /* days counted again at most, when not closed */

/* "YYYY-MM-DD", a real day: its time (noon UTC), or -1 */
static time_t day_time(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
    for (int i = 0; i < 10; i++) if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return -1;
    struct tm t = { 0 };
    t.tm_year = (int)strtol(s, NULL, 10) - 1900;     /* the digits were checked above */
    t.tm_mon = (int)strtol(s + 5, NULL, 10) - 1;
    t.tm_mday = (int)strtol(s + 8, NULL, 10);
    t.tm_hour = 12;
    int y = t.tm_year, m = t.tm_mon, d = t.tm_mday;
    time_t v = timegm(&t);
    return t.tm_year == y && t.tm_mon == m && t.tm_mday == d && y > 0 ? v : -1;
}

static const char *day_text(req *r, time_t t)
{
    struct tm u;
    gmtime_r(&t, &u);
    char *out = arena_alloc(r->a, 11);
    strftime(out, 11, "%Y-%m-%d", &u);
    return out;
}

int stats_period(req *r, int dflt_days, int max_days, const char **from, const char **to)
{
    const char *f = req_query(r, "from"), *t = req_query(r, "to");
    time_t now = time(NULL), tt, ft;
    if (t && *t) {
        if ((tt = day_time(t)) < 0) return resp_error(r, 400, "bad_request", M_BAD_DAY, "to"), -1;
    } else tt = now;
    if (f && *f) {
        if ((ft = day_time(f)) < 0) return resp_error(r, 400, "bad_request", M_BAD_DAY, "from"), -1;
    } else ft = tt - (time_t)(dflt_days - 1) * 86400;
    if (ft > tt + 3600 || (tt - ft) / 86400 >= max_days)
        return resp_error(r, 400, "bad_request", M_STATS_BAD_RANGE, max_days), -1;
    *from = day_text(r, ft);
    *to = day_text(r, tt);
    return 0;
}

/* ?format=: json (default) or csv; -1 when refused (answered) */
static int want_csv(req *r, int *csv)
{
    const char *format = req_query(r, "format");
    if (format && *format && strcmp(format, "csv") && strcmp(format, "json"))
        return resp_error(r, 400, "bad_request", M_FIELD_ENUM, "format", "json, csv"), -1;
    *csv = format && strcmp(format, "csv") == 0;
    return 0;
}

static void csv_start(req *r, const char *name, const char *from, const char *to, const char *header)
{
    resp_header(r, "Content-Disposition",
                 arena_printf(r->a, "attachment; filename=\"%s-%s-%s.csv\"", name, from, to));
    r->status = 200;
    resp_stream_csv(r);
    resp_write(r, header, strlen(header));
}

/* the export in the journal; a failure is only logged */
static void audit_export(req *r, const char *what, const char *detail)
{
    if (db_exec(worker_db(), STMT_AUDIT_EXPORT, "iss", r->user->id, what, detail) < 0)
        log_error("audit of an export: %s", db_error(worker_db()));
}

/* the counts of a period, in the order of the CSV's columns */
enum { C_ACTIVE, C_ACCOUNTS, C_SIGNINS, C_POSTS, C_COMMENTS, C_REACTIONS, C_FILES, C_SEARCHES, C_COUNT };
static const char *const count_names[C_COUNT] = {
    "active", "accounts", "signins", "posts", "comments", "reactions", "files", "searches",
};

typedef struct {
    const char *period, *dim;
    long long n[C_COUNT];
    int has_accounts;
} bucket;

/* first day of the bucket of `day` */
static const char *bucket_of(req *r, const char *day, const char *group_by)
{
    time_t t = day_time(day);
    struct tm u;
    gmtime_r(&t, &u);
    if (strcmp(group_by, "week") == 0) t -= (time_t)((u.tm_wday + 6) % 7) * 86400;
    else if (strcmp(group_by, "month") == 0) t -= (time_t)(u.tm_mday - 1) * 86400;
    return day_text(r, t);
}

static json_t *bucket_json(const bucket *b, int with_dim)
{
    json_t *o = json_object();
    json_object_set_new(o, "period", json_string(b->period));
    if (with_dim) json_object_set_new(o, "value", json_string(b->dim));
    for (int c = 0; c < C_COUNT; c++)
        json_object_set_new(o, count_names[c],
                            c == C_ACCOUNTS && !b->has_accounts ? json_null() : json_integer((json_int_t)b->n[c]));
    json_object_set_new(o, "active_share", b->has_accounts && b->n[C_ACCOUNTS] > 0
        ? json_real((double)b->n[C_ACTIVE] / (double)b->n[C_ACCOUNTS]) : json_null());
    return o;
}

static const char *num(req *r, long long v) { return arena_printf(r->a, "%lld", v); }

int h_statistics(req *r)
{
    if (!acl_can_see_statistics(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    const char *from, *to, *group_by = req_query(r, "group_by"), *dimension = req_query(r, "dimension");
    const char *part = req_query(r, "part");
    int csv;
    if (stats_period(r, 30, MAX_DAYS, &from, &to) || want_csv(r, &csv)) return 0;
    if (!group_by || !*group_by) group_by = "day";
    if (strcmp(group_by, "day") && strcmp(group_by, "week") && strcmp(group_by, "month"))
        return resp_error(r, 400, "bad_request", M_FIELD_ENUM, "group_by", "day, week, month");
    if (dimension && !*dimension) dimension = NULL;
    if (dimension && strcmp(dimension, "department") && strcmp(dimension, "site"))
        return resp_error(r, 400, "bad_request", M_FIELD_ENUM, "dimension", "department, site");
    if (part && *part && strcmp(part, "series") && strcmp(part, "searches") && strcmp(part, "must_read"))
        return resp_error(r, 400, "bad_request", M_FIELD_ENUM, "part", "series, searches, must_read");
    if (!part || !*part) part = "series";
    db *d = worker_db();
    if (!d) return resp_db_error(r);
    /* today (and any day the notifier has not closed yet) counted again */
    if (stats_refresh_open(d, r->a, OPEN_DAYS)) log_error("statistics: counting the open days: %s", db_error(d));

    const char *active_metric = strcmp(group_by, "week") == 0 ? "active_week"
                              : strcmp(group_by, "month") == 0 ? "active_month" : "active";
    db_rows *q = db_query(d, r->a, STMT_STATS_SERIES, "ssss", group_by, dimension ? dimension : "all", from, to);
    db_rows *misses = q ? db_query(d, r->a, STMT_STATS_SEARCH_MISSES_TOP, "ss", from, to) : NULL;
    db_rows *must = misses ? db_query(d, r->a, STMT_STATS_MUST_READ, "ss", from, to) : NULL;
    if (!must) return resp_db_error(r);

    /* the buckets: every period of the range for the whole platform (no
     * gaps in a curve), the periods and values found for a dimension */
    int cap = q->nrows + 1;
    if (!dimension) {
        time_t f = day_time(from), t = day_time(to);
        cap = (int)((t - f) / 86400) + 2;
    }
    bucket *b = arena_alloc(r->a, sizeof *b * (size_t)cap);
    int nb = 0;
    if (!dimension) {
        for (time_t t = day_time(from), end = day_time(to); t <= end; t += 86400) {
            const char *p = bucket_of(r, day_text(r, t), group_by);
            if (nb && strcmp(b[nb - 1].period, p) == 0) continue;
            b[nb++] = (bucket){ .period = p, .dim = "" };
        }
    }
    int cur = -1;
    for (int i = 0; i < q->nrows; i++) {
        const char *p = db_cell(q, i, 0), *metric = db_cell(q, i, 1), *dim = db_cell(q, i, 2);
        /* rows come by period, then value: the buckets are walked forward */
        if (cur < 0 || strcmp(b[cur].period, p) || strcmp(b[cur].dim, dim)) {
            if (!dimension) {
                int k = cur < 0 ? 0 : cur;
                while (k < nb && strcmp(b[k].period, p)) k++;
                if (k == nb) continue;               /* outside the range: cannot happen */
                cur = k;
            } else {
                if (nb == cap) continue;             /* cannot happen: one bucket per row at most */
                b[nb] = (bucket){ .period = p, .dim = dim };
                cur = nb++;
            }
        }
        long long sum = db_cell_int(q, i, 3), max = db_cell_int(q, i, 4);
        if (strcmp(metric, active_metric) == 0) b[cur].n[C_ACTIVE] = strcmp(group_by, "day") == 0 ? sum : max;
        else if (strcmp(metric, "accounts") == 0) { b[cur].n[C_ACCOUNTS] = max; b[cur].has_accounts = 1; }
        else
            for (int c = C_SIGNINS; c < C_COUNT; c++)
                if (strcmp(metric, count_names[c]) == 0) b[cur].n[c] += sum;
    }

    if (csv) {
        audit_export(r, "statistics.export", arena_printf(r->a, "part=%s from=%s to=%s group_by=%s dimension=%s",
                                                          part, from, to, group_by, dimension ? dimension : "-"));
        if (strcmp(part, "searches") == 0) {
            csv_start(r, "recherches-sans-resultat", from, to, "\"query\",\"count\"\r\n");
            for (int i = 0; i < misses->nrows; i++)
                csv_line(r, 2, (const char *const[]){ db_cell(misses, i, 0), db_cell(misses, i, 1) });
            return 0;
        }
        if (strcmp(part, "must_read") == 0) {
            csv_start(r, "lecture-obligatoire", from, to,
                      "\"post\",\"title\",\"group\",\"published\",\"confirmed\",\"audience\"\r\n");
            for (int i = 0; i < must->nrows; i++) {
                const char *title = *db_cell(must, i, 1) ? db_cell(must, i, 1) : db_cell(must, i, 2);
                csv_line(r, 6, (const char *const[]){ db_cell(must, i, 0), title, db_cell(must, i, 4),
                                                      db_cell(must, i, 5), db_cell(must, i, 6), db_cell(must, i, 7) });
            }
            return 0;
        }
        csv_start(r, "statistiques", from, to, dimension
            ? "\"period\",\"value\",\"active\",\"accounts\",\"signins\",\"posts\",\"comments\",\"reactions\",\"files\",\"searches\"\r\n"
            : "\"period\",\"active\",\"accounts\",\"signins\",\"posts\",\"comments\",\"reactions\",\"files\",\"searches\"\r\n");
        for (int k = 0; k < nb; k++) {
            const char *fields[2 + C_COUNT];
            int n = 0;
            fields[n++] = b[k].period;
            if (dimension) fields[n++] = b[k].dim;
            for (int c = 0; c < C_COUNT; c++)
                fields[n++] = c == C_ACCOUNTS && !b[k].has_accounts ? "" : num(r, b[k].n[c]);
            csv_line(r, n, fields);
        }
        return 0;
    }

    json_t *series = json_array(), *totals = json_object();
    long long sums[C_COUNT] = { 0 };
    for (int k = 0; k < nb; k++) {
        json_array_append_new(series, bucket_json(&b[k], dimension != NULL));
        for (int c = C_SIGNINS; c < C_COUNT; c++) sums[c] += b[k].n[c];
    }
    for (int c = C_SIGNINS; c < C_COUNT; c++) json_object_set_new(totals, count_names[c], json_integer((json_int_t)sums[c]));
    json_t *top = json_array();
    for (int i = 0; i < misses->nrows; i++)
        json_array_append_new(top, json_pack("{s:s,s:I}", "query", db_cell(misses, i, 0),
                                             "count", (json_int_t)db_cell_int(misses, i, 1)));
    json_t *posts = json_array();
    long long confirmed = 0, audience = 0;
    for (int i = 0; i < must->nrows; i++) {
        long long c = db_cell_int(must, i, 6), a = db_cell_int(must, i, 7);
        confirmed += c;
        audience += a;
        const char *gname = db_cell(must, i, 4);
        json_array_append_new(posts, json_pack("{s:I,s:s,s:s,s:o,s:s,s:I,s:I,s:o}",
            "id", (json_int_t)db_cell_int(must, i, 0), "title", db_cell(must, i, 1), "excerpt", db_cell(must, i, 2),
            "group", db_cell(must, i, 3) ? json_pack("{s:I,s:s}", "id", (json_int_t)db_cell_int(must, i, 3),
                                                    "name", gname ? gname : "") : json_null(),
            "published", db_cell(must, i, 5), "confirmed", (json_int_t)c, "audience", (json_int_t)a,
            "rate", a > 0 ? json_real((double)c / (double)a) : json_null()));
    }
    return resp_json(r, 200, json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:{s:I,s:I,s:o,s:o}}",
        "from", from, "to", to, "group_by", group_by, "dimension", dimension ? json_string(dimension) : json_null(),
        "series", series, "totals", totals, "searches_without_results", top,
        "must_read", "confirmed", (json_int_t)confirmed, "audience", (json_int_t)audience,
        "rate", audience > 0 ? json_real((double)confirmed / (double)audience) : json_null(), "posts", posts));
}

int h_statistics_groups(req *r)
{
    if (!acl_can_see_statistics(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    const char *from, *to;
    int csv;
    if (stats_period(r, 30, MAX_DAYS, &from, &to) || want_csv(r, &csv)) return 0;
    db *d = worker_db();
    if (!d) return resp_db_error(r);
    if (stats_refresh_open(d, r->a, OPEN_DAYS)) log_error("statistics: counting the open days: %s", db_error(d));
    db_rows *g = db_query(d, r->a, STMT_STATS_GROUPS, "ss", from, to);
    db_rows *act = g ? db_query(d, r->a, STMT_STATS_GROUPS_ACTIVE_MEMBERS, "ssss", from, to, from, to) : NULL;
    db_rows *top = act && !csv ? db_query(d, r->a, STMT_STATS_TOP_POSTS, "ss", from, to) : NULL;
    if (!act || (!csv && !top)) return resp_db_error(r);
    if (csv) {
        audit_export(r, "statistics.export", arena_printf(r->a, "part=groups from=%s to=%s", from, to));
        csv_start(r, "statistiques-groupes", from, to,
                  "\"group\",\"name\",\"visibility\",\"members\",\"active_members\",\"posts\",\"comments\",\"reactions\",\"files\"\r\n");
    }
    json_t *items = csv ? NULL : json_array();
    for (int i = 0; i < g->nrows; i++) {
        long long id = db_cell_int(g, i, 0), active = 0;
        for (int k = 0; k < act->nrows; k++) if (db_cell_int(act, k, 0) == id) { active = db_cell_int(act, k, 1); break; }
        if (csv) {
            csv_line(r, 9, (const char *const[]){ db_cell(g, i, 0), db_cell(g, i, 1), db_cell(g, i, 2), db_cell(g, i, 3),
                num(r, active), db_cell(g, i, 5), db_cell(g, i, 6), db_cell(g, i, 7), db_cell(g, i, 8) });
            continue;
        }
        json_t *tops = json_array();
        for (int k = 0; k < top->nrows; k++)
            if (db_cell(top, k, 1) && db_cell_int(top, k, 1) == id)
                json_array_append_new(tops, json_pack("{s:I,s:s,s:s,s:s,s:I,s:I}",
                    "id", (json_int_t)db_cell_int(top, k, 0), "title", db_cell(top, k, 2), "excerpt", db_cell(top, k, 3),
                    "published", db_cell(top, k, 4), "comments", (json_int_t)db_cell_int(top, k, 5),
                    "reactions", (json_int_t)db_cell_int(top, k, 6)));
        json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:I,s:b,s:I,s:I,s:I,s:I,s:I,s:o}",
            "id", (json_int_t)id, "name", db_cell(g, i, 1), "visibility", db_cell(g, i, 2),
            "members", (json_int_t)db_cell_int(g, i, 3), "archived", db_cell_int(g, i, 4) != 0,
            "active_members", (json_int_t)active, "posts", (json_int_t)db_cell_int(g, i, 5),
            "comments", (json_int_t)db_cell_int(g, i, 6), "reactions", (json_int_t)db_cell_int(g, i, 7),
            "files", (json_int_t)db_cell_int(g, i, 8), "top_posts", tops));
    }
    if (csv) return 0;
    json_t *news = json_array();
    for (int k = 0; k < top->nrows; k++)
        if (!db_cell(top, k, 1))
            json_array_append_new(news, json_pack("{s:I,s:s,s:s,s:s,s:I,s:I}",
                "id", (json_int_t)db_cell_int(top, k, 0), "title", db_cell(top, k, 2), "excerpt", db_cell(top, k, 3),
                "published", db_cell(top, k, 4), "comments", (json_int_t)db_cell_int(top, k, 5),
                "reactions", (json_int_t)db_cell_int(top, k, 6)));
    return resp_json(r, 200, json_pack("{s:s,s:s,s:o,s:o}", "from", from, "to", to, "groups", items, "news_top_posts", news));
}
