/* The table of every SQL statement (stmt.h), built from lib/stmt/. */
#include "stmt.h"
#include "stmt/columns.h"

const char *const stmt_sql[STMT__MAX] = {
#define STMT(name, sql) [STMT_##name] = sql,
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
#include "stmt/join_requests.def"
#include "stmt/person_language.def"
#undef STMT
};

const char *const stmt_name[STMT__MAX] = {
#define STMT(name, sql) [STMT_##name] = #name,
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
#include "stmt/join_requests.def"
#include "stmt/person_language.def"
#undef STMT
};
