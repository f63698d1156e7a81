/* GET /portal: the home page — the organisation's header, the must-read
 * posts not yet confirmed, « À la une », the latest news, the latest
 * activity of the person's groups, the quick links, and their groups with
 * the posts since their last visit. */
#include "core/acl.h"
#include "feed/handlers.h"
#include "core/respond.h"
#include "platform/settings_view.h"
#include "groups/group_cache.h"
#include "feed/post_cache.h"
#include "feed/posts_model.h"
#include "feed/timeline_cache.h"
#include "feed/visit_cache.h"
#include "core/worker.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The person's groups with the count of posts by others published since
 * they last opened the group's feed (or joined it), counted in the
 * workers' timelines: at most TIMELINE_KEEP. */
typedef struct {
    const cached_group *group;
    int new_posts;
} group_news;

static int my_group_news(req *r, const my_groups *my, group_news **out, size_t *nout)
{
    const group_visit *visits;
    size_t nvisits, n = 0;
    if (visit_cache_get(r, &visits, &nvisits)) return -1;
    group_news *items = arena_alloc(r->a, (my->n + 1) * sizeof *items);
    /* my->items are already in the catalogue's name order */
    for (size_t k = 0; k < my->n; k++) {
        if (my->items[k].f.role == ROLE_NONE) continue;
        const cached_group *g = group_cache_at(my->items[k].pos);
        const group_visit *v = NULL;
        for (size_t i = 0; i < nvisits && !v; i++)
            if (visits[i].group_id == g->id) v = &visits[i];
        if (!v) continue;                       /* left the group meanwhile */
        int count = timeline_count_since(r, g->id, v->since_us, r->user->id);
        if (count < 0) return -1;
        items[n++] = (group_news){ g, count };
    }
    *out = items;
    *nout = n;
    return 0;
}

static void write_my_groups(req *r, const group_news *items, size_t n)
{
    resp_write(r, "[", 1);
    for (size_t i = 0; i < n; i++) {
        char tail[40];
        int len = snprintf(tail, sizeof tail, ",\"new_posts\":%d}", items[i].new_posts);
        if (i) resp_write(r, ",", 1);
        resp_write(r, items[i].group->json_brief, items[i].group->json_brief_len);
        resp_write(r, tail, (size_t)len);
    }
    resp_write(r, "]", 1);
}

int h_portal(req *r)
{
    my_groups my;
    group_news *groups;
    size_t ngroups;
    const char *organisation, *links;
    if (group_cache_refresh() || my_groups_load(r, &my) || settings_portal_json(r, &organisation, &links)
        || my_group_news(r, &my, &groups, &ngroups))
        return resp_db_error(r);
    /* the sections' posts, then everything they show in one preparation */
    enum { MUST, FEATURED, NEWS, ACTIVITY, SECTIONS };
    static const char *const names[SECTIONS] = { "must_read", "featured", "news", "activity" };
    feed_filter filters[SECTIONS] = {
        { .must_read = 1 }, { .news_only = 1, .featured = 1 }, { .news_only = 1 }, { .groups_only = 1 } };
    /* a guest the platform does not let read the news: no news section */
    for (int s = 0; s < SECTIONS && !acl_can_read_news(r->user); s++) filters[s].groups_only = 1;
    static const int sizes[SECTIONS] = { 10, 5, 5, 10 };
    long long ids[30];
    int start[SECTIONS + 1], n = 0;
    for (int s = 0; s < SECTIONS; s++) {
        start[s] = n;
        int got = feed_first_ids(r, &my, &filters[s], sizes[s], ids + n);
        if (got < 0) return resp_db_error(r);
        n += got;
    }
    start[SECTIONS] = n;
    post_view *views;
    reader_part *parts;
    if (post_cache_prepare(r, ids, n, &views, &parts)) return resp_db_error(r);
    resp_stream_begin(r, 200);
    resp_write(r, "{\"organisation\":", 16);
    resp_write(r, organisation, strlen(organisation));
    for (int s = 0; s < SECTIONS; s++) {
        resp_write(r, ",\"", 2);
        resp_write(r, names[s], strlen(names[s]));
        resp_write(r, "\":[", 3);
        post_cache_write_items(r, &my, views + start[s], parts + start[s], start[s + 1] - start[s]);
        resp_write(r, "]", 1);
    }
    resp_write(r, ",\"quick_links\":", 15);
    resp_write(r, links, strlen(links));
    resp_write(r, ",\"my_groups\":", 13);
    write_my_groups(r, groups, ngroups);
    resp_write(r, "}", 1);
    return 0;
}
