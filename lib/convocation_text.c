#include "convocation_text.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const DAYS_FR[7] = { "dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi" };
static const char *const DAYS_EN[7] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" };
static const char *const MONTHS_FR[12] = { "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                                           "septembre", "octobre", "novembre", "décembre" };
static const char *const MONTHS_EN[12] = { "January", "February", "March", "April", "May", "June", "July", "August",
                                           "September", "October", "November", "December" };

static const char *date_words(arena *a, int en, int y, int m, int d)
{
    int wd = (int)((days_from_civil(y, m, d) % 7 + 11) % 7);   /* 1970-01-01 was a Thursday */
    m = m < 1 ? 1 : m > 12 ? 12 : m;
    return arena_printf(a, "%s %d %s %d", en ? DAYS_EN[wd] : DAYS_FR[wd], d, en ? MONTHS_EN[m - 1] : MONTHS_FR[m - 1], y);
}

const char *convocation_when(arena *a, int en, const event_time *t)
{
    if (t->all_day) {
        ymd s = t->start_date;
        ymd last = civil_from_days(days_from_civil(t->end_date.y, t->end_date.m, t->end_date.d) - 1);
        const char *first = date_words(a, en, s.y, s.m, s.d);
        if (last.y == s.y && last.m == s.m && last.d == s.d) return first;
        return arena_printf(a, en ? "from %s to %s" : "du %s au %s", first, date_words(a, en, last.y, last.m, last.d));
    }
    struct tm st, et;
    utc_to_local(t->tz, t->start, &st, NULL);
    utc_to_local(t->tz, t->end, &et, NULL);
    tz_restore();
    const char *day = date_words(a, en, st.tm_year + 1900, st.tm_mon + 1, st.tm_mday);
    if (st.tm_year == et.tm_year && st.tm_yday == et.tm_yday)
        return arena_printf(a, "%s, %02d:%02d – %02d:%02d (%s)", day, st.tm_hour, st.tm_min, et.tm_hour, et.tm_min, t->tz);
    return arena_printf(a, "%s, %02d:%02d – %s, %02d:%02d (%s)", day, st.tm_hour, st.tm_min,
                        date_words(a, en, et.tm_year + 1900, et.tm_mon + 1, et.tm_mday), et.tm_hour, et.tm_min, t->tz);
}

const char *convocation_post_body(arena *a, const char *title, const char *when, const char *place, const char *url,
                                  const char *agenda)
{
    const char *s = arena_printf(a, "**Convocation : %s**\n\n- **Date :** %s\n", title, when);
    if (place) s = arena_printf(a, "%s- **Lieu :** %s\n", s, place);
    if (url) s = arena_printf(a, "%s- **Lien de la réunion :** %s\n", s, url);
    return arena_printf(a, "%s\n## Ordre du jour\n\n%s\n", s, agenda);
}
