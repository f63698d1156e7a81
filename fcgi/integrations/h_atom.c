/* Atom 1.0 out (docs/feeds.md): the organisation's news (/news/atom),
 * a public group's feed (/groups/{id}/atom; private and secret groups
 * are 404), both read without a session by any feed reader; and each
 * person's home feed at a secret address (/atom/{token}), created,
 * renewed and revoked from their settings (/me/atom-token), 404 once
 * revoked. The token works as the calendar's (fcgi/events/h_calendar.c):
 * the HMAC, under the server secret, of the person and a nonce kept with
 * its SHA-256; the token itself is stored nowhere.
 *
 * Each entry: the post's page as id and rel=alternate link, its title (or
 * the start of its text), author, publication and update dates, and its
 * safe HTML (lib/markdown.c) escaped as content type="html". The newest
 * ATOM_ENTRIES published posts. */
#include "integrations/handlers.h"
#include "core/acl.h"
#include "core/respond.h"
#include "core/secret_url.h"
#include "core/worker.h"
#include "crypto.h"
#include "feed/posts_model.h"
#include "groups/group_cache.h"
#include "groups/groups_model.h"
#include "markdown.h"
#include "settings.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ATOM_ENTRIES 50

typedef struct { char *s; size_t n, cap; int oom; } buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 8192;
        while (cap < b->n + n + 1) cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) { b->oom = 1; return; }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}

static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

/* XML text or attribute value: escaped, characters XML 1.0 forbids dropped */
static void esc(buf *b, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': puts_(b, "&amp;"); break;
        case '<': puts_(b, "&lt;"); break;
        case '>': puts_(b, "&gt;"); break;
        case '"': puts_(b, "&quot;"); break;
        default:
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
            put(b, s, 1);
        }
    }
}

static void element(buf *b, const char *name, const char *text)
{
    put(b, "<", 1); puts_(b, name); put(b, ">", 1);
    esc(b, text);
    put(b, "</", 2); puts_(b, name); put(b, ">\n", 2);
}

static const char *now_iso(arena *a)
{
    char t[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(t, sizeof t, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return arena_strdup(a, t);
}

/* The entries of rows q (ATOM_POSTS_*: id, title, body_html, author,
 * published, updated, body[, group name]). */
static void entries(req *r, buf *b, const db_rows *q, int group_col)
{
    const char *site = W.cfg.public_url;
    for (int i = 0; i < q->nrows; i++) {
        const char *page = arena_printf(r->a, "%s/publications/%s", site, db_cell(q, i, 0));
        const char *title = db_cell(q, i, 1);
        char cut[84];
        if (!title || !*title) {
            const char *body = db_cell(q, i, 6);
            char *plain = markdown_plain(body, strlen(body), NULL);
            title = arena_strdup(r->a, plain ? markdown_plain_cut(plain, 80, cut) : "");
            free(plain);
        }
        puts_(b, "<entry>\n");
        element(b, "id", page);
        puts_(b, "<title type=\"text\">"); esc(b, title); puts_(b, "</title>\n");
        puts_(b, "<link rel=\"alternate\" type=\"text/html\" href=\""); esc(b, page); puts_(b, "\"/>\n");
        element(b, "published", db_cell(q, i, 4));
        element(b, "updated", db_cell(q, i, 5));
        puts_(b, "<author><name>"); esc(b, db_cell(q, i, 3)); puts_(b, "</name></author>\n");
        if (group_col >= 0 && *db_cell(q, i, group_col)) {
            puts_(b, "<category term=\""); esc(b, db_cell(q, i, group_col)); puts_(b, "\"/>\n");
        }
        puts_(b, "<content type=\"html\">"); esc(b, db_cell(q, i, 2)); puts_(b, "</content>\n");
        puts_(b, "</entry>\n");
    }
}

/* The whole document: head, entries, end; sent. */
static int send_feed(req *r, const char *title, const char *self, const char *alternate, const db_rows *q,
                     int group_col, int private_feed)
{
    buf b = { 0 };
    /* xml:base: the posts' own links (/tags/..., /personnes/...) are the site's */
    puts_(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"");
    esc(&b, W.cfg.public_url);
    puts_(&b, "/\">\n");
    element(&b, "id", self);
    puts_(&b, "<title type=\"text\">"); esc(&b, title); puts_(&b, "</title>\n");
    /* the newest entry's date, now when there is none */
    element(&b, "updated", q->nrows ? db_cell(q, 0, 5) : now_iso(r->a));
    puts_(&b, "<author><name>Parvis</name></author>\n");
    puts_(&b, "<generator>Parvis</generator>\n");
    puts_(&b, "<link rel=\"self\" type=\"application/atom+xml\" href=\""); esc(&b, self); puts_(&b, "\"/>\n");
    puts_(&b, "<link rel=\"alternate\" type=\"text/html\" href=\""); esc(&b, alternate); puts_(&b, "\"/>\n");
    entries(r, &b, q, group_col);
    puts_(&b, "</feed>\n");
    if (b.oom) { free(b.s); return resp_error(r, 500, "internal", M_INTERNAL); }
    resp_header(r, "Cache-Control", private_feed ? "private, no-store" : "public, max-age=300");
    resp_stream_typed(r, 200, "application/atom+xml; charset=utf-8");
    resp_write(r, b.s, b.n);
    free(b.s);
    return 0;
}

static const char *organisation(req *r)
{
    char name[201] = "";
    settings_get(worker_db(), r->a, "organisation_name", name, sizeof name);
    return arena_strdup(r->a, *name ? name : "Parvis");
}

int h_news_atom(req *r)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_ATOM_POSTS_OF_SOURCE, "ii", 0LL, (long long)ATOM_ENTRIES);
    if (!q) return resp_db_error(r);
    const char *site = W.cfg.public_url;
    return send_feed(r, arena_printf(r->a, "%s — Actualités", organisation(r)),
                     arena_printf(r->a, "%s/api/v1/news/atom", site), arena_printf(r->a, "%s/", site), q, -1, 0);
}

