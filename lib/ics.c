#include "ics.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for n more bytes and the NUL: 0, or -1 (out of memory, noted). */
static int reserve(ics_buf *b, size_t n)
{
    if (b->oom) return -1;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1) cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) { b->oom = 1; return -1; }
        b->s = p;
        b->cap = cap;
    }
    return 0;
}

void ics_free(ics_buf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

/* Writes "name:value" folded: at most 75 octets a line, a continuation
 * line starting with one space (which counts in its 75), never cutting a
 * UTF-8 sequence (continuation bytes are 10xxxxxx). */
static void folded(ics_buf *b, const char *name, const char *value)
{
    size_t nl = strlen(name), vl = strlen(value);
    size_t total = nl + 1 + vl, extra = 3 * (total / 70 + 2);   /* a piece is 71 octets or more */
    /* the line is written unfolded `extra` bytes further, then moved down
     * piece by piece, each continuation's CRLF and space put between:
     * the pieces never overtake what is still to move */
    if (reserve(b, extra + total + 2)) return;
    char *out = b->s + b->n, *line = out + extra;
    memcpy(line, name, nl);
    line[nl] = ':';
    memcpy(line + nl + 1, value, vl);
    size_t pos = 0, room = 75, o = 0;
    while (total - pos > room) {
        size_t cut = pos + room;
        while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80) cut--;
        memmove(out + o, line + pos, cut - pos);
        o += cut - pos;
        memcpy(out + o, "\r\n ", 3);
        o += 3;
        pos = cut;
        room = 74;
    }
    memmove(out + o, line + pos, total - pos);
    o += total - pos;
    memcpy(out + o, "\r\n", 2);
    b->n += o + 2;
    b->s[b->n] = 0;
}

void ics_line(ics_buf *b, const char *name, const char *value)
{
    folded(b, name, value ? value : "");
}

/* The escaped form of text into o (2 * strlen + 1 bytes). */
static void escape_into(const char *text, char *o)
{
    char *p = o;
    for (const char *s = text; *s; s++) {
        switch (*s) {
        case '\\': *p++ = '\\'; *p++ = '\\'; break;
        case ';': *p++ = '\\'; *p++ = ';'; break;
        case ',': *p++ = '\\'; *p++ = ','; break;
        case '\n': *p++ = '\\'; *p++ = 'n'; break;
        case '\r': if (s[1] != '\n') { *p++ = '\\'; *p++ = 'n'; } break;
        default:
            /* other control characters have no place in a TEXT value */
            *p++ = ((unsigned char)*s < 0x20 && *s != '\t') ? ' ' : *s;
        }
    }
    *p = 0;
}

char *ics_escape(const char *text)
{
    char *o = malloc(2 * strlen(text) + 1);
    if (o) escape_into(text, o);
    return o;
}

void ics_text(ics_buf *b, const char *name, const char *text)
{
    if (!text) text = "";
    size_t n = 2 * strlen(text) + 1;
    char small[1024], *e = n <= sizeof small ? small : malloc(n);
    if (!e) { b->oom = 1; return; }
    escape_into(text, e);
    folded(b, name, e);
    if (e != small) free(e);
}

void ics_begin(ics_buf *b, const char *method)
{
    ics_line(b, "BEGIN", "VCALENDAR");
    ics_line(b, "PRODID", "-//Parvis//Agenda//FR");
    ics_line(b, "VERSION", "2.0");
    ics_line(b, "CALSCALE", "GREGORIAN");
    if (method) ics_line(b, "METHOD", method);
}

void ics_end(ics_buf *b)
{
    ics_line(b, "END", "VCALENDAR");
}

/* ---- VTIMEZONE ---- */

static long offset_at(const char *tz, long long t, char abbr[16])
{
    struct tm tm;
    long off;
    utc_to_local(tz, t, &tm, &off);
    if (abbr) snprintf(abbr, 16, "%s", tm.tm_zone ? tm.tm_zone : "");
    return off;
}

static void fmt_offset(long off, char out[8])
{
    char sign = off < 0 ? '-' : '+';
    if (off < 0) off = -off;
    snprintf(out, 8, "%c%02d%02d", sign, (int)(off / 3600 % 100), (int)(off / 60 % 60));
}

