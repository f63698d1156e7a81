/* acl.c's drive decisions, checked as properties over every combination
 * of facts: personal drives (owner or not, share, the shared item itself,
 * the root, who deleted it) and group drives (every group fact), for an
 * active person, an administrator and disabled accounts. */
#include "core/acl.h"
#include "unit.h"

static auth_user person(long long id, const char *role, const char *status)
{
    auth_user u = { .id = id, .role = role, .status = status, .email = "p@x", .display_name = "P",
                    .locale = "fr", .created_at = "" };
    return u;
}

#define ME 7
#define OTHER 8

int main(void)
{
    auth_user user = person(ME, "user", "active"), admin = person(ME, "admin", "active");
    auth_user disabled = person(ME, "user", "disabled"), disabled_admin = person(ME, "admin", "disabled");
    const auth_user *everyone[] = { &user, &admin, &disabled, &disabled_admin };
    enum { P_DISABLED, P_PRIVATE, P_OWNER, P_SHARE_READ, P_SHARE_EDIT, P_GROUP_READ, P_GROUP_HIDDEN,
           P_ARCHIVED, P_NO_SHARE, P_PURGE, P_RESTORE, P_ROOT, P_COUNT };
    int broken[P_COUNT] = { 0 }, personal_combos = 0, group_combos = 0;
#define PROPERTY(p, cond) do { if (!(cond)) broken[p]++; } while (0)
    const long long deleters[] = { 0, ME, OTHER };

    /* personal drives */
    for (int mine = 0; mine < 2; mine++)
    for (int share = SHARE_NONE; share <= SHARE_EDIT; share++)
    for (int shared_root = 0; shared_root < 2; shared_root++)
    for (int root = 0; root < 2; root++)
    for (int k = 0; k < 3; k++)
    for (size_t who = 0; who < sizeof everyone / sizeof *everyone; who++) {
        if (mine && share) continue;                      /* nobody shares with themselves */
        if (!share && shared_root) continue;
        const auth_user *u = everyone[who];
        drive_facts f = { .personal = 1, .owner_id = mine ? ME : OTHER, .share = share, .shared_root = shared_root,
                          .drive_root = root, .trashed_by = deleters[k] };
        personal_combos++;
        int active = u == &user || u == &admin;
        for (drive_action a = DA_READ; a < DA_COUNT; a++) {
            acl_verdict v = acl_drive(u, &f, a);
            PROPERTY(P_DISABLED, active || v == ACL_HIDDEN);
            if (!active) continue;
            /* someone else's drive, nothing shared: it does not exist, for
             * administrators too */
            if (!mine && !share) PROPERTY(P_PRIVATE, v == ACL_HIDDEN);
            /* the owner does everything, but the root stays */
            if (mine) PROPERTY(P_OWNER, (v == ACL_ALLOW) == (a == DA_READ || a == DA_WRITE || !root));
            if (share == SHARE_READ) PROPERTY(P_SHARE_READ, (v == ACL_ALLOW) == (a == DA_READ));
            /* an editor reads, writes and deletes inside, never the shared
             * item itself, and never restores, purges or shares */
            if (share == SHARE_EDIT)
                PROPERTY(P_SHARE_EDIT, (v == ACL_ALLOW) == (a == DA_READ || a == DA_WRITE
                                                            || (a == DA_DELETE && !shared_root && !root)));
            if (root) PROPERTY(P_ROOT, a != DA_DELETE || v != ACL_ALLOW);
        }
    }

    /* group drives */
    for (int vis = VIS_PUBLIC; vis <= VIS_SECRET; vis++)
    for (int archived = 0; archived < 2; archived++)
    for (int role = ROLE_NONE; role <= ROLE_MANAGER; role++)
    for (int drive_manager = 0; drive_manager < 2; drive_manager++)
    for (int root = 0; root < 2; root++)
    for (int k = 0; k < 3; k++)
    for (size_t who = 0; who < sizeof everyone / sizeof *everyone; who++) {
        if (role == ROLE_NONE && drive_manager) continue;
        const auth_user *u = everyone[who];
        group_facts g = { .id = 1, .visibility = vis, .archived = archived, .role = role, .drive_manager = drive_manager };
        drive_facts f = { .group = g, .drive_root = root, .trashed_by = deleters[k] };
        group_combos++;
        int active = u == &user || u == &admin;
        int reads = acl_group(u, &g, GA_READ) == ACL_ALLOW, manages = acl_group(u, &g, GA_MANAGE_DRIVE) == ACL_ALLOW;
        for (drive_action a = DA_READ; a < DA_COUNT; a++) {
            acl_verdict v = acl_drive(u, &f, a);
            PROPERTY(P_DISABLED, active || v == ACL_HIDDEN);
            if (!active) continue;
            /* the drive is read by whoever reads the group; for the others
             * it does not exist */
            PROPERTY(P_GROUP_READ, a != DA_READ || (v == ACL_ALLOW) == reads);
            if (!reads) PROPERTY(P_GROUP_HIDDEN, v == ACL_HIDDEN);
            /* an archived group's drive is read-only */
            if (archived && a != DA_READ) PROPERTY(P_ARCHIVED, v != ACL_ALLOW);
            /* group files are shared by membership, never one by one */
            if (a == DA_SHARE) PROPERTY(P_NO_SHARE, v != ACL_ALLOW);
            /* deleting for good: drive managers (and managers), not the root */
            if (a == DA_PURGE) PROPERTY(P_PURGE, (v == ACL_ALLOW) == (reads && manages && !archived && !root));
            /* restoring: one's own deletion as a writer, anyone's as a manager */
            if (a == DA_RESTORE) {
                int writer = acl_group(u, &g, GA_DRIVE) == ACL_ALLOW;
                PROPERTY(P_RESTORE, (v == ACL_ALLOW) == (reads && ((manages && !archived) || (writer && f.trashed_by == ME))));
            }
            if (root) PROPERTY(P_ROOT, a != DA_DELETE || v != ACL_ALLOW);
        }
    }
    static const char *names[P_COUNT] = { "a disabled account is nobody", "a personal drive is private",
        "the owner does everything but remove the root", "a read share reads", "an edit share edits inside",
        "the group's readers read its drive", "a group one may not read hides its drive",
        "an archived group's drive is read-only", "group files are never shared one by one",
        "drive managers delete for good", "who restores what", "the root is never deleted" };
    for (int p = 0; p < P_COUNT; p++) {
        if (broken[p]) fprintf(stderr, "property \"%s\" broken in %d combinations\n", names[p], broken[p]);
        CHECK(broken[p] == 0);
    }
    /* mine: no share; not mine: none, or read or edit on the item or above */
    CHECK(personal_combos == (1 + (1 + 2 * 2)) * 2 * 3 * 4);
    CHECK(group_combos == 3 * 2 * (1 + 2 * 2) * 2 * 3 * 4);
    CHECK_STR(acl_drive_action_name(DA_PURGE), "purge");
    return UNIT_DONE();
}
