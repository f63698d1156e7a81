/* acl.c's decisions on the administration's read-only pages: « Statistiques »
 * and « Journal », checked for every kind of account (role × status) and
 * for nobody signed in: only an active administrator is let in. */
#include "core/acl.h"
#include "unit.h"

int main(void)
{
    static const char *const roles[] = { "user", "admin" }, *const statuses[] = { "active", "disabled" };
    for (int r = 0; r < 2; r++)
        for (int s = 0; s < 2; s++) {
            auth_user u = { .id = 7, .role = roles[r], .status = statuses[s], .email = "p@x", .display_name = "P",
                            .locale = "fr", .created_at = "" };
            int want = r == 1 && s == 0;
            CHECK(acl_can_see_statistics(&u) == want);
            CHECK(acl_can_read_audit(&u) == want);
        }
    CHECK(!acl_can_see_statistics(NULL));
    CHECK(!acl_can_read_audit(NULL));
    return UNIT_DONE();
}
