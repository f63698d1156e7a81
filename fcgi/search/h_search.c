/* GET /search: one box for everything a person may see. The index is
 * filtered by the person's scopes (acl.c), and every hit is checked again
 * against MariaDB before it is shown, since the index may lag behind a
 * change of rights. The index holds people, groups, posts, comments,
 * files (with the text extracted from them) and chat messages, which only
 * the conversations' participants of the moment find. */
#include "clock.h"
#include "core/acl.h"
#include "file_family.h"
#include "fold.h"
#include "index_terms.h"
#include "groups/groups_model.h"
#include "search/handlers.h"
#include "core/respond.h"
#include "groups/member_cache.h"
#include "chat/my_conversations.h"
#include "feed/posts_model.h"
#include "drive/drive_model.h"
#include "log.h"
#include "markdown.h"
#include "core/validate.h"
#include "core/worker.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* A query that would find nothing is not asked: the empty result. */
static db_rows *no_rows(req *r)
{
    return arena_alloc(r->a, sizeof(db_rows));   /* zeroed: no rows */
}

static int any_hit(const xap_result *res, const char *prefix)
{
    for (size_t i = 0; i < res->n; i++)
        if (strncmp(res->hits[i].data, prefix, strlen(prefix)) == 0) return 1;
    return 0;
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

/* The groups the asker belongs to (member_cache.h): their ids, for the
 * search scopes, and their facts, for what the asker moderates. */
static long long *member_of(req *r, int *n, group_facts **facts_out)
{
    const member_fact *facts;
    size_t count;
    if (member_cache_get(r, &facts, &count)) return NULL;
    long long *ids = arena_alloc(r->a, (count + 1) * sizeof *ids);
    group_facts *gf = arena_alloc(r->a, (count + 1) * sizeof *gf);
    *n = 0;
    for (size_t i = 0; i < count; i++)
        if (facts[i].role != ROLE_NONE) {
            gf[*n] = (group_facts){ .id = facts[i].group_id, .visibility = VIS_PRIVATE, .role = facts[i].role,
                                    .drive_manager = facts[i].drive_manager, .feed_moderator = facts[i].feed_moderator };
            ids[(*n)++] = facts[i].group_id;
        }
    *facts_out = gf;
    return ids;
}

/* Two NULL-terminated lists of scopes as one, in the request's arena. */
static const char **scopes_joined(req *r, const char **x, const char **y)
{
    size_t nx = 0, ny = 0;
    while (x[nx]) nx++;
    while (y[ny]) ny++;
    const char **s = arena_alloc(r->a, (nx + ny + 1) * sizeof *s);
    memcpy(s, x, nx * sizeof *s);
    memcpy(s + nx, y, ny * sizeof *s);
    s[nx + ny] = NULL;
    return s;
}

/* Now, as the index writes the times of posts (xap_doc_set_shown). */
static const char *now_text(req *r)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    char *s = arena_alloc(r->a, 64);
    snprintf(s, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%06d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ts.tv_nsec / 1000));
    return s;
}

/* A file as a search result: an excerpt of its text where the words are
 * (or its name), its drive's group, who changed it last. */
static json_t *found_file(req *r, const drive_node *f, const char *text, const char *folded, int recognized)
{
    json_t *group = f->drive.group_id
        ? json_pack("{s:I,s:s}", "id", (json_int_t)f->drive.group_id, "name", f->drive.name ? f->drive.name : "")
        : json_null();
    json_t *author = f->updated_by && f->updated_by_name
        ? json_pack("{s:I,s:s}", "id", (json_int_t)f->updated_by, "display_name", f->updated_by_name) : json_null();
    json_t *snip = snippet(text ? excerpt(r, text, folded, 240) : f->name, folded);
    if (!snip) snip = json_array();              /* text that is not UTF-8 */
    return json_pack("{s:s,s:I,s:s,s:o,s:o,s:s,s:s,s:o,s:o,s:s,s:I,s:b}", "type", "file", "id", (json_int_t)f->id,
        "title", f->name, "title_snippet", snippet(f->name, folded), "snippet", snip,
        "url", arena_printf(r->a, "/drive/dossiers/%lld", f->parent_id),
        "content_url", arena_printf(r->a, "/api/v1/files/%lld/content", f->id),
        "group", group, "author", author, "date", f->updated_at, "size", (json_int_t)f->size,
        "text_recognized", recognized);             /* its text read by OCR: « texte reconnu » */
}

