/* Writing accounts: shared by the API (POST /users) and parvis-ctl (the
 * first administrator). The insert, the default and rule-based group
 * memberships, the outbox row and the audit row are one transaction. */
#ifndef PARVIS_ACCOUNT_H
#define PARVIS_ACCOUNT_H
#include "db.h"

/* The directory's facts about a person; NULL fields are empty. */
typedef struct {
    const char *job_title, *department, *site, *phone, *bio;
} account_profile;

/* email must already be validated and lower-cased; profile may be NULL.
 * Returns the new id, 0 if the e-mail is taken, -1 on a database error. */
long long account_create(db *d, const char *email, const char *display_name,
                         const char *password, const char *role,
                         const account_profile *profile, long long actor_id);
/* The same inside the caller's transaction, the password already hashed
 * (crypto.h): the id, 0 if the e-mail is taken, -1 (the caller rolls
 * back in both cases). actor_id 0: nobody (an invitation accepted). */
long long account_insert(db *d, const char *email, const char *display_name, const char *hash,
                         const char *role, const account_profile *profile, long long actor_id);
/* The same two for an account of a kind: "staff" or "guest" (docs/guests.md:
 * a guest joins no default group and no group by rule), ending at
 * `expires` ("YYYY-MM-DD HH:MM:SS" UTC; NULL: never). */
long long account_insert_kind(db *d, const char *email, const char *display_name, const char *hash,
                              const char *role, const account_profile *profile, long long actor_id,
                              const char *kind, const char *expires);
long long account_create_kind(db *d, const char *email, const char *display_name,
                              const char *password, const char *role,
                              const account_profile *profile, long long actor_id,
                              const char *kind, const char *expires);
/* Disables up to `limit` active accounts whose end (users.expires_at)
 * passed, in one transaction: their sessions and reset links deleted, an
 * audit row 'account.expire' each. The number disabled, or -1. */
int account_expire_due(db *d, arena *a, int limit);
#endif
