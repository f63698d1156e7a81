/* acl.c's group decisions, checked as properties over every combination
 * of facts (visibility, posting rule, archived, role, rights, request,
 * account role and status), plus the cases the issue names. */
#include "core/acl.h"
#include "unit.h"
#include <string.h>

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

    /* the charter: published by active administrators only */
    CHECK(acl_can_publish_charter(&admin));
    CHECK(!acl_can_publish_charter(&user));
    CHECK(!acl_can_publish_charter(&disabled_admin));
    CHECK(!acl_can_publish_charter(NULL));

    /* reports, as a matrix over the reporter (account), whether they may
     * read the content and whether it is theirs */
    int report_broken = 0, report_cases = 0;
    for (int who = 0; who < 4; who++)
    for (int can_read = 0; can_read < 2; can_read++)
    for (int own = 0; own < 2; own++) {
        const auth_user *u = everyone[who];
        int active = strcmp(u->status, "active") == 0;
        acl_verdict want = !active || !can_read ? ACL_HIDDEN : own ? ACL_DENY : ACL_ALLOW;
        report_broken += acl_report(u, can_read, own ? u->id : u->id + 1) != want;
        report_cases++;
    }
    CHECK(report_broken == 0);
    CHECK(report_cases == 16);
    CHECK(acl_report(NULL, 1, 3) == ACL_HIDDEN);

    /* moderating reports: over account, news or group, the asker's place
     * in the group (role and feed moderator right) and whether the group
     * has moderators */
    int mod_broken = 0, mod_cases = 0, tells_broken = 0;
    for (int who = 0; who < 4; who++)
    for (int news = 0; news < 2; news++)
    for (int vis = VIS_PUBLIC; vis <= VIS_SECRET; vis++)
    for (int role = ROLE_NONE; role <= ROLE_MANAGER; role++)
    for (int feed_mod = 0; feed_mod < 2; feed_mod++)
    for (int mods = 0; mods < 2; mods++) {
        const auth_user *u = everyone[who];
        report_facts f = { .news = news, .group_moderators = mods };
        f.group.id = 3;
        f.group.visibility = (group_visibility)vis;
        f.group.role = (group_role)role;
        f.group.feed_moderator = role != ROLE_NONE && feed_mod;
        int active = strcmp(u->status, "active") == 0, is_admin = active && strcmp(u->role, "admin") == 0;
        int group_moderator = !news && (role == ROLE_MANAGER || f.group.feed_moderator);
        acl_verdict want = active && (is_admin || group_moderator) ? ACL_ALLOW : ACL_HIDDEN;
        mod_broken += acl_can_moderate_report(u, &f) != want;
        tells_broken += acl_report_tells_admins(&f) != (news || !mods);
        mod_cases++;
    }
    CHECK(mod_broken == 0);
    CHECK(tells_broken == 0);
    CHECK(mod_cases == 4 * 2 * 3 * 3 * 2 * 2);
    /* the cases the issue names: a member is not a moderator; a feed
     * moderator is; the news goes to administrators only */
    report_facts member = { .group = { .id = 3, .role = ROLE_MEMBER } }, news_report = { .news = 1 };
    CHECK(acl_can_moderate_report(&user, &member) == ACL_HIDDEN);
    member.group.feed_moderator = 1;
    CHECK(acl_can_moderate_report(&user, &member) == ACL_ALLOW);
    CHECK(acl_can_moderate_report(&user, &news_report) == ACL_HIDDEN);
    CHECK(acl_can_moderate_report(&admin, &news_report) == ACL_ALLOW);
    CHECK(acl_can_moderate_report(NULL, &news_report) == ACL_HIDDEN);

    /* guests (docs/guests.md): every group action on every kind of group,
     * as a non-member (nothing exists), a member and a manager (what a
     * staff member of the same group may, but joining and asking) */
    auth_user guest = person("user", "active"), guest_admin = person("admin", "active");
    guest.guest = guest_admin.guest = 1;
    int guest_broken = 0, guest_combos = 0;
    for (int vis = VIS_PUBLIC; vis <= VIS_SECRET; vis++)
    for (int archived = 0; archived < 2; archived++)
    for (int posting = 0; posting < 2; posting++)
    for (int role = ROLE_NONE; role <= ROLE_MANAGER; role++)
    for (int as_admin = 0; as_admin < 2; as_admin++)
    for (group_action a = GA_SEE; a < GA_COUNT; a++) {
        group_facts g = { .id = 9, .visibility = vis, .archived = archived, .posting_managers_only = posting, .role = role };
        const auth_user *gu = as_admin ? &guest_admin : &guest;
        acl_verdict v = acl_group(gu, &g, a), staff = acl_group(&user, &g, a);
        int ok;
        if (role == ROLE_NONE) ok = v == ACL_HIDDEN;                    /* public ones too */
        else if (a == GA_JOIN || a == GA_REQUEST || a == GA_SET_DEFAULT) ok = v != ACL_ALLOW;
        else ok = v == staff;                                          /* a guest's role admin counts for nothing */
        if (!ok) { guest_broken++; fprintf(stderr, "guest: vis=%d archived=%d role=%d admin=%d %s: %d (staff %d)\n",
                                           vis, archived, role, as_admin, acl_group_action_name(a), v, staff); }
        /* their drive follows: a group's drive they are not in does not exist */
        drive_facts d = { .group = g };
        if (role == ROLE_NONE && acl_drive(gu, &d, DA_READ) != ACL_HIDDEN) guest_broken++;
        /* and so do its posts */
        post_facts pf = { .group = g, .author_id = 1, .published = 1 };
        if (role == ROLE_NONE && acl_post(gu, &pf, PA_READ) != ACL_HIDDEN) guest_broken++;
        guest_combos++;
    }
    CHECK(guest_broken == 0);
    CHECK(guest_combos == 3 * 2 * 2 * 3 * 2 * GA_COUNT);
    CHECK(!acl_is_admin(&guest_admin));
    CHECK(!acl_can_manage_accounts(&guest_admin));
    CHECK(!acl_can_create_group(&guest, "everyone"));
    CHECK(!acl_can_create_group(&guest_admin, "admins"));
    /* the news: hidden, unless the platform lets guests read it */
    post_facts news = { .news = 1, .author_id = 1, .published = 1 };
    for (post_action a = PA_READ; a < PA_COUNT; a++) CHECK(acl_post(&guest, &news, a) == ACL_HIDDEN);
    CHECK(!acl_can_read_news(&guest));
    CHECK(acl_post_create(&guest, NULL, 0) == ACL_HIDDEN);
    /* the first sign-in's welcome: staff only */
    CHECK(!acl_welcome_offered(&guest));
    CHECK(acl_welcome_offered(&user));
    guest.guests_see_news = 1;
    CHECK(acl_can_read_news(&guest));
    CHECK(acl_post(&guest, &news, PA_READ) == ACL_ALLOW);
    CHECK(acl_post(&guest, &news, PA_COMMENT) == ACL_ALLOW);
    CHECK(acl_post(&guest, &news, PA_FEATURE) == ACL_DENY);
    CHECK(acl_post_create(&guest, NULL, 0) == ACL_DENY);
    guest.comm_editor = 1;                     /* a guest never publishes the news */
    CHECK(!acl_can_publish_news(&guest));
    guest.comm_editor = 0;
    guest.guests_see_news = 0;
    CHECK(acl_can_read_news(&user) && acl_post(&user, &news, PA_READ) == ACL_ALLOW);
    /* people: themselves and those who share a group with them */
    CHECK(!acl_can_see_person(&guest, "active"));
    CHECK(acl_can_see_person_sharing(&guest, "active", 8, 1));
    CHECK(!acl_can_see_person_sharing(&guest, "active", 8, 0));
    CHECK(!acl_can_see_person_sharing(&guest, "disabled", 8, 1));
    CHECK(acl_can_see_person_sharing(&guest, "active", guest.id, 0));
    CHECK(acl_can_see_person_sharing(&user, "active", 8, 0));        /* staff: the directory */
    CHECK(!acl_can_see_person_sharing(&user, "disabled", 8, 1));
    CHECK(acl_can_see_person_sharing(&admin, "disabled", 8, 0));
    CHECK(!acl_can_browse_directory(&guest));
    CHECK(acl_can_browse_directory(&user));
    CHECK(!acl_can_browse_directory(&disabled));
    /* chat: a guest writes to the people of their groups only */
    CHECK(acl_can_chat_with(&guest, 1));
    CHECK(!acl_can_chat_with(&guest, 0));
    CHECK(acl_can_chat_with(&user, 0));
    CHECK(!acl_can_chat_with(&disabled, 1));
    /* the account's end: the person and administrators */
    CHECK(acl_can_see_account_expiry(&guest, guest.id));
    CHECK(!acl_can_see_account_expiry(&guest, 8));
    CHECK(acl_can_see_account_expiry(&admin, 8));
    CHECK(!acl_can_see_account_expiry(&user, 8));
    CHECK(acl_can_be_guest("user"));
    CHECK(!acl_can_be_guest("admin"));
    /* search: no "I*" (directory, news, public groups) for a guest */
    arena *ar = arena_new(4096);
    req rq = { .a = ar, .user = &guest };
    long long mine[] = { 9 };
    const char **sc = acl_search_scopes(&rq, mine, 1);
    int signed_in = 0, n = 0;
    for (; sc[n]; n++) signed_in |= strcmp(sc[n], "I*") == 0;
    CHECK(!signed_in && n == 2);
    CHECK_STR(sc[1], "G9");
    rq.user = &user;
    sc = acl_search_scopes(&rq, mine, 1);
    CHECK_STR(sc[0], "I*");
    arena_free(ar);
    CHECK(acl_can_import_people(&admin));
    CHECK(!acl_can_import_people(&user));
    CHECK(!acl_can_import_people(&disabled_admin));
    /* the directory sync (docs/ldap.md): active administrators only */
    CHECK(acl_can_manage_directory(&admin));
    CHECK(!acl_can_manage_directory(&user));
    CHECK(!acl_can_manage_directory(&disabled_admin));
    CHECK(!acl_can_manage_directory(&disabled));
    /* events (docs/events.md): a matrix over the asker's place */
    {
        auth_user ev_user = person("user", "active"), ev_admin = person("admin", "active");
        auth_user ev_editor = person("user", "active"), ev_guest = person("user", "active");
        ev_editor.comm_editor = 1;
        ev_guest.guest = 1;
        group_facts gm = { .id = 3, .visibility = VIS_PRIVATE, .role = ROLE_MEMBER };
        group_facts gmgr = gm, gout = gm, gsecret = gm, garch = gm;
        gmgr.role = ROLE_MANAGER;
        gout.role = ROLE_NONE;
        gsecret.role = ROLE_NONE;
        gsecret.visibility = VIS_SECRET;
        garch.archived = 1;
        event_facts member = { .group = gm, .organizer_id = 99, .invited = 1 };
        event_facts organiser = member;
        organiser.organizer_id = ev_user.id;
        event_facts manager = { .group = gmgr, .organizer_id = 99, .invited = 1 };
        event_facts outsider = { .group = gout, .organizer_id = 99 };
        event_facts invited_out = outsider;
        invited_out.invited = 1;                 /* a private group: may be seen */
        event_facts secret = { .group = gsecret, .organizer_id = 99, .invited = 1 };
        event_facts archived = { .group = garch, .organizer_id = 99, .invited = 1 };
        event_facts org = { .org = 1, .organizer_id = 99, .invited = 1 };
        event_facts org_not = { .org = 1, .organizer_id = 99 };
        /* see, edit, answer, see answers */
        struct { const auth_user *u; const event_facts *f; acl_verdict v[4]; } m[] = {
            { &ev_user, &member, { ACL_ALLOW, ACL_DENY, ACL_ALLOW, ACL_DENY } },
            { &ev_user, &organiser, { ACL_ALLOW, ACL_ALLOW, ACL_ALLOW, ACL_ALLOW } },
            { &ev_user, &manager, { ACL_ALLOW, ACL_ALLOW, ACL_ALLOW, ACL_ALLOW } },
            { &ev_user, &outsider, { ACL_HIDDEN, ACL_HIDDEN, ACL_HIDDEN, ACL_HIDDEN } },
            { &ev_user, &invited_out, { ACL_ALLOW, ACL_DENY, ACL_ALLOW, ACL_DENY } },
            { &ev_user, &secret, { ACL_HIDDEN, ACL_HIDDEN, ACL_HIDDEN, ACL_HIDDEN } },
            { &ev_user, &archived, { ACL_ALLOW, ACL_DENY, ACL_ARCHIVED, ACL_DENY } },
            { &ev_admin, &outsider, { ACL_ALLOW, ACL_ALLOW, ACL_DENY, ACL_ALLOW } },
            { &ev_admin, &secret, { ACL_ALLOW, ACL_ALLOW, ACL_ALLOW, ACL_ALLOW } },
            { &ev_guest, &member, { ACL_ALLOW, ACL_DENY, ACL_ALLOW, ACL_DENY } },
            { &ev_guest, &invited_out, { ACL_HIDDEN, ACL_HIDDEN, ACL_HIDDEN, ACL_HIDDEN } },
            { &ev_guest, &org_not, { ACL_HIDDEN, ACL_HIDDEN, ACL_HIDDEN, ACL_HIDDEN } },
            { &ev_user, &org, { ACL_ALLOW, ACL_DENY, ACL_ALLOW, ACL_DENY } },
            { &ev_user, &org_not, { ACL_ALLOW, ACL_DENY, ACL_DENY, ACL_DENY } },
            { &ev_editor, &org_not, { ACL_ALLOW, ACL_ALLOW, ACL_DENY, ACL_ALLOW } },
            { &disabled, &member, { ACL_HIDDEN, ACL_HIDDEN, ACL_HIDDEN, ACL_HIDDEN } },
        };
        const event_action acts[4] = { EA_SEE, EA_EDIT, EA_ANSWER, EA_SEE_ANSWERS };
        for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
            for (int k = 0; k < 4; k++) {
                acl_verdict got = acl_event(m[i].u, m[i].f, acts[k]);
                if (got != m[i].v[k]) fprintf(stderr, "  (event case %zu, %s)\n", i, acl_event_action_name(acts[k]));
                CHECK(got == m[i].v[k]);
            }
        /* creating: who posts in the group; organisation events: administrators and editors */
        CHECK(acl_event_create(&ev_user, &gm) == ACL_ALLOW);
        CHECK(acl_event_create(&ev_user, &gout) == ACL_DENY);
        CHECK(acl_event_create(&ev_user, &gsecret) == ACL_HIDDEN);
        CHECK(acl_event_create(&ev_user, NULL) == ACL_DENY);
        CHECK(acl_event_create(&ev_editor, NULL) == ACL_ALLOW);
        CHECK(acl_event_create(&ev_admin, NULL) == ACL_ALLOW);
        CHECK(acl_event_create(&ev_guest, NULL) == ACL_HIDDEN);
        CHECK(acl_event_create(&ev_guest, &gout) == ACL_HIDDEN);
        /* invitable by name */
        CHECK(acl_event_invitable(0, VIS_PRIVATE, 0, 0, 1));
        CHECK(!acl_event_invitable(0, VIS_SECRET, 0, 0, 1));
        CHECK(acl_event_invitable(0, VIS_SECRET, 1, 1, 1));
        CHECK(!acl_event_invitable(0, VIS_PUBLIC, 0, 1, 1));
        CHECK(!acl_event_invitable(1, VIS_SECRET, 0, 1, 1));
        CHECK(!acl_event_invitable(1, VIS_SECRET, 0, 0, 0));
    }
    /* convocations (docs/convocations.md): send, see, receipts over the asker's place */
    {
        auth_user cu = person("user", "active"), ca = person("admin", "active"), cg = person("user", "active");
        cg.guest = 1;
        group_facts gm = { .id = 4, .visibility = VIS_PRIVATE, .role = ROLE_MEMBER };
        group_facts gmgr = gm, gout = gm, gsec = gm, garch = gm;
        gmgr.role = ROLE_MANAGER;
        gout.role = ROLE_NONE;
        gsec.role = ROLE_NONE;
        gsec.visibility = VIS_SECRET;
        garch.role = ROLE_MANAGER;
        garch.archived = 1;
        convocation_facts recipient = { .group = gm, .recipient = 1 }, member = { .group = gm };
        convocation_facts manager = { .group = gmgr }, outsider = { .group = gout }, left = { .group = gout, .recipient = 1 };
        convocation_facts secret = { .group = gsec }, archived = { .group = garch, .recipient = 1 };
        struct { const auth_user *u; const convocation_facts *f; acl_verdict v[3]; } m[] = {
            /* send, see, receipts */
            { &cu, &recipient, { ACL_DENY, ACL_ALLOW, ACL_DENY } },
            { &cu, &member, { ACL_DENY, ACL_HIDDEN, ACL_HIDDEN } },
            { &cu, &manager, { ACL_ALLOW, ACL_ALLOW, ACL_ALLOW } },
            { &cu, &outsider, { ACL_DENY, ACL_HIDDEN, ACL_HIDDEN } },
            { &cu, &left, { ACL_DENY, ACL_HIDDEN, ACL_HIDDEN } },
            { &cu, &secret, { ACL_HIDDEN, ACL_HIDDEN, ACL_HIDDEN } },
            { &cu, &archived, { ACL_ARCHIVED, ACL_ALLOW, ACL_ALLOW } },
            { &ca, &outsider, { ACL_ALLOW, ACL_ALLOW, ACL_ALLOW } },
            { &ca, &secret, { ACL_ALLOW, ACL_ALLOW, ACL_ALLOW } },
            /* an elected member: a guest account, a member of its group only (docs/guests.md) */
            { &cg, &recipient, { ACL_DENY, ACL_ALLOW, ACL_DENY } },
            { &cg, &outsider, { ACL_HIDDEN, ACL_HIDDEN, ACL_HIDDEN } },
            { &cg, &left, { ACL_HIDDEN, ACL_HIDDEN, ACL_HIDDEN } },
            { &disabled, &recipient, { ACL_HIDDEN, ACL_HIDDEN, ACL_HIDDEN } },
        };
        const convocation_action acts[3] = { CVA_SEND, CVA_SEE, CVA_RECEIPTS };
        for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
            for (int k = 0; k < 3; k++) {
                acl_verdict got = acl_convocation(m[i].u, m[i].f, acts[k]);
                if (got != m[i].v[k])
                    fprintf(stderr, "  (convocation case %zu, %s: %d)\n", i, acl_convocation_action_name(acts[k]), got);
                CHECK(got == m[i].v[k]);
            }
        CHECK(acl_convocation(&cu, NULL, CVA_SEE) == ACL_HIDDEN);
    }
    /* a group's image (docs/viewer.md): its managers and administrators;
     * a member may not; an outsider of a secret group may not know it;
     * an archived group's stays as it is */
    {
        group_facts gm = { .id = 40, .visibility = VIS_PRIVATE, .role = ROLE_MANAGER };
        group_facts gmem = { .id = 40, .visibility = VIS_PRIVATE, .role = ROLE_MEMBER, .drive_manager = 1, .feed_moderator = 1 };
        group_facts gout = { .id = 40, .visibility = VIS_PRIVATE };
        group_facts gsecret = { .id = 41, .visibility = VIS_SECRET };
        group_facts garch = { .id = 42, .visibility = VIS_PUBLIC, .role = ROLE_MANAGER, .archived = 1 };
        CHECK(acl_group_image(&user, &gm) == ACL_ALLOW);
        CHECK(acl_group_image(&user, &gmem) == ACL_DENY);
        CHECK(acl_group_image(&user, &gout) == ACL_DENY);
        CHECK(acl_group_image(&user, &gsecret) == ACL_HIDDEN);
        CHECK(acl_group_image(&admin, &gout) == ACL_ALLOW);
        CHECK(acl_group_image(&admin, &gsecret) == ACL_ALLOW);
        CHECK(acl_group_image(&user, &garch) != ACL_ALLOW);
        CHECK(acl_group_image(&disabled_admin, &gm) != ACL_ALLOW);
    }
    /* previews (docs/previews.md): exactly the file's readers, 404 for anyone else */
    {
        auth_user pu = { .id = 7, .role = "user", .status = "active", .email = "p@x", .display_name = "P",
                         .locale = "fr", .created_at = "" };
        auth_user pa = pu, pd = pu;
        pa.role = "admin";
        pd.status = "disabled";
        const auth_user *who[] = { &pu, &pa, &pd };
        int differ = 0, forbidden = 0;
        for (size_t w = 0; w < 3; w++)
        for (int mine = 0; mine < 2; mine++)
        for (int share = SHARE_NONE; share <= SHARE_EDIT; share++)
        for (int personal = 0; personal < 2; personal++)
        for (int member = 0; member < 2; member++)
        for (int vis = 0; vis < 2; vis++) {
            drive_facts f = { .personal = personal, .owner_id = mine ? 7 : 8, .share = share };
            f.group.visibility = vis ? VIS_PUBLIC : VIS_SECRET;
            f.group.role = member ? ROLE_MEMBER : ROLE_NONE;
            acl_verdict v = acl_file_preview(who[w], &f);
            differ += (v == ACL_ALLOW) != (acl_drive(who[w], &f, DA_READ) == ACL_ALLOW);
            forbidden += v != ACL_ALLOW && v != ACL_HIDDEN;
        }
        CHECK(differ == 0);
        CHECK(forbidden == 0);
        /* the matrix's corners: another's personal file, shared or not; an administrator */
        drive_facts others = { .personal = 1, .owner_id = 8 }, shared = { .personal = 1, .owner_id = 8, .share = SHARE_READ };
        CHECK(acl_file_preview(&pu, &others) == ACL_HIDDEN);
        CHECK(acl_file_preview(&pa, &others) == ACL_HIDDEN);
        CHECK(acl_file_preview(&pu, &shared) == ACL_ALLOW);
        CHECK(acl_file_preview(&pd, &shared) == ACL_HIDDEN);
        CHECK(acl_file_preview(&pu, NULL) == ACL_HIDDEN);
    }
    {
        /* API tokens (docs/api_tokens.md): scope x method x route class x
         * whether the person is an administrator, every combination */
        const char *methods[] = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE" };
        const route_class classes[] = { RC_PERSON, RC_ADMIN, RC_SESSION_ONLY };
        for (int scopes = 0; scopes < 8; scopes++)
        for (size_t mi = 0; mi < 6; mi++)
        for (int ci = 0; ci < 3; ci++)
        for (int is_admin = 0; is_admin < 2; is_admin++) {
            int reads = mi < 2;
            token_verdict want;
            int top = scopes & SCOPE_ADMIN ? 3 : scopes & SCOPE_WRITE ? 2 : scopes & SCOPE_READ ? 1 : 0;
            if (classes[ci] == RC_SESSION_ONLY) want = TOKEN_SESSION_ONLY;
            else if (classes[ci] == RC_ADMIN) want = top < 3 ? TOKEN_NEEDS_ADMIN : is_admin ? TOKEN_ALLOW : TOKEN_NOT_ADMIN;
            else want = top >= (reads ? 1 : 2) ? TOKEN_ALLOW : TOKEN_NEEDS_WRITE;
            token_verdict got = acl_token(scopes, methods[mi], classes[ci], is_admin);
            if (got != want)
                fprintf(stderr, "  (token scopes=%d %s class=%d admin=%d: %d, want %d)\n", scopes, methods[mi], ci, is_admin, got, want);
            CHECK(got == want);
        }
        /* the cases the issue names */
        CHECK(acl_token(SCOPE_READ, "GET", RC_PERSON, 0) == TOKEN_ALLOW);
        CHECK(acl_token(SCOPE_READ, "POST", RC_PERSON, 0) == TOKEN_NEEDS_WRITE);
        CHECK(acl_token(SCOPE_WRITE, "DELETE", RC_PERSON, 0) == TOKEN_ALLOW);
        CHECK(acl_token(SCOPE_WRITE, "GET", RC_ADMIN, 1) == TOKEN_NEEDS_ADMIN);
        CHECK(acl_token(SCOPE_ADMIN, "GET", RC_ADMIN, 0) == TOKEN_NOT_ADMIN);
        CHECK(acl_token(SCOPE_ADMIN | SCOPE_READ, "POST", RC_ADMIN, 1) == TOKEN_ALLOW);
        CHECK(acl_token(SCOPE_ADMIN, "POST", RC_SESSION_ONLY, 1) == TOKEN_SESSION_ONLY);
        /* route classes from routes.c's patterns */
        CHECK(acl_route_class("/admin/statistics") == RC_ADMIN);
        CHECK(acl_route_class("/admin/tokens") == RC_SESSION_ONLY);
        CHECK(acl_route_class("/me/tokens/{id}") == RC_SESSION_ONLY);
        CHECK(acl_route_class("/session") == RC_SESSION_ONLY);
        CHECK(acl_route_class("/me/password") == RC_SESSION_ONLY);
        CHECK(acl_route_class("/me") == RC_PERSON);
        CHECK(acl_route_class("/groups/{id}/posts") == RC_PERSON);
        CHECK(acl_route_class("/administration") == RC_PERSON);
        /* admin powers: the scope and the role, both */
        CHECK(acl_token_admin_powers(SCOPE_ADMIN, 1) && !acl_token_admin_powers(SCOPE_ADMIN, 0)
              && !acl_token_admin_powers(SCOPE_WRITE | SCOPE_READ, 1));
        /* creating tokens: active staff; the admin scope for administrators */
        auth_user guest = user;
        guest.guest = 1;
        CHECK(acl_can_create_token(&user, SCOPE_READ | SCOPE_WRITE) && !acl_can_create_token(&user, SCOPE_ADMIN));
        CHECK(acl_can_create_token(&admin, SCOPE_ADMIN) && !acl_can_create_token(&disabled, SCOPE_READ));
        CHECK(!acl_can_create_token(&guest, SCOPE_READ));
        CHECK(acl_can_manage_service_tokens(&admin) && !acl_can_manage_service_tokens(&user));
        /* incoming webhooks: the group's managers and administrators */
        group_facts gm = { .id = 9, .visibility = VIS_PUBLIC, .role = ROLE_MANAGER }, gu = gm, garch = gm;
        gu.role = ROLE_MEMBER;
        garch.archived = 1;
        CHECK(acl_incoming_hooks(&user, &gm) == ACL_ALLOW);
        CHECK(acl_incoming_hooks(&user, &gu) == ACL_DENY);
        CHECK(acl_incoming_hooks(&user, &garch) == ACL_ARCHIVED);
        gu.role = ROLE_NONE;
        CHECK(acl_incoming_hooks(&admin, &gu) == ACL_ALLOW);
    }

    /* outgoing webhooks (docs/webhooks.md): who subscribes, and which
     * events a subscription receives */
    {
        auth_user wu = person("user", "active"), wa = person("admin", "active"), wg = person("user", "active");
        wg.guest = 1;
        auth_user woff = person("admin", "disabled");
        group_facts gman = { .id = 4, .visibility = VIS_PRIVATE, .role = ROLE_MANAGER };
        group_facts gmem = { .id = 4, .visibility = VIS_PRIVATE, .role = ROLE_MEMBER };
        group_facts gout = { .id = 4, .visibility = VIS_PUBLIC };
        group_facts gsec = { .id = 4, .visibility = VIS_SECRET };
        group_facts garch = { .id = 4, .visibility = VIS_PUBLIC, .role = ROLE_MANAGER, .archived = 1 };
        struct { const auth_user *u; const group_facts *g; acl_verdict manage, create; } w[] = {
            { &wa, NULL, ACL_ALLOW, ACL_ALLOW },         /* the organisation: administrators only */
            { &wu, NULL, ACL_DENY, ACL_DENY },
            { &wg, NULL, ACL_DENY, ACL_DENY },
            { &woff, NULL, ACL_HIDDEN, ACL_HIDDEN },
            { &wu, &gman, ACL_ALLOW, ACL_ALLOW },        /* a group: its managers */
            { &wu, &gmem, ACL_DENY, ACL_DENY },
            { &wu, &gout, ACL_DENY, ACL_DENY },
            { &wu, &gsec, ACL_HIDDEN, ACL_HIDDEN },
            { &wa, &gsec, ACL_ALLOW, ACL_ALLOW },
            { &wa, &gmem, ACL_ALLOW, ACL_ALLOW },
            { &wu, &garch, ACL_ALLOW, ACL_ARCHIVED },
            { &wg, &gman, ACL_DENY, ACL_DENY },          /* a guest manager: no */
            { &wg, &gout, ACL_HIDDEN, ACL_HIDDEN },
        };
        for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
            acl_verdict m = acl_webhook(w[i].u, w[i].g, 0), c = acl_webhook(w[i].u, w[i].g, 1);
            if (m != w[i].manage || c != w[i].create)
                fprintf(stderr, "  (webhook case %zu: %d %d)\n", i, m, c);
            CHECK(m == w[i].manage && c == w[i].create);
        }
        /* receiving: (subscription's group, creator admin, event's group, its visibility) */
        struct { long long sg; int ca; long long eg; group_visibility ev; int want; } rcv[] = {
            { 4, 0, 4, VIS_SECRET, 1 }, { 4, 0, 5, VIS_PUBLIC, 0 }, { 4, 1, 5, VIS_PUBLIC, 0 },
            { 4, 0, 0, VIS_PUBLIC, 0 },                  /* a group's never gets the news */
            { 0, 0, 0, VIS_PUBLIC, 1 }, { 0, 0, 5, VIS_PUBLIC, 1 },
            { 0, 0, 5, VIS_PRIVATE, 0 }, { 0, 0, 5, VIS_SECRET, 0 },
            { 0, 1, 5, VIS_PRIVATE, 1 }, { 0, 1, 5, VIS_SECRET, 1 },
        };
        for (size_t i = 0; i < sizeof rcv / sizeof rcv[0]; i++)
            CHECK(acl_webhook_receives(rcv[i].sg, rcv[i].ca, rcv[i].eg, rcv[i].ev) == rcv[i].want);
    }

    /* « Veille » (docs/feeds.md): the group's managers and administrators,
     * never a guest; an archived group's feeds are listed, not changed;
     * the Atom feed of a group only for a public one */
    {
        auth_user fu = person("user", "active"), fa = person("admin", "active"), fg = person("user", "active");
        auth_user fd = person("user", "disabled");
        fg.guest = 1;
        group_facts mgr = { .id = 3, .visibility = VIS_PRIVATE, .role = ROLE_MANAGER };
        group_facts mem = { .id = 3, .visibility = VIS_PUBLIC, .role = ROLE_MEMBER };
        group_facts out = { .id = 3, .visibility = VIS_PUBLIC, .role = ROLE_NONE };
        group_facts sec = { .id = 3, .visibility = VIS_SECRET, .role = ROLE_NONE };
        group_facts arc = { .id = 3, .visibility = VIS_PUBLIC, .role = ROLE_MANAGER, .archived = 1 };
        struct { const auth_user *u; const group_facts *g; acl_verdict list, change; } m[] = {
            { &fu, &mgr, ACL_ALLOW, ACL_ALLOW },
            { &fu, &mem, ACL_DENY, ACL_DENY },
            { &fu, &out, ACL_DENY, ACL_DENY },
            { &fu, &sec, ACL_HIDDEN, ACL_HIDDEN },
            { &fu, &arc, ACL_ALLOW, ACL_ARCHIVED },
            { &fa, &out, ACL_ALLOW, ACL_ALLOW },
            { &fa, &sec, ACL_ALLOW, ACL_ALLOW },
            { &fg, &mgr, ACL_DENY, ACL_DENY },
            { &fg, &out, ACL_HIDDEN, ACL_HIDDEN },
            { &fd, &mgr, ACL_HIDDEN, ACL_HIDDEN },
        };
        for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
            if (acl_group_feeds(m[i].u, m[i].g, FA_LIST) != m[i].list) fprintf(stderr, "  (feeds case %zu, list)\n", i);
            if (acl_group_feeds(m[i].u, m[i].g, FA_CHANGE) != m[i].change) fprintf(stderr, "  (feeds case %zu, change)\n", i);
            CHECK(acl_group_feeds(m[i].u, m[i].g, FA_LIST) == m[i].list);
            CHECK(acl_group_feeds(m[i].u, m[i].g, FA_CHANGE) == m[i].change);
        }
        group_facts priv = { .visibility = VIS_PRIVATE }, pub = { .visibility = VIS_PUBLIC };
        CHECK(acl_group_atom_public(&pub) && !acl_group_atom_public(&priv) && !acl_group_atom_public(&sec)
              && !acl_group_atom_public(NULL));
        CHECK(acl_can_have_atom_token(&fu) && acl_can_have_atom_token(&fg) && !acl_can_have_atom_token(&fd));
    }

    /* single sign-on's settings: active administrators only, never a guest */
    {
        auth_user sa = person("admin", "active"), su = person("user", "active"), sd = person("admin", "disabled");
        auth_user sg = person("admin", "active");
        sg.guest = 1;
        const struct { const auth_user *u; int may; } m[] = { { &sa, 1 }, { &su, 0 }, { &sd, 0 }, { &sg, 0 } };
        for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) CHECK(acl_can_manage_sso(m[i].u) == m[i].may);
        CHECK(!acl_can_manage_sso(NULL));
    }
    return UNIT_DONE();
}
