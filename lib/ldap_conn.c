/* The directory's settings, connections, binds and paged searches
 * (ldap_conn.h, docs/ldap.md). */
#include "ldap_conn.h"
#include "mail_settings.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

const char *const ldap_attr_keys[LDAP_A_COUNT] = { "email", "name", "job", "department", "site", "phone", "manager" };

#define LDAP_NET_TIMEOUT 5          /* seconds to connect */
#define LDAP_OP_TIMEOUT 30          /* seconds for one answer */

static void copy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

static int number(const char *v, long lo, long hi, int dflt)
{
    char *end;
    long n = strtol(v, &end, 10);
    return end != v && !*end && n >= lo && n <= hi ? (int)n : dflt;
}

int ldap_settings_load(db *d, arena *a, const unsigned char *secret, ldap_settings *s)
{
    memset(s, 0, sizeof *s);
    static const char *const defaults[LDAP_A_COUNT] = { "mail", "displayName", "title", "departmentNumber", "l",
                                                        "telephoneNumber", "manager" };
    for (int i = 0; i < LDAP_A_COUNT; i++) copy(s->attr[i], sizeof s->attr[i], defaults[i]);
    copy(s->filter, sizeof s->filter, "(objectClass=inetOrgPerson)");
    copy(s->group_member_attr, sizeof s->group_member_attr, "member");
    s->interval_minutes = 60;
    s->max_disable_percent = 10;
    db_rows *q = db_query(d, a, STMT_SETTINGS_ALL, "");
    if (!q) return -1;
    for (int i = 0; i < q->nrows; i++) {
        const char *k = db_cell(q, i, 0), *v = db_cell(q, i, 1);
        if (!k || !v || strncmp(k, "ldap_", 5) != 0) continue;
        k += 5;
        if (strcmp(k, "enabled") == 0) s->enabled = strcmp(v, "1") == 0;
        else if (strcmp(k, "bind_auth") == 0) s->bind_auth = strcmp(v, "1") == 0;
        else if (strcmp(k, "uri") == 0) copy(s->uri, sizeof s->uri, v);
        else if (strcmp(k, "starttls") == 0) s->starttls = strcmp(v, "1") == 0;
        else if (strcmp(k, "ca_file") == 0) copy(s->ca_file, sizeof s->ca_file, v);
        else if (strcmp(k, "bind_dn") == 0) copy(s->bind_dn, sizeof s->bind_dn, v);
        else if (strcmp(k, "base_dn") == 0) copy(s->base_dn, sizeof s->base_dn, v);
        else if (strcmp(k, "filter") == 0 && *v) copy(s->filter, sizeof s->filter, v);
        else if (strcmp(k, "group_member_attr") == 0 && *v) copy(s->group_member_attr, sizeof s->group_member_attr, v);
        else if (strcmp(k, "interval_minutes") == 0) s->interval_minutes = number(v, 1, 10080, 60);
        else if (strcmp(k, "max_disable_percent") == 0) s->max_disable_percent = number(v, 0, 100, 10);
        else if (strcmp(k, "bind_password") == 0 && *v) {
            s->bind_password_set = 1;
            if (secret) mail_password_open(secret, v, s->bind_password, sizeof s->bind_password);
        } else if (strncmp(k, "attr_", 5) == 0) {
            for (int j = 0; j < LDAP_A_COUNT; j++)
                if (strcmp(k + 5, ldap_attr_keys[j]) == 0) copy(s->attr[j], sizeof s->attr[j], v);
        }
    }
    return 0;
}

int ldap_uri_ok(const char *uri)
{
    const char *p;
    if (strncmp(uri, "ldap://", 7) == 0) p = uri + 7;
    else if (strncmp(uri, "ldaps://", 8) == 0) p = uri + 8;
    else return 0;
    const char *host = p;
    if (*p == '[') {                                   /* an IPv6 address */
        while (*p && *p != ']') p++;
        if (*p != ']' || p == host + 1) return 0;
        p++;
    } else {
        while (*p && (isalnum((unsigned char)*p) || *p == '.' || *p == '-' || *p == '_')) p++;
        if (p == host) return 0;
    }
    if (*p == ':') {
        p++;
        char *end;
        long port = strtol(p, &end, 10);
        if (end == p || port < 1 || port > 65535) return 0;
        p = end;
    }
    if (*p == '/') p++;
    return *p == 0;
}