/* The plain text of the hit's document (what the indexer keeps after its
 * first line: markdown_plain), or NULL for a document indexed before it
 * was kept. */
static const char *hit_plain(const xap_hit *h)
{
    const char *nl = strchr(h->data, '\n');
    return nl ? nl + 1 : NULL;
}

/* Markdown as plain text: `kept` (the index's), or rendered now (an older
 * document, or a text the hit's document does not hold). */
static const char *plain_of(req *r, const char *kept, const char *markdown)
{
    if (kept) return kept;
    char *p = markdown_plain(markdown, strlen(markdown), NULL);
    const char *s = p ? arena_strdup(r->a, p) : "";
    free(p);
    return s;
}

/* A post, or a comment with its post, as a search result: text, never
 * Markdown (plain_of). */
static json_t *found_post(req *r, const db_rows *posts, int prow, const db_rows *comments, int crow, const char *folded,
                          const char *kept)
{
    long long post_id = db_cell_int(posts, prow, 0);
    const char *title = db_cell(posts, prow, 4), *body = plain_of(r, crow < 0 ? kept : NULL, db_cell(posts, prow, 5));
    json_t *group = json_null();
    if (db_cell(posts, prow, 1)) {
        const cached_group *g = group_cache_at(group_cache_index(db_cell_int(posts, prow, 1)));
        if (g) group = json_pack("{s:I,s:s}", "id", (json_int_t)g->id, "name", g->name);
    }
    /* a post without a title is named by its first words */
    char first_words[84];
    const char *name = *title ? title : arena_strdup(r->a, markdown_plain_cut(body, 80, first_words));
    if (crow < 0)
        return json_pack("{s:s,s:I,s:s,s:o,s:s,s:o,s:{s:I,s:s},s:s}", "type", "post", "id", (json_int_t)post_id,
            "title", name, "snippet", snippet(excerpt(r, body, folded, 240), folded),
            "url", arena_printf(r->a, "/publications/%lld", post_id), "group", group,
            "author", "id", (json_int_t)db_cell_int(posts, prow, 2), "display_name", db_cell(posts, prow, 3),
            "date", db_cell(posts, prow, 17));
    long long id = db_cell_int(comments, crow, 0);
    return json_pack("{s:s,s:I,s:I,s:s,s:o,s:s,s:o,s:{s:I,s:s},s:s}", "type", "comment", "id", (json_int_t)id,
        "post_id", (json_int_t)post_id, "title", name,
        "snippet", snippet(excerpt(r, plain_of(r, kept, db_cell(comments, crow, 2)), folded, 240), folded),
        "url", arena_printf(r->a, "/publications/%lld#commentaire-%lld", post_id, id), "group", group,
        "author", "id", (json_int_t)db_cell_int(comments, crow, 3), "display_name", db_cell(comments, crow, 4),
        "date", db_cell(comments, crow, 5));
}

/* A chat message as a search result (MESSAGES_BY_IDS' row): an excerpt of
 * its text and its files' names, its conversation's title, where the
 * conversation opens around it. */
static json_t *found_message(req *r, const db_rows *m, int row, const char *folded, const char *kept)
{
    long long id = db_cell_int(m, row, 0), conv = db_cell_int(m, row, 1);
    const char *body = plain_of(r, kept, db_cell(m, row, 2)), *files = db_cell(m, row, 7);
    const char *text = !*files ? body : !*body ? files : arena_printf(r->a, "%s — %s", body, files);
    json_t *snip = snippet(excerpt(r, text, folded, 240), folded);
    if (!snip) snip = json_array();
    json_t *author = db_cell(m, row, 3)
        ? json_pack("{s:I,s:s}", "id", (json_int_t)db_cell_int(m, row, 3), "display_name", db_cell(m, row, 4))
        : json_null();
    return json_pack("{s:s,s:I,s:I,s:s,s:o,s:s,s:o,s:s,s:n}", "type", "message", "id", (json_int_t)id,
        "conversation_id", (json_int_t)conv, "title", db_cell(m, row, 6), "snippet", snip,
        "url", arena_printf(r->a, "/messagerie/%lld?message=%lld", conv, id), "author", author,
        "date", db_cell(m, row, 5), "group");
}

