#include "convocations/conv_model.h"
#include "core/respond.h"
#include "core/worker.h"
#include "feed/reader_cache.h"
#include "groups/groups_model.h"
#include <string.h>

int conv_load(req *r, long long id, conv *c)
{
    memset(c, 0, sizeof *c);
    db *d = worker_db();
    db_rows *q = db_query(d, r->a, STMT_CONV_BY_ID, "i", id);
    if (!q) return -1;
    if (!q->nrows) return 0;
    c->row = q;
    int found = group_load(r, db_cell_int(q, 0, CV_COL_GROUP_ID), NULL, &c->f.group);
    if (found <= 0) return found;
    db_rows *m = db_query(d, r->a, STMT_CONV_MY_RECEIPTS, "ii", id, r->user->id);
    if (!m) return -1;
    c->mine = m;
    c->my_version = m->nrows ? (int)db_cell_int(m, 0, 0) : 0;
    c->f.recipient = m->nrows > 0;
    return 1;
}

int conv_refuse(req *r, acl_verdict v)
{
    if (v == ACL_HIDDEN) return resp_error(r, 404, "not_found", M_CONV_NOT_FOUND);
    return acl_refuse(r, v);
}

int conv_find(req *r, long long id, convocation_action a, conv *c)
{
    int found = conv_load(r, id, c);
    if (found < 0) return resp_db_error(r), 0;
    if (!found) return resp_error(r, 404, "not_found", M_CONV_NOT_FOUND), 0;
    acl_verdict v = acl_convocation(r->user, &c->f, a);
    if (v != ACL_ALLOW) return conv_refuse(r, v), 0;
    return 1;
}

int conv_confirm(db *d, long long id, long long version, long long user, long long post, const char *via)
{
    if (db_exec(d, STMT_CONV_CONFIRM, "siii", via, id, version, user) < 0) return -1;
    if (post && db_exec(d, STMT_POST_READ_INSERT, "ii", post, user) < 0) return -1;
    if (post) reader_cache_changed(user);
    return 0;
}

int conv_confirm_post(db *d, arena *a, long long post, long long user)
{
    db_rows *c = db_query(d, a, STMT_CONV_BY_POST, "i", post);
    if (!c) return -1;
    if (!c->nrows) return 0;
    long long id = db_cell_int(c, 0, 0);
    db_rows *m = db_query(d, a, STMT_CONV_MY_RECEIPTS, "ii", id, user);
    if (!m) return -1;
    if (!m->nrows) return 0;
    return db_exec(d, STMT_CONV_CONFIRM, "siii", "app", id, db_cell_int(m, 0, 0), user) < 0 ? -1 : 0;
}
