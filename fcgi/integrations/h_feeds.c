/* « Veille » (docs/feeds.md): the RSS and Atom feeds a group follows.
 * Its managers (and administrators: acl_group_feeds) add an address, see
 * each feed's state (last fetch, last error and its reason, next try),
 * remove one, or ask for a fetch now (« Actualiser »). parvis-feeds
 * (feeds/) does the fetching: a new feed, or one refreshed, is due at
 * once and the poller looks every second.
 *
 * A feed's posts are by its connector: an account named after the feed,
 * disabled and without a password, one per group and address (adding the
 * same address again finds it again, with the items it already
 * published: nothing is published twice). */
#include "integrations/handlers.h"
#include "core/acl.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "groups/groups_model.h"
#include "crypto.h"
#include "stmt/columns.h"
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#define FEEDS_PER_GROUP 50
#define FEED_URL_MAX 2000

static const field_spec add_fields[] = {
    { "url", F_STRING, 1, FEED_URL_MAX, NULL },
    { NULL, 0, 0, 0, NULL },
};

/* The group of the route for `a`: 1, or 0 after answering. */
static int feeds_allowed(req *r, feed_action a, group_facts *g)
{
    int found = group_load(r, r->ids[0], NULL, g);
    if (found < 0) { resp_db_error(r); return 0; }
    acl_verdict v = found ? acl_group_feeds(r->user, g, a) : ACL_HIDDEN;
    if (v != ACL_ALLOW) { acl_refuse(r, v); return 0; }
    return 1;
}

static json_t *opt_string(const db_rows *q, int row, int col)
{
    const char *s = db_cell(q, row, col);
    return s && *s ? json_string(s) : json_null();
}

static json_t *feed_json(const db_rows *q, int i)
{
    const char *error = db_cell(q, i, FEED_COL_ERROR);
    int fetched = db_cell(q, i, FEED_COL_LAST_FETCH) != NULL;
    const char *state = error && *error ? "error" : fetched ? "ok" : "pending";
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)db_cell_int(q, i, FEED_COL_ID),
                          "url", db_cell(q, i, FEED_COL_URL), "title", db_cell(q, i, FEED_COL_TITLE),
                          "site_url", db_cell(q, i, FEED_COL_SITE), "state", state);
    json_object_set_new(o, "last_fetch", opt_string(q, i, FEED_COL_LAST_FETCH));
    json_object_set_new(o, "last_ok", opt_string(q, i, FEED_COL_LAST_OK));
    json_object_set_new(o, "last_status", db_cell_int(q, i, FEED_COL_STATUS)
                        ? json_integer(db_cell_int(q, i, FEED_COL_STATUS)) : json_null());
    json_object_set_new(o, "last_error", opt_string(q, i, FEED_COL_ERROR));
    json_object_set_new(o, "failures", json_integer(db_cell_int(q, i, FEED_COL_FAILURES)));
    json_object_set_new(o, "next_fetch", opt_string(q, i, FEED_COL_NEXT));
    json_object_set_new(o, "items_published", json_integer(db_cell_int(q, i, FEED_COL_PUBLISHED)));
    json_object_set_new(o, "created", opt_string(q, i, FEED_COL_CREATED));
    json_object_set_new(o, "added_by", db_cell(q, i, FEED_COL_ADDED_BY)
                        ? json_integer(db_cell_int(q, i, FEED_COL_ADDED_BY)) : json_null());
    return o;
}

static int answer_feed(req *r, int status, long long id)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_FEED_ONE, "ii", id, r->ids[0]);
    if (!q) return resp_db_error(r);
    if (!q->nrows) return resp_error(r, 404, "not_found", M_FEED_NOT_FOUND);
    return resp_json(r, status, feed_json(q, 0));
}

