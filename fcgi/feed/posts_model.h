/* Reading posts and comments into the facts acl_post() decides on, and the
 * JSON the API answers with. */
#ifndef PARVIS_POSTS_MODEL_H
#define PARVIS_POSTS_MODEL_H
#include "core/acl.h"
#include "groups/groups_model.h"
#include "feed/post_attachments.h"

#define POST_BODY_MAX 20000
#define POST_TITLE_MAX 200
#define COMMENT_BODY_MAX 5000

/* What every reader sees of a post: the first POST_SHARED_NCOLS columns
 * of every post query (post_shared_json reads them). */
#define POST_SHARED_NCOLS 26
/* the post's poll id, NULL without (docs/polls.md) */
#define POST_COL_POLL 23
/* the last shared column: its convocation's id, NULL without (docs/convocations.md) */
#define POST_COL_CONVOCATION 24
/* the version of the author's photo, NULL: none (docs/viewer.md) */
#define POST_COL_AUTHOR_AVATAR 25
/* publish_at with its fraction: the keyset of feeds */

/* A post with its author, counts, the asker's reaction and receipt. Two
 * parameters: the asker's id twice. The joins name their primary keys:
 * while a table is nearly empty the optimizer otherwise picks a join
 * buffer, and the page turns into a temporary table and a sort of every
 * candidate post (measured: 274 ms instead of 0.8 ms at 100,000 posts). */
/* the asker's part after the shared columns */
enum {
    POST_COL_PUBLISHED = POST_SHARED_NCOLS, POST_COL_MY_REACTION, POST_COL_READ, POST_COL_PUBLISH_KEY,
    POST_COL_READ_AT
};

/* The five reaction counters starting at column `col`, as {"kind": n}
 * for the kinds given at least once (posts and comments). */
json_t *reactions_json(const db_rows *rows, int row, int col);
/* The post's place in a feed (what cursors and /feed/new?since= take),
 * from its id and the POST_KEY_COLUMN at column key_col. */
const char *post_cursor(req *r, const db_rows *rows, int row, int key_col);
/* The reader-independent post object from POST_SHARED_COLUMNS, with
 * "published" and "cursor". */
json_t *post_shared_json(req *r, const db_rows *rows, int row, int key_col, int published);
/* The facts of row `row` for the asker, with the group from the catalogue
 * and the asker's memberships. 0, or -1 when the group is unknown (gone). */
int post_facts_at(req *r, const my_groups *my, const db_rows *rows, int row, post_facts *f);
json_t *post_json(req *r, const db_rows *rows, int row, const post_facts *f);
/* Loads one post as the asker sees it: 1 found (rows, facts), 0 not there
 * or not readable (the caller answers 404), -1 on error. */
int post_load(req *r, long long id, db_rows **rows, post_facts *f);

/* Which posts a feed shows (all zero: the person's groups and the news). */
typedef struct {
    long long group;           /* only this group */
    int news_only, groups_only, mentions, must_read, featured;
    int newer;                 /* after the cursor in time, oldest first */
    int scheduled;             /* the asker's own posts not (or no longer) shown */
} feed_filter;
/* A page of posts from the cursor (at, after: "9999..." and 0 for the
 * newest), at most `limit` rows; to be filtered again by acl_post. */
db_rows *feed_rows(req *r, const my_groups *my, const feed_filter *f, const char *at, long long after, int limit);

/* The ids of the newest `limit` posts of a filter (from the timelines, or
 * SQL), newest first: their number, or -1 on a database error. */
int feed_first_ids(req *r, const my_groups *my, const feed_filter *f, int limit, long long *ids);

/* post_load for a handler: 1 when found; otherwise the answer (404 or
 * 503) is sent and 0 returned. */
int post_find(req *r, long long id, db_rows **rows, post_facts *f);

/* The reactions people may give, in the order of the counters' columns. */
extern const char *const REACTION_KINDS[5];
#define REACTION_KINDS_ALLOWED "like|bravo|merci|idee|soutien"
#endif
