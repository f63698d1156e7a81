#include "event_time.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* ---- zones ---- */

static char current_tz[TZ_NAME_MAX + 1];   /* "" : the process's own */
static int saved, had_tz;
static char saved_tz[256];

int tz_valid(const char *tz)
{
    if (!tz || !*tz || strlen(tz) > TZ_NAME_MAX) return 0;
    if (strcmp(tz, "UTC") == 0) return 1;
    /* Area/Location names: letters, digits, _ - + and single slashes;
     * never a path that climbs ("..") or starts at the root */
    if (tz[0] == '/' || tz[0] == '.' || strstr(tz, "..") || strstr(tz, "//")) return 0;
    for (const char *p = tz; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("_-+/", *p)) return 0;
    const char *dir = getenv("TZDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", tz);
    return access(path, R_OK) == 0;
}

void tz_use(const char *tz)
{
    if (!tz || !*tz) tz = "UTC";
    if (strcmp(current_tz, tz) == 0) return;
    if (!saved) {
        const char *old = getenv("TZ");
        had_tz = old != NULL;
        snprintf(saved_tz, sizeof saved_tz, "%s", old ? old : "");
        saved = 1;
    }
    setenv("TZ", tz, 1);
    tzset();
    snprintf(current_tz, sizeof current_tz, "%s", tz);
}

void tz_restore(void)
{
    if (!saved) return;
    if (had_tz) setenv("TZ", saved_tz, 1);
    else unsetenv("TZ");
    tzset();
    saved = 0;
    current_tz[0] = 0;
}

/* ---- dates (Howard Hinnant's civil calendar algorithms) ---- */

long long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

ymd civil_from_days(long long z)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = (long long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    ymd r = { (int)(y + (m <= 2)), (int)m, (int)d };
    return r;
}

int days_in_month(int y, int m)
{
    static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return n[m - 1];
}

long long local_to_utc(const char *tz, int y, int m, int d, int hh, int mi, int ss)
{
    tz_use(tz);
    struct tm tm = { 0 };
    tm.tm_year = y - 1900; tm.tm_mon = m - 1; tm.tm_mday = d;
    tm.tm_hour = hh; tm.tm_min = mi; tm.tm_sec = ss;
    tm.tm_isdst = -1;
    return (long long)mktime(&tm);
}

void utc_to_local(const char *tz, long long t, struct tm *out, long *off)
{
    tz_use(tz);
    time_t tt = (time_t)t;
    localtime_r(&tt, out);
    if (off) *off = out->tm_gmtoff;
}

ymd local_date(const char *tz, long long t)
{
    struct tm tm;
    utc_to_local(tz, t, &tm, NULL);
    ymd r = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
    return r;
}

/* ---- RFC 3339 ---- */

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int date_part(const char *s, ymd *out, int *why)
{
    *why = 1;
    if (digits(s, 4, &out->y) || s[4] != '-' || digits(s + 5, 2, &out->m) || s[7] != '-'
        || digits(s + 8, 2, &out->d)) return -1;
    if (out->m < 1 || out->m > 12 || out->d < 1 || out->d > days_in_month(out->y, out->m)) return -1;
    if (out->y < EVENT_YEAR_MIN || out->y > EVENT_YEAR_MAX) { *why = 2; return -1; }
    return 0;
}

int parse_date(const char *s, ymd *out, int *why)
{
    *why = 1;
    if (!s || strlen(s) != 10) return -1;
    return date_part(s, out, why);
}

int parse_rfc3339(const char *s, const char *tz, long long *t, int *why)
{
    *why = 1;
    if (!s || strlen(s) < 16) return -1;
    ymd d;
    if (date_part(s, &d, why)) return -1;
    *why = 1;
    int hh, mi, ss = 0;
    if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || digits(s + 11, 2, &hh) || s[13] != ':'
        || digits(s + 14, 2, &mi)) return -1;
    const char *p = s + 16;
    if (*p == ':') {
        if (digits(p + 1, 2, &ss)) return -1;
        p += 3;
        if (*p == '.') { p++; if (!isdigit((unsigned char)*p)) return -1; while (isdigit((unsigned char)*p)) p++; }
    }
    if (hh > 23 || mi > 59 || ss > 60) return -1;
    if (ss == 60) ss = 59;
    if (*p == 0) {
        *t = local_to_utc(tz, d.y, d.m, d.d, hh, mi, ss);
        return 0;
    }
    long off = 0;
    if ((*p == 'Z' || *p == 'z') && p[1] == 0) off = 0;
    else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
        int oh, om;
        if (digits(p + 1, 2, &oh) || digits(p + 4, 2, &om) || oh > 23 || om > 59) return -1;
        off = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
    } else return -1;
    *t = days_from_civil(d.y, d.m, d.d) * 86400LL + hh * 3600LL + mi * 60LL + ss - off;
    return 0;
}

