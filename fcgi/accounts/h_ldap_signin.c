/* Signing in with the directory's password (docs/ldap.md): when the
 * setting ldap_bind_auth is on, an account the sync made or linked (it has
 * a DN in ldap_accounts) is checked by binding as that DN; the password is
 * never stored. h_session.c asks here before its local check. */
#include "accounts/handlers.h"
#include "core/worker.h"
#include "crypto.h"
#include "ldap_sync.h"
#include "log.h"
#include <string.h>

int ldap_signin_check(req *r, long long uid, const char *local_hash, const char *password, int *ok)
{
    *ok = 0;
    db *d = worker_db();
    db_rows *q = db_query(d, r->a, STMT_LDAP_DN_OF_USER, "i", uid);
    if (!q) return -1;
    if (!q->nrows) return 0;                          /* a local account */
    ldap_settings s;
    if (ldap_settings_load(d, r->a, NULL, &s)) return -1;
    if (!s.bind_auth || !*s.uri) return 0;
    char err[600];
    ldap_outcome o = ldap_check_password(&s, db_cell(q, 0, 0), password, err, sizeof err);
    if (o == LDAP_OK) { *ok = 1; return 1; }
    if (o == LDAP_WRONG) return 1;
    log_error("ldap sign-in of user=%lld: the directory failed: %s", uid, err);
    /* the directory away: an account that also has a local password (a
     * break-glass administrator, an account linked by e-mail) uses it */
    if (local_hash && *local_hash == '$') return 0;
    /* an answer as slow as a real check, as for a wrong password */
    password_verify_dummy(password);
    return 2;
}
