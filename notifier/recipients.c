#include "recipients.h"
#include "notify_prefs.h"
#include <string.h>

static void recipient_at(const db_rows *q, int row, const char *kind, recipient *r)
{
    memset(r, 0, sizeof *r);
    r->user.id = db_cell_int(q, row, 0);
    r->user.role = db_cell(q, row, 1);
    r->user.status = "active";
    r->user.locale = db_cell(q, row, 2);
    r->user.email = db_cell(q, row, 3);
    r->user.display_name = db_cell(q, row, 4);
    const char *role = db_cell(q, row, 5);
    r->role = !role ? ROLE_NONE : strcmp(role, "manager") == 0 ? ROLE_MANAGER : ROLE_MEMBER;
    r->drive_manager = role && db_cell_int(q, row, 6) != 0;
    r->feed_moderator = role && db_cell_int(q, row, 7) != 0;
    const char *level = db_cell(q, row, 8);
    r->level = strcmp(level, "all") == 0 ? LEVEL_ALL : strcmp(level, "none") == 0 ? LEVEL_NONE : LEVEL_ESSENTIAL;
    const char *pf = db_cell(q, row, 9);
    r->post = !pf ? PF_NONE : strcmp(pf, "mute") == 0 ? PF_MUTE : PF_FOLLOW;
    const char *email = db_cell(q, row, 10);
    r->email_choice = email ? email : notify_default_email(kind);
    /* a guest is told only of what their groups hold (acl.c; the news not:
     * guests_see_news is a worker's fact) */
    r->user.guest = db_cell(q, row, 11) && strcmp(db_cell(q, row, 11), "guest") == 0;
}

static int take(db_rows *q, arena *a, const char *kind, recipients *out)
{
    out->n = 0;
    out->v = NULL;
    if (!q) return -1;
    out->v = arena_alloc(a, sizeof *out->v * (size_t)(q->nrows ? q->nrows : 1));
    for (int i = 0; i < q->nrows; i++) recipient_at(q, i, kind, &out->v[out->n++]);
    return 0;
}

int recipients_one(db *d, arena *a, long long group, long long post, const char *kind, long long user, recipients *out)
{
    return take(db_query(d, a, STMT_RECIPIENT_ONE, "nnnsi", group, group, post, kind, user), a, kind, out);
}

int recipients_members(db *d, arena *a, long long group, long long post, const char *kind, recipients *out)
{
    return take(db_query(d, a, STMT_RECIPIENTS_MEMBERS, "nnnsi", group, group, post, kind, group), a, kind, out);
}

int recipients_members_at_all(db *d, arena *a, long long group, long long post, const char *kind, recipients *out)
{
    return take(db_query(d, a, STMT_RECIPIENTS_MEMBERS_AT_ALL, "nnnsi", group, group, post, kind, group), a, kind, out);
}

int recipients_managers(db *d, arena *a, long long group, const char *kind, recipients *out)
{
    return take(db_query(d, a, STMT_RECIPIENTS_MANAGERS, "nnnsi", group, group, 0LL, kind, group), a, kind, out);
}

int recipients_everyone(db *d, arena *a, long long post, const char *kind, recipients *out)
{
    return take(db_query(d, a, STMT_RECIPIENTS_EVERYONE, "nnns", 0LL, 0LL, post, kind), a, kind, out);
}

int recipients_post_followers(db *d, arena *a, long long group, long long post, const char *kind, recipients *out)
{
    return take(db_query(d, a, STMT_RECIPIENTS_POST_FOLLOWERS, "nnnsi", group, group, post, kind, post), a, kind, out);
}

int recipients_unconfirmed(db *d, arena *a, long long group, long long post, recipients *out)
{
    return take(db_query(d, a, STMT_RECIPIENTS_UNCONFIRMED, "nnnsiii", group, group, post, "must_read", group, post, post),
                a, "must_read", out);
}

int recipients_folder_followers(db *d, arena *a, long long group, long long node, const char *kind, recipients *out)
{
    return take(db_query(d, a, STMT_RECIPIENTS_FOLDER_FOLLOWERS, "nnnsi", group, group, 0LL, kind, node), a, kind, out);
}

void recipient_group_facts(const recipient *r, const group_facts *g, group_facts *out)
{
    *out = *g;
    out->role = r->role;
    out->drive_manager = r->drive_manager;
    out->feed_moderator = r->feed_moderator;
    out->requested = 0;
}