int ldap_attr_ok(const char *name)
{
    if (!isalpha((unsigned char)name[0]) && !isdigit((unsigned char)name[0])) return 0;
    size_t n = 0;
    for (const char *p = name; *p; p++, n++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.' && *p != ';') return 0;
    return n <= 60;
}

int ldap_dn_ok(const char *dn)
{
    LDAPDN parsed = NULL;
    if (!*dn || ldap_str2dn(dn, &parsed, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS) return 0;
    ldap_dnfree(parsed);
    return 1;
}

int ldap_filter_ok(const char *f)
{
    size_t n = strlen(f);
    if (n < 3 || f[0] != '(' || f[n - 1] != ')') return 0;
    int depth = 0;
    for (const char *p = f; *p; p++) {
        if ((unsigned char)*p < 0x20) return 0;
        if (*p == '(') depth++;
        else if (*p == ')' && --depth < 0) return 0;
        else if (*p == '\\' && !(isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2]))) return 0;
    }
    return depth == 0;
}

char *ldap_dn_key(arena *a, const char *dn)
{
    struct berval in = { strlen(dn), (char *)dn }, out = { 0, NULL };
    if (ldap_dn_normalize(dn, LDAP_DN_FORMAT_LDAPV3, &out.bv_val, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS
        || !out.bv_val)
        return NULL;
    (void)in;
    char *k = arena_strdup(a, out.bv_val);
    ldap_memfree(out.bv_val);
    for (char *p = k; *p; p++) *p = (char)tolower((unsigned char)*p);
    return k;
}

static void diag(LDAP *ld, int rc, const char *what, char *err, size_t errlen)
{
    char *msg = NULL;
    if (ld) ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &msg);
    snprintf(err, errlen, "%s: %s%s%s", what, ldap_err2string(rc), msg && *msg ? " — " : "", msg && *msg ? msg : "");
    if (msg) ldap_memfree(msg);
}

static ldap_outcome connect_fail(LDAP *ld, int rc, const char *what, char *err, size_t errlen)
{
    diag(ld, rc, what, err, errlen);
    if (ld) ldap_unbind_ext_s(ld, NULL, NULL);
    return rc == LDAP_SERVER_DOWN || rc == LDAP_TIMEOUT || rc == LDAP_UNAVAILABLE ? LDAP_UNREACHABLE
         : rc == LDAP_CONNECT_ERROR ? LDAP_TLS : LDAP_FAILED;
}

ldap_outcome ldap_open_bound(const ldap_settings *s, const char *bind_dn, const char *password, LDAP **out,
                             char *err, size_t errlen)
{
    *out = NULL;
    if (!*s->uri) { snprintf(err, errlen, "no directory address (ldap_uri) is set"); return LDAP_UNREACHABLE; }
    LDAP *ld = NULL;
    int rc = ldap_initialize(&ld, s->uri);
    if (rc != LDAP_SUCCESS) return connect_fail(ld, rc, "address", err, errlen);
    int v3 = LDAP_VERSION3, demand = LDAP_OPT_X_TLS_DEMAND, zero = 0;
    struct timeval net = { LDAP_NET_TIMEOUT, 0 }, op = { LDAP_OP_TIMEOUT, 0 };
    ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &v3);
    ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
    ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &net);
    ldap_set_option(ld, LDAP_OPT_TIMEOUT, &op);
    ldap_set_option(ld, LDAP_OPT_RESTART, LDAP_OPT_ON);
    /* TLS: the certificate always checked, against the CA file when one
     * is set (else the system's); a context of this handle's own */
    ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand);
    if (*s->ca_file) ldap_set_option(ld, LDAP_OPT_X_TLS_CACERTFILE, s->ca_file);
    ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &zero);
    if (s->starttls && strncmp(s->uri, "ldaps://", 8) != 0) {
        rc = ldap_start_tls_s(ld, NULL, NULL);
        if (rc != LDAP_SUCCESS) return connect_fail(ld, rc == LDAP_SERVER_DOWN ? LDAP_SERVER_DOWN : LDAP_CONNECT_ERROR,
                                                    "StartTLS", err, errlen);
    }
    struct berval cred = { password ? strlen(password) : 0, (char *)(password ? password : "") };
    rc = ldap_sasl_bind_s(ld, *bind_dn ? bind_dn : NULL, LDAP_SASL_SIMPLE, &cred, NULL, NULL, NULL);
    if (rc == LDAP_INVALID_CREDENTIALS || rc == LDAP_INVALID_DN_SYNTAX || rc == LDAP_NO_SUCH_OBJECT
        || rc == LDAP_UNWILLING_TO_PERFORM || rc == LDAP_INAPPROPRIATE_AUTH) {
        diag(ld, rc, "bind", err, errlen);
        ldap_unbind_ext_s(ld, NULL, NULL);
        return LDAP_WRONG;
    }
    if (rc != LDAP_SUCCESS) {
        /* ldaps:// to a server whose certificate fails: a connect error */
        if (rc == LDAP_SERVER_DOWN && strncmp(s->uri, "ldaps://", 8) == 0) {
            char *msg = NULL;
            ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &msg);
            int tls = msg && (strstr(msg, "certificate") || strstr(msg, "TLS"));
            if (msg) ldap_memfree(msg);
            if (tls) return connect_fail(ld, LDAP_CONNECT_ERROR, "TLS", err, errlen);
        }
        return connect_fail(ld, rc, "bind", err, errlen);
    }
    *out = ld;
    return LDAP_OK;
}

