/* The charter and the reports of content (routes.c, docs/moderation.md). */
#ifndef PARVIS_MODERATION_HANDLERS_H
#define PARVIS_MODERATION_HANDLERS_H
#include "core/req.h"

int h_charter_get(req *r);
int h_charter_current(req *r);
int h_charter_publish(req *r);
int h_charter_withdraw(req *r);
int h_charter_versions(req *r);
int h_charter_accept(req *r);
int h_charter_acceptances(req *r);
int h_reports_create(req *r);
int h_reports_list(req *r);
int h_report_decision(req *r);

#endif
