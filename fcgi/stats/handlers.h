/* « Administration › Statistiques » and « Administration › Journal »
 * (routes.c; docs/statistics.md, docs/audit.md). */
#ifndef PARVIS_STATS_HANDLERS_H
#define PARVIS_STATS_HANDLERS_H
#include "core/req.h"

int h_statistics(req *r);
int h_statistics_groups(req *r);
int h_audit_list(req *r);

/* shared by both: the period asked (?from=&to=, days in UTC; by default
 * the last `dflt_days` days up to today), checked; 0, or -1 when the
 * error was answered */
int stats_period(req *r, int dflt_days, int max_days, const char **from, const char **to);
#endif
