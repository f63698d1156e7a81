/* acl.c's group decisions, checked as properties over every combination
 * of facts (visibility, posting rule, archived, role, rights, request,
 * account role and status), plus the cases the issue names. */
#include "core/acl.h"
#include "unit.h"

static auth_user person(const char *role, const char *status)
{
    auth_user u = { .id = 7, .role = role, .status = status, .email = "p@x", .display_name = "P",
                    .locale = "fr", .created_at = "" };
    return u;
}

int main(void)
{
    auth_user user = person("user", "active"), admin = person("admin", "active");
    auth_user disabled = person("user", "disabled"), disabled_admin = person("admin", "disabled");
    const auth_user *everyone[] = { &user, &admin, &disabled, &disabled_admin };
    int combos = 0, secret_hidden = 0;
    /* one counter per property: each is one check, whatever the number of
     * combinations it was verified on */
    enum { P_DISABLED, P_HIDDEN, P_ADMIN, P_SEE, P_ARCHIVED, P_MANAGE, P_RIGHTS, P_READ, P_ANNOUNCE, P_COUNT };
    int broken[P_COUNT] = { 0 };
#define PROPERTY(p, cond) do { if (!(cond)) broken[p]++; } while (0)

    for (int vis = VIS_PUBLIC; vis <= VIS_SECRET; vis++)
    for (int posting = 0; posting < 2; posting++)
    for (int archived = 0; archived < 2; archived++)
    for (int role = ROLE_NONE; role <= ROLE_MANAGER; role++)
    for (int rights = 0; rights < 4; rights++)
    for (int requested = 0; requested < 2; requested++)
    for (size_t who = 0; who < sizeof everyone / sizeof *everyone; who++) {
        if (role == ROLE_NONE && rights) continue;      /* rights belong to members */
        const auth_user *u = everyone[who];
        group_facts g = { .id = 1, .visibility = vis, .posting_managers_only = posting, .archived = archived,
                          .role = role, .drive_manager = rights & 1, .feed_moderator = (rights & 2) != 0,
                          .requested = requested };
        combos++;
        int active = u == &user || u == &admin, is_admin = u == &admin;
        acl_verdict see = acl_group(u, &g, GA_SEE);
        for (group_action a = GA_SEE; a < GA_COUNT; a++) {
            acl_verdict v = acl_group(u, &g, a);
            /* a disabled account is nobody */
            PROPERTY(P_DISABLED, active || v == ACL_HIDDEN);
            /* whoever may not see a group learns nothing else about it */
            PROPERTY(P_HIDDEN, see != ACL_HIDDEN || v == ACL_HIDDEN);
            /* administrators may do everything but join as members twice,
             * request, leave what they are not in, or write in an archive */
            PROPERTY(P_ADMIN, !is_admin || v != ACL_HIDDEN);
        }
        if (!active) continue;
        if (vis == VIS_SECRET && role == ROLE_NONE && !is_admin) { PROPERTY(P_SEE, see == ACL_HIDDEN); secret_hidden++; }
        else PROPERTY(P_SEE, see == ACL_ALLOW);
        /* an archived group takes nothing new */
        if (archived) {
            PROPERTY(P_ARCHIVED, acl_group(u, &g, GA_POST) != ACL_ALLOW && acl_group(u, &g, GA_JOIN) != ACL_ALLOW
                                 && acl_group(u, &g, GA_REQUEST) != ACL_ALLOW && acl_group(u, &g, GA_DRIVE) != ACL_ALLOW);
        }
        /* managing implies moderating and managing the drive */
        if (acl_group(u, &g, GA_MANAGE) == ACL_ALLOW) {
            PROPERTY(P_MANAGE, acl_group(u, &g, GA_MODERATE) == ACL_ALLOW
                               && acl_group(u, &g, GA_MANAGE_DRIVE) == ACL_ALLOW);
        }
        /* the delegated rights give exactly their feature */
        if (role == ROLE_MEMBER && !is_admin) {
            PROPERTY(P_RIGHTS, (acl_group(u, &g, GA_MANAGE_DRIVE) == ACL_ALLOW) == (g.drive_manager != 0)
                               && (acl_group(u, &g, GA_MODERATE) == ACL_ALLOW) == (g.feed_moderator != 0)
                               && acl_group(u, &g, GA_MANAGE) == ACL_DENY);
        }
        /* content: members, administrators, and everyone for public groups */
        PROPERTY(P_READ, (acl_group(u, &g, GA_READ) == ACL_ALLOW) == (role != ROLE_NONE || is_admin || vis == VIS_PUBLIC));
        /* an announcements group: only managers post */
        if (posting && role == ROLE_MEMBER && !is_admin) PROPERTY(P_ANNOUNCE, acl_group(u, &g, GA_POST) == ACL_DENY);
    }
    static const char *names[P_COUNT] = { "disabled account is nobody", "hidden means hidden for every action",
        "administrators are never kept out", "who sees what", "archived groups take nothing new",
        "managing implies moderating and the drive", "delegated rights give exactly their feature",
        "who reads content", "announcements: managers post" };
    for (int p = 0; p < P_COUNT; p++) {
        if (broken[p]) fprintf(stderr, "property \"%s\" broken in %d combinations\n", names[p], broken[p]);
        CHECK(broken[p] == 0);
    }
    CHECK(combos == 3 * 2 * 2 * (1 + 2 * 4) * 2 * 4);
    CHECK(secret_hidden == 2 * 2 * 2);

    /* named cases */
    group_facts priv = { .id = 2, .visibility = VIS_PRIVATE };
    CHECK(acl_group(&user, &priv, GA_REQUEST) == ACL_ALLOW);
    CHECK(acl_group(&user, &priv, GA_JOIN) == ACL_DENY);
    priv.requested = 1;
    CHECK(acl_group(&user, &priv, GA_REQUEST) == ACL_DENY);
    group_facts pub = { .id = 3, .visibility = VIS_PUBLIC };
    CHECK(acl_group(&user, &pub, GA_JOIN) == ACL_ALLOW);
    CHECK(acl_group(&user, &pub, GA_POST) == ACL_DENY);
    CHECK(acl_group(&user, &pub, GA_LEAVE) == ACL_DENY);
    CHECK(acl_group(NULL, &pub, GA_SEE) == ACL_HIDDEN);
    CHECK(acl_can_create_group(&user, "everyone"));
    CHECK(!acl_can_create_group(&user, "admins"));
    CHECK(acl_can_create_group(&admin, "admins"));
    CHECK(!acl_can_create_group(&disabled_admin, "everyone"));
    CHECK(acl_acts_as_outsider(&admin, &pub));
    pub.role = ROLE_MEMBER;
    CHECK(!acl_acts_as_outsider(&admin, &pub));
    CHECK_STR(acl_group_action_name(GA_MANAGE_DRIVE), "manage_drive");
    /* passwords: set by their owner only, never by an administrator for
     * someone else; reset links sent by active administrators */
    CHECK(acl_can_change_password(&user, user.id));
    CHECK(acl_can_change_password(&admin, admin.id));
    CHECK(!acl_can_change_password(&admin, admin.id + 1));
    CHECK(!acl_can_change_password(&disabled, disabled.id));
    CHECK(!acl_can_change_password(NULL, 7));
    CHECK(acl_can_send_password_reset(&admin, admin.id + 1));
    CHECK(!acl_can_send_password_reset(&user, user.id + 1));
    CHECK(!acl_can_send_password_reset(&user, user.id));
    CHECK(!acl_can_send_password_reset(&disabled_admin, 8));
    CHECK(acl_can_invite(&admin));
    CHECK(!acl_can_invite(&user));
    CHECK(!acl_can_invite(&disabled_admin));
    CHECK(acl_can_import_people(&admin));
    CHECK(!acl_can_import_people(&user));
    CHECK(!acl_can_import_people(&disabled_admin));
    return UNIT_DONE();
}
