/* Groups: the catalogue, members, requests, rules (routes.c). */
#ifndef PARVIS_GROUPS_HANDLERS_H
#define PARVIS_GROUPS_HANDLERS_H
#include "core/req.h"

int h_groups_create(req *r);
int h_groups_list(req *r);
int h_groups_get(req *r);
int h_groups_patch(req *r);
int h_groups_delete(req *r);
int h_groups_join(req *r);
int h_members_list(req *r);
int h_members_put(req *r);
int h_members_delete(req *r);
int h_requests_list(req *r);
int h_requests_approve(req *r);
int h_requests_delete(req *r);
int h_rules_get(req *r);
int h_rules_put(req *r);
#endif