/* The transitions of one year: up to 2 (instant of the change). */
static int transitions(const char *tz, int year, long long out[4])
{
    long long t = days_from_civil(year, 1, 1) * 86400LL, end = days_from_civil(year + 1, 1, 1) * 86400LL;
    long prev = offset_at(tz, t, NULL);
    int n = 0;
    for (long long d = t + 86400; d <= end && n < 4; d += 86400) {
        long o = offset_at(tz, d, NULL);
        if (o != prev) {
            long long lo = d - 86400, hi = d;    /* offset(lo) == prev, offset(hi) == o */
            while (hi - lo > 1) {
                long long mid = lo + (hi - lo) / 2;
                if (offset_at(tz, mid, NULL) == prev) lo = mid; else hi = mid;
            }
            out[n++] = hi;
            prev = o;
        }
    }
    return n;
}

static void tz_component(ics_buf *b, const char *tz, const char *kind, long long at, long from, long to,
                         const char *abbr, int rule)
{
    char line[128], f[8], t[8];
    ics_line(b, "BEGIN", kind);
    /* DTSTART: the local time (in the offset before) at which it changes */
    long long local = at + from;
    ymd d = civil_from_days(local / 86400);
    long long rem = local % 86400;
    snprintf(line, sizeof line, "%04d%02d%02dT%02d%02d%02d", d.y, d.m, d.d, (int)(rem / 3600),
             (int)(rem / 60 % 60), (int)(rem % 60));
    ics_line(b, "DTSTART", line);
    fmt_offset(from, f);
    fmt_offset(to, t);
    ics_line(b, "TZOFFSETFROM", f);
    ics_line(b, "TZOFFSETTO", t);
    if (abbr && *abbr) ics_text(b, "TZNAME", abbr);
    if (rule) {
        static const char *const wd[] = { "SU", "MO", "TU", "WE", "TH", "FR", "SA" };
        int w = (int)((days_from_civil(d.y, d.m, d.d) % 7 + 11) % 7);   /* 1970-01-01 was a Thursday */
        int nth = d.d + 7 > days_in_month(d.y, d.m) ? -1 : (d.d - 1) / 7 + 1;
        snprintf(line, sizeof line, "FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", d.m, nth, wd[w]);
        ics_line(b, "RRULE", line);
    }
    ics_line(b, "END", kind);
    (void)tz;
}

void ics_vtimezone(ics_buf *b, const char *tz, int year)
{
    if (!tz || strcmp(tz, "UTC") == 0) return;
    ics_line(b, "BEGIN", "VTIMEZONE");
    ics_line(b, "TZID", tz);
    /* the rules start with the changes of the year before, so that the
     * earliest date of that year is covered by them */
    long long tr[4];
    year--;
    int n = transitions(tz, year, tr);
    if (n == 2) {
        /* a zone with summer time: its two yearly changes, as rules
         * starting in that year */
        for (int i = 0; i < 2; i++) {
            char abbr[16];
            long from = offset_at(tz, tr[i] - 1, NULL), to = offset_at(tz, tr[i], abbr);
            tz_component(b, tz, to > from ? "DAYLIGHT" : "STANDARD", tr[i], from, to, abbr, 1);
        }
    } else {
        /* no summer time that year: its offset, from the start of the year
         * (a zone that changed once that year starts at the change) */
        char abbr[16];
        long long at = n ? tr[n - 1] : days_from_civil(year, 1, 1) * 86400LL;
        long to = offset_at(tz, at, abbr), from = n ? offset_at(tz, at - 1, NULL) : to;
        tz_component(b, tz, "STANDARD", at, from, to, abbr, 0);
    }
    ics_line(b, "END", "VTIMEZONE");
}

/* ---- VEVENT ---- */

static void digits(char *o, int v, int n)
{
    while (n--) { o[n] = (char)('0' + v % 10); v /= 10; }
}

/* YYYYMMDDTHHMMSS (the caller adds a Z or not) */
static void stamp(char out[40], int y, int mo, int d, int h, int mi, int se)
{
    digits(out, y % 10000, 4); digits(out + 4, mo % 100, 2); digits(out + 6, d % 100, 2);
    out[8] = 'T';
    digits(out + 9, h % 100, 2); digits(out + 11, mi % 100, 2); digits(out + 13, se % 100, 2);
    out[15] = 0;
}

