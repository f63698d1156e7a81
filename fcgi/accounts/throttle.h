/* Sign-in throttling: failures counted per account from one address, per
 * address, and per account from every address, in MariaDB, so every
 * worker shares them and a restart keeps them. No counter lets a stranger
 * lock an account's owner out from the addresses the owner signs in from
 * (throttle.c says what an attack from many addresses costs). */
#ifndef PARVIS_THROTTLE_H
#define PARVIS_THROTTLE_H
#include "core/req.h"

/* Seconds to wait before another attempt is allowed (0: go ahead), or -1
 * when the database fails. */
int throttle_wait(req *r, const char *account, const char *address);
void throttle_fail(req *r, const char *account, const char *address);
/* A sign-in succeeded: this address's failures on the account forgotten,
 * and the address remembered as the owner's. */
void throttle_success(req *r, const char *account, const char *address);
/* Password reset requests (POST /password-reset) per address: seconds to
 * wait (0: go ahead) or -1; and one more request counted. */
int throttle_reset_wait(req *r, const char *address);
void throttle_reset_count(req *r, const char *address);
/* Forgets the counters whose window is over, the addresses not signed
 * in from for 90 days and the reset links past their hour (a chore of the
 * workers). */
void throttle_purge(void);
#endif
