/* The directory sync's checks (lib/ldap_conn.c, docs/ldap.md): addresses,
 * DNs, filters, attribute names, the one spelling of a DN, and the
 * password check's refusals that need no server (an empty password is
 * never sent: an LDAP bind with it is anonymous and proves nothing). */
#include "ldap_conn.h"
#include "unit.h"

static void test_checks(void)
{
    CHECK(ldap_uri_ok("ldap://annuaire.example.org"));
    CHECK(ldap_uri_ok("ldaps://dc1.example.local:636"));
    CHECK(ldap_uri_ok("ldap://127.0.0.1:389/"));
    CHECK(ldap_uri_ok("ldap://[::1]:389"));
    CHECK(!ldap_uri_ok("http://example.org"));
    CHECK(!ldap_uri_ok("ldap://"));
    CHECK(!ldap_uri_ok("ldap://host:0"));
    CHECK(!ldap_uri_ok("ldap://host:70000"));
    CHECK(!ldap_uri_ok("ldap://host/dc=x?cn"));
    CHECK(!ldap_uri_ok("ldap://a b"));
    CHECK(ldap_dn_ok("ou=people,dc=example,dc=org"));
    CHECK(ldap_dn_ok("cn=Dupont\\, Jean,ou=RH,dc=ville,dc=fr"));
    CHECK(!ldap_dn_ok(""));
    CHECK(!ldap_dn_ok("not a dn"));
    CHECK(ldap_filter_ok("(objectClass=inetOrgPerson)"));
    CHECK(ldap_filter_ok("(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))"));
    CHECK(ldap_filter_ok("(cn=a\\2ab)"));
    CHECK(!ldap_filter_ok("objectClass=*"));
    CHECK(!ldap_filter_ok("(objectClass=*"));
    CHECK(!ldap_filter_ok("(a=b))(("));
    CHECK(!ldap_filter_ok("(cn=a\\zz)"));
    CHECK(!ldap_filter_ok("(cn=a\nb)"));
    CHECK(ldap_attr_ok("mail"));
    CHECK(ldap_attr_ok("userPrincipalName"));
    CHECK(ldap_attr_ok("physicalDeliveryOfficeName"));
    CHECK(!ldap_attr_ok(""));
    CHECK(!ldap_attr_ok("mail)(cn=*"));
    CHECK(!ldap_attr_ok("-x"));
}

static void test_dn_key(void)
{
    arena *a = arena_new(4096);
    const char *k1 = ldap_dn_key(a, "UID=P1, OU=People,DC=Example,DC=org");
    const char *k2 = ldap_dn_key(a, "uid=p1,ou=people,dc=example,dc=org");
    CHECK_STR(k1, k2);
    CHECK(ldap_dn_key(a, "not a dn") == NULL);
    const char *k3 = ldap_dn_key(a, "uid=p2,ou=people,dc=example,dc=org");
    CHECK(k3 && strcmp(k2, k3) != 0);
    arena_free(a);
}

static void test_password_refusals(void)
{
    ldap_settings s;
    memset(&s, 0, sizeof s);
    snprintf(s.uri, sizeof s.uri, "ldap://127.0.0.1:1");
    char err[200];
    CHECK(ldap_check_password(&s, "uid=p1,dc=x", "", err, sizeof err) == LDAP_WRONG);
    CHECK(ldap_check_password(&s, "uid=p1,dc=x", NULL, err, sizeof err) == LDAP_WRONG);
    CHECK(ldap_check_password(&s, "", "secret", err, sizeof err) == LDAP_WRONG);
    /* nothing listens on port 1: unreachable, not wrong */
    CHECK(ldap_check_password(&s, "uid=p1,dc=x", "secret", err, sizeof err) == LDAP_UNREACHABLE);
}

int main(void)
{
    test_checks();
    test_dn_key();
    test_password_refusals();
    return UNIT_DONE();
}
