#include "publish.h"
#include "authgen.h"
#include "crypto.h"
#include "feed_parse.h"
#include "log.h"
#include "markdown.h"
#include "notify.h"
#include "outbox.h"
#include "poll.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

long long feed_backoff(int failures)
{
    long long s = FEED_INTERVAL;
    for (int i = 1; i < failures && s < FEED_BACKOFF_MAX; i++) s *= 2;
    return s < FEED_BACKOFF_MAX ? s : FEED_BACKOFF_MAX;
}

static int failed(db *d, const due_feed *f, long status, const char *reason)
{
    char why[301];
    snprintf(why, sizeof why, "%s", reason);
    if (db_exec(d, STMT_FEED_FAILED, "isii", (long long)status, why, feed_backoff(f->failures + 1), f->id) < 0) {
        log_error("feed %lld: %s", f->id, db_error(d));
        return -1;
    }
    return 0;
}

/* "charset=..." of a Content-Type, NULL when none */
static const char *charset_of(const char *type, char *out, size_t outlen)
{
    const char *p = type ? strcasestr(type, "charset=") : NULL;
    if (!p) return NULL;
    p += 8;
    if (*p == '"') p++;
    size_t n = strcspn(p, "\"; ");
    if (!n || n >= outlen) return NULL;
    memcpy(out, p, n);
    out[n] = 0;
    return out;
}

/* the item's key in feed_items: SHA-256 of the feed's address and what
 * the item is known by */
static void item_key(const char *url, const feed_item *it, unsigned char key[32])
{
    const char *kind = it->id ? "i" : it->link ? "l" : "t";
    const char *by = it->id ? it->id : it->link ? it->link : it->title;
    size_t n = strlen(url) + strlen(by) + 4;
    char *s = malloc(n);
    if (!s) { memset(key, 0, 32); return; }
    snprintf(s, n, "%s\n%s:%s", url, kind, by);
    token_hash((const unsigned char *)s, strlen(s), key);
    free(s);
}

static int no_mention(void *ctx, long long id) { (void)ctx; (void)id; return 0; }

/* One item as a post. Its id, or -1. */
static long long post_item(db *d, const due_feed *f, const feed_item *it)
{
    char cut[200], when[32];
    const char *title = markdown_plain_cut(it->title ? it->title : "", 190, cut);
    const char *publish = NULL;
    time_t now = time(NULL);
    if (it->date > 0 && it->date < (long long)now) {
        time_t t = (time_t)it->date;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
        publish = when;
    }
    char *body = feed_item_markdown(it);
    if (!body) return -1;
    markdown_out md;
    if (markdown_render(body, strlen(body), no_mention, NULL, &md)) { free(body); return -1; }
    long long id = -1;
    if (db_exec(d, STMT_POST_INSERT, "nisssiiss", f->group_id, f->connector_id, title, body, md.html,
                0LL, 0LL, publish, (const char *)NULL) >= 0) {
        id = db_last_id(d);
        if (outbox_add(d, ENTITY_POST, id) || notify_add(d, NOTIFY_POST, id, f->connector_id, 0, NULL)) id = -1;
    }
    markdown_free(&md);
    free(body);
    return id;
}

typedef struct { int index; long long date; } order;

/* newest first: by date, undated ones in the document's order (feeds put
 * the newest first) */
static int newest_first(const void *a, const void *b)
{
    const order *x = a, *y = b;
    if (x->date != y->date && x->date && y->date) return x->date > y->date ? -1 : 1;
    return x->index - y->index;
}

/* The document's new items in one transaction. The number published, or -1. */
static int publish_doc(db *d, arena *a, const due_feed *f, const feed_doc *doc, int *renamed)
{
    (void)a;
    order *o = calloc((size_t)(doc->nitems ? doc->nitems : 1), sizeof *o);
    if (!o) return -1;
    for (int i = 0; i < doc->nitems; i++) o[i] = (order){ i, doc->items[i].date };
    qsort(o, (size_t)doc->nitems, sizeof *o, newest_first);
    int keep = f->primed ? FEED_MAX_PER_POLL : FEED_FIRST_ITEMS, published = 0;
    /* the oldest first, so that the posts come in the items' order */
    for (int k = doc->nitems - 1; k >= 0; k--) {
        const feed_item *it = &doc->items[o[k].index];
        unsigned char key[32];
        item_key(f->url, it, key);
        long long fresh = db_exec(d, STMT_FEED_ITEM_SEEN, "ibi", f->group_id, key, sizeof key, f->id);
        if (fresh < 0) { free(o); return -1; }
        if (fresh == 0 || k >= keep) continue;        /* seen before, or older than what is published */
        long long post = post_item(d, f, it);
        if (post < 0 || db_exec(d, STMT_FEED_ITEM_POSTED, "iib", post, f->group_id, key, sizeof key) < 0) {
            free(o);
            return -1;
        }
        published++;
    }
    free(o);
    if (*doc->title) {
        char cut[101];
        const char *name = markdown_plain_cut(doc->title, 96, cut);
        long long n = db_exec(d, STMT_FEED_CONNECTOR_RENAME, "sis", name, f->connector_id, name);
        if (n < 0) return -1;
        *renamed = n > 0;
    }
    return published;
}

int feed_handle(db *d, arena *a, const config *c, const due_feed *f, const fetch_res *res)
{
    if (res->error[0]) return failed(d, f, res->status, res->error);
    if (res->not_modified) {
        if (db_exec(d, STMT_FEED_UNCHANGED, "ii", (long long)FEED_INTERVAL, f->id) < 0) {
            log_error("feed %lld: %s", f->id, db_error(d));
            return -1;
        }
        return 0;
    }
    char cs[40];
    feed_doc doc;
    if (feed_parse(res->body, res->len, charset_of(res->content_type, cs, sizeof cs), &doc)) {
        int rc = failed(d, f, res->status, doc.error);
        feed_doc_free(&doc);
        return rc;
    }
    char cut[200], site[2001];
    const char *title = markdown_plain_cut(doc.title, 190, cut);
    snprintf(site, sizeof site, "%s", strlen(doc.site) <= 2000 ? doc.site : "");
    int renamed = 0, published = -1;
    for (int attempt = 0; attempt < 3 && published < 0; attempt++) {
        if (db_begin(d)) break;
        published = publish_doc(d, a, f, &doc, &renamed);
        if (published >= 0
            && db_exec(d, STMT_FEED_READ, "iissssii", res->status, (long long)FEED_INTERVAL, res->etag,
                       res->last_modified, title, site, (long long)published, f->id) < 0)
            published = -1;
        if (published >= 0 && db_commit(d)) published = -1;
        if (published < 0) {
            int again = db_transient(d);
            log_error("feed %lld: %s", f->id, db_error(d));
            db_rollback(d);
            if (!again) break;
        }
    }
    feed_doc_free(&doc);
    if (published < 0) return -1;
    if (published || renamed) {
        authgen_source_bump(f->group_id);                   /* the group's timeline */
        if (renamed) authgen_global_bump(AUTHGEN_POSTS);    /* posts show their author's name */
        outbox_poke(c->indexer_socket);
        notify_poke(c);
    }
    if (published) log_info("feed %lld: %d new items published in group %lld", f->id, published, f->group_id);
    return 0;
}
