/* Every SQL statement Parvis runs, by name: `stmt` is an index into one
 * table of texts, written in lib/stmt/<area>.def as STMT(NAME, "SQL")
 * (their shared columns in lib/stmt/columns.h). The db layer prepares
 * them by index (lib/db.h), so no SQL text is ever built at run time and a
 * statement is never mistaken for another; a typo stops a program at its
 * start (db_open's prepare_all). Nothing outside lib/stmt/ holds SQL: `make lint`
 * checks it. */
#ifndef PARVIS_STMT_H
#define PARVIS_STMT_H

typedef enum stmt {
#define STMT(name, sql) STMT_##name,
#include "stmt/platform.def"
#include "stmt/accounts.def"
#include "stmt/passwords.def"
#include "stmt/invitations.def"
#include "stmt/groups.def"
#include "stmt/feed.def"
#include "stmt/drive.def"
#include "stmt/search.def"
#include "stmt/notify.def"
#include "stmt/mail.def"
#include "stmt/chat.def"
#include "stmt/chat_search.def"
#include "stmt/chat_notify.def"
#include "stmt/moderation.def"
#include "stmt/guests.def"
#include "stmt/gdpr.def"
#include "stmt/imports.def"
#include "stmt/stats.def"
#include "stmt/polls.def"
#include "stmt/events.def"
#include "stmt/convocations.def"
#include "stmt/welcome.def"
#include "stmt/join_requests.def"
#include "stmt/person_language.def"
#include "stmt/ldap.def"
#include "stmt/avatars.def"
#include "stmt/previews.def"
#include "stmt/tokens.def"
#include "stmt/webhooks.def"
#include "stmt/feeds.def"
#include "stmt/oidc.def"
#undef STMT
    STMT__MAX
} stmt;

extern const char *const stmt_sql[STMT__MAX];    /* the text of each */
extern const char *const stmt_name[STMT__MAX];   /* "GROUP_BY_ID"...: for logs */
#endif
