/* One file per resource; the route table is in routes.c. */
#ifndef PARVIS_HANDLERS_H
#define PARVIS_HANDLERS_H
#include "db.h"
#include "req.h"

int h_health(req *r);
int h_session_create(req *r);
int h_session_delete(req *r);
int h_me(req *r);
int h_users_list(req *r);
int h_users_create(req *r);
int h_users_get(req *r);
int h_users_patch(req *r);
int h_search(req *r);

/* The columns user_json() reads, in order, for SELECTs on `users u`. */
#define USER_COLUMNS "u.id, u.email, u.display_name, u.role, u.status, u.locale," \
    " DATE_FORMAT(u.created_at, '%Y-%m-%dT%H:%i:%sZ')"
json_t *user_json(const db_rows *q, int row);
json_t *auth_user_json(const auth_user *u);
/* 503 when the database is down, 500 otherwise; logs the cause. */
int resp_db_error(req *r);
/* Reads ?limit= (default dflt, 1..max) and answers 400 when invalid. */
int req_limit(req *r, int dflt, int max, int *out);
#endif
