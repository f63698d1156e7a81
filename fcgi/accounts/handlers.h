/* Accounts: signing in and out, the directory and its people, passwords
 * (routes.c). */
#ifndef PARVIS_ACCOUNTS_HANDLERS_H
#define PARVIS_ACCOUNTS_HANDLERS_H
#include "core/req.h"
#include "password_policy.h"

int h_session_create(req *r);
int h_session_delete(req *r);
int h_me(req *r);
int h_users_list(req *r);
int h_users_create(req *r);
int h_users_get(req *r);
int h_users_patch(req *r);
int h_users_delete(req *r);
int h_directory_attributes(req *r);
int h_me_password(req *r);
int h_password_reset_request(req *r);
int h_password_reset_confirm(req *r);
int h_user_password_reset(req *r);
int h_invitations_create(req *r);
int h_invitations_list(req *r);
int h_invitation_resend(req *r);
int h_invitation_delete(req *r);
int h_invitation_accept(req *r);
/* h_imports.c: POST /imports/people (docs/imports.md) */
int h_imports_people(req *r);
/* GET /users?format=csv: the people in the import's columns (administrators) */
int h_users_csv(req *r);
/* h_welcome.c: GET and POST /me/welcome, the first sign-in's welcome (docs/welcome.md) */
int h_welcome_get(req *r);
int h_welcome_post(req *r);
/* h_me_language.c: PATCH /me {language}; the saved language in the user object */
int h_me_patch(req *r);
json_t *with_language(req *r, json_t *user);
/* h_avatar.c: people's photos and groups' images (docs/viewer.md) */
int h_me_avatar_put(req *r);
int h_me_avatar_delete(req *r);
int h_user_avatar_get(req *r);
int h_group_image_put(req *r);
int h_group_image_delete(req *r);
int h_group_image_get(req *r);

/* h_ldap.c: /admin/ldap, the directory sync (docs/ldap.md) */
int h_ldap_get(req *r);
int h_ldap_put(req *r);
int h_ldap_preview(req *r);
int h_ldap_sync(req *r);
int h_ldap_runs(req *r);
int h_ldap_run(req *r);
/* h_ldap_signin.c: a sign-in's password checked by the directory when
 * bind authentication is on and the account has a DN. 0: not the
 * directory's (check locally); 1: checked, *ok says; 2: the directory
 * cannot be reached (503); -1: a database error. */
int ldap_signin_check(req *r, long long uid, const char *local_hash, const char *password, int *ok);

/* h_oidc.c: single sign-on (docs/sso.md) */
int h_oidc_login(req *r);
int h_oidc_callback(req *r);
int h_oidc_logout(req *r);
int h_auth_methods(req *r);
/* h_oidc_admin.c: GET, PUT /admin/sso */
int h_sso_admin_get(req *r);
int h_sso_admin_put(req *r);

/* 400 weak_password, saying which rule was broken (h_password.c). */
int resp_weak_password(req *r, password_verdict v);
#endif
