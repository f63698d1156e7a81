/* GET /search: one box for everything a person may see. The index is
 * filtered by the person's scopes (acl.c), and every hit is checked again
 * against MariaDB before it is shown, since the index may lag behind a
 * change of rights. The index holds people, groups, posts and comments;
 * files come with the extraction of their text. */
#include "acl.h"
#include "fold.h"
#include "groups_model.h"
#include "handlers.h"
#include "member_cache.h"
#include "posts_model.h"
#include "drive_model.h"
#include "log.h"
#include "validate.h"
#include "worker.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define SEARCH_TYPES "post|comment|file|group|person|message"
#define MAX_OFFSET 1000

static int valid_type(const char *t)
{
    static const char types[] = SEARCH_TYPES;
    const char *p = strstr(types, t);
    size_t n = strlen(t);
    return n && p && (p == types || p[-1] == '|') && (p[n] == '|' || p[n] == 0);
}

/* Is byte c part of a word (letters, digits, any non-ASCII byte)? */
static int word_byte(unsigned char c) { return isalnum(c) || c >= 0x80; }

/* 1 when the folded word w (n bytes) starts with one of the folded query
 * words in fq. */
static int word_hits(const char *w, size_t n, const char *fq)
{
    for (const char *p = fq; *p;) {
        while (*p && !word_byte((unsigned char)*p)) p++;
        const char *s = p;
        while (*p && word_byte((unsigned char)*p)) p++;
        size_t k = (size_t)(p - s);
        if (k && k <= n && strncmp(w, s, k) == 0) return 1;
    }
    return 0;
}

/* Splits text into [{text, hit}] segments, words that match the query
 * marked, so the browser highlights them without any HTML. */
static json_t *snippet(const char *text, const char *folded_query)
{
    json_t *segs = json_array();
    const char *p = text, *plain = text;
    while (*p) {
        if (!word_byte((unsigned char)*p)) { p++; continue; }
        const char *s = p;
        while (*p && word_byte((unsigned char)*p)) p++;
        char *fw = fold_text(s, (size_t)(p - s));
        int hit = fw && word_hits(fw, strlen(fw), folded_query);
        free(fw);
        if (!hit) continue;
        if (s > plain) json_array_append_new(segs, json_pack("{s:s%,s:b}", "text", plain, (size_t)(s - plain), "hit", 0));
        json_array_append_new(segs, json_pack("{s:s%,s:b}", "text", s, (size_t)(p - s), "hit", 1));
        plain = p;
    }
    if (*plain) json_array_append_new(segs, json_pack("{s:s,s:b}", "text", plain, "hit", 0));
    return segs;
}

/* About `width` bytes of text around the first word that matches the
 * query, cut at word boundaries, with « … » where text was left out. */
static const char *excerpt(req *r, const char *text, const char *folded_query, size_t width)
{
    size_t len = strlen(text), hit = 0;
    for (const char *p = text; *p;) {
        if (!word_byte((unsigned char)*p)) { p++; continue; }
        const char *s = p;
        while (*p && word_byte((unsigned char)*p)) p++;
        char *fw = fold_text(s, (size_t)(p - s));
        int found = fw && word_hits(fw, strlen(fw), folded_query);
        free(fw);
        if (found) { hit = (size_t)(s - text); break; }
    }
    if (len <= width) return text;
    size_t start = hit > width / 3 ? hit - width / 3 : 0, end = start + width < len ? start + width : len;
    /* to word boundaries (never inside a UTF-8 character: those bytes are word bytes) */
    while (start > 0 && word_byte((unsigned char)text[start - 1])) start--;
    while (end < len && word_byte((unsigned char)text[end])) end++;
    return arena_printf(r->a, "%s%.*s%s", start ? "… " : "", (int)(end - start), text + start, end < len ? " …" : "");
}

/* The ids of the hits of one type ("person:", "group:") as a JSON array
 * text for JSON_TABLE. */
