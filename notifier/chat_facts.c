#include "chat_facts.h"
#include "facts.h"
#include <string.h>

int conv_info_load(db *d, arena *a, long long id, conv_info *c)
{
    db_rows *q = db_query(d, a, STMT_CHAT_CONVERSATION_LOAD, "i", id);
    if (!q) return -1;
    if (!q->nrows) return 0;
    memset(c, 0, sizeof *c);
    const char *kind = db_cell(q, 0, 1);
    c->id = id;
    c->kind = strcmp(kind, "room") == 0 ? CONV_ROOM : strcmp(kind, "group") == 0 ? CONV_GROUP : CONV_DIRECT;
    c->group = db_cell_int(q, 0, 2);
    c->enabled = db_cell_int(q, 0, 3) != 0;
    c->closed = db_cell_int(q, 0, 4) != 0;
    c->name = db_cell(q, 0, 5);
    if (c->kind == CONV_ROOM && c->group && group_load_facts(d, a, c->group, &c->gfacts) < 0) return -1;
    return 1;
}

/* Row i of CHAT_RECIPIENT_COLUMNS (and the group role) with acl's verdict. */
static void person_at(const db_rows *q, int i, const conv_info *c, chat_person *p)
{
    memset(p, 0, sizeof *p);
    p->user.id = db_cell_int(q, i, 0);
    p->user.display_name = db_cell(q, i, 1);
    p->user.role = db_cell(q, i, 2);
    p->user.status = db_cell(q, i, 3);
    p->muted = db_cell_int(q, i, 4) != 0;
    p->last_read_seq = db_cell_int(q, i, 5);
    const char *role = db_cell(q, i, 7);
    conversation_facts f = { .kind = c->kind, .participant = db_cell_int(q, i, 6) != 0,
                             .enabled = c->enabled, .closed = c->closed };
    if (c->kind == CONV_ROOM) {
        f.group_role = !role ? ROLE_NONE : strcmp(role, "manager") == 0 ? ROLE_MANAGER : ROLE_MEMBER;
        group_facts g = c->gfacts;
        g.role = f.group_role;
        f.group_manager = acl_group(&p->user, &g, GA_MANAGE) == ACL_ALLOW;
    }
    p->read = acl_conversation(&p->user, &f, CA_READ);
}

int chat_people_load(db *d, arena *a, const conv_info *c, chat_people *out)
{
    out->n = 0;
    out->v = NULL;
    db_rows *q = c->kind == CONV_ROOM ? db_query(d, a, STMT_CHAT_RECIPIENTS_ROOM, "ii", c->id, c->group)
                                      : db_query(d, a, STMT_CHAT_RECIPIENTS_PARTICIPANTS, "i", c->id);
    if (!q) return -1;
    out->v = arena_alloc(a, sizeof *out->v * (size_t)(q->nrows ? q->nrows : 1));
    for (int i = 0; i < q->nrows; i++) person_at(q, i, c, &out->v[out->n++]);
    return 0;
}

int chat_person_load(db *d, arena *a, const conv_info *c, long long user, chat_person *p)
{
    db_rows *q = db_query(d, a, STMT_CHAT_RECIPIENT_ONE, "iii", c->id, c->group, user);
    if (!q) return -1;
    if (!q->nrows) {
        memset(p, 0, sizeof *p);
        p->user.id = user;
        p->read = ACL_HIDDEN;
        return 0;
    }
    person_at(q, 0, c, p);
    return 0;
}

const chat_person *chat_people_find(const chat_people *ps, long long user)
{
    for (int i = 0; i < ps->n; i++)
        if (ps->v[i].user.id == user) return &ps->v[i];
    return NULL;
}
