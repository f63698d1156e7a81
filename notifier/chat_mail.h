/* What a chat notification's e-mail shows: who wrote and the first
 * messages the person has not read (their text, cut, escaped for the
 * HTML part), for notifier/mail_notify.c. */
#ifndef PARVIS_NOTIFIER_CHAT_MAIL_H
#define PARVIS_NOTIFIER_CHAT_MAIL_H
#include "db.h"

/* The messages of conversation `conversation` that `user` has not read
 * (with `mentions_only`, those mentioning them), as plain text and as an
 * HTML fragment, in the arena: 0, or -1 (MariaDB). Nothing to show: "". */
int chat_mail_excerpt(db *d, arena *a, long long user, long long conversation, int mentions_only, int en,
                      const char **text, const char **html);
/* Whether `user` still takes part in `conversation` (acl_conversation):
 * 1, 0, or -1 (MariaDB). */
int chat_mail_visible(db *d, arena *a, long long user, long long conversation);
#endif
