/* Directory sync from LDAP / Active Directory and LDAP bind sign-in
 * (docs/ldap.md). The settings are rows of the table settings (keys
 * ldap_*), changed through /admin/ldap; a run reads the directory with a
 * paged search (RFC 2696), compares it with the accounts in memory and
 * writes the differences in transactions of LDAP_TX_ROWS accounts.
 * lib/ldap_conn.c: settings, connections, binds, searches;
 * lib/ldap_sync.c: the plan, the runs. */
#ifndef PARVIS_LDAP_SYNC_H
#define PARVIS_LDAP_SYNC_H
#include "db.h"
#include <jansson.h>

#define LDAP_PASSWORD_MAX 200        /* the service account's, before sealing */
#define LDAP_PAGE_SIZE 200           /* entries per page of the paged search */
#define LDAP_TX_ROWS 1000            /* accounts written per transaction */
#define LDAP_LIST_MAX 500            /* entries per list in a preview */
#define LDAP_ERRORS_MAX 100          /* errors kept with a run */

enum { LDAP_A_EMAIL, LDAP_A_NAME, LDAP_A_JOB, LDAP_A_DEPARTMENT, LDAP_A_SITE, LDAP_A_PHONE, LDAP_A_MANAGER,
       LDAP_A_COUNT };
extern const char *const ldap_attr_keys[LDAP_A_COUNT];   /* "email", "name", ... */

typedef struct {
    int enabled;                     /* the schedule runs */
    int bind_auth;                   /* sign-in binds as the person */
    char uri[300];                   /* ldap://host:port or ldaps://host:port */
    int starttls;
    char ca_file[300];
    char bind_dn[700];
    char bind_password[LDAP_PASSWORD_MAX + 1];   /* opened; "" when none or unreadable */
    int bind_password_set;
    char base_dn[700];
    char filter[500];
    char attr[LDAP_A_COUNT][64];     /* "" : not mapped */
    char group_member_attr[64];
    int interval_minutes;
    int max_disable_percent;
} ldap_settings;

/* All of them (one query). secret NULL: the password stays sealed. 0 or -1. */
int ldap_settings_load(db *d, arena *a, const unsigned char *secret, ldap_settings *out);
/* ldap:// or ldaps://, a host, an optional port; nothing else. */
int ldap_uri_ok(const char *uri);
/* An attribute description: a letter, then letters, digits, '-' (or an OID). */
int ldap_attr_ok(const char *name);
/* A DN libldap can parse. */
int ldap_dn_ok(const char *dn);
/* A filter libldap can parse (in parentheses). */
int ldap_filter_ok(const char *filter);

/* How a connection or a bind ended. */
typedef enum { LDAP_OK = 0, LDAP_WRONG = 1, LDAP_UNREACHABLE = 2, LDAP_TLS = 3, LDAP_SERVICE_BIND = 4,
               LDAP_FAILED = 5 } ldap_outcome;

/* A person's password checked by binding as their DN on a connection of
 * its own: LDAP_OK, LDAP_WRONG (an empty password is always wrong: an
 * unauthenticated bind proves nothing), or LDAP_UNREACHABLE / LDAP_TLS
 * (err says why). */
ldap_outcome ldap_check_password(const ldap_settings *s, const char *dn, const char *password,
                                 char *err, size_t errlen);

/* A run's counts and the first errors. */
typedef struct {
    int entries, created, updated, disabled, enabled, unchanged, skipped;
    long long members_added, members_removed;
    int refused;                     /* the safety limit: nothing written */
    char message[1000];              /* why it failed or was refused */
    json_t *errors;                  /* [{"dn","reason"}], at most LDAP_ERRORS_MAX */
    json_t *preview;                 /* a dry run's lists (ldap_sync_run) */
} ldap_report;

/* One sync. dry_run: nothing written, report->preview holds
 * {"create":[...],"update":[...],"disable":[...],"enable":[...]}.
 * force: the safety limit is waived for this run. actor: who asked (0:
 * the schedule). 0 (done, or refused: report->refused), -1 (failed:
 * report->message). The caller json_decref()s errors and preview. */
int ldap_sync_run(db *d, arena *a, const unsigned char *secret, int dry_run, int force, long long actor,
                  ldap_report *report);

/* The background: the run asked (« Synchroniser maintenant ») if any, else
 * a scheduled one when the settings enable it and the interval passed.
 * Called about every second by parvis-notifier's housekeeping child. 1 (a
 * run was made), 0 (nothing to do), -1 (a database error). */
int ldap_sync_tick(db *d, arena *a, const unsigned char *secret);
/* Runs left 'running' by a process that stopped: failed. */
int ldap_sync_recover(db *d);
/* One run now, recorded like the others (parvis-ctl ldap-sync): 0 (done,
 * or refused: report->refused), -1 (failed, or another run holds the lock:
 * report->message). */
int ldap_sync_record(db *d, arena *a, const unsigned char *secret, const char *trigger, long long actor,
                     int force, ldap_report *report);
#endif
