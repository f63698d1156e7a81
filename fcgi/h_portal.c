/* GET /portal: the home page — the organisation's header, the must-read
 * posts not yet confirmed, « À la une », the latest news, the latest
 * activity of the person's groups, the quick links, and their groups with
 * the posts since their last visit. */
#include "acl.h"
#include "group_cache.h"
#include "post_cache.h"
#include "posts_model.h"
#include "timeline_cache.h"
#include "worker.h"
#include <stdlib.h>
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

/* The person's groups with the count of posts by others published since
 * they last opened the group's feed (or joined it), counted in the
 * workers' timelines: at most TIMELINE_KEEP. */
static json_t *my_group_news(req *r)
{
    db_rows *q = db_query(worker_db(), r->a,
        "SELECT m.group_id, DATE_FORMAT(COALESCE(v.visited_at, m.joined_at), '%Y-%m-%d %H:%i:%s.%f')"
        " FROM group_members m LEFT JOIN group_visits v ON v.user_id = m.user_id AND v.group_id = m.group_id"
        " WHERE m.user_id = ? LIMIT 65535", "i", r->user->id);
    if (!q) return NULL;
    /* in the catalogue's name order */
    size_t *order = arena_alloc(r->a, (size_t)(q->nrows + 1) * sizeof *order);
    int k = 0;
    for (int i = 0; i < q->nrows; i++) {
        size_t pos = group_cache_index(db_cell_int(q, i, 0));
        if (pos == (size_t)-1) continue;
        int j = k++;
        while (j > 0 && order[j - 1] / 65536 > pos) { order[j] = order[j - 1]; j--; }
        order[j] = pos * 65536 + (size_t)i;
    }
    json_t *items = json_array();
    for (int j = 0; j < k; j++) {
        const cached_group *g = group_cache_at(order[j] / 65536);
        int i = (int)(order[j] % 65536);
        int n = timeline_count_since(r, g->id, timeline_parse_key(db_cell(q, i, 1)), r->user->id);
        if (n < 0) { json_decref(items); return NULL; }
        json_array_append_new(items, json_pack("{s:I,s:s,s:b,s:i}", "id", (json_int_t)g->id, "name", g->name,
                                               "archived", g->archived, "new_posts", n));
    }
    return items;
}

/* The portal from rows and jansson, when the post cache cannot hold every
 * post it shows. */
static int portal_from_rows(req *r, const my_groups *my)
{
    json_t *settings = settings_json(r);
    feed_filter must = { .must_read = 1 }, featured = { .news_only = 1, .featured = 1 };
    feed_filter news = { .news_only = 1 }, activity = { .groups_only = 1 };
    json_t *m = settings ? section(r, my, &must, 10) : NULL;
    json_t *f = m ? section(r, my, &featured, 5) : NULL;
    json_t *n = f ? section(r, my, &news, 5) : NULL;
    json_t *a = n ? section(r, my, &activity, 10) : NULL;
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

/* Writes a JSON value serialised by jansson (and releases it). */
static void write_json(req *r, json_t *v)
{
    char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(v);
    resp_write(r, text ? text : "null", text ? strlen(text) : 4);
    free(text);
}

int h_portal(req *r)
{
    my_groups my;
    if (group_cache_refresh() || my_groups_load(r, &my)) return resp_db_error(r);
    json_t *settings = settings_json(r);
    json_t *groups = settings ? my_group_news(r) : NULL;
    if (!groups) { json_decref(settings); return resp_db_error(r); }
    /* the sections' posts, then everything they show in one preparation */
    enum { MUST, FEATURED, NEWS, ACTIVITY, SECTIONS };
    static const char *const names[SECTIONS] = { "must_read", "featured", "news", "activity" };
    const feed_filter filters[SECTIONS] = {
        { .must_read = 1 }, { .news_only = 1, .featured = 1 }, { .news_only = 1 }, { .groups_only = 1 } };
    static const int sizes[SECTIONS] = { 10, 5, 5, 10 };
    long long ids[30];
    int start[SECTIONS + 1], n = 0;
    for (int s = 0; s < SECTIONS; s++) {
        start[s] = n;
        int got = feed_first_ids(r, &my, &filters[s], sizes[s], ids + n);
        if (got < 0) { json_decref(settings); json_decref(groups); return resp_db_error(r); }
        n += got;
    }
    start[SECTIONS] = n;
    reader_part *parts;
    int rc = post_cache_prepare(r, ids, n, &parts);
    if (rc == -1) { json_decref(settings); json_decref(groups); return resp_db_error(r); }
    if (rc == -2) {                     /* the cache cannot hold them all: rows and jansson */
        json_decref(settings); json_decref(groups);
        return portal_from_rows(r, &my);
    }
    resp_stream_begin(r, 200);
    resp_write(r, "{\"organisation\":", 16);
    write_json(r, json_pack("{s:O,s:O}", "name", json_object_get(settings, "organisation_name"),
                            "logo_url", json_object_get(settings, "logo_url")));
    for (int s = 0; s < SECTIONS; s++) {
        resp_write(r, ",\"", 2);
        resp_write(r, names[s], strlen(names[s]));
        resp_write(r, "\":[", 3);
        post_cache_write_items(r, &my, ids + start[s], start[s + 1] - start[s], parts + start[s]);
        resp_write(r, "]", 1);
    }
    resp_write(r, ",\"quick_links\":", 15);
    write_json(r, json_incref(json_object_get(settings, "quick_links")));
    resp_write(r, ",\"my_groups\":", 13);
    write_json(r, groups);
    resp_write(r, "}", 1);
    json_decref(settings);
    return 0;
}
