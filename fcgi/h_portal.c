/* GET /portal: the home page — the organisation's header, the must-read
 * posts not yet confirmed, « À la une », the latest news, the latest
 * activity of the person's groups, the quick links, and their groups with
 * the posts since their last visit. */
#include "acl.h"
#include "group_cache.h"
#include "posts_model.h"
#include "worker.h"
#include <string.h>

/* The posts of one section, filtered again by acl_post. */
static json_t *section(req *r, const my_groups *my, const feed_filter *f, int limit)
{
    db_rows *q = feed_rows(r, my, f, "9999-12-31 23:59:59.999", 0, limit);
    if (!q) return NULL;
    json_t *items = json_array();
    for (int i = 0; i < q->nrows; i++) {
        post_facts pf;
        if (post_facts_at(r, my, q, i, &pf) == 0 && acl_post(r->user, &pf, PA_READ) == ACL_ALLOW)
            json_array_append_new(items, post_json(r, q, i, &pf));
    }
    return items;
}

/* The person's groups with the count of posts published since they last
 * opened the group's feed (or joined it), at most 99 each. */
static json_t *my_group_news(req *r)
{
    db_rows *q = db_query(worker_db(), r->a,
        "SELECT m.group_id, (SELECT COUNT(*) FROM posts p WHERE p.group_id = m.group_id"
        "   AND p.publish_at > COALESCE(v.visited_at, m.joined_at) AND p.publish_at <= UTC_TIMESTAMP(3)"
        "   AND (p.unpublish_at IS NULL OR p.unpublish_at > UTC_TIMESTAMP(3)) AND p.author_id <> m.user_id)"
        " FROM group_members m LEFT JOIN group_visits v ON v.user_id = m.user_id AND v.group_id = m.group_id"
        " WHERE m.user_id = ?", "i", r->user->id);
    if (!q) return NULL;
    json_t *items = json_array();
    for (size_t pos = 0; pos < group_cache_count(); pos++) {
        const cached_group *g = group_cache_at(pos);
        for (int i = 0; i < q->nrows; i++) {
            if (db_cell_int(q, i, 0) != g->id) continue;
            long long n = db_cell_int(q, i, 1);
            json_array_append_new(items, json_pack("{s:I,s:s,s:b,s:I}", "id", (json_int_t)g->id, "name", g->name,
                                                   "archived", g->archived, "new_posts", (json_int_t)(n > 99 ? 99 : n)));
        }
    }
    return items;
}

int h_portal(req *r)
{
    my_groups my;
    if (group_cache_refresh() || my_groups_load(r, &my)) return resp_db_error(r);
    json_t *settings = settings_json(r);
    feed_filter must = { .must_read = 1 }, featured = { .news_only = 1, .featured = 1 };
    feed_filter news = { .news_only = 1 }, activity = { .groups_only = 1 };
    json_t *m = settings ? section(r, &my, &must, 10) : NULL;
    json_t *f = m ? section(r, &my, &featured, 5) : NULL;
    json_t *n = f ? section(r, &my, &news, 5) : NULL;
    json_t *a = n ? section(r, &my, &activity, 10) : NULL;
    json_t *g = a ? my_group_news(r) : NULL;
    if (!g) {
        json_decref(settings); json_decref(m); json_decref(f); json_decref(n); json_decref(a);
        return resp_db_error(r);
    }
    json_t *org = json_pack("{s:O,s:O}", "name", json_object_get(settings, "organisation_name"),
                            "logo_url", json_object_get(settings, "logo_url"));
    json_t *links = json_incref(json_object_get(settings, "quick_links"));
    json_decref(settings);
    return resp_json(r, 200, json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "organisation", org, "must_read", m,
        "featured", f, "news", n, "activity", a, "quick_links", links, "my_groups", g));
}
