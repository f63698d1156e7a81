/* The connection to the directory (lib/ldap_conn.c), for lib/ldap_sync.c. */
#ifndef PARVIS_LDAP_CONN_H
#define PARVIS_LDAP_CONN_H
#include "ldap_sync.h"
#define LDAP_DEPRECATED 0
#include <ldap.h>

/* A connection to s->uri (StartTLS and the CA file as set), bound as
 * bind_dn with password (bind_dn "" : anonymous). LDAP_OK and *out, or an
 * outcome and err. */
ldap_outcome ldap_open_bound(const ldap_settings *s, const char *bind_dn, const char *password, LDAP **out,
                             char *err, size_t errlen);

/* Called for each entry of a search: 0 goes on, -1 stops. */
typedef int (*ldap_entry_fn)(LDAP *ld, LDAPMessage *entry, void *arg);
/* A paged search (RFC 2696, LDAP_PAGE_SIZE a page) under base with scope
 * and filter, asking attrs. 0, or -1 (err says why). */
int ldap_search_paged(LDAP *ld, const char *base, int scope, const char *filter, char **attrs,
                      ldap_entry_fn fn, void *arg, char *err, size_t errlen);

/* The DN in one spelling (RFC 4514, attribute types and values lower-cased
 * for ASCII): what two spellings of one DN share. NULL when it does not
 * parse. */
char *ldap_dn_key(arena *a, const char *dn);
#endif
