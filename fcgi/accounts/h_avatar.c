/* PUT and DELETE /me/avatar, GET /users/{id}/avatar; PUT, DELETE and GET
 * /groups/{id}/image (docs/viewer.md « Avatars »). */
#include "accounts/avatar.h"
#include "accounts/handlers.h"
#include "accounts/welcome.h"
#include "core/acl.h"
#include "core/respond.h"
#include "core/worker.h"
#include "groups/group_cache.h"
#include "groups/groups_model.h"

static json_t *me_answer(req *r, long long id)
{
    (void)id;
    return with_language(r, me_json(r));
}

int h_me_avatar_put(req *r)
{
    return avatar_put(r, "user", r->user->id, me_answer);
}

int h_me_avatar_delete(req *r)
{
    return avatar_delete(r, "user", r->user->id, me_answer);
}

int h_user_avatar_get(req *r)
{
    long long id = r->ids[0];
    db_rows *q = db_query(worker_db(), r->a, STMT_AVATAR_OF_PERSON, "i", id);
    if (!q) return resp_db_error(r);
    if (!q->nrows) return resp_error(r, 404, "not_found", M_NOT_FOUND);
    /* whoever may see the person (a guest: the members of their groups) */
    int shares = 0;
    if (acl_is_guest(r->user) && id != r->user->id) {
        db_rows *s = db_query(worker_db(), r->a, STMT_USERS_SHARE_GROUP, "ii", r->user->id, id);
        if (!s) return resp_db_error(r);
        shares = s->nrows && db_cell_int(s, 0, 0) != 0;
    }
    if (!acl_can_see_person_sharing(r->user, db_cell(q, 0, 4), id, shares))
        return resp_error(r, 404, "not_found", M_NOT_FOUND);
    if (!db_cell(q, 0, 0)) return resp_error(r, 404, "not_found", M_AVATAR_NONE);
    return avatar_send(r, db_cell(q, 0, 0), db_cell(q, 0, 1), db_cell(q, 0, 2), db_cell(q, 0, 3));
}

/* The group's JSON after a change of its image, as GET /groups/{id} */
static json_t *group_answer(req *r, long long id)
{
    my_groups my;
    if (group_cache_refresh() || my_groups_load(r, &my)) return json_object();
    size_t pos = group_cache_index(id);
    if (pos == (size_t)-1) return json_object();
    const cached_group *g = group_cache_at(pos);
    group_facts f;
    my_groups_facts(&my, g, pos, &f);
    json_t *j = group_json_from(r, g, &f);
    int failed = 0;
    const char *image = avatar_version(r, "group", id, &failed);
    if (image) json_object_set_new(j, "image_url", group_image_url_json(id, image));
    return j;
}

static int may_change_image(req *r)
{
    group_facts f;
    if (!group_allows(r, r->ids[0], GA_SEE, NULL, &f)) return 0;
    acl_verdict v = acl_group_image(r->user, &f);
    if (v != ACL_ALLOW) { acl_refuse(r, v); return 0; }
    return 1;
}

int h_group_image_put(req *r)
{
    if (!may_change_image(r)) return 0;
    return avatar_put(r, "group", r->ids[0], group_answer);
}

int h_group_image_delete(req *r)
{
    if (!may_change_image(r)) return 0;
    return avatar_delete(r, "group", r->ids[0], group_answer);
}

int h_group_image_get(req *r)
{
    group_facts f;
    if (!group_allows(r, r->ids[0], GA_SEE, NULL, &f)) return 0;
    db_rows *q = db_query(worker_db(), r->a, STMT_AVATAR_OF, "si", "group", r->ids[0]);
    if (!q) return resp_db_error(r);
    if (!q->nrows) return resp_error(r, 404, "not_found", M_AVATAR_NONE);
    return avatar_send(r, db_cell(q, 0, 0), db_cell(q, 0, 1), db_cell(q, 0, 2), db_cell(q, 0, 3));
}