static char *hit_ids(const xap_result *res, const char *prefix)
{
    size_t n = strlen(prefix);
    json_t *ids = json_array();
    for (size_t i = 0; i < res->n; i++)
        if (strncmp(res->hits[i].data, prefix, n) == 0)
            json_array_append_new(ids, json_integer(strtoll(res->hits[i].data + n, NULL, 10)));
    char *text = json_dumps(ids, JSON_COMPACT);
    json_decref(ids);
    return text;
}

static long long hit_id(const xap_hit *h, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(h->data, prefix, n) == 0 ? strtoll(h->data + n, NULL, 10) : 0;
}

static int row_of(const db_rows *q, long long id)
{
    for (int k = 0; q && k < q->nrows; k++)
        if (db_cell_int(q, k, 0) == id) return k;
    return -1;
}

/* The groups the asker belongs to (member_cache.h): their search scopes. */
static long long *member_of(req *r, int *n)
{
    const member_fact *facts;
    size_t count;
    if (member_cache_get(r, &facts, &count)) return NULL;
    long long *ids = arena_alloc(r->a, (count + 1) * sizeof *ids);
    *n = 0;
    for (size_t i = 0; i < count; i++)
        if (facts[i].role != ROLE_NONE) ids[(*n)++] = facts[i].group_id;
    return ids;
}

/* A file as a search result: an excerpt of its text where the words are
 * (or its name), its drive's group, who changed it last. */
static json_t *found_file(req *r, const drive_node *f, const char *text, const char *folded)
{
    json_t *group = f->drive.group_id
        ? json_pack("{s:I,s:s}", "id", (json_int_t)f->drive.group_id, "name", f->drive.name ? f->drive.name : "")
        : json_null();
    json_t *author = f->updated_by && f->updated_by_name
        ? json_pack("{s:I,s:s}", "id", (json_int_t)f->updated_by, "display_name", f->updated_by_name) : json_null();
    json_t *snip = snippet(text ? excerpt(r, text, folded, 240) : f->name, folded);
    if (!snip) snip = json_array();              /* text that is not UTF-8 */
    return json_pack("{s:s,s:I,s:s,s:o,s:o,s:s,s:s,s:o,s:o,s:s,s:I}", "type", "file", "id", (json_int_t)f->id,
        "title", f->name, "title_snippet", snippet(f->name, folded), "snippet", snip,
        "url", arena_printf(r->a, "/drive/dossiers/%lld", f->parent_id),
        "content_url", arena_printf(r->a, "/api/v1/files/%lld/content", f->id),
        "group", group, "author", author, "date", f->updated_at, "size", (json_int_t)f->size);
}

/* A post, or a comment with its post, as a search result. */
static json_t *found_post(req *r, const db_rows *posts, int prow, const db_rows *comments, int crow, const char *folded)
{
    long long post_id = db_cell_int(posts, prow, 0);
    const char *title = db_cell(posts, prow, 4), *body = db_cell(posts, prow, 5);
    json_t *group = json_null();
    if (db_cell(posts, prow, 1)) {
        const cached_group *g = group_cache_at(group_cache_index(db_cell_int(posts, prow, 1)));
        if (g) group = json_pack("{s:I,s:s}", "id", (json_int_t)g->id, "name", g->name);
    }
    /* a post without a title is named by its first words */
    const char *name = *title ? title : arena_printf(r->a, "%.80s", body);
    if (crow < 0)
        return json_pack("{s:s,s:I,s:s,s:o,s:s,s:o,s:{s:I,s:s},s:s}", "type", "post", "id", (json_int_t)post_id,
            "title", name, "snippet", snippet(excerpt(r, body, folded, 240), folded),
            "url", arena_printf(r->a, "/publications/%lld", post_id), "group", group,
            "author", "id", (json_int_t)db_cell_int(posts, prow, 2), "display_name", db_cell(posts, prow, 3),
            "date", db_cell(posts, prow, 17));
    long long id = db_cell_int(comments, crow, 0);
    return json_pack("{s:s,s:I,s:I,s:s,s:o,s:s,s:o,s:{s:I,s:s},s:s}", "type", "comment", "id", (json_int_t)id,
        "post_id", (json_int_t)post_id, "title", name,
        "snippet", snippet(excerpt(r, db_cell(comments, crow, 2), folded, 240), folded),
        "url", arena_printf(r->a, "/publications/%lld#commentaire-%lld", post_id, id), "group", group,
        "author", "id", (json_int_t)db_cell_int(comments, crow, 3), "display_name", db_cell(comments, crow, 4),
        "date", db_cell(comments, crow, 5));
}

