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