static void utc_stamp(long long t, char out[40])
{
    ymd d = civil_from_days(t / 86400);
    long long rem = t % 86400;
    stamp(out, d.y, d.m, d.d, (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
    out[15] = 'Z';
    out[16] = 0;
}

static void local_stamp(const char *tz, long long t, char out[40])
{
    struct tm tm;
    utc_to_local(tz, t, &tm, NULL);
    stamp(out, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void person(ics_buf *b, const char *prop, const char *name, const char *email, const char *extra)
{
    /* a quoted CN may hold anything but a double quote and controls */
    char *cn = malloc(strlen(name ? name : "") + 1), *p = cn;
    if (!cn) { b->oom = 1; return; }
    for (const char *s = name ? name : ""; *s; s++)
        if (*s != '"' && (unsigned char)*s >= 0x20) *p++ = *s;
    *p = 0;
    size_t n = strlen(prop) + strlen(cn) + strlen(extra) + 16;
    char *head = malloc(n);
    char *val = malloc(strlen(email) + 8);
    if (head && val) {
        snprintf(head, n, "%s%s;CN=\"%s\"", prop, extra, cn);
        snprintf(val, strlen(email) + 8, "mailto:%s", email);
        folded(b, head, val);
    } else b->oom = 1;
    free(head);
    free(val);
    free(cn);
}

void ics_vevent(ics_buf *b, const ics_event *e)
{
    char line[160], s[40];
    ics_line(b, "BEGIN", "VEVENT");
    snprintf(line, sizeof line, "event-%lld@%s", e->id, e->host && *e->host ? e->host : "parvis");
    ics_line(b, "UID", line);
    utc_stamp(e->stamp, s);
    ics_line(b, "DTSTAMP", s);
    const event_time *t = &e->time;
    if (t->all_day) {
        snprintf(s, sizeof s, "%04d%02d%02d", t->start_date.y, t->start_date.m, t->start_date.d);
        ics_line(b, "DTSTART;VALUE=DATE", s);
        snprintf(s, sizeof s, "%04d%02d%02d", t->end_date.y, t->end_date.m, t->end_date.d);
        ics_line(b, "DTEND;VALUE=DATE", s);
    } else if (strcmp(t->tz, "UTC") == 0) {
        utc_stamp(t->start, s);
        ics_line(b, "DTSTART", s);
        utc_stamp(t->end, s);
        ics_line(b, "DTEND", s);
    } else {
        snprintf(line, sizeof line, "DTSTART;TZID=%s", t->tz);
        local_stamp(t->tz, t->start, s);
        ics_line(b, line, s);
        snprintf(line, sizeof line, "DTEND;TZID=%s", t->tz);
        local_stamp(t->tz, t->end, s);
        ics_line(b, line, s);
    }
    if (t->rule.freq != FREQ_NONE) {
        const char *f = t->rule.freq == FREQ_WEEKLY ? "WEEKLY" : "MONTHLY";
        if (t->rule.count) snprintf(line, sizeof line, "FREQ=%s;COUNT=%d", f, t->rule.count);
        else if (t->all_day)
            snprintf(line, sizeof line, "FREQ=%s;UNTIL=%04d%02d%02d", f, t->rule.until.y, t->rule.until.m,
                     t->rule.until.d);
        else {
            /* with a zoned DTSTART, UNTIL must be UTC (RFC 5545 3.3.10):
             * the end of the UNTIL day in the event's zone */
            long long u = local_to_utc(t->tz, t->rule.until.y, t->rule.until.m, t->rule.until.d, 23, 59, 59);
            utc_stamp(u, s);
            snprintf(line, sizeof line, "FREQ=%s;UNTIL=%s", f, s);
        }
        ics_line(b, "RRULE", line);
    }
    ics_text(b, "SUMMARY", e->title);
    if (e->description && *e->description) ics_text(b, "DESCRIPTION", e->description);
    if (e->place && *e->place) ics_text(b, "LOCATION", e->place);
    if (e->url && *e->url) ics_line(b, "URL", e->url);
    ics_line(b, "STATUS", e->status && strcmp(e->status, "cancelled") == 0 ? "CANCELLED" : "CONFIRMED");
    snprintf(s, sizeof s, "%d", e->sequence);
    ics_line(b, "SEQUENCE", s);
    if (e->created) { utc_stamp(e->created, s); ics_line(b, "CREATED", s); }
    if (e->modified) { utc_stamp(e->modified, s); ics_line(b, "LAST-MODIFIED", s); }
    if (e->organizer_email && *e->organizer_email)
        person(b, "ORGANIZER", e->organizer_name, e->organizer_email, "");
    if (e->attendee_email && *e->attendee_email)
        person(b, "ATTENDEE", e->attendee_name, e->attendee_email, ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE");
    ics_line(b, "END", "VEVENT");
}