void format_rfc3339(const char *tz, long long t, char out[48])
{
    struct tm tm;
    long off;
    utc_to_local(tz, t, &tm, &off);
    char sign = off < 0 ? '-' : '+';
    if (off < 0) off = -off;
    snprintf(out, 48, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", (tm.tm_year + 1900) % 10000,
             (tm.tm_mon + 1) % 100, tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100, sign,
             (int)(off / 3600 % 100), (int)(off / 60 % 60));
}

void format_sql_utc(long long t, char out[32])
{
    long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    long long rem = t - days * 86400;
    ymd d = civil_from_days(days);
    snprintf(out, 32, "%04d-%02d-%02d %02d:%02d:%02d", d.y % 10000, d.m % 100, d.d % 100, (int)(rem / 3600),
             (int)(rem / 60 % 60), (int)(rem % 60));
}

/* "Y-M-D[ h:m:s]" as MariaDB writes it; read by hand (the agenda reads
 * thousands a request: sscanf was its largest cost). */
long long parse_sql_utc(const char *s)
{
    static const char seps[] = "-- ::";
    int v[6] = { 0 }, n = 0;
    if (!s) return 0;
    while (*s == ' ') s++;
    while (n < 6 && *s >= '0' && *s <= '9') {
        int x = 0, k = 0;
        while (*s >= '0' && *s <= '9' && k++ < 9) x = x * 10 + (*s++ - '0');
        v[n++] = x;
        if (n == 6 || *s != seps[n - 1]) break;
        s++;
        while (n == 3 && *s == ' ') s++;
    }
    if (n < 3) return 0;
    return days_from_civil(v[0], v[1], v[2]) * 86400LL + v[3] * 3600LL + v[4] * 60LL + v[5];
}

/* ---- rules ---- */

rrule_error rrule_parse(const char *s, rrule *out)
{
    memset(out, 0, sizeof *out);
    if (!s || !*s) return RRULE_OK;
    if (strlen(s) > 60) return RRULE_BAD;
    char buf[64];
    snprintf(buf, sizeof buf, "%s", s);
    int has_freq = 0, has_count = 0, has_until = 0;
    char *save = NULL;
    for (char *part = strtok_r(buf, ";", &save); part; part = strtok_r(NULL, ";", &save)) {
        char *eq = strchr(part, '=');
        if (!eq) return RRULE_BAD;
        *eq = 0;
        const char *v = eq + 1;
        for (char *p = part; *p; p++) *p = (char)toupper((unsigned char)*p);
        if (strcmp(part, "FREQ") == 0 && !has_freq) {
            if (strcasecmp(v, "WEEKLY") == 0) out->freq = FREQ_WEEKLY;
            else if (strcasecmp(v, "MONTHLY") == 0) out->freq = FREQ_MONTHLY;
            else return RRULE_BAD;
            has_freq = 1;
        } else if (strcmp(part, "COUNT") == 0 && !has_count) {
            size_t n = strlen(v);
            if (n == 0 || n > 6 || digits(v, (int)n, &out->count)) return RRULE_BAD;
            if (out->count < 1) return RRULE_BAD;
            if (out->count > EVENT_MAX_OCCURRENCES) return RRULE_TOO_MANY;
            has_count = 1;
        } else if (strcmp(part, "UNTIL") == 0 && !has_until) {
            /* a date, or a date-time whose date is kept */
            size_t n = strlen(v);
            if (n != 8 && !(n == 16 && v[8] == 'T' && v[15] == 'Z')) return RRULE_BAD;
            if (digits(v, 4, &out->until.y) || digits(v + 4, 2, &out->until.m) || digits(v + 6, 2, &out->until.d))
                return RRULE_BAD;
            if (out->until.m < 1 || out->until.m > 12 || out->until.d < 1
                || out->until.d > days_in_month(out->until.y, out->until.m)) return RRULE_BAD;
            if (out->until.y < EVENT_YEAR_MIN || out->until.y > EVENT_YEAR_MAX) return RRULE_BAD;
            has_until = 1;
        } else return RRULE_BAD;
    }
    if (!has_freq) return RRULE_BAD;
    if (has_count && has_until) return RRULE_BAD;
    if (!has_count && !has_until) return RRULE_ENDLESS;
    return RRULE_OK;
}

