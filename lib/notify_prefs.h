/* The kinds of notification and the e-mail choices a person makes for
 * each (table notification_prefs; a kind without a row: its default). */
#ifndef PARVIS_NOTIFY_PREFS_H
#define PARVIS_NOTIFY_PREFS_H

/* NULL-terminated, in the order the settings page shows them */
extern const char *const notify_kinds[];
int notify_kind_known(const char *kind);
/* immediate, daily, weekly, never */
int notify_email_choice_known(const char *choice);
/* What cannot wait goes at once (must-read posts, mentions, chat
 * messages, the administrators' announcements, shares, answers to a
 * request); the rest in the daily digest. */
const char *notify_default_email(const char *kind);
#endif
