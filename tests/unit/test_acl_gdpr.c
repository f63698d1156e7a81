/* acl.c's GDPR decisions (docs/gdpr.md): a person exports and downloads
 * their own data only; an administrator cannot download someone else's
 * export; disabled accounts and nobody signed in can do neither. */
#include "core/acl.h"
#include "unit.h"

static auth_user person(long long id, const char *role, const char *status)
{
    auth_user u = { .id = id, .role = role, .status = status, .email = "p@x", .display_name = "P",
                    .locale = "fr", .created_at = "" };
    return u;
}

int main(void)
{
    const char *roles[] = { "user", "admin" }, *statuses[] = { "active", "disabled" };
    int combos = 0;
    /* the matrix: role × status × whose export */
    for (int ro = 0; ro < 2; ro++)
        for (int st = 0; st < 2; st++)
            for (int mine = 0; mine < 2; mine++) {
                auth_user u = person(7, roles[ro], statuses[st]);
                int active = st == 0;
                CHECK(acl_can_export_own_data(&u) == active);
                CHECK(acl_can_download_export(&u, mine ? 7 : 8) == (active && mine));
                combos++;
            }
    CHECK(combos == 8);
    CHECK(!acl_can_export_own_data(NULL));
    CHECK(!acl_can_download_export(NULL, 7));
    auth_user admin = person(1, "admin", "active");
    CHECK(!acl_can_download_export(&admin, 0));
    CHECK(!acl_can_download_export(&admin, 2));
    return UNIT_DONE();
}