/* The query folded as indexed text is, but for the operators a person types
 * in capitals (« réunion OR conseil »): folded, they would be words. */
static char *fold_query(const char *q)
{
    static const char *const operators[] = { "OR", "AND", "NOT", "XOR" };
    size_t cap = strlen(q) * 3 + 1, len = 0;           /* folding may lengthen (œ -> oe) */
    char *out = malloc(cap);
    if (!out) return NULL;
    for (const char *p = q; *p;) {
        if (*p == ' ') { out[len++] = *p++; continue; }
        size_t n = strcspn(p, " ");
        int op = 0;
        for (size_t k = 0; k < sizeof operators / sizeof *operators; k++)
            if (n == strlen(operators[k]) && strncmp(p, operators[k], n) == 0) op = 1;
        char *word = op ? NULL : fold_text(p, n);
        const char *w = op ? p : word;
        size_t wn = op ? n : word ? strlen(word) : 0;
        if (!op && !word) { free(out); return NULL; }
        if (len + wn + 1 > cap) {
            char *bigger = realloc(out, cap = (len + wn + 1) * 2);
            if (!bigger) { free(word); free(out); return NULL; }
            out = bigger;
        }
        memcpy(out + len, w, wn);
        len += wn;
        free(word);
        p += n;
    }
    out[len] = 0;
    return out;
}

/* "YYYY-MM-DD", and nothing else. */
static int is_day(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++) if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return 0;
    return 1;
}

/* The group, author and file type facets of a search, into `facets`
 * ({"<id>": count}, {"pdf": count}...), with the names of the groups (from
 * the catalogue) and of the authors (one query) in facets.names. Groups
 * and people come from documents the asker may see. 0, or -1 (MariaDB). */
static int facets_of(req *r, const xap_result *res, json_t *facets)
{
    json_t *names = json_object_get(facets, "names");
    const xap_facet *g = &res->facets[XAP_SLOT_GROUP], *a = &res->facets[XAP_SLOT_AUTHOR],
                    *t = &res->facets[XAP_SLOT_FILETYPE];
    for (size_t i = 0; i < g->n; i++) {
        long long id = parse_id(g->values[i].value);
        const cached_group *cg = id > 0 ? group_cache_at(group_cache_index(id)) : NULL;
        if (!cg) continue;
        json_object_set_new(json_object_get(facets, "group"), g->values[i].value, json_integer((json_int_t)g->values[i].count));
        json_object_set_new(json_object_get(names, "group"), g->values[i].value, json_string(cg->name));
    }
    for (size_t i = 0; i < t->n; i++)
        if (file_family_valid(t->values[i].value))
            json_object_set_new(json_object_get(facets, "file_type"), t->values[i].value,
                                json_integer((json_int_t)t->values[i].count));
    if (!a->n) return 0;
    json_t *ids = json_array();
    for (size_t i = 0; i < a->n; i++)
        if (parse_id(a->values[i].value) > 0) json_array_append_new(ids, json_integer(parse_id(a->values[i].value)));
    char *text = json_dumps(ids, JSON_COMPACT);
    json_decref(ids);
    db_rows *people = text ? db_query(worker_db(), r->a,
        STMT_USERS_NAMES_BY_IDS, "s", text) : NULL;
    free(text);
    if (!people) return -1;
    for (size_t i = 0; i < a->n; i++) {
        int row = row_of(people, parse_id(a->values[i].value));
        if (row < 0) continue;
        json_object_set_new(json_object_get(facets, "author"), a->values[i].value, json_integer((json_int_t)a->values[i].count));
        json_object_set_new(json_object_get(names, "author"), a->values[i].value, json_string(db_cell(people, row, 1)));
    }
    return 0;
}

/* The day's count of searches, and of this one if it found nothing
 * (its folded text, at most 200 bytes cut at a character); a failure is
 * only logged. */