ldap_outcome ldap_check_password(const ldap_settings *s, const char *dn, const char *password,
                                 char *err, size_t errlen)
{
    if (!password || !*password || !dn || !*dn) { snprintf(err, errlen, "empty password"); return LDAP_WRONG; }
    LDAP *ld = NULL;
    ldap_outcome o = ldap_open_bound(s, dn, password, &ld, err, errlen);
    if (ld) ldap_unbind_ext_s(ld, NULL, NULL);
    return o;
}

int ldap_search_paged(LDAP *ld, const char *base, int scope, const char *filter, char **attrs,
                      ldap_entry_fn fn, void *arg, char *err, size_t errlen)
{
    struct berval *cookie = NULL;
    struct timeval tv = { LDAP_OP_TIMEOUT, 0 };
    int ret = 0;
    do {
        LDAPControl *page = NULL;
        int rc = ldap_create_page_control(ld, LDAP_PAGE_SIZE, cookie, 0, &page);
        if (rc != LDAP_SUCCESS) { diag(ld, rc, "paged results", err, errlen); ret = -1; break; }
        LDAPControl *ctrls[2] = { page, NULL };
        LDAPMessage *res = NULL;
        rc = ldap_search_ext_s(ld, base, scope, filter, attrs, 0, ctrls, NULL, &tv, LDAP_NO_LIMIT, &res);
        ldap_control_free(page);
        if (rc != LDAP_SUCCESS) {
            diag(ld, rc, "search", err, errlen);
            if (res) ldap_msgfree(res);
            ret = -1;
            break;
        }
        for (LDAPMessage *e = ldap_first_entry(ld, res); e && !ret; e = ldap_next_entry(ld, e))
            if (fn(ld, e, arg)) { snprintf(err, errlen, "stopped"); ret = -1; }
        LDAPControl **rctrls = NULL;
        int code = LDAP_SUCCESS;
        rc = ldap_parse_result(ld, res, &code, NULL, NULL, NULL, &rctrls, 0);
        ldap_msgfree(res);
        if (cookie) { ber_bvfree(cookie); cookie = NULL; }
        if (rc == LDAP_SUCCESS && rctrls) {
            LDAPControl *pr = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, rctrls, NULL);
            if (pr) {
                ber_int_t estimate = 0;
                struct berval c = { 0, NULL };
                if (ldap_parse_pageresponse_control(ld, pr, &estimate, &c) == LDAP_SUCCESS && c.bv_len)
                    cookie = ber_bvdup(&c);
                if (c.bv_val) ber_memfree(c.bv_val);
            }
        }
        if (rctrls) ldap_controls_free(rctrls);
    } while (!ret && cookie && cookie->bv_len);
    if (cookie) ber_bvfree(cookie);
    return ret;
}