/* "YYYY-MM-DD", and nothing else. */
static int is_day(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++) if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return 0;
    return 1;
}

static int search_fail(req *r, char *folded, json_t *items, json_t *types, int db)
{
    free(folded);
    json_decref(items);
    json_decref(types);
    return db ? resp_db_error(r) : resp_error(r, 503, "unavailable", M_INDEX_DOWN);
}

int h_search(req *r)
{
    const char *q = req_query(r, "q");
    const char *type = req_query(r, "type");
    int limit;
    if (req_limit(r, 20, 100, &limit)) return 0;
    const char *off_s = req_query(r, "offset");
    long offset = 0;
    if (off_s) {
        char *end;
        offset = strtol(off_s, &end, 10);
        if (end == off_s || *end || offset < 0 || offset > MAX_OFFSET)
            return resp_error(r, 400, "bad_request", M_BAD_OFFSET, MAX_OFFSET);
    }
    /* one type, or several separated by commas (suggestions: person,group) */
    const char *kinds_in[8] = { NULL };
    int nkinds = 0;
    if (type && *type) {
        char *list = arena_strdup(r->a, type), *save = NULL;
        for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            if (!valid_type(t) || nkinds == 6) {
                char names[64] = SEARCH_TYPES;
                for (char *c = names; *c; c++) if (*c == '|') *c = ',';
                return resp_error(r, 400, "bad_request", M_BAD_TYPE, t, names);
            }
            kinds_in[nkinds++] = arena_printf(r->a, "XK%s", t);
        }
        if (nkinds == 1) type = kinds_in[0] + 2;      /* the single type, as before */
        else type = NULL;
    }
    if (q && utf8_chars(q) > 200) return resp_error(r, 400, "bad_request", M_FIELD_TOO_LONG, "q", 200);
    /* filters: a group's content, an author's, newest first, a date range */
    const char *group_s = req_query(r, "group"), *author_s = req_query(r, "author"), *sort = req_query(r, "sort");
    const char *from = req_query(r, "from"), *to = req_query(r, "to");
    long long in_group = group_s && *group_s ? parse_id(group_s) : 0, by = author_s && *author_s ? parse_id(author_s) : 0;
    if (in_group < 0) return resp_error(r, 400, "bad_request", M_BAD_FIELD, "group");
    if (by < 0) return resp_error(r, 400, "bad_request", M_BAD_FIELD, "author");
    if (sort && *sort && strcmp(sort, "relevance") && strcmp(sort, "date"))
        return resp_error(r, 400, "bad_request", M_FIELD_ENUM, "sort", "relevance, date");
    if (from && *from && !is_day(from)) return resp_error(r, 400, "bad_request", M_BAD_DAY, "from");
    if (to && *to && !is_day(to)) return resp_error(r, 400, "bad_request", M_BAD_DAY, "to");

    json_t *items = json_array();
    json_t *types = json_object();
    long total = 0;
    char *folded = q ? fold_text(q, strlen(q)) : NULL;
    if (folded) fold_split_elisions(folded);          /* as the indexer does */
    if (folded && *folded) {
        xap_rdb *x = worker_xap();
        if (!x) return search_fail(r, folded, items, types, 0);
        int ngroups = 0;
        long long *groups = member_of(r, &ngroups);
        if (!groups) return search_fail(r, folded, items, types, 1);
        const char **scopes = acl_search_scopes(r, groups, ngroups);
        const char *all[4] = { NULL, NULL, NULL, NULL };
        int nall = 0;
        if (type && *type) all[nall++] = arena_printf(r->a, "XK%s", type);
        if (in_group) all[nall++] = arena_printf(r->a, "XG%lld", in_group);
        if (by) all[nall++] = arena_printf(r->a, "XA%lld", by);
        xap_query xq = { .text = folded, .partial = XAP_PREFIX_ALL, .all = all, .any = scopes,
                         .offset = (unsigned)offset, .limit = (unsigned)limit,
                         .newest_first = sort && strcmp(sort, "date") == 0, .date_from = from, .date_to = to,
                         .one_of = nkinds > 1 ? kinds_in : NULL };
        xap_result res;
        xap_err e;
        if (xap_search(x, &xq, &res, &e)) {
            log_error("search failed: %s", e.msg);
            return search_fail(r, folded, items, types, 0);
        }
        /* the hits, checked again in MariaDB */
        char *person_ids = hit_ids(&res, "person:"), *group_ids = hit_ids(&res, "group:");
        db_rows *people = db_query(worker_db(), r->a,
            "SELECT u.id, u.display_name, u.email, u.status, DATE_FORMAT(u.created_at, '%Y-%m-%dT%H:%i:%sZ'),"
            " u.job_title, u.department"
            " FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$')) AS j"
            " JOIN users u ON u.id = j.id", "s", person_ids);
        db_rows *grows = people ? db_query(worker_db(), r->a,
            "SELECT " GROUP_COLUMNS GROUP_FROM " WHERE g.id IN"
            " (SELECT id FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$')) AS j)",
            "iis", r->user->id, r->user->id, group_ids) : NULL;
        free(person_ids);
        free(group_ids);
        /* posts and comments: the comments, then every post involved, read
         * as the asker sees them and checked by acl_post */
        char *comment_ids = hit_ids(&res, "comment:");
        db_rows *comments = grows ? db_query(worker_db(), r->a,
            "SELECT c.id, c.post_id, c.body, c.author_id, ua.display_name, DATE_FORMAT(c.created_at, '%Y-%m-%dT%H:%i:%sZ')"
            " FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$')) AS j"
            " JOIN comments c ON c.id = j.id JOIN users ua ON ua.id = c.author_id", "s", comment_ids) : NULL;
        free(comment_ids);
        json_t *pids = json_array();
        for (size_t i = 0; i < res.n; i++)
            if (hit_id(&res.hits[i], "post:")) json_array_append_new(pids, json_integer(hit_id(&res.hits[i], "post:")));
        for (int k = 0; comments && k < comments->nrows; k++) json_array_append_new(pids, json_integer(db_cell_int(comments, k, 1)));
        char *post_ids = json_dumps(pids, JSON_COMPACT);
        json_decref(pids);
        db_rows *posts = comments ? db_query(worker_db(), r->a, "SELECT " POST_COLUMNS POST_FROM
            " WHERE p.id IN (SELECT id FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$')) AS j)",
            "iis", r->user->id, r->user->id, post_ids ? post_ids : "[]") : NULL;
        free(post_ids);
        /* files: loaded and checked like any file (acl_drive) */
        char *file_ids = hit_ids(&res, "file:");
        drive_node *files = NULL;
        int nfiles = posts ? nodes_load(r, file_ids ? file_ids : "[]", &files) : -1;
        free(file_ids);
        my_groups my;
        if (!posts || nfiles < 0 || group_cache_refresh() || my_groups_load(r, &my)) grows = NULL;
        long dropped = 0;
        for (size_t i = 0; grows && i < res.n; i++) {
            long long pid = hit_id(&res.hits[i], "person:"), gid = hit_id(&res.hits[i], "group:");
            int row = pid ? row_of(people, pid) : row_of(grows, gid);
            if (pid && row >= 0 && acl_can_see_person(r->user, db_cell(people, row, 3))) {
                json_array_append_new(items, json_pack("{s:s,s:I,s:s,s:o,s:s,s:n,s:n,s:s,s:s,s:s,s:s}",
                    "type", "person", "id", (json_int_t)pid, "title", db_cell(people, row, 1),
                    "snippet", snippet(db_cell(people, row, 1), folded),
                    "url", arena_printf(r->a, "/personnes/%lld", pid), "group", "author",
                    "date", db_cell(people, row, 4), "email", db_cell(people, row, 2),
                    "job_title", db_cell(people, row, 5), "department", db_cell(people, row, 6)));
                continue;
            }
            long long file_id = hit_id(&res.hits[i], "file:");
            const drive_node *file = NULL;
            for (int k = 0; file_id && k < nfiles && !file; k++) if (files[k].id == file_id) file = &files[k];
            if (file) {
                const char *text = strchr(res.hits[i].data, '\n');
                json_array_append_new(items, found_file(r, file, text && text[1] ? text + 1 : NULL, folded));
                continue;
            }
            long long post_id = hit_id(&res.hits[i], "post:"), comment_id = hit_id(&res.hits[i], "comment:");
            int crow = comment_id ? row_of(comments, comment_id) : -1;
            if (crow >= 0) post_id = db_cell_int(comments, crow, 1);
            int prow = post_id && (!comment_id || crow >= 0) ? row_of(posts, post_id) : -1;
            post_facts pf;
            if (prow >= 0 && post_facts_at(r, &my, posts, prow, &pf) == 0 && acl_post(r->user, &pf, PA_READ) == ACL_ALLOW) {
                json_array_append_new(items, found_post(r, posts, prow, comments, crow, folded));
                continue;
            }
            group_facts f;
            if (gid && row >= 0 && (group_facts_at(grows, row, &f), acl_group(r->user, &f, GA_SEE) == ACL_ALLOW)) {
                const char *desc = db_cell(grows, row, 2);
                json_array_append_new(items, json_pack("{s:s,s:I,s:s,s:o,s:o,s:s,s:n,s:n,s:s,s:s}",
                    "type", "group", "id", (json_int_t)gid, "title", db_cell(grows, row, 1),
                    "snippet", snippet(*desc ? desc : db_cell(grows, row, 1), folded),
                    "title_snippet", snippet(db_cell(grows, row, 1), folded),
                    "url", arena_printf(r->a, "/groupes/%lld", gid), "group", "author",
                    "date", db_cell(grows, row, 8), "visibility", db_cell(grows, row, 3)));
                continue;
            }
            dropped++;
        }
        total = (long)res.estimated - dropped;
        if (total < (long)json_array_size(items) + offset) total = (long)json_array_size(items) + offset;
        xap_result_free(&res);
        if (!grows) return search_fail(r, folded, items, types, 1);
        /* the count of each type (what the type filter would give) */
        static const char *const kinds[] = { "post", "comment", "file", "group", "person" };
        for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
            /* every type's count, whatever type is asked: the other
             * filters still apply */
            long n;
            {
                const char *only[4] = { arena_printf(r->a, "XK%s", kinds[k]), NULL, NULL, NULL };
                int o = 1;
                for (int a = 0; a < nall; a++)
                    if (strncmp(all[a], "XK", 2) != 0) only[o++] = all[a];
                xap_query cq = { .text = folded, .partial = XAP_PREFIX_ALL, .all = only, .any = scopes,
                                 .offset = 0, .limit = 0, .date_from = from, .date_to = to };
                xap_result cr;
                if (xap_search(x, &cq, &cr, &e)) { log_error("search count failed: %s", e.msg);
                                                   return search_fail(r, folded, items, types, 0); }
                n = (long)cr.estimated;
                xap_result_free(&cr);
            }
            if (n > 0) json_object_set_new(types, kinds[k], json_integer(n));
        }
    }
    /* "did you mean", from the news' words only, when the query found little */
    json_t *suggestion = json_null();
    xap_rdb *x = folded && *folded && total < 3 ? worker_xap() : NULL;
    char fixed[400];
    xap_err se;
    if (x && xap_suggest(x, folded, fixed, sizeof fixed, &se) == 0 && *fixed && strcmp(fixed, folded) != 0)
        suggestion = json_string(fixed);
    free(folded);
    return resp_json(r, 200, json_pack("{s:I,s:o,s:{s:o,s:{}},s:o}", "total", (json_int_t)total,
        "items", items, "facets", "type", types, "group", "suggestion", suggestion));
}
