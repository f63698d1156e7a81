/* The first sign-in's welcome (h_welcome.c, docs/welcome.md). */
#ifndef PARVIS_WELCOME_H
#define PARVIS_WELCOME_H
#include "core/req.h"

/* Whether the person still has the welcome to see (never for guests). */
int welcome_pending(req *r);
/* The signed-in person as /me and /session tell them (auth_user_json),
 * with "welcome_pending". */
json_t *me_json(req *r);
#endif
