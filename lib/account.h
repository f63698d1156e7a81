/* Writing accounts: shared by the API (POST /users) and parvis-ctl (the
 * first administrator). The insert, the outbox row and the audit row are
 * one transaction. */
#ifndef PARVIS_ACCOUNT_H
#define PARVIS_ACCOUNT_H
#include "db.h"

/* email must already be validated and lower-cased. Returns the new id, 0 if
 * the e-mail is taken, -1 on a database error. */
long long account_create(db *d, const char *email, const char *display_name,
                         const char *password, const char *role, long long actor_id);
#endif