void rrule_format(const rrule *r, char out[64])
{
    const char *f = r->freq == FREQ_WEEKLY ? "WEEKLY" : "MONTHLY";
    if (r->freq == FREQ_NONE) out[0] = 0;
    else if (r->count) snprintf(out, 64, "FREQ=%s;COUNT=%d", f, r->count);
    else snprintf(out, 64, "FREQ=%s;UNTIL=%04d%02d%02d", f, r->until.y, r->until.m, r->until.d);
}

/* ---- occurrences ---- */

static int ymd_cmp(ymd a, ymd b)
{
    if (a.y != b.y) return a.y < b.y ? -1 : 1;
    if (a.m != b.m) return a.m < b.m ? -1 : 1;
    return a.d < b.d ? -1 : a.d > b.d;
}

int event_occurrences(const event_time *e, long long from, long long to,
                      occurrence_fn fn, void *ctx, long long *last_end)
{
    ymd base;
    int hh = 0, mi = 0, ss = 0;
    long long dur_s = 0, dur_days = 0;
    if (e->all_day) {
        base = e->start_date;
        dur_days = days_from_civil(e->end_date.y, e->end_date.m, e->end_date.d)
                 - days_from_civil(base.y, base.m, base.d);
        if (dur_days < 1) dur_days = 1;
    } else {
        struct tm tm;
        utc_to_local(e->tz, e->start, &tm, NULL);
        base.y = tm.tm_year + 1900; base.m = tm.tm_mon + 1; base.d = tm.tm_mday;
        hh = tm.tm_hour; mi = tm.tm_min; ss = tm.tm_sec;
        dur_s = e->end - e->start;
        if (dur_s < 0) dur_s = 0;
    }
    long long base_days = days_from_civil(base.y, base.m, base.d);
    int n = 0, stop = 0;
    long long end = 0, k = 0;
    if (e->rule.freq == FREQ_WEEKLY && fn && !last_end) {
        /* the weeks that surely end before the window are skipped (each
         * occurrence is one local conversion): occurrence k ends before
         * first + 7k days, whatever the zone's offset (-12 h to +14 h) */
        long long first = (base_days + 2) * 86400 + 12 * 3600 + (e->all_day ? dur_days * 86400 : dur_s);
        if (from > first) k = (from - first) / (7 * 86400);
        n = (int)(k < EVENT_MAX_OCCURRENCES ? k : EVENT_MAX_OCCURRENCES);
    }
    for (;; k++) {
        ymd d;
        if (e->rule.freq == FREQ_NONE) {
            if (k > 0) break;
            d = base;
        } else if (e->rule.freq == FREQ_WEEKLY) {
            d = civil_from_days(base_days + 7 * k);
        } else {
            long long months = (long long)base.m - 1 + k;
            d.y = base.y + (int)(months / 12);
            d.m = (int)(months % 12) + 1;
            d.d = base.d;
            if (d.y > EVENT_YEAR_MAX + 1) break;
            if (base.d > days_in_month(d.y, d.m)) continue;   /* no 31 June */
        }
        if (e->rule.freq != FREQ_NONE) {
            if (e->rule.count && n >= e->rule.count) break;
            if (!e->rule.count && ymd_cmp(d, e->rule.until) > 0) break;
            if (d.y > EVENT_YEAR_MAX + 1) break;
        }
        if (n >= EVENT_MAX_OCCURRENCES) return -1;
        long long s;
        if (e->all_day) {
            s = local_to_utc(e->tz, d.y, d.m, d.d, 0, 0, 0);
            ymd ed = civil_from_days(days_from_civil(d.y, d.m, d.d) + dur_days);
            end = local_to_utc(e->tz, ed.y, ed.m, ed.d, 0, 0, 0);
        } else {
            s = k == 0 ? e->start : local_to_utc(e->tz, d.y, d.m, d.d, hh, mi, ss);
            end = s + dur_s;
        }
        if (fn && !stop && s < to && end > from) stop = fn(ctx, s, end, n);
        if (fn && !stop && s >= to && !last_end) stop = 1;   /* nothing more to show, no count asked */
        n++;
        if (stop && !last_end) break;
    }
    if (last_end) *last_end = end;
    return n;
}
