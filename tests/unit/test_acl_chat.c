/* acl.c's chat decisions, checked as properties over every combination of
 * facts (kind, taking part, group role and management, room on, creator,
 * creator-only rule, closed, the other person gone, account role and
 * status) for every action, plus named cases. */
#include "core/acl.h"
#include "unit.h"

static auth_user person(const char *role, const char *status)
{
    auth_user u = { .id = 7, .role = role, .status = status, .email = "p@x", .display_name = "P",
                    .locale = "fr", .created_at = "" };
    return u;
}

static int writes(conversation_action a)
{
    return a == CA_SEND || a == CA_REACT || a == CA_ATTACH || a == CA_ADD || a == CA_REMOVE || a == CA_RENAME;
}

int main(void)
{
    auth_user user = person("user", "active"), admin = person("admin", "active");
    auth_user disabled = person("user", "disabled"), disabled_admin = person("admin", "disabled");
    const auth_user *everyone[] = { &user, &admin, &disabled, &disabled_admin };
    enum { P_DISABLED, P_OUTSIDERS, P_ADMINS, P_CLOSED, P_READERS, P_CREATOR, P_KIND, P_PEER, P_ROOM_OFF,
           P_CLOSE, P_COUNT };
    int broken[P_COUNT] = { 0 }, combos = 0;
#define PROPERTY(p, cond) do { if (!(cond)) broken[p]++; } while (0)

    for (int kind = CONV_DIRECT; kind <= CONV_ROOM; kind++)
    for (int part = 0; part < 2; part++)
    for (int role = ROLE_NONE; role <= ROLE_MANAGER; role++)
    for (int manages = 0; manages < 2; manages++)
    for (int enabled = 0; enabled < 2; enabled++)
    for (int creator = 0; creator < 2; creator++)
    for (int creator_only = 0; creator_only < 2; creator_only++)
    for (int closed = 0; closed < 2; closed++)
    for (int peer_gone = 0; peer_gone < 2; peer_gone++)
    for (size_t who = 0; who < sizeof everyone / sizeof *everyone; who++) {
        /* rooms have no participant rows; other kinds no group */
        if (kind == CONV_ROOM ? part : (role != ROLE_NONE || manages || !enabled)) continue;
        const auth_user *u = everyone[who];
        conversation_facts c = { .kind = kind, .participant = part, .group_role = role, .group_manager = manages,
                                 .enabled = enabled, .creator = creator, .creator_only = creator_only,
                                 .closed = closed, .peer_gone = peer_gone };
        combos++;
        int active = u == &user || u == &admin, is_admin = u == &admin;
        int takes_part = kind == CONV_ROOM ? role != ROLE_NONE && enabled : part;
        for (conversation_action a = CA_READ; a < CA_COUNT; a++) {
            acl_verdict v = acl_conversation(u, &c, a);
            /* a disabled account is nobody */
            PROPERTY(P_DISABLED, active || v == ACL_HIDDEN);
            if (!active) continue;
            if (a == CA_CLOSE) { PROPERTY(P_CLOSE, (v == ACL_ALLOW) == is_admin); continue; }
            /* nobody who does not take part does anything, administrators included
             * (but switching a room on or off, for its group's managers) */
            if (!takes_part && !(a == CA_ENABLE && kind == CONV_ROOM && manages))
                PROPERTY(kind == CONV_ROOM || !is_admin ? P_OUTSIDERS : P_ADMINS, v != ACL_ALLOW);
            /* a closed conversation takes nothing new */
            if (closed && writes(a)) PROPERTY(P_CLOSED, v != ACL_ALLOW);
            /* whoever takes part reads, marks and reports */
            if (takes_part && (a == CA_READ || a == CA_OWN_STATE || a == CA_REPORT)) PROPERTY(P_READERS, v == ACL_ALLOW);
            /* the creator-only rule */
            if (kind == CONV_GROUP && part && creator_only && !creator && (a == CA_ADD || a == CA_REMOVE))
                PROPERTY(P_CREATOR, v == ACL_DENY);
            /* people are added to group conversations only; rooms are left by leaving the group */
            if (takes_part && kind != CONV_GROUP && (a == CA_ADD || a == CA_REMOVE || a == CA_RENAME || a == CA_SETTINGS))
                PROPERTY(P_KIND, v == ACL_NOT_FOR_KIND);
            if (takes_part && kind == CONV_ROOM && a == CA_LEAVE) PROPERTY(P_KIND, v == ACL_NOT_FOR_KIND);
            /* to someone gone, nothing is sent */
            if (kind == CONV_DIRECT && part && peer_gone && !closed && a == CA_SEND) PROPERTY(P_PEER, v == ACL_PEER_GONE);
            /* a room switched off: its members know it is there, and no more */
            if (kind == CONV_ROOM && role != ROLE_NONE && !enabled && a != CA_ENABLE) PROPERTY(P_ROOM_OFF, v == ACL_DENY);
        }
    }
    static const char *names[P_COUNT] = { "disabled account is nobody", "outsiders do nothing",
        "administrators do not read what they are not in", "closed takes nothing new", "participants read",
        "creator-only rule", "kinds", "nothing to someone gone", "a room off", "closing is for administrators" };
    for (int p = 0; p < P_COUNT; p++) {
        if (broken[p]) fprintf(stderr, "property \"%s\" broken in %d combinations\n", names[p], broken[p]);
        CHECK(broken[p] == 0);
    }
    CHECK(combos > 500);

    /* named cases */
    conversation_facts direct = { .kind = CONV_DIRECT, .participant = 1 };
    CHECK(acl_conversation(&user, &direct, CA_SEND) == ACL_ALLOW);
    CHECK(acl_conversation(&user, &direct, CA_LEAVE) == ACL_ALLOW);
    CHECK(acl_conversation(&user, &direct, CA_ADD) == ACL_NOT_FOR_KIND);
    direct.participant = 0;
    CHECK(acl_conversation(&admin, &direct, CA_READ) == ACL_HIDDEN);
    CHECK(acl_conversation(&admin, &direct, CA_CLOSE) == ACL_ALLOW);
    conversation_facts group = { .kind = CONV_GROUP, .participant = 1, .creator_only = 1, .creator = 1 };
    CHECK(acl_conversation(&user, &group, CA_ADD) == ACL_ALLOW);
    CHECK(acl_conversation(&user, &group, CA_SETTINGS) == ACL_ALLOW);
    group.creator = 0;
    CHECK(acl_conversation(&user, &group, CA_SETTINGS) == ACL_DENY);
    CHECK(acl_conversation(&user, &group, CA_RENAME) == ACL_ALLOW);
    group.closed = 1;
    CHECK(acl_conversation(&user, &group, CA_READ) == ACL_ALLOW);
    CHECK(acl_chat_message_change(&user, &group, 7) == ACL_CLOSED);
    group.closed = 0;
    CHECK(acl_chat_message_change(&user, &group, 7) == ACL_ALLOW);
    CHECK(acl_chat_message_change(&user, &group, 8) == ACL_DENY);
    conversation_facts room = { .kind = CONV_ROOM, .group_role = ROLE_MEMBER, .enabled = 1 };
    CHECK(acl_conversation(&user, &room, CA_SEND) == ACL_ALLOW);
    CHECK(acl_conversation(&user, &room, CA_ENABLE) == ACL_DENY);
    room.group_role = ROLE_NONE;
    CHECK(acl_conversation(&admin, &room, CA_READ) == ACL_HIDDEN);
    room.group_manager = 1;                    /* an administrator managing the group from outside */
    CHECK(acl_conversation(&admin, &room, CA_ENABLE) == ACL_ALLOW);
    CHECK(acl_conversation(&admin, &room, CA_READ) == ACL_HIDDEN);
    CHECK_STR(acl_conversation_action_name(CA_OWN_STATE), "own_state");
    return UNIT_DONE();
}