int h_group_feeds_list(req *r)
{
    group_facts g;
    if (!feeds_allowed(r, FA_LIST, &g)) return 0;
    db_rows *q = db_query(worker_db(), r->a, STMT_FEEDS_OF_GROUP, "i", r->ids[0]);
    if (!q) return resp_db_error(r);
    json_t *items = json_array();
    for (int i = 0; i < q->nrows; i++) json_array_append_new(items, feed_json(q, i));
    return resp_json(r, 200, json_pack("{s:o,s:n}", "items", items, "next"));
}

/* The address as curl reads it, normalised (scheme and host lower-cased),
 * http or https with a host; NULL otherwise. Its host in *host. */
static const char *normal_url(req *r, const char *in, const char **host)
{
    CURLU *u = curl_url();
    char *url = NULL, *scheme = NULL, *h = NULL;
    const char *out = NULL;
    if (u && curl_url_set(u, CURLUPART_URL, in, 0) == CURLUE_OK
        && curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK
        && (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0)
        && curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK && *h
        && curl_url_get(u, CURLUPART_URL, &url, 0) == CURLUE_OK && strlen(url) <= FEED_URL_MAX) {
        out = arena_strdup(r->a, url);
        *host = arena_strdup(r->a, h);
    }
    curl_free(url);
    curl_free(scheme);
    curl_free(h);
    curl_url_cleanup(u);
    return out;
}

int h_group_feeds_add(req *r)
{
    if (req_read_json(r) || validate_body(r, add_fields)) return 0;
    group_facts g;
    if (!feeds_allowed(r, FA_CHANGE, &g)) return 0;
    const char *host = NULL, *url = normal_url(r, trim_spaces(r->a, body_str(r, "url")), &host);
    if (!url) return resp_error(r, 400, "bad_request", M_FEED_URL);
    db *d = worker_db();
    db_rows *c = db_query(d, r->a, STMT_FEEDS_COUNT_OF_GROUP, "i", r->ids[0]);
    if (!c) return resp_db_error(r);
    if (db_cell_int(c, 0, 0) >= FEEDS_PER_GROUP)
        return resp_error(r, 409, "conflict", M_FEED_LIMIT, FEEDS_PER_GROUP);

    unsigned char hash[32];
    token_hash((const unsigned char *)url, strlen(url), hash);
    char hex[17];
    for (int i = 0; i < 8; i++) snprintf(hex + 2 * i, 3, "%02x", hash[i]);
    const char *email = arena_printf(r->a, "veille-%lld-%s@feeds.parvis.invalid", r->ids[0], hex);
    char name[101];
    snprintf(name, sizeof name, "%s", host);       /* until its first document gives its title */

    if (db_begin(d)) return resp_db_error(r);
    if (db_exec(d, STMT_FEED_CONNECTOR_UPSERT, "ss", email, name) < 0) { db_rollback(d); return resp_db_error(r); }
    long long connector = db_last_id(d);
    if (db_exec(d, STMT_FEED_INSERT, "isbiis", r->ids[0], url, hash, sizeof hash, connector, r->user->id, "") < 0) {
        int dup = db_errno(d) == DB_ER_DUP_ENTRY;
        db_rollback(d);
        return dup ? resp_error(r, 409, "conflict", M_FEED_EXISTS) : resp_db_error(r);
    }
    long long id = db_last_id(d);
    if (db_commit(d)) return resp_db_error(r);
    return answer_feed(r, 201, id);
}

int h_group_feeds_delete(req *r)
{
    group_facts g;
    if (!feeds_allowed(r, FA_CHANGE, &g)) return 0;
    long long n = db_exec(worker_db(), STMT_FEED_DELETE, "ii", r->ids[1], r->ids[0]);
    if (n < 0) return resp_db_error(r);
    if (n == 0) return resp_error(r, 404, "not_found", M_FEED_NOT_FOUND);
    return resp_empty(r, 204);
}

int h_group_feeds_refresh(req *r)
{
    group_facts g;
    if (!feeds_allowed(r, FA_CHANGE, &g)) return 0;
    if (db_exec(worker_db(), STMT_FEED_REFRESH, "ii", r->ids[1], r->ids[0]) < 0) return resp_db_error(r);
    return answer_feed(r, 202, r->ids[1]);
}
