/* Unit tests for lib/event_time.c (zones, RFC 3339, recurrence) and
 * lib/ics.c (folding, escaping, VTIMEZONE, VEVENT). */
#include <stdlib.h>
#include <string.h>

#include "event_time.h"
#include "ics.h"
#include "unit.h"

typedef struct { long long s[16], e[16]; int n; } occ_list;

static int collect(void *ctx, long long s, long long e, int index)
{
    occ_list *l = ctx;
    (void)index;
    if (l->n < 16) { l->s[l->n] = s; l->e[l->n] = e; l->n++; }
    return 0;
}

static int max_line_octets(const char *s)
{
    int max = 0;
    while (*s) {
        const char *e = strstr(s, "\r\n");
        if (!e) return 999;          /* a line without CRLF */
        if (e - s > max) max = (int)(e - s);
        s = e + 2;
    }
    return max;
}

int main(void)
{
    CHECK(tz_valid("Europe/Paris"));
    CHECK(tz_valid("UTC"));
    CHECK(tz_valid("America/New_York"));
    CHECK(!tz_valid("Europe/Nowhere"));
    CHECK(!tz_valid("../etc/passwd"));
    CHECK(!tz_valid("/etc/passwd"));
    CHECK(!tz_valid(""));

    long long t;
    int why;
    char buf[64];
    CHECK(parse_rfc3339("2026-12-10T14:00:00+01:00", "Europe/Paris", &t, &why) == 0);
    format_rfc3339("Europe/Paris", t, buf);
    CHECK_STR(buf, "2026-12-10T14:00:00+01:00");
    format_rfc3339("UTC", t, buf);
    CHECK_STR(buf, "2026-12-10T13:00:00+00:00");
    /* without an offset: local time in the event's zone (summer: +02:00) */
    CHECK(parse_rfc3339("2026-07-01T10:00", "Europe/Paris", &t, &why) == 0);
    format_sql_utc(t, buf);
    CHECK_STR(buf, "2026-07-01 08:00:00");
    CHECK(parse_sql_utc("2026-07-01 08:00:00") == t);
    /* read by hand: a date alone is its midnight; what is not one is 0 */
    CHECK(parse_sql_utc("2026-07-01") == t - 8 * 3600);
    CHECK(parse_sql_utc("2026-07-01 08:00") == t);
    CHECK(parse_sql_utc("2026-07-01 08:00:59") == t + 59);
    CHECK(parse_sql_utc("2026-07") == 0 && parse_sql_utc(NULL) == 0 && parse_sql_utc("") == 0);
    CHECK(parse_rfc3339("2026-13-01T10:00:00Z", "UTC", &t, &why) < 0 && why == 1);
    CHECK(parse_rfc3339("2026-02-30T10:00:00Z", "UTC", &t, &why) < 0 && why == 1);
    CHECK(parse_rfc3339("1850-01-01T10:00:00Z", "UTC", &t, &why) < 0 && why == 2);
    CHECK(parse_rfc3339("99999-01-01T10:00:00Z", "UTC", &t, &why) < 0);
    CHECK(parse_rfc3339("2026-01-01T10:00:00+0100", "UTC", &t, &why) < 0);
    ymd d;
    CHECK(parse_date("2026-12-10", &d, &why) == 0 && d.y == 2026 && d.m == 12 && d.d == 10);
    CHECK(parse_date("2026-12-1", &d, &why) < 0);

    rrule r;
    CHECK(rrule_parse("FREQ=WEEKLY;COUNT=10", &r) == RRULE_OK && r.freq == FREQ_WEEKLY && r.count == 10);
    CHECK(rrule_parse("FREQ=MONTHLY;UNTIL=20270630", &r) == RRULE_OK && r.until.m == 6);
    CHECK(rrule_parse("FREQ=WEEKLY", &r) == RRULE_ENDLESS);
    CHECK(rrule_parse("FREQ=WEEKLY;COUNT=1001", &r) == RRULE_TOO_MANY);
    CHECK(rrule_parse("FREQ=DAILY;COUNT=3", &r) == RRULE_BAD);
    CHECK(rrule_parse("FREQ=WEEKLY;COUNT=3;UNTIL=20270101", &r) == RRULE_BAD);
    CHECK(rrule_parse("FREQ=WEEKLY;COUNT=0", &r) == RRULE_BAD);
    CHECK(rrule_parse("FREQ=WEEKLY;BYDAY=MO;COUNT=3", &r) == RRULE_BAD);
    rrule_parse("freq=weekly;count=4", &r);
    rrule_format(&r, buf);
    CHECK_STR(buf, "FREQ=WEEKLY;COUNT=4");

    /* a weekly 10:00 in Paris across the end of October: 10:00 local each
     * time, 08:00 UTC before the change and 09:00 UTC after it */
    event_time e = { .tz = "Europe/Paris" };
    e.start = local_to_utc("Europe/Paris", 2026, 10, 15, 10, 0, 0);
    e.end = e.start + 3600;
    rrule_parse("FREQ=WEEKLY;COUNT=4", &e.rule);
    occ_list l = { .n = 0 };
    long long last = 0;
    int n = event_occurrences(&e, 0, 4102444800LL, collect, &l, &last);
    CHECK(n == 4 && l.n == 4);
    format_sql_utc(l.s[1], buf);
    CHECK_STR(buf, "2026-10-22 08:00:00");
    format_sql_utc(l.s[2], buf);
    CHECK_STR(buf, "2026-10-29 09:00:00");
    format_rfc3339("Europe/Paris", l.s[2], buf);
    CHECK_STR(buf, "2026-10-29T10:00:00+01:00");
    CHECK(last == l.s[3] + 3600);
    /* a window keeps only the occurrences that meet it */
    l.n = 0;
    event_occurrences(&e, l.s[0] + 1, local_to_utc("Europe/Paris", 2026, 10, 29, 0, 0, 0), collect, &l, NULL);
    CHECK(l.n == 2);

    /* monthly on the 31st skips the shorter months; UNTIL is inclusive */
    event_time m = { .tz = "Europe/Paris" };
    m.start = local_to_utc("Europe/Paris", 2027, 1, 31, 18, 30, 0);
    m.end = m.start + 1800;
    rrule_parse("FREQ=MONTHLY;UNTIL=20270731", &m.rule);
    l.n = 0;
    CHECK(event_occurrences(&m, 0, 4102444800LL, collect, &l, NULL) == 4);   /* Jan, Mar, May, Jul */
    format_rfc3339("Europe/Paris", l.s[1], buf);
    CHECK_STR(buf, "2027-03-31T18:30:00+02:00");

    /* too many: a weekly rule until 2099 */
    rrule_parse("FREQ=WEEKLY;UNTIL=20991231", &m.rule);
    CHECK(event_occurrences(&m, 0, 1, NULL, NULL, &last) == -1);

    /* all-day events: dates, end exclusive */
    event_time a = { .tz = "Europe/Paris", .all_day = 1, .start_date = { 2026, 12, 24 }, .end_date = { 2026, 12, 26 } };
    l.n = 0;
    CHECK(event_occurrences(&a, 0, 4102444800LL, collect, &l, NULL) == 1);
    format_rfc3339("Europe/Paris", l.e[0], buf);
    CHECK_STR(buf, "2026-12-26T00:00:00+01:00");

    /* ICS: escaping, folding at 75 octets without cutting a character */
    char *esc = ics_escape("a,b;c\\d\ne");
    CHECK_STR(esc, "a\\,b\\;c\\\\d\\ne");
    free(esc);
    ics_buf b = { 0 };
    ics_text(&b, "DESCRIPTION", "Réunion du conseil — ordre du jour : élections, budget ; questions diverses "
                                "et encore des accents éèàùç pour que la ligne se plie plusieurs fois.");
    CHECK(max_line_octets(b.s) <= 75);
    CHECK(strstr(b.s, "\r\n ") != NULL);
    for (const char *p = b.s; (p = strstr(p, "\r\n ")); p += 3)
        CHECK(((unsigned char)p[3] & 0xC0) != 0x80);
    ics_free(&b);
    /* folded where it is written: a long value of 4-octet characters (the
     * shortest pieces) after other lines comes back whole once unfolded */
    {
        char big[4 * 600 + 1], *o = big;
        for (int i = 0; i < 600; i++) { memcpy(o, "\xF0\x9F\x93\x85", 4); o += 4; }
        *o = 0;
        ics_line(&b, "BEGIN", "VEVENT");
        ics_text(&b, "SUMMARY", big);
        ics_line(&b, "END", "VEVENT");
        CHECK(max_line_octets(b.s) <= 75);
        char *flat = malloc(b.n + 1), *f = flat;
        for (size_t i = 0; i < b.n; i++) {
            if (b.s[i] == '\r' && b.s[i + 1] == '\n' && b.s[i + 2] == ' ') { i += 2; continue; }
            *f++ = b.s[i];
        }
        *f = 0;
        char *want = malloc(sizeof big + 64);
        snprintf(want, sizeof big + 64, "BEGIN:VEVENT\r\nSUMMARY:%s\r\nEND:VEVENT\r\n", big);
        CHECK_STR(flat, want);
        free(flat);
        free(want);
        ics_free(&b);
    }

    ics_vtimezone(&b, "Europe/Paris", 2027);
    CHECK(strstr(b.s, "TZID:Europe/Paris\r\n") != NULL);
    CHECK(strstr(b.s, "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n") != NULL);
    CHECK(strstr(b.s, "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n") != NULL);
    CHECK(strstr(b.s, "DTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n") != NULL);
    ics_free(&b);

    ics_event ev = { .id = 42, .host = "parvis.example", .title = "Conseil", .time = e, .status = "cancelled",
                     .sequence = 3, .stamp = 1780000000 };
    ics_vevent(&b, &ev);
    CHECK(strstr(b.s, "UID:event-42@parvis.example\r\n") != NULL);
    CHECK(strstr(b.s, "DTSTART;TZID=Europe/Paris:20261015T100000\r\n") != NULL);
    CHECK(strstr(b.s, "RRULE:FREQ=WEEKLY;COUNT=4\r\n") != NULL);
    CHECK(strstr(b.s, "STATUS:CANCELLED\r\nSEQUENCE:3\r\n") != NULL);
    ics_free(&b);
    tz_restore();
    return UNIT_DONE();
}
