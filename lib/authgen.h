/* Shared generation counters. Workers cache validated sessions in memory so
 * that checking one costs no query; every change that must end a session at
 * once (sign-out, account disabled, role changed) bumps its user's counter
 * in a file mapped by every process, and a cached entry is trusted only
 * while the counter it saw is unchanged.
 *
 * Order that makes this safe: a writer commits, then bumps; a reader reads
 * the counter, then queries. */
#ifndef PARVIS_AUTHGEN_H
#define PARVIS_AUTHGEN_H
#include <stdint.h>

int authgen_open(const char *path, char *err, int errlen);   /* maps (creates) the file */
uint64_t authgen_get(long long user_id);
void authgen_bump(long long user_id);
/* Platform-wide counters, besides the per-user ones: the group catalogue
 * the workers cache (groups, settings, counts, managers), the memberships
 * they cache, for changes that touch many people at once (a group
 * deleted, membership rules applied), every post, the posts marked
 * must-read or « À la une », the platform's settings, and every event
 * (fcgi/events/events_cache.h). */
typedef enum {
    AUTHGEN_GROUPS, AUTHGEN_MEMBERSHIPS, AUTHGEN_POSTS, AUTHGEN_FLAGGED, AUTHGEN_SETTINGS, AUTHGEN_EVENTS,
    AUTHGEN_GLOBALS
} authgen_global;
uint64_t authgen_global_get(authgen_global which);
void authgen_global_bump(authgen_global which);
/* Per feed source (a group's id, 0 for the news): bumped after every
 * committed change of its posts, for the timelines the workers cache. */
uint64_t authgen_source_get(long long source);
void authgen_source_bump(long long source);
/* Per user: bumped after a visit of a group's feed is recorded (the
 * portal counts what is new since), apart from the user's own counter so
 * that a visit does not cost their session and memberships a reload. */
uint64_t authgen_visits_get(long long user_id);
void authgen_visits_bump(long long user_id);
#endif
