/* Feeds: the person's home feed (their groups and the organisation's
 * news, with filters), a group's feed (pinned posts first) and a hashtag's
 * posts. Newest first, by keyset (publish time, id); one query per page,
 * the counts coming with the rows. */
#include "core/acl.h"
#include "fold.h"
#include "groups/group_cache.h"
#include "core/listing.h"
#include "groups/member_cache.h"
#include "feed/post_cache.h"
#include "feed/posts_model.h"
#include "feed/timeline_cache.h"
#include "feed/visit_cache.h"
#include "core/validate.h"
#include "core/worker.h"
#include <stdlib.h>
#include <string.h>

/* "publish_at\nid" of the last post shown. */
static int read_cursor(req *r, const char **at, long long *id)
{
    const char *c = req_query(r, "cursor");
    *at = "9999-12-31 23:59:59.999";
    *id = 0;
    if (!c || !*c) return 0;
    char *parts[2];
    if (cursor_split(r->a, c, parts, 2) || (*id = parse_id(parts[1])) <= 0 || strlen(parts[0]) > 30) {
        resp_error(r, 400, "bad_request", M_BAD_CURSOR);
        return -1;
    }
    *at = parts[0];
    return 0;
}

/* What every feed request starts with: its limit and cursor, the group
 * catalogue and the asker's memberships. 0, or -1 after answering. */
static int feed_begin(req *r, int *limit, const char **at, long long *after, my_groups *my)
{
    if (req_limit(r, 20, 50, limit) || read_cursor(r, at, after)) return -1;
    if (group_cache_refresh() || my_groups_load(r, my)) { resp_db_error(r); return -1; }
    return 0;
}

/* Writes a page: the rows the asker may read (all of them, unless a right
 * changed since the query), and the cursor after the last one. */
static int answer_page(req *r, const my_groups *my, db_rows *q, int limit, json_t *first)
{
    json_t *items = first ? first : json_array();
    int shown = q->nrows > limit ? limit : q->nrows;
    for (int i = 0; i < shown; i++) {
        post_facts f;
        if (post_facts_at(r, my, q, i, &f) || acl_post(r->user, &f, PA_READ) != ACL_ALLOW) continue;
        json_array_append_new(items, post_json(r, q, i, &f));
    }
    json_t *next = q->nrows > limit
        ? json_string(cursor_make(r->a, arena_printf(r->a, "%s\n%s", db_cell(q, shown - 1, POST_COL_PUBLISH_KEY),
                                                     db_cell(q, shown - 1, 0))))
        : json_null();
    return resp_json(r, 200, json_pack("{s:o,s:o}", "items", items, "next", next));
}

/* The ids of the groups the person reads, "1,5,9" for FIND_IN_SET. */
static const char *group_list(req *r, const my_groups *my)
{
    size_t cap = my->n * 21 + 2, len = 0;
    char *s = arena_alloc(r->a, cap);
    for (size_t i = 0; i < my->n; i++) {
        if (my->items[i].f.role == ROLE_NONE) continue;
        const cached_group *g = group_cache_at(my->items[i].pos);
        len += (size_t)snprintf(s + len, cap - len, "%s%lld", len ? "," : "", g->id);
    }
    return s;
}

/* The ids of a page from the workers' timelines (timeline_cache.h) when the
 * filter allows it: their number, -1 when SQL must answer, -2 on a
 * database error. */
static int timeline_ids(req *r, const my_groups *my, const feed_filter *f, const char *at, long long after,
                        int limit, long long *ids)
{
    if (f->newer || f->mentions || f->scheduled) return -1;
    int64_t before_us = strncmp(at, "9999", 4) == 0 ? INT64_MAX : timeline_parse_key(at);
    if (before_us < 0) return -1;
    long long *sources = arena_alloc(r->a, (my->n + 2) * sizeof *sources);
    int n = 0;
    if (f->group) sources[n++] = f->group;
    else {
        if (!f->groups_only) sources[n++] = 0;
        for (size_t i = 0; !f->news_only && i < my->n; i++)
            if (my->items[i].f.role != ROLE_NONE) sources[n++] = group_cache_at(my->items[i].pos)->id;
    }
    if (f->must_read || f->featured)
        return timeline_flagged_page(r, f->must_read ? TIMELINE_MUST_READ : TIMELINE_FEATURED, sources, n,
                                     before_us, after, ids, limit);
    return timeline_page(r, sources, n, before_us, after, ids, limit);
}

