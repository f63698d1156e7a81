/* Sign-in throttling: failures counted per account and per address in
 * MariaDB, so every worker shares them and a restart keeps them. */
#ifndef PARVIS_THROTTLE_H
#define PARVIS_THROTTLE_H
#include "req.h"

/* Seconds to wait before another attempt is allowed (0: go ahead), or -1
 * when the database fails. */
int throttle_wait(req *r, const char *account, const char *address);
void throttle_fail(req *r, const char *account, const char *address);
void throttle_clear_account(req *r, const char *account);
#endif
