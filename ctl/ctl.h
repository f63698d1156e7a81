/* parvis-ctl's commands (ctl/main.c dispatches to them): the database and its
 * migrations, the first administrator, the search index rebuilt or
 * reconciled. */
#ifndef PARVIS_CTL_H
#define PARVIS_CTL_H
#include "config.h"

/* Creates the database when missing and applies the migrations of sql_dir
 * that schema_migrations does not list yet, in order. */
int ctl_migrate(const config *cfg, const char *sql_dir);
/* Creates the first administrator when there is none. */
int ctl_first_admin(const config *cfg);
/* Queues a reconciliation, then everything, for the indexer (in one
 * transaction); prints how many. 0 or -1. */
int ctl_reindex(const config *c);
int ctl_reconcile(const config *c);
/* Removes the blob files no row names, last written over `seconds` ago
 * (a number of seconds as text). 0 or -1. */
int ctl_sweep(const config *cfg, const char *seconds);
/* One directory sync now: mode "run", "force" (the safety limit waived)
 * or "preview" (nothing written); prints the report. 0 or -1. */
int ctl_ldap_sync(const config *cfg, const char *mode);
#endif