db_rows *feed_rows(req *r, const my_groups *my, const feed_filter *f, const char *at, long long after, int limit)
{
    /* Each filter walks the index that holds its posts in time order, from
     * the cursor: the person's groups and the news along the time index
     * (the cost follows the page, not the platform), one group or the news
     * along the group index, must-read and featured posts along their own;
     * mentions start from the person's mentions. `newer` walks the other
     * way (what appeared since). */
    enum { BY_TIME, BY_GROUP, BY_MUST_READ, BY_FEATURED, BY_MENTIONS };
    static const stmt sql[2][5] = {
        { STMT_FEED_OLDER_BY_TIME, STMT_FEED_OLDER_BY_GROUP, STMT_FEED_OLDER_BY_MUST_READ,
          STMT_FEED_OLDER_BY_FEATURED, STMT_FEED_OLDER_BY_MENTIONS },
        { STMT_FEED_NEWER_BY_TIME, STMT_FEED_NEWER_BY_GROUP, STMT_FEED_NEWER_BY_MUST_READ,
          STMT_FEED_NEWER_BY_FEATURED, STMT_FEED_NEWER_BY_MENTIONS },
    };
    int by = f->must_read ? BY_MUST_READ : f->featured ? BY_FEATURED : f->mentions ? BY_MENTIONS
           : f->group || f->news_only ? BY_GROUP : BY_TIME;
    return db_query(worker_db(), r->a, sql[f->newer ? 1 : 0][by], "iissiiiiiisiiiii",
        r->user->id, r->user->id, at, at, after,
        f->group, f->group, f->group, (long long)f->groups_only, (long long)f->news_only, group_list(r, my),
        (long long)f->mentions, r->user->id, (long long)f->must_read, (long long)f->featured, (long long)limit);
}

/* filter=scheduled: the asker's own posts that no feed shows, because
 * their publication date is still to come or their withdrawal date passed;
 * latest publication date first, like every feed. */
static db_rows *scheduled_rows(req *r, const feed_filter *f, const char *at, long long after, int limit)
{
    return db_query(worker_db(), r->a, STMT_POSTS_SCHEDULED_OF_AUTHOR,
        "iiiiissii", r->user->id, r->user->id, r->user->id, f->group, f->group, at, at, after, (long long)limit);
}

int feed_first_ids(req *r, const my_groups *my, const feed_filter *f, int limit, long long *ids)
{
    const char *top = "9999-12-31 23:59:59.999";
    int n = timeline_ids(r, my, f, top, 0, limit, ids);
    if (n != -1) return n == -2 ? -1 : n;
    db_rows *q = feed_rows(r, my, f, top, 0, limit);
    if (!q) return -1;
    for (int i = 0; i < q->nrows && i < limit; i++) ids[i] = db_cell_int(q, i, 0);
    return q->nrows < limit ? q->nrows : limit;
}

/* The filters of /feed from the query string; answers 400 or 404. */
static int read_filter(req *r, const my_groups *my, feed_filter *f)
{
    memset(f, 0, sizeof *f);
    const char *filter = req_query(r, "filter"), *group_s = req_query(r, "group");
    if (filter && strcmp(filter, "all") && strcmp(filter, "news") && strcmp(filter, "mentions") && strcmp(filter, "must_read")
        && strcmp(filter, "scheduled")) {
        resp_error(r, 400, "bad_request", M_FIELD_ENUM, "filter", "all, news, mentions, must_read, scheduled");
        return -1;
    }
    f->group = group_s ? parse_id(group_s) : 0;
    if (f->group < 0) { resp_error(r, 400, "bad_request", M_BAD_FIELD, "group"); return -1; }
    if (f->group) {
        size_t pos = group_cache_index(f->group);
        group_facts gf;
        acl_verdict v = ACL_HIDDEN;
        if (pos != (size_t)-1) {
            my_groups_facts(my, group_cache_at(pos), pos, &gf);
            v = acl_group(r->user, &gf, GA_READ);
        }
        if (v != ACL_ALLOW) { acl_refuse(r, v == ACL_DENY ? ACL_HIDDEN : v); return -1; }
    }
    f->news_only = filter && strcmp(filter, "news") == 0;
    f->mentions = filter && strcmp(filter, "mentions") == 0;
    f->must_read = filter && strcmp(filter, "must_read") == 0;
    f->scheduled = filter && strcmp(filter, "scheduled") == 0;
    /* a guest the platform does not let read the news: their groups only */
    if (!acl_can_read_news(r->user)) f->groups_only = 1;
    return 0;
}

int h_feed(req *r)
{
    int limit;
    const char *at;
    long long after;
    my_groups my;
    if (feed_begin(r, &limit, &at, &after, &my)) return 0;
    feed_filter f;
    if (read_filter(r, &my, &f)) return 0;
    /* the common case: ids from the timelines, posts from the post cache */
    long long *ids = arena_alloc(r->a, (size_t)(limit + 2) * sizeof *ids);
    int found = timeline_ids(r, &my, &f, at, after, limit + 1, ids);
    if (found == -2) return resp_db_error(r);
    if (found >= 0)
        return post_cache_answer_page(r, &my, ids, found > limit ? limit : found, found > limit)
            ? resp_db_error(r) : 0;
    db_rows *q = f.scheduled ? scheduled_rows(r, &f, at, after, limit + 1) : feed_rows(r, &my, &f, at, after, limit + 1);
    if (!q) return resp_db_error(r);
    return answer_page(r, &my, q, limit, NULL);
}

