#include "events/events_visible.h"
#include "events/events_model.h"
#include "groups/group_cache.h"
#include "groups/groups_model.h"

/* Calls fn for source's events the asker may see: every event of the
 * source when `whole` (a group they are in, the organisation's),
 * otherwise only those in `invited` (event id -> 1). */
static int walk_source(req *r, const my_groups *my, long long source, int whole, const id_map *invited,
                       events_window w, visible_fn fn, void *ctx)
{
    group_facts gf = { 0 };
    if (source) {
        size_t pos = group_cache_index(source);
        if (pos == (size_t)-1) return 0;         /* gone meanwhile */
        my_groups_facts(my, group_cache_at(pos), pos, &gf);
    }
    int member = source && gf.role != ROLE_NONE;
    const cached_event *v;
    int n;
    if (events_cache_source(r, source, &v, &n)) return -1;
    for (int i = 0; i < n; i++) {
        const cached_event *e = &v[i];
        if (e->first_start >= w.to || e->last_end <= w.from) continue;
        int by_name = invited && id_map_get(invited, e->id) >= 0;
        if (!whole && !by_name) continue;
        event_facts f = { .org = source == 0, .group = gf, .organizer_id = e->organizer_id,
                          .invited = by_name || (e->invite_group && (source == 0 ? !r->user->guest : member)) };
        if (acl_event(r->user, &f, EA_SEE) != ACL_ALLOW) continue;
        int rc = fn(ctx, e);
        if (rc) return rc;
    }
    return 0;
}

int events_visible_mine(req *r, const db_rows *invited, events_window w, visible_fn fn, void *ctx)
{
    my_groups my;
    if (group_cache_refresh() || my_groups_load(r, &my)) return -1;
    events_cache_begin();
    id_map by_name;
    id_map_init(r->a, &by_name, (size_t)invited->nrows);
    for (int i = 0; i < invited->nrows; i++) id_map_put(&by_name, db_cell_int(invited, i, 0), 1);
    id_set done;                                 /* the groups walked */
    id_set_init(r->a, &done, my.n + (size_t)invited->nrows);
    int rc = walk_source(r, &my, 0, 1, &by_name, w, fn, ctx);
    for (size_t i = 0; i < my.n && !rc; i++) {
        if (my.items[i].f.role == ROLE_NONE) continue;   /* a request, not a membership */
        long long g = group_cache_at(my.items[i].pos)->id;
        if (!id_set_seen(&done, g)) rc = walk_source(r, &my, g, 1, &by_name, w, fn, ctx);
    }
    for (int i = 0; i < invited->nrows && !rc; i++) {
        long long g = db_cell_int(invited, i, 1);
        if (g && !id_set_seen(&done, g)) rc = walk_source(r, &my, g, 0, &by_name, w, fn, ctx);
    }
    return rc;
}

int events_visible_group(req *r, long long group, events_window w, visible_fn fn, void *ctx)
{
    my_groups my;
    if (group_cache_refresh() || my_groups_load(r, &my)) return -1;
    events_cache_begin();
    return walk_source(r, &my, group, 1, NULL, w, fn, ctx);
}
