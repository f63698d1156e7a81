/* Every access decision, in one place. Handlers ask; they never decide.
 * What a person may not see is answered 404 by the handlers, not 403. */
#ifndef PARVIS_ACL_H
#define PARVIS_ACL_H
#include "req.h"

int acl_is_admin(const auth_user *u);
/* Creating, disabling and changing the role of accounts. */
int acl_can_manage_accounts(const auth_user *u);
/* Seeing a person in the directory: active people for everyone signed
 * in; disabled accounts for administrators only. */
int acl_can_see_person(const auth_user *viewer, const char *target_status);
/* Editing a person's display name and language: oneself or an administrator. */
int acl_can_edit_profile(const auth_user *viewer, long long target_id);
/* The search scopes of a person: boolean terms a document must carry one
 * of. Returns a NULL-terminated array allocated in the request's arena. */
const char **acl_search_scopes(req *r);
#endif
