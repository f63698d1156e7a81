#include "feed/posts_model.h"
#include "feed/polls_model.h"
#include "groups/group_cache.h"
#include "core/listing.h"
#include "core/worker.h"
#include "accounts/avatar.h"
#include <string.h>

const char *const REACTION_KINDS[5] = { "like", "bravo", "merci", "idee", "soutien" };

int post_facts_at(req *r, const my_groups *my, const db_rows *q, int row, post_facts *f)
{
    (void)r;
    memset(f, 0, sizeof *f);
    f->news = db_cell(q, row, 1) == NULL;
    f->author_id = db_cell_int(q, row, 2);
    f->comments_closed = db_cell_int(q, row, 10) != 0;
    f->published = db_cell_int(q, row, POST_COL_PUBLISHED) != 0;
    if (f->news) return 0;
    size_t pos = group_cache_index(db_cell_int(q, row, 1));
    if (pos == (size_t)-1) return -1;
    my_groups_facts(my, group_cache_at(pos), pos, &f->group);
    return 0;
}

json_t *reactions_json(const db_rows *q, int row, int col)
{
    json_t *reactions = json_object();
    for (int k = 0; k < 5; k++) {
        long long n = db_cell_int(q, row, col + k);
        if (n > 0) json_object_set_new(reactions, REACTION_KINDS[k], json_integer(n));
    }
    return reactions;
}

const char *post_cursor(req *r, const db_rows *q, int row, int key_col)
{
    return cursor_make(r->a, arena_printf(r->a, "%s\n%s", db_cell(q, row, key_col), db_cell(q, row, 0)));
}

json_t *post_shared_json(req *r, const db_rows *q, int row, int key_col, int published)
{
    json_t *group = json_null();
    if (db_cell(q, row, 1)) {
        const cached_group *g = group_cache_at(group_cache_index(db_cell_int(q, row, 1)));
        if (g) group = json_pack("{s:I,s:s}", "id", (json_int_t)g->id, "name", g->name);
    }
    json_t *o = json_pack("{s:I,s:o,s:{s:I,s:s},s:s,s:s,s:s,s:b,s:b,s:b,s:b,s:I,s:o,"
                     "s:s,s:s?,s:s?,s:b,s:s,s:b,s:s}",
        "id", (json_int_t)db_cell_int(q, row, 0), "group", group,
        "author", "id", (json_int_t)db_cell_int(q, row, 2), "display_name", db_cell(q, row, 3),
        "title", db_cell(q, row, 4), "body", db_cell(q, row, 5), "body_html", db_cell(q, row, 6),
        "must_read", db_cell_int(q, row, 7) != 0, "featured", db_cell_int(q, row, 8) != 0,
        "pinned", db_cell_int(q, row, 9) != 0, "comments_closed", db_cell_int(q, row, 10) != 0,
        "comments_count", (json_int_t)db_cell_int(q, row, 11), "reactions", reactions_json(q, row, 12),
        "publish_at", db_cell(q, row, 17), "unpublish_at", db_cell(q, row, 18),
        "edited_at", db_cell(q, row, 19), "edited", db_cell(q, row, 19) != NULL,
        "created_at", db_cell(q, row, 20), "published", published, "cursor", post_cursor(r, q, row, key_col));
    attachments_json(r, o, db_cell_int(q, row, 0), db_cell(q, row, 4), db_cell(q, row, 21));
    /* a convocation's post (docs/convocations.md) */
    json_object_set_new(o, "convocation", db_cell(q, row, POST_COL_CONVOCATION)
        ? json_pack("{s:I}", "id", (json_int_t)db_cell_int(q, row, POST_COL_CONVOCATION)) : json_null());
    /* « Invité »: the author is a guest (docs/guests.md) */
    if (o && db_cell(q, row, 22) && strcmp(db_cell(q, row, 22), "guest") == 0)
        json_object_set_new(json_object_get(o, "author"), "kind", json_string("guest"));
    /* the author's photo (docs/viewer.md) */
    if (o) avatar_url_set(json_object_get(o, "author"), db_cell_int(q, row, 2), db_cell(q, row, POST_COL_AUTHOR_AVATAR));
    /* « Connecteur »: an incoming webhook's, not a person (docs/api_tokens.md) */
    if (o && db_cell(q, row, 22) && strcmp(db_cell(q, row, 22), "connector") == 0)
        json_object_set_new(json_object_get(o, "author"), "kind", json_string("connector"));
    return o;
}

json_t *post_json(req *r, const db_rows *q, int row, const post_facts *f)
{
    json_t *o = post_shared_json(r, q, row, POST_COL_PUBLISH_KEY, f->published);
    json_t *can = json_object();
    for (post_action a = PA_EDIT; a < PA_COUNT; a++)
        json_object_set_new(can, acl_post_action_name(a), json_boolean(acl_post(r->user, f, a) == ACL_ALLOW));
    const char *reaction = db_cell(q, row, POST_COL_MY_REACTION), *read_at = db_cell(q, row, POST_COL_READ_AT);
    json_object_set_new(o, "my_reaction", reaction ? json_string(reaction) : json_null());
    json_object_set_new(o, "read_by_me", json_boolean(db_cell_int(q, row, POST_COL_READ) != 0));
    json_object_set_new(o, "read_at", read_at ? json_string(read_at) : json_null());
    json_object_set_new(o, "can", can);
    /* the poll as this reader may see it (docs/polls.md) */
    long long poll = db_cell(q, row, POST_COL_POLL) ? db_cell_int(q, row, POST_COL_POLL) : 0;
    json_t *pj = poll ? poll_json(r, poll, f, 0) : json_null();
    json_object_set_new(o, "poll", pj ? pj : json_null());
    return o;
}

/* The post for a handler: 1 when the asker may read it (rows, facts);
 * otherwise the answer (404, 503) is sent and 0 returned. */
int post_find(req *r, long long id, db_rows **rows, post_facts *f)
{
    int found = post_load(r, id, rows, f);
    if (found < 0) resp_db_error(r);
    else if (!found) resp_error(r, 404, "not_found", M_POST_NOT_FOUND);
    return found > 0;
}

int post_load(req *r, long long id, db_rows **rows, post_facts *f)
{
    my_groups my;
    if (group_cache_refresh() || my_groups_load(r, &my)) return -1;
    db_rows *q = db_query(worker_db(), r->a, STMT_POST_BY_ID,
                          "iii", r->user->id, r->user->id, id);
    if (!q) return -1;
    if (q->nrows == 0 || post_facts_at(r, &my, q, 0, f)) return 0;
    if (acl_post(r->user, f, PA_READ) != ACL_ALLOW) return 0;
    *rows = q;
    return 1;
}