/* GET /feed/new?since=<cursor of the newest post shown>: how many posts
 * appeared since, for the « new posts » banner (at most 100). */
int h_feed_new(req *r)
{
    const char *since = req_query(r, "since");
    char *parts[2] = { "1970-01-01 00:00:00", "0" };    /* no since: an empty page, everything is new */
    long long id = 0;
    if (since && *since && (cursor_split(r->a, since, parts, 2) || (id = parse_id(parts[1])) <= 0 || strlen(parts[0]) > 30))
        return resp_error(r, 400, "bad_request", M_BAD_CURSOR);
    my_groups my;
    feed_filter f;
    if (group_cache_refresh() || my_groups_load(r, &my)) return resp_db_error(r);
    if (read_filter(r, &my, &f)) return 0;
    f.newer = 1;
    db_rows *q = feed_rows(r, &my, &f, parts[0], id, 100);
    if (!q) return resp_db_error(r);
    int n = 0;
    for (int i = 0; i < q->nrows; i++) {
        post_facts pf;
        if (post_facts_at(r, &my, q, i, &pf) == 0 && acl_post(r->user, &pf, PA_READ) == ACL_ALLOW) n++;
    }
    return resp_json(r, 200, json_pack("{s:i}", "count", n));
}

/* GET /groups/{id}/posts: the first page starts with the pinned posts. */
int h_group_posts(req *r)
{
    int limit;
    const char *at;
    long long after;
    my_groups my;
    if (feed_begin(r, &limit, &at, &after, &my)) return 0;
    size_t pos = group_cache_index(r->ids[0]);
    if (pos == (size_t)-1) return acl_refuse(r, ACL_HIDDEN);
    group_facts gf;
    my_groups_facts(&my, group_cache_at(pos), pos, &gf);
    acl_verdict v = acl_group(r->user, &gf, GA_SEE);
    if (v == ACL_ALLOW) v = acl_group(r->user, &gf, GA_READ);
    if (v != ACL_ALLOW) return acl_refuse(r, v);
    json_t *first = json_array();
    if (!after && gf.role != ROLE_NONE
        && db_exec(worker_db(), STMT_GROUP_VISIT_TOUCH, "ii", r->user->id, gf.id) < 0) {
        json_decref(first);
        return resp_db_error(r);
    }
    if (!after && gf.role != ROLE_NONE) visit_cache_changed(r->user->id);
    if (!after) {
        db_rows *pinned = db_query(worker_db(), r->a, STMT_POSTS_PINNED_OF_GROUP,
            "iii", r->user->id, r->user->id, gf.id);
        if (!pinned) { json_decref(first); return resp_db_error(r); }
        for (int i = 0; i < pinned->nrows; i++) {
            post_facts f;
            if (post_facts_at(r, &my, pinned, i, &f) == 0 && acl_post(r->user, &f, PA_READ) == ACL_ALLOW)
                json_array_append_new(first, post_json(r, pinned, i, &f));
        }
    }
    db_rows *q = db_query(worker_db(), r->a, STMT_POSTS_OF_GROUP_PAGE,
        "iiissii", r->user->id, r->user->id, gf.id, at, at, after, (long long)limit + 1);
    if (!q) { json_decref(first); return resp_db_error(r); }
    return answer_page(r, &my, q, limit, first);
}

/* GET /posts?tag=: the posts carrying a hashtag that the asker may read. */
int h_tag_posts(req *r)
{
    const char *tag = req_query(r, "tag");
    if (!tag || !*tag) return resp_error(r, 400, "bad_request", M_FIELD_MISSING, "tag");
    if (utf8_chars(tag) > 64) return resp_error(r, 400, "bad_request", M_FIELD_TOO_LONG, "tag", 64);
    char *folded = fold_text(tag[0] == '#' ? tag + 1 : tag, strlen(tag[0] == '#' ? tag + 1 : tag));
    if (!folded) return resp_error(r, 400, "bad_request", M_BAD_FIELD, "tag");
    const char *t = arena_strdup(r->a, folded);
    free(folded);
    int limit;
    const char *at;
    long long after;
    my_groups my;
    if (feed_begin(r, &limit, &at, &after, &my)) return 0;
    /* public groups are readable by everyone: their posts count too; the
     * rows are filtered again by acl_post */
    db_rows *q = db_query(worker_db(), r->a, STMT_POSTS_OF_TAG_PAGE,
        "iisssisii", r->user->id, r->user->id, t, at, at, after, group_list(r, &my),
        (long long)acl_is_admin(r->user), (long long)limit + 1);
    if (!q) return resp_db_error(r);
    return answer_page(r, &my, q, limit, NULL);
}