int h_group_atom(req *r)
{
    db *d = worker_db();
    db_rows *g = db_query(d, r->a, STMT_ATOM_GROUP_FACTS, "i", r->ids[0]);
    if (!g) return resp_db_error(r);
    group_facts f = { .id = r->ids[0] };
    if (g->nrows) {
        const char *vis = db_cell(g, 0, 1);
        f.visibility = strcmp(vis, "public") == 0 ? VIS_PUBLIC : strcmp(vis, "private") == 0 ? VIS_PRIVATE : VIS_SECRET;
    }
    if (!g->nrows || !acl_group_atom_public(&f)) return resp_error(r, 404, "not_found", M_NOT_FOUND);
    db_rows *q = db_query(d, r->a, STMT_ATOM_POSTS_OF_SOURCE, "ii", r->ids[0], (long long)ATOM_ENTRIES);
    if (!q) return resp_db_error(r);
    const char *site = W.cfg.public_url;
    return send_feed(r, db_cell(g, 0, 0), arena_printf(r->a, "%s/api/v1/groups/%lld/atom", site, r->ids[0]),
                     arena_printf(r->a, "%s/groupes/%lld", site, r->ids[0]), q, -1, 0);
}

/* ---- the private feed ---- */

static json_t *url_json(req *r, const char *token)
{
    return json_pack("{s:s}", "url", arena_printf(r->a, "%s/api/v1/atom/%s", W.cfg.public_url, token));
}

/* GET /me/atom-token: the address, {"url": null} when there is none */
int h_atom_token_get(req *r)
{
    if (!acl_can_have_atom_token(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    db_rows *q = db_query(worker_db(), r->a, STMT_ATOM_TOKEN_OF, "i", r->user->id);
    if (!q) return resp_db_error(r);
    resp_header(r, "Cache-Control", "no-store");
    if (!q->nrows) return resp_json(r, 200, json_pack("{s:n}", "url"));
    return resp_json(r, 200, url_json(r, secret_url_token(r, "atom", r->user->id, db_cell(q, 0, 0))));
}

/* POST /me/atom-token: a new address (the old one stops working) */
int h_atom_token_post(req *r)
{
    if (!acl_can_have_atom_token(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    const char *tok = secret_url_renew(r, "atom", STMT_ATOM_TOKEN_SET);
    if (!tok) return resp_db_error(r);
    resp_header(r, "Cache-Control", "no-store");
    return resp_json(r, 200, url_json(r, tok));
}

int h_atom_token_delete(req *r)
{
    if (db_exec(worker_db(), STMT_ATOM_TOKEN_DELETE, "i", r->user->id) < 0) return resp_db_error(r);
    return resp_empty(r, 204);
}

/* GET /atom/{token}, without a session: the person's home feed */
int h_atom_private(req *r)
{
    const char *name = strrchr(r->path, '/');
    name = name ? name + 1 : "";
    auth_user u;
    if (!secret_url_person(r, name, strlen(name) == TOKEN_B64_LEN, STMT_ATOM_TOKEN_FIND, "/atom", &u)) return 0;
    r->user = &u;
    /* the home feed's first page, as GET /feed gives it (h_feed.c) */
    my_groups my;
    long long ids[ATOM_ENTRIES];
    feed_filter f = { 0 };
    if (!acl_can_read_news(&u)) f.groups_only = 1;
    int n = group_cache_refresh() || my_groups_load(r, &my) ? -1 : feed_first_ids(r, &my, &f, ATOM_ENTRIES, ids);
    db_rows *q = n < 0 ? NULL : db_query(worker_db(), r->a, STMT_ATOM_POSTS_BY_IDS, "s", db_ids_json(r->a, ids, n));
    r->user = NULL;
    if (!q) return resp_db_error(r);
    const char *site = W.cfg.public_url;
    return send_feed(r, arena_printf(r->a, "%s — %s", organisation(r), u.display_name),
                     arena_printf(r->a, "%s/api/v1/atom/%s", site, name), arena_printf(r->a, "%s/fil", site), q, 7, 1);
}
