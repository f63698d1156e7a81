#include "facts.h"
#include <string.h>

/* 1 found, 0 gone, -1 MariaDB */
int post_info_load(db *d, arena *a, long long id, post_info *p)
{
    db_rows *q = db_query(d, a, STMT_NOTIFY_POST_LOAD, "i", id);
    if (!q) return -1;
    if (!q->nrows) return 0;
    memset(p, 0, sizeof *p);
    p->row = q;
    p->id = id;
    p->group = db_cell_int(q, 0, 1);
    p->author = db_cell_int(q, 0, 2);
    p->must_read = db_cell_int(q, 0, 4) != 0;
    p->published = db_cell_int(q, 0, 5) != 0;
    p->comment_count = (int)db_cell_int(q, 0, 11);
    p->facts.news = p->group == 0;
    p->facts.author_id = p->author;
    p->facts.published = p->published;
    p->facts.comments_closed = db_cell_int(q, 0, 6) != 0;
    if (p->group) {
        const char *vis = db_cell(q, 0, 7);
        p->facts.group.id = p->group;
        p->facts.group.visibility = strcmp(vis, "public") == 0 ? VIS_PUBLIC
                                  : strcmp(vis, "private") == 0 ? VIS_PRIVATE : VIS_SECRET;
        p->facts.group.posting_managers_only = strcmp(db_cell(q, 0, 8), "managers") == 0;
        p->facts.group.archived = db_cell_int(q, 0, 9) != 0;
    }
    return 1;
}

int can_read_post(const recipient *r, const post_info *p)
{
    post_facts f = p->facts;
    if (!f.news) recipient_group_facts(r, &p->facts.group, &f.group);
    return acl_post(&r->user, &f, PA_READ) == ACL_ALLOW;
}

/* 1 found (facts in *g), 0 gone, -1 */
int group_load_facts(db *d, arena *a, long long id, group_facts *g)
{
    db_rows *q = db_query(d, a, STMT_NOTIFY_GROUP_LOAD, "i", id);
    if (!q) return -1;
    if (!q->nrows) return 0;
    memset(g, 0, sizeof *g);
    const char *vis = db_cell(q, 0, 2);
    g->id = id;
    g->visibility = strcmp(vis, "public") == 0 ? VIS_PUBLIC : strcmp(vis, "private") == 0 ? VIS_PRIVATE : VIS_SECRET;
    g->posting_managers_only = strcmp(db_cell(q, 0, 3), "managers") == 0;
    g->archived = db_cell_int(q, 0, 4) != 0;
    return 1;
}

int can_group(const recipient *r, const group_facts *g, group_action act)
{
    group_facts f;
    recipient_group_facts(r, g, &f);
    return acl_group(&r->user, &f, act) == ACL_ALLOW;
}

int node_info_load(db *d, arena *a, long long id, node_info *n)
{
    db_rows *q = db_query(d, a, STMT_NOTIFY_NODE_LOAD, "i", id);
    if (!q) return -1;
    if (!q->nrows) return 0;
    memset(n, 0, sizeof *n);
    n->id = id;
    n->folder = strcmp(db_cell(q, 0, 1), "folder") == 0;
    n->root = db_cell_int(q, 0, 3) != 0;
    n->group = db_cell_int(q, 0, 4);
    n->owner = db_cell_int(q, 0, 5);
    n->trashed_by = db_cell_int(q, 0, 6);
    n->trashed = db_cell_int(q, 0, 7) != 0;
    n->version = (int)db_cell_int(q, 0, 8);
    return 1;
}

/* acl_drive's read verdict for this recipient: -1 on a MariaDB error */
int can_read_node(db *d, arena *a, const recipient *r, const node_info *n, const group_facts *g)
{
    drive_facts f = { 0 };
    f.personal = n->group == 0;
    f.owner_id = n->owner;
    f.drive_root = n->root;
    f.trashed_by = 0;                          /* the trash notifies nobody */
    if (n->group) recipient_group_facts(r, g, &f.group);
    else if (r->user.id != n->owner) {
        db_rows *s = db_query(d, a, STMT_NOTIFY_NODE_SHARE, "ii", n->id, r->user.id);
        if (!s) return -1;
        long long level = s->nrows ? db_cell_int(s, 0, 0) : -1;
        f.share = level < 0 ? SHARE_NONE : level ? SHARE_EDIT : SHARE_READ;
        f.shared_root = s->nrows && db_cell_int(s, 0, 1) != 0;
    }
    return acl_drive(&r->user, &f, DA_READ) == ACL_ALLOW;
}

int note_visible(db *d, arena *a, long long user, const char *kind, const char *target_type,
                 long long post, long long group, long long node)
{
    recipients one;
    if (strcmp(target_type, "post") == 0 || strcmp(target_type, "comment") == 0) {
        post_info p;
        int found = post_info_load(d, a, post, &p);
        if (found <= 0) return found;
        if (recipients_one(d, a, p.group, p.id, kind, user, &one)) return -1;
        return one.n && can_read_post(&one.v[0], &p);
    }
    if (strcmp(target_type, "group") == 0) {
        group_facts g;
        int found = group_load_facts(d, a, group, &g);
        if (found <= 0) return found;
        if (recipients_one(d, a, g.id, 0, kind, user, &one)) return -1;
        group_action need = strcmp(kind, "request") == 0 ? GA_MANAGE
                          : strcmp(kind, "request_decided") == 0 ? GA_SEE : GA_READ;
        return one.n && can_group(&one.v[0], &g, need);
    }
    if (strcmp(target_type, "file") == 0 || strcmp(target_type, "folder") == 0) {
        node_info n;
        int found = node_info_load(d, a, node, &n);
        if (found <= 0 || n.trashed) return found < 0 ? -1 : 0;
        group_facts g = { 0 };
        if (n.group && group_load_facts(d, a, n.group, &g) <= 0) return 0;
        if (recipients_one(d, a, n.group, 0, kind, user, &one)) return -1;
        return one.n ? can_read_node(d, a, &one.v[0], &n, &g) : 0;
    }
    return 1;                                  /* an administrators' message */
}
