/* GET /portal: the home page — the organisation's header, the must-read
 * posts not yet confirmed, « À la une », the latest news, the latest
 * activity of the person's groups, the quick links, and their groups with
 * the posts since their last visit. */
#include "acl.h"
#include "group_cache.h"
#include "post_cache.h"
#include "posts_model.h"
#include "timeline_cache.h"
#include "visit_cache.h"
#include "worker.h"
#include <stdlib.h>
#include <string.h>

/* The person's groups with the count of posts by others published since
 * they last opened the group's feed (or joined it), counted in the
 * workers' timelines: at most TIMELINE_KEEP. */
static json_t *my_group_news(req *r, const my_groups *my)
{
    const group_visit *visits;
    size_t nvisits;
    if (visit_cache_get(r, &visits, &nvisits)) return NULL;
    /* my->items are already in the catalogue's name order */
    json_t *items = json_array();
    for (size_t k = 0; k < my->n; k++) {
        if (my->items[k].f.role == ROLE_NONE) continue;
        const cached_group *g = group_cache_at(my->items[k].pos);
        const group_visit *v = NULL;
        for (size_t i = 0; i < nvisits && !v; i++)
            if (visits[i].group_id == g->id) v = &visits[i];
        if (!v) continue;                       /* left the group meanwhile */
        int n = timeline_count_since(r, g->id, v->since_us, r->user->id);
        if (n < 0) { json_decref(items); return NULL; }
        json_array_append_new(items, json_pack("{s:I,s:s,s:b,s:i}", "id", (json_int_t)g->id, "name", g->name,
                                               "archived", g->archived, "new_posts", n));
    }
    return items;
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
    json_t *groups = settings ? my_group_news(r, &my) : NULL;
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
    post_view *views;
    reader_part *parts;
    if (post_cache_prepare(r, ids, n, &views, &parts)) {
        json_decref(settings); json_decref(groups);
        return resp_db_error(r);
    }
    resp_stream_begin(r, 200);
    resp_write(r, "{\"organisation\":", 16);
    write_json(r, json_pack("{s:O,s:O}", "name", json_object_get(settings, "organisation_name"),
                            "logo_url", json_object_get(settings, "logo_url")));
    for (int s = 0; s < SECTIONS; s++) {
        resp_write(r, ",\"", 2);
        resp_write(r, names[s], strlen(names[s]));
        resp_write(r, "\":[", 3);
        post_cache_write_items(r, &my, views + start[s], parts + start[s], start[s + 1] - start[s]);
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
