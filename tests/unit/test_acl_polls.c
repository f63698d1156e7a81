/* acl.c's poll decisions (docs/polls.md) as a matrix: who (the post's
 * author, a member, a non-member of a private group, a guest outside the
 * group, a guest member, an administrator outside it, the group's
 * moderator) × what (create, vote, see the results before voting, after
 * voting, after closing, who chose what, export, close), for a named
 * poll whose results are shown after voting; then the other rules. */
#include "core/acl.h"
#include "unit.h"

static auth_user person(long long id, const char *role, int guest)
{
    auth_user u = { .id = id, .role = role, .status = "active", .email = "p@x", .display_name = "P",
                    .locale = "fr", .created_at = "" };
    u.guest = guest;
    return u;
}

enum { AUTHOR, MEMBER, OUTSIDER, GUEST, GUEST_MEMBER, ADMIN, MODERATOR, WHO };
enum { CREATE, VOTE, BEFORE, AFTER_VOTE, AFTER_CLOSE, VOTERS, EXPORT, CLOSE, WHAT };
#define A ACL_ALLOW
#define H ACL_HIDDEN
#define D ACL_DENY
#define C ACL_CLOSED

int main(void)
{
    auth_user people[WHO] = {
        person(1, "user", 0), person(2, "user", 0), person(3, "user", 0), person(4, "user", 1),
        person(5, "user", 1), person(6, "admin", 0), person(8, "user", 0),
    };
    group_role roles[WHO] = { ROLE_MEMBER, ROLE_MEMBER, ROLE_NONE, ROLE_NONE, ROLE_MEMBER, ROLE_NONE, ROLE_MEMBER };
    /* rows: who; columns: CREATE VOTE BEFORE AFTER_VOTE AFTER_CLOSE VOTERS EXPORT CLOSE (open; CLOSE after: C) */
    static const acl_verdict want[WHO][WHAT] = {
        [AUTHOR]       = { A, A, A, A, A, A, A, A },
        [MEMBER]       = { D, A, D, A, A, D, D, D },
        [OUTSIDER]     = { H, H, H, H, H, H, H, H },
        [GUEST]        = { H, H, H, H, H, H, H, H },
        [GUEST_MEMBER] = { D, A, D, A, A, D, D, D },
        [ADMIN]        = { D, A, A, A, A, A, A, A },
        [MODERATOR]    = { D, A, A, A, A, A, A, A },
    };
    for (int w = 0; w < WHO; w++) {
        group_facts g = { .id = 3, .visibility = VIS_PRIVATE, .role = roles[w], .feed_moderator = w == MODERATOR };
        post_facts post = { .group = g, .author_id = 1, .published = 1 };
        poll_facts open = { .post = post, .results = POLL_RESULTS_AFTER_VOTE };
        poll_facts voted = open, closed = open;
        voted.voted = 1;
        closed.closed = 1;
        const auth_user *u = &people[w];
        acl_verdict got[WHAT] = {
            acl_poll_create(u, &post), acl_poll(u, &open, POA_VOTE), acl_poll(u, &open, POA_RESULTS),
            acl_poll(u, &voted, POA_RESULTS), acl_poll(u, &closed, POA_RESULTS), acl_poll(u, &open, POA_VOTERS),
            acl_poll(u, &open, POA_EXPORT), acl_poll(u, &open, POA_CLOSE),
        };
        for (int a = 0; a < WHAT; a++) {
            if (got[a] != want[w][a]) fprintf(stderr, "who %d action %d: %d, want %d\n", w, a, got[a], want[w][a]);
            CHECK(got[a] == want[w][a]);
        }
        /* a closed poll: no vote (409 for whoever may read it), no second close */
        acl_verdict after = want[w][VOTE] == H ? H : C;
        CHECK(acl_poll(u, &closed, POA_VOTE) == after);
        CHECK(acl_poll(u, &closed, POA_CLOSE) == (want[w][CLOSE] == A ? C : want[w][CLOSE]));
        /* anonymous: nobody sees who chose what, the author and administrators included */
        poll_facts anon = open;
        anon.anonymous = 1;
        CHECK(acl_poll(u, &anon, POA_VOTERS) == (want[w][VOTERS] == H ? H : D));
        CHECK(acl_poll(u, &anon, POA_EXPORT) == want[w][EXPORT]);
    }
    /* results shown always: every reader; after closing: not after voting */
    auth_user member = people[MEMBER];
    group_facts g = { .id = 3, .visibility = VIS_PUBLIC, .role = ROLE_NONE };
    post_facts post = { .group = g, .author_id = 1, .published = 1 };
    poll_facts p = { .post = post, .results = POLL_RESULTS_ALWAYS };
    CHECK(acl_poll(&member, &p, POA_RESULTS) == A);             /* a public group's reader */
    CHECK(acl_poll(&member, &p, POA_VOTE) == A);
    p.results = POLL_RESULTS_AFTER_CLOSE;
    p.voted = 1;
    CHECK(acl_poll(&member, &p, POA_RESULTS) == D);
    p.closed = 1;
    CHECK(acl_poll(&member, &p, POA_RESULTS) == A);
    /* an archived group: no vote; a scheduled post: no vote, hidden to readers */
    p.closed = 0;
    p.post.group.archived = 1;
    CHECK(acl_poll(&member, &p, POA_VOTE) == ACL_ARCHIVED);
    p.post.group.archived = 0;
    p.post.published = 0;
    CHECK(acl_poll(&member, &p, POA_VOTE) == H);
    CHECK(acl_poll(&people[AUTHOR], &p, POA_VOTE) == D);
    /* the news: its editors moderate; a guest reads them only when allowed */
    post_facts news = { .news = 1, .author_id = 1, .published = 1 };
    poll_facts np = { .post = news, .results = POLL_RESULTS_AFTER_CLOSE };
    auth_user editor = person(9, "user", 0);
    editor.comm_editor = 1;
    CHECK(acl_poll(&editor, &np, POA_EXPORT) == A);
    CHECK(acl_poll(&member, &np, POA_EXPORT) == D);
    CHECK(acl_poll(&member, &np, POA_RESULTS) == D);
    CHECK(acl_poll(&people[GUEST], &np, POA_VOTE) == H);
    people[GUEST].guests_see_news = 1;
    CHECK(acl_poll(&people[GUEST], &np, POA_VOTE) == A);
    CHECK(acl_poll_create(&people[AUTHOR], &news) == A);
    CHECK(acl_poll_create(&editor, &news) == D);
    CHECK_STR(acl_poll_action_name(POA_EXPORT), "export");
    return UNIT_DONE();
}