static void count_search(req *r, const char *folded, int missed)
{
    db *d = worker_db();
    if (!d) return;
    if (db_exec(d, STMT_STATS_BUMP_PERSON, "ssisi", "searches", "searches", r->user->id, "searches", r->user->id) < 0) {
        log_error("search count: %s", db_error(d));
        return;
    }
    if (!missed) return;
    size_t n = strlen(folded);
    if (n > 200) {
        n = 200;
        while (n > 0 && ((unsigned char)folded[n] & 0xC0) == 0x80) n--;
    }
    if (db_exec(d, STMT_STATS_SEARCH_MISS, "s", arena_printf(r->a, "%.*s", (int)n, folded)) < 0)
        log_error("search miss count: %s", db_error(d));
}

static int search_fail(req *r, char *folded, json_t *items, json_t *facets, int db)
{
    free(folded);
    json_decref(items);
    json_decref(facets);
    return db ? resp_db_error(r) : resp_error(r, 503, "unavailable", M_INDEX_DOWN);
}

/* A search slower than this is logged with where its time went (the
 * person's scopes from MariaDB, Xapian, the hits checked again in MariaDB):
 * what the 10,000,000-message bench reads (bench/chat_history.sh). */
#define SLOW_SEARCH_MS 25

static void log_if_slow(double t0, double scopes, double xapian, long total, size_t hits)
{
    double ms = 1000 * (mono_s() - t0);
    if (ms >= SLOW_SEARCH_MS)
        log_info("slow search: %.1f ms (scopes %.1f, xapian %.1f, the rest: checks, facets, suggestion %.1f), %ld found, %zu on the page",
                 ms, 1000 * scopes, 1000 * xapian, ms - 1000 * (scopes + xapian), total, hits);
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
            kinds_in[nkinds++] = term_kind_named(arena_alloc(r->a, TERM_MAX), t);
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
    const char *family = req_query(r, "file_type");
    if (family && *family && !file_family_valid(family)) {
        char names[128] = FILE_FAMILIES;
        for (char *c = names; *c; c++) if (*c == '|') *c = ',';
        return resp_error(r, 400, "bad_request", M_FIELD_ENUM, "file_type", names);
    }
    if (from && *from && !is_day(from)) return resp_error(r, 400, "bad_request", M_BAD_DAY, "from");
    if (to && *to && !is_day(to)) return resp_error(r, 400, "bad_request", M_BAD_DAY, "to");

    json_t *items = json_array();
    /* the facets, and the names of the groups and authors they count
     * (moved out to "facet_names" at the end) */
    json_t *facets = json_pack("{s:{},s:{},s:{},s:{},s:{s:{},s:{}}}", "type", "group", "author", "file_type",
                               "names", "group", "author");
    json_t *types = json_object_get(facets, "type");
    long total = 0;
    char *folded = q ? fold_query(q) : NULL;
    if (folded) fold_split_elisions(folded);          /* as the indexer does */
    double t0 = mono_s(), t_scopes = 0, t_xapian = 0;
    if (folded && *folded) {
        xap_rdb *x = worker_xap();
        if (!x) return search_fail(r, folded, items, facets, 0);
        int ngroups = 0;
        group_facts *memberships = NULL;
        long long *groups = member_of(r, &ngroups, &memberships);
        if (!groups) return search_fail(r, folded, items, facets, 1);
        /* and the conversations taken part in now (messages) */
        size_t nconvs = 0;
        const long long *convs = NULL;
        if (my_conversations(r, &convs, &nconvs)) return search_fail(r, folded, items, facets, 1);
        const char **scopes = scopes_joined(r, acl_search_scopes(r, groups, ngroups),
                                            acl_search_conversation_scopes(r, convs, (int)nconvs));
        t_scopes = mono_s() - t0;
        /* posts not published now, and their comments: left out of hits,
         * counts and facets for all but those who may read them */
        const char **unshown_seen = acl_search_unpublished_seen(r, memberships, ngroups);
        const char *now = unshown_seen ? now_text(r) : NULL;
        const char *all[5] = { NULL, NULL, NULL, NULL, NULL };
        int nall = 0;
        if (type && *type) all[nall++] = term_kind_named(arena_alloc(r->a, TERM_MAX), type);
        if (in_group) all[nall++] = term_group(arena_alloc(r->a, TERM_MAX), in_group);
        if (by) all[nall++] = term_author(arena_alloc(r->a, TERM_MAX), by);
        if (family && *family) all[nall++] = term_file_family(arena_alloc(r->a, TERM_MAX), family);
        /* people and groups only (the search box's suggestions): names typed
         * in short; otherwise words by their stems */
        int names_only = type || nkinds;
        for (int k = 0; k < nkinds; k++)
            if (strcmp(kinds_in[k] + 2, entity_names[ENTITY_PERSON]) && strcmp(kinds_in[k] + 2, entity_names[ENTITY_GROUP]))
                names_only = 0;
        if (type && strcmp(type, entity_names[ENTITY_PERSON]) && strcmp(type, entity_names[ENTITY_GROUP])) names_only = 0;
        int mode = names_only ? XAP_PREFIX_ALL : XAP_FULL;
        /* the count of each type (what the type filter would give): every
         * type's, whatever type is asked; the other filters still apply.
         * With this pass when no type is asked; otherwise a pass of its
         * own, without the type, beside the ranked one (xap.h, kinds_all) */
        int typed = (type && *type) || nkinds > 1;
        const char *others[5] = { NULL, NULL, NULL, NULL, NULL };
        for (int a = 0, o = 0; a < nall; a++)
            if (strncmp(all[a], "XK", 2) != 0) others[o++] = all[a];
        xap_query xq = { .text = folded, .partial = mode, .all = all, .any = scopes,
                         .offset = (unsigned)offset, .limit = (unsigned)limit,
                         .newest_first = sort && strcmp(sort, "date") == 0, .date_from = from, .date_to = to,
                         .one_of = nkinds > 1 ? kinds_in : NULL,
                         .facets = (1u << XAP_SLOT_GROUP) | (1u << XAP_SLOT_AUTHOR) | (1u << XAP_SLOT_FILETYPE)
                                   | (typed ? 0 : 1u << XAP_SLOT_KIND),
                         .now = now, .sees_unshown = unshown_seen, .kinds_all = typed ? others : NULL };
        xap_result res;
        xap_err e;
        double tx = mono_s();
        if (xap_search(x, &xq, &res, &e)) {
            log_error("search failed: %s", e.msg);
            return search_fail(r, folded, items, facets, 0);
        }
        t_xapian = mono_s() - tx;
        /* the hits, checked again in MariaDB */
        char *person_ids = hit_ids(&res, "person:"), *group_ids = hit_ids(&res, "group:");
        db_rows *people = !any_hit(&res, "person:") ? no_rows(r) : db_query(worker_db(), r->a,
            STMT_PEOPLE_BY_IDS, "s", person_ids);
        db_rows *grows = !people ? NULL : !any_hit(&res, "group:") ? no_rows(r) : db_query(worker_db(), r->a,
            STMT_GROUPS_BY_IDS,
            "iis", r->user->id, r->user->id, group_ids);
        free(person_ids);
        free(group_ids);
        /* posts and comments: the comments, then every post involved, read
         * as the asker sees them and checked by acl_post */
        char *comment_ids = hit_ids(&res, "comment:");
        db_rows *comments = !grows ? NULL : !any_hit(&res, "comment:") ? no_rows(r) : db_query(worker_db(), r->a,
            STMT_COMMENTS_BY_IDS, "s", comment_ids);
        free(comment_ids);
        json_t *pids = json_array();
        for (size_t i = 0; i < res.n; i++)
            if (hit_id(&res.hits[i], "post:")) json_array_append_new(pids, json_integer(hit_id(&res.hits[i], "post:")));
        for (int k = 0; comments && k < comments->nrows; k++) json_array_append_new(pids, json_integer(db_cell_int(comments, k, 1)));
        char *post_ids = json_dumps(pids, JSON_COMPACT);
        db_rows *posts = !comments ? NULL : json_array_size(pids) == 0 ? no_rows(r) : db_query(worker_db(), r->a, STMT_POSTS_BY_IDS,
            "iis", r->user->id, r->user->id, post_ids ? post_ids : "[]");
        json_decref(pids);
        free(post_ids);
        /* files: loaded and checked like any file (acl_drive) */
        char *file_ids = hit_ids(&res, "file:");
        drive_node *files = NULL;
        int nfiles = !posts ? -1 : !any_hit(&res, "file:") ? 0 : nodes_load(r, file_ids ? file_ids : "[]", &files);
        free(file_ids);
        /* messages: read again (deleted ones left out), each of a
         * conversation the asker takes part in now */
        char *message_ids = hit_ids(&res, "message:");
        db_rows *messages = !posts ? NULL : !any_hit(&res, "message:") ? no_rows(r) : db_query(worker_db(), r->a,
            STMT_MESSAGES_BY_IDS, "is", r->user->id, message_ids ? message_ids : "[]");
        free(message_ids);
        my_groups my;
        if (!posts || nfiles < 0 || !messages || group_cache_refresh() || my_groups_load(r, &my)) grows = NULL;
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
                /* "file:<id> ocr\n": its text was recognised (indexer/documents.c) */
                int ocr = text && text - res.hits[i].data >= 4 && strncmp(text - 4, " ocr", 4) == 0;
                json_array_append_new(items, found_file(r, file, text && text[1] ? text + 1 : NULL, folded, ocr));
                continue;
            }
            long long message_id = hit_id(&res.hits[i], "message:");
            int mrow = message_id ? row_of(messages, message_id) : -1;
            if (mrow >= 0 && my_conversations_has(convs, nconvs, db_cell_int(messages, mrow, 1))) {
                json_array_append_new(items, found_message(r, messages, mrow, folded, hit_plain(&res.hits[i])));
                continue;
            }
            long long post_id = hit_id(&res.hits[i], "post:"), comment_id = hit_id(&res.hits[i], "comment:");
            int crow = comment_id ? row_of(comments, comment_id) : -1;
            if (crow >= 0) post_id = db_cell_int(comments, crow, 1);
            int prow = post_id && (!comment_id || crow >= 0) ? row_of(posts, post_id) : -1;
            post_facts pf;
            if (prow >= 0 && post_facts_at(r, &my, posts, prow, &pf) == 0 && acl_post(r->user, &pf, PA_READ) == ACL_ALLOW) {
                json_array_append_new(items, found_post(r, posts, prow, comments, crow, folded, hit_plain(&res.hits[i])));
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
        if (!grows) { xap_result_free(&res); return search_fail(r, folded, items, facets, 1); }
        xap_facet kind_facet = res.facets[XAP_SLOT_KIND];
        for (size_t k = 0; k < kind_facet.n; k++)
            if (valid_type(kind_facet.values[k].value))
                json_object_set_new(types, kind_facet.values[k].value, json_integer((json_int_t)kind_facet.values[k].count));
        if (facets_of(r, &res, facets)) {
            xap_result_free(&res);
            return search_fail(r, folded, items, facets, 1);
        }
        xap_result_free(&res);
    }
    /* statistics: a search typed (its first page, no filter), and the
     * folded text of one that found nothing, without the person */
    if (folded && *folded && offset == 0 && !(type && *type) && !nkinds && !in_group && !by && !(family && *family)
        && !(from && *from) && !(to && *to) && !(sort && strcmp(sort, "date") == 0))
        count_search(r, folded, total == 0);
    /* "did you mean", from the news' words only, when the query found little */
    json_t *suggestion = json_null();
    xap_rdb *x = folded && *folded && total < 3 ? worker_xap() : NULL;
    char fixed[400];
    xap_err se;
    if (x && xap_suggest(x, folded, fixed, sizeof fixed, &se) == 0 && *fixed && strcmp(fixed, folded) != 0)
        suggestion = json_string(fixed);
    free(folded);
    log_if_slow(t0, t_scopes, t_xapian, total, json_array_size(items));
    json_t *names = json_incref(json_object_get(facets, "names"));
    json_object_del(facets, "names");
    return resp_json(r, 200, json_pack("{s:I,s:o,s:o,s:o,s:o}", "total", (json_int_t)total,
        "items", items, "facets", facets, "facet_names", names, "suggestion", suggestion));
}
