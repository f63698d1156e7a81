/* Unit tests for lib/convocation_text.c: the meeting's date in its own
 * zone (summer and winter time, a day that ends the next day, all-day
 * meetings) in French and English, and the must-read post's Markdown. */
#include "arena.h"
#include "convocation_text.h"
#include "event_time.h"
#include "unit.h"

int main(void)
{
    arena *a = arena_new(4096);
    event_time t = { .tz = "Europe/Paris" };
    /* winter: 18:00 Paris is 17:00 UTC */
    t.start = local_to_utc("Europe/Paris", 2027, 12, 15, 18, 0, 0);
    t.end = t.start + 2 * 3600;
    CHECK_STR(convocation_when(a, 0, &t), "mercredi 15 décembre 2027, 18:00 – 20:00 (Europe/Paris)");
    CHECK_STR(convocation_when(a, 1, &t), "Wednesday 15 December 2027, 18:00 – 20:00 (Europe/Paris)");
    /* summer time, and another zone */
    t.start = local_to_utc("Europe/Paris", 2027, 7, 1, 9, 30, 0);
    t.end = t.start + 3600;
    CHECK_STR(convocation_when(a, 0, &t), "jeudi 1 juillet 2027, 09:30 – 10:30 (Europe/Paris)");
    {
        event_time r = { .tz = "America/Martinique" };
        r.start = local_to_utc("America/Martinique", 2027, 3, 1, 18, 0, 0);
        r.end = r.start + 3600;
        CHECK_STR(convocation_when(a, 0, &r), "lundi 1 mars 2027, 18:00 – 19:00 (America/Martinique)");
    }
    /* past midnight */
    t.start = local_to_utc("Europe/Paris", 2027, 12, 31, 22, 0, 0);
    t.end = t.start + 4 * 3600;
    CHECK_STR(convocation_when(a, 0, &t), "vendredi 31 décembre 2027, 22:00 – samedi 1 janvier 2028, 02:00 (Europe/Paris)");
    /* all day: one day, several days (the end exclusive) */
    event_time d = { .tz = "Europe/Paris", .all_day = 1, .start_date = { 2027, 12, 15 }, .end_date = { 2027, 12, 16 } };
    CHECK_STR(convocation_when(a, 0, &d), "mercredi 15 décembre 2027");
    d.end_date = (ymd){ 2027, 12, 18 };
    CHECK_STR(convocation_when(a, 1, &d), "from Wednesday 15 December 2027 to Friday 17 December 2027");
    /* the post */
    CHECK_STR(convocation_post_body(a, "Conseil", "lundi", "Salle du conseil", NULL, "1. Budget"),
              "**Convocation : Conseil**\n\n- **Date :** lundi\n- **Lieu :** Salle du conseil\n\n## Ordre du jour\n\n1. Budget\n");
    CHECK_STR(convocation_post_body(a, "Conseil", "lundi", NULL, "https://visio.example/c", "x"),
              "**Convocation : Conseil**\n\n- **Date :** lundi\n- **Lien de la réunion :** https://visio.example/c\n\n"
              "## Ordre du jour\n\nx\n");
    arena_free(a);
    return UNIT_DONE();
}
