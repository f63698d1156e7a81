#include "documents.h"
#include "extract.h"
#include "extract_server.h"
#include "file_family.h"
#include "fold.h"
#include "blobstore.h"
#include "index_terms.h"
#include "log.h"
#include "markdown.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char var_dir[512];

void index_set_var_dir(const char *dir) { snprintf(var_dir, sizeof var_dir, "%s", dir); }
const char *index_var_dir(void) { return var_dir; }

/* Text folded, its elisions split, and indexed: words and their stems
 * (content), or words only (names of people and groups). */
static int add_words(xap_doc *doc, const char *text, int name, xap_err *e)
{
    char *f = fold_text(text, strlen(text));
    if (f) fold_split_elisions(f);
    int rc = !f ? -1 : name ? xap_doc_index_name(doc, f, "", e) : xap_doc_index_text(doc, f, "", e);
    free(f);
    return rc;
}

static int add_folded(xap_doc *doc, const char *text, xap_err *e) { return add_words(doc, text, 0, e); }
static int add_name(xap_doc *doc, const char *text, xap_err *e) { return add_words(doc, text, 1, e); }

/* Words for "did you mean", folded as everything else. */
static int add_spelling(xap_doc *doc, const char *title, const char *body, xap_err *e)
{
    int rc = 0;
    const char *texts[2] = { title, body };
    for (int i = 0; i < 2 && !rc; i++) {
        char *f = texts[i] ? fold_text(texts[i], strlen(texts[i])) : NULL;
        if (f) { fold_split_elisions(f); rc = xap_doc_add_spelling(doc, f, e); }
        free(f);
    }
    return rc;
}

/* Each space-separated term of `terms` added as a boolean term. */
static int add_terms(xap_doc *doc, const char *terms, xap_err *e)
{
    char term[64];
    for (const char *p = terms; *p;) {
        size_t n = strcspn(p, " ");
        if (n && n < sizeof term) {
            memcpy(term, p, n);
            term[n] = 0;
            if (xap_doc_add_boolean(doc, term, e)) return -1;
        }
        p += n;
        while (*p == ' ') p++;
    }
    return 0;
}

/* A person: found by name, e-mail, job title, department and site by everyone signed in ("I*"); a
 * disabled account leaves the index. */
static int index_person(db *d, arena *a, xap_wdb *w, long long id, char *err, int errlen)
{
    char idterm[TERM_MAX], kind[TERM_MAX], scopes[TERM_MAX];
    term_unique(idterm, ENTITY_PERSON, id);
    db_rows *q = db_query(d, a, STMT_INDEX_PERSON, "i", id);
    if (!q) { snprintf(err, errlen, "db: %s", db_error(d)); return -1; }
    xap_err e;
    if (q->nrows == 0 || strcmp(db_cell(q, 0, 2), "active") != 0) {
        if (xap_wdb_delete(w, idterm, &e)) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
        return 0;
    }
    xap_doc *doc = xap_doc_new(&e);
    if (!doc) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
    char data[40];
    snprintf(data, sizeof data, "%s:%lld", entity_names[ENTITY_PERSON], id);
    int rc = add_name(doc, db_cell(q, 0, 0), &e)
          || add_name(doc, db_cell(q, 0, 1), &e)
          || add_name(doc, db_cell(q, 0, 3), &e)
          || add_name(doc, db_cell(q, 0, 4), &e)
          || add_name(doc, db_cell(q, 0, 5), &e)
          || xap_doc_add_boolean(doc, term_kind(kind, ENTITY_PERSON), &e)
          || xap_doc_set_value(doc, XAP_SLOT_KIND, entity_names[ENTITY_PERSON], &e)
          || scopes_of_person(scopes, sizeof scopes) || add_terms(doc, scopes, &e)
          || xap_doc_set_data(doc, data, strlen(data), &e)
          || xap_wdb_replace(w, idterm, doc, &e);
    xap_doc_free(doc);
    if (rc) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
    return 0;
}

/* A group: found by name and description. Public and private groups are
 * listed for everyone ("I*"); a secret one only for its members ("G<id>")
 * and administrators ("A*"). A deleted group leaves the index. */
static int index_group(db *d, arena *a, xap_wdb *w, long long id, char *err, int errlen)
{
    char idterm[TERM_MAX], kind[TERM_MAX], scopes[3 * TERM_MAX];
    term_unique(idterm, ENTITY_GROUP, id);
    db_rows *q = db_query(d, a, STMT_INDEX_GROUP, "i", id);
    if (!q) { snprintf(err, errlen, "db: %s", db_error(d)); return -1; }
    xap_err e;
    if (q->nrows == 0) {
        if (xap_wdb_delete(w, idterm, &e)) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
        return 0;
    }
    xap_doc *doc = xap_doc_new(&e);
    if (!doc) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
    char data[40];
    snprintf(data, sizeof data, "%s:%lld", entity_names[ENTITY_GROUP], id);
    int secret = strcmp(db_cell(q, 0, 2), "secret") == 0;
    int rc = add_name(doc, db_cell(q, 0, 0), &e)
          || add_folded(doc, db_cell(q, 0, 1), &e)
          || xap_doc_add_boolean(doc, term_kind(kind, ENTITY_GROUP), &e)
          || xap_doc_set_value(doc, XAP_SLOT_KIND, entity_names[ENTITY_GROUP], &e)
          || scopes_of_group(id, secret, scopes, sizeof scopes) || add_terms(doc, scopes, &e)
          || xap_doc_set_data(doc, data, strlen(data), &e)
          || xap_wdb_replace(w, idterm, doc, &e);
    xap_doc_free(doc);
    if (rc) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
    return 0;
}

/* A group's content: its scopes, and the group it is counted and filtered by. */
static int add_content_scopes(xap_doc *doc, long long group_id, const char *visibility, xap_err *e)
{
    char scopes[3 * TERM_MAX], facet[TERM_MAX], value[24];
    if (scopes_of_content(group_id, visibility, scopes, sizeof scopes)) return -1;
    if (add_terms(doc, scopes, e)) return -1;
    term_group(facet, group_id);
    if (!group_id) return xap_doc_add_boolean(doc, facet, e);   /* "XG0": the news (no facet value) */
    snprintf(value, sizeof value, "%lld", group_id);
    return xap_doc_add_boolean(doc, facet, e) || xap_doc_set_value(doc, XAP_SLOT_GROUP, value, e);
}

#define PLAIN_TEXT_MAX (16 << 10)       /* plain text kept in a post's, comment's or message's document */

/* The document's data: "<kind>:<id>", a newline, the beginning of its
 * Markdown as plain text (markdown_plain), which the search shows in its
 * snippets and titles. NULL when memory ran out. */
static const char *data_with_plain(arena *a, entity kind, long long id, const char *markdown, size_t *n)
{
    size_t len = 0;
    char *plain = markdown_plain(markdown, strlen(markdown), &len);
    if (!plain) return NULL;
    char cut[PLAIN_TEXT_MAX + 4];
    const char *kept = markdown_plain_cut(plain, PLAIN_TEXT_MAX, cut);
    char *data = arena_printf(a, "%s:%lld\n%s", entity_names[kind], id, kept);
    free(plain);
    *n = data ? strlen(data) : 0;
    return data;
}

/* A post or a comment: its text, its kind, its author, its group's scopes,
 * and when its post is published (the query leaves it out before and
 * after, for all but the post's author and moderators: hits, counts and
 * facets alike; every hit is checked again with every other right). One
 * gone from MariaDB leaves the index. */
static int index_text_item(db *d, arena *a, xap_wdb *w, entity kind, long long id, char *err, int errlen)
{
    char idterm[TERM_MAX];
    term_unique(idterm, kind, id);
    int post = kind == ENTITY_POST;
    db_rows *q = post
        ? db_query(d, a, STMT_INDEX_POST, "i", id)
        : db_query(d, a, STMT_INDEX_COMMENT, "i", id);
    if (!q) { snprintf(err, errlen, "db: %s", db_error(d)); return -1; }
    xap_err e;
    if (q->nrows == 0) {
        if (xap_wdb_delete(w, idterm, &e)) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
        return 0;
    }
    xap_doc *doc = xap_doc_new(&e);
    if (!doc) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
    char kterm[TERM_MAX], author[TERM_MAX], post_author[TERM_MAX], author_id[24];
    size_t data_len;
    const char *data = data_with_plain(a, kind, id, db_cell(q, 0, 1), &data_len);
    if (!data) { xap_doc_free(doc); snprintf(err, errlen, "out of memory"); return -1; }
    term_kind(kterm, kind);
    term_author(author, db_cell_int(q, 0, 4));
    snprintf(author_id, sizeof author_id, "%lld", db_cell_int(q, 0, 4));
    int rc = add_folded(doc, db_cell(q, 0, 0), &e)
          || add_folded(doc, db_cell(q, 0, 1), &e)
          || xap_doc_add_boolean(doc, kterm, &e)
          || xap_doc_set_value(doc, XAP_SLOT_KIND, entity_names[kind], &e)
          || xap_doc_add_boolean(doc, author, &e)
          || xap_doc_set_value(doc, XAP_SLOT_AUTHOR, author_id, &e)
          || add_content_scopes(doc, db_cell_int(q, 0, 2), db_cell(q, 0, 3), &e)
          || xap_doc_set_date(doc, db_cell(q, 0, 5), &e)
          /* found only while its post is published, but by the post's
           * author and its moderators (acl_post) */
          || xap_doc_set_shown(doc, db_cell(q, 0, 6), db_cell(q, 0, 7), &e)
          || xap_doc_add_boolean(doc, term_post_author(post_author, db_cell_int(q, 0, 8)), &e)
          /* the organisation's news, which everyone reads, feeds "did you
           * mean"; no group's content ever does (a group may turn private) */
          || (post && db_cell_int(q, 0, 2) == 0 && add_spelling(doc, db_cell(q, 0, 0), db_cell(q, 0, 1), &e))
          || xap_doc_set_data(doc, data, data_len, &e)
          || xap_wdb_replace(w, idterm, doc, &e);
    xap_doc_free(doc);
    if (rc) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
    return 0;
}

/* A chat message: its Markdown text (as a post's) and its attachments'
 * names, its author and date, found only by its conversation's
 * participants at the moment of the search ("C<id>": no "A*", and no
 * "did you mean" from it). Deleted or gone: it leaves the index. */
static int index_message(db *d, arena *a, xap_wdb *w, long long id, char *err, int errlen)
{
    char idterm[TERM_MAX];
    term_unique(idterm, ENTITY_MESSAGE, id);
    db_rows *q = db_query(d, a, STMT_INDEX_MESSAGE, "i", id);
    if (!q) { snprintf(err, errlen, "db: %s", db_error(d)); return -1; }
    xap_err e;
    if (q->nrows == 0) {
        if (xap_wdb_delete(w, idterm, &e)) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
        return 0;
    }
    xap_doc *doc = xap_doc_new(&e);
    if (!doc) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
    char kterm[TERM_MAX], author[TERM_MAX], author_id[24], scopes[TERM_MAX];
    size_t data_len;
    const char *data = data_with_plain(a, ENTITY_MESSAGE, id, db_cell(q, 0, 0), &data_len);
    if (!data) { xap_doc_free(doc); snprintf(err, errlen, "out of memory"); return -1; }
    long long by = db_cell_int(q, 0, 2);           /* 0: an account since deleted */
    snprintf(author_id, sizeof author_id, "%lld", by);
    int rc = add_folded(doc, db_cell(q, 0, 0), &e)
          || add_folded(doc, db_cell(q, 0, 4), &e)
          || xap_doc_add_boolean(doc, term_kind(kterm, ENTITY_MESSAGE), &e)
          || xap_doc_set_value(doc, XAP_SLOT_KIND, entity_names[ENTITY_MESSAGE], &e)
          || (by && (xap_doc_add_boolean(doc, term_author(author, by), &e)
                     || xap_doc_set_value(doc, XAP_SLOT_AUTHOR, author_id, &e)))
          || xap_doc_set_date(doc, db_cell(q, 0, 3), &e)
          || scopes_of_message(db_cell_int(q, 0, 1), scopes, sizeof scopes) || add_terms(doc, scopes, &e)
          || xap_doc_set_data(doc, data, data_len, &e)
          || xap_wdb_replace(w, idterm, doc, &e);
    xap_doc_free(doc);
    if (rc) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
    return 0;
}

/* The scope terms of file `id`, in byte order: a group drive's content
 * scopes, or its owner's ("U<id>") and those of the people it is shared
 * with, on it or on a folder above. 0, or -1 (MariaDB). */
int file_scopes_text(db *d, arena *a, long long id, long long group_id, const char *visibility, long long owner_id,
                     char *out, size_t n)
{
    if (group_id) return scopes_of_content(group_id, visibility, out, n);
    db_rows *shares = db_query(d, a,
        STMT_INDEX_FILE_SHARED_WITH, "ii", id, owner_id);
    if (!shares) return -1;
    long long *with = arena_alloc(a, (size_t)(shares->nrows + 1) * sizeof *with);
    for (int i = 0; i < shares->nrows; i++) with[i] = db_cell_int(shares, i, 0);
    return scopes_of_personal_file(owner_id, with, shares->nrows, out, n);
}

/* Where the blob of `sha` is on the disk. */
static void blob_file(const char *sha, char *path, size_t n)
{
    char root[600];
    snprintf(root, sizeof root, "%s/blobs", index_var_dir());
    blob_path(root, sha, path, n);
}

/* Where the current version of file `id` is, and its type: 1, or 0 when
 * it has none to read (gone, in the trash), or -1 (MariaDB). */
int index_file_source(db *d, arena *a, long long id, char *path, size_t n, char *mime, size_t mn)
{
    db_rows *q = db_query(d, a, STMT_INDEX_FILE_SOURCE, "i", id);
    if (!q) return -1;
    if (q->nrows == 0) return 0;
    blob_file(db_cell(q, 0, 1), path, n);
    snprintf(mime, mn, "%s", db_cell(q, 0, 0));
    return 1;
}

#define SNIPPET_TEXT_MAX (64 << 10)     /* text kept in a file's document, for excerpts */

/* A file: its name and the text of its current version, with the scopes of
 * its drive: a group's (as its posts), or a person's own ("U<id>") and the
 * people it is shared with, on it or on a folder above. In the trash or
 * gone: it leaves the index. A file whose text cannot be read is indexed
 * by its name, and the reason is kept in index_failures for
 * administrators. */
static int index_file(db *d, arena *a, xap_wdb *w, long long id, char *err, int errlen)
{
    return index_file_with(d, a, w, id, NULL, err, errlen);
}

int index_file_with(db *d, arena *a, xap_wdb *w, long long id, extract_result *given, char *err, int errlen)
{
    char idterm[TERM_MAX];
    term_unique(idterm, ENTITY_FILE, id);
    db_rows *q = db_query(d, a, STMT_INDEX_FILE, "i", id);
    if (!q) { snprintf(err, errlen, "db: %s", db_error(d)); return -1; }
    xap_err e;
    extract_result x;
    if (given) { x = *given; given->text = NULL; }      /* its text is ours now */
    if (q->nrows == 0 || !db_cell(q, 0, 2)) {
        free(given ? x.text : NULL);
        if (xap_wdb_delete(w, idterm, &e)) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
        return 0;
    }
    const char *mime = db_cell(q, 0, 1), *sha = db_cell(q, 0, 2);
    char path[1200];
    blob_file(sha, path, sizeof path);
    int got = given ? x.text != NULL : extract_remote(path, mime, &x) == 0;
    /* a write only when there is something to change: each costs a
     * MariaDB commit, as long as reading a small file */
    /* a reason: no text, text cut by a limit (OCR's pages, time...), or
     * text with a reason (a protected file's names and metadata) */
    int noted = *x.reason != 0;
    if ((got && !noted && db_cell_int(q, 0, 8)) || noted)
        db_exec(d, noted ? STMT_INDEX_FAILURE_SET : STMT_INDEX_FAILURE_CLEAR,
                noted ? "is" : "i", id, x.reason);
    xap_doc *doc = xap_doc_new(&e);
    if (!doc) { free(x.text); snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
    /* the data: "file:<id>" (and " ocr" when the text was recognised in
     * images: « texte reconnu »), a newline, the beginning of the text */
    size_t keep = got ? (x.len < SNIPPET_TEXT_MAX ? x.len : SNIPPET_TEXT_MAX) : 0;
    char *data = arena_alloc(a, keep + 48);
    int head = snprintf(data, 48, "%s:%lld%s\n", entity_names[ENTITY_FILE], id, got && x.ocr ? " ocr" : "");
    if (keep) memcpy(data + head, x.text, keep);
    char type[300], family[TERM_MAX], kterm[TERM_MAX], author[TERM_MAX], author_id[24];
    static char scopes[64 << 10];             /* "U<id>" for each person a personal file is shared with */
    term_file_type(type, sizeof type, mime);
    term_file_family(family, file_family(mime));
    term_author(author, db_cell_int(q, 0, 6));
    snprintf(author_id, sizeof author_id, "%lld", db_cell_int(q, 0, 6));
    int rc = add_folded(doc, db_cell(q, 0, 0), &e)
          || (got && add_folded(doc, x.text, &e))
          || xap_doc_add_boolean(doc, term_kind(kterm, ENTITY_FILE), &e)
          || xap_doc_set_value(doc, XAP_SLOT_KIND, entity_names[ENTITY_FILE], &e)
          || xap_doc_set_date(doc, db_cell(q, 0, 7), &e)
          || xap_doc_add_boolean(doc, author, &e)
          || xap_doc_set_value(doc, XAP_SLOT_AUTHOR, author_id, &e)
          || xap_doc_add_boolean(doc, type, &e)
          || xap_doc_add_boolean(doc, family, &e)
          || xap_doc_set_value(doc, XAP_SLOT_FILETYPE, family + 2, &e);
    if (!rc && db_cell_int(q, 0, 3)) rc = add_content_scopes(doc, db_cell_int(q, 0, 3), db_cell(q, 0, 4), &e);
    if (!rc && !db_cell_int(q, 0, 3)) {
        if (file_scopes_text(d, a, id, 0, NULL, db_cell_int(q, 0, 5), scopes, sizeof scopes)) {
            xap_doc_free(doc);
            free(x.text);
            snprintf(err, errlen, "db: %s", db_error(d));
            return -1;
        }
        rc = add_terms(doc, scopes, &e);
    }
    rc = rc || xap_doc_set_data(doc, data, (size_t)head + keep, &e) || xap_wdb_replace(w, idterm, doc, &e);
    xap_doc_free(doc);
    free(x.text);
    if (rc) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
    return 0;
}

/* A change of rights only (a share, a move, a group made public...): the
 * document's scope terms rewritten, its words left alone, so that a file
 * is not read again. A file gone or in the trash leaves the index; one
 * without a document gets its whole document. */
static int rescope_file(db *d, arena *a, xap_wdb *w, long long id, char *err, int errlen)
{
    char idterm[TERM_MAX];
    term_unique(idterm, ENTITY_FILE, id);
    db_rows *q = db_query(d, a, STMT_RESCOPE_FILE, "i", id);
    if (!q) { snprintf(err, errlen, "db: %s", db_error(d)); return -1; }
    xap_err e;
    if (q->nrows == 0) {
        if (xap_wdb_delete(w, idterm, &e)) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
        return 0;
    }
    static char scopes[64 << 10];
    if (file_scopes_text(d, a, id, db_cell_int(q, 0, 0), db_cell(q, 0, 1), db_cell_int(q, 0, 2), scopes, sizeof scopes)) {
        snprintf(err, errlen, "db: %s", db_error(d));
        return -1;
    }
    int rc = xap_wdb_rescope(w, idterm, scopes, db_cell_int(q, 0, 0), &e);
    if (rc < 0) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
    return rc == 1 ? 0 : index_file(d, a, w, id, err, errlen);
}

static int rescope_text_item(db *d, arena *a, xap_wdb *w, entity kind, long long id, char *err, int errlen)
{
    char idterm[TERM_MAX];
    term_unique(idterm, kind, id);
    db_rows *q = kind == ENTITY_POST
        ? db_query(d, a, STMT_RESCOPE_POST, "i", id)
        : db_query(d, a, STMT_RESCOPE_COMMENT, "i", id);
    if (!q) { snprintf(err, errlen, "db: %s", db_error(d)); return -1; }
    if (q->nrows == 0) return index_text_item(d, a, w, kind, id, err, errlen);   /* gone: removed there */
    char scopes[3 * TERM_MAX];
    if (scopes_of_content(db_cell_int(q, 0, 0), db_cell(q, 0, 1), scopes, sizeof scopes)) {
        snprintf(err, errlen, "scopes too long");
        return -1;
    }
    xap_err e;
    int rc = xap_wdb_rescope(w, idterm, scopes, db_cell_int(q, 0, 0), &e);
    if (rc < 0) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
    return rc == 1 ? 0 : index_text_item(d, a, w, kind, id, err, errlen);
}

/* A folder moved, shared, unshared, trashed or restored: every file under
 * it re-scoped (their rights or their presence changed, not their text). */
static int index_folder(db *d, arena *a, xap_wdb *w, long long id, char *err, int errlen)
{
    db_rows *q = db_query(d, a,
        STMT_INDEX_FOLDER_FILES, "i", id);
    if (!q) { snprintf(err, errlen, "db: %s", db_error(d)); return -1; }
    for (int i = 0; i < q->nrows; i++)
        if (rescope_file(d, a, w, db_cell_int(q, i, 0), err, errlen)) return -1;
    return 0;
}

/* A group's visibility changed: its posts, comments and files take new
 * scopes (their words unchanged). */
static int index_group_content(db *d, arena *a, xap_wdb *w, long long id, char *err, int errlen)
{
    db_rows *q = db_query(d, a, STMT_INDEX_GROUP_CONTENT, "iii", id, id, id);
    if (!q) { snprintf(err, errlen, "db: %s", db_error(d)); return -1; }
    for (int i = 0; i < q->nrows; i++) {
        entity kind;
        long long item = db_cell_int(q, i, 1);
        if (entity_parse(db_cell(q, i, 0), &kind)) continue;
        if (kind == ENTITY_FILE ? rescope_file(d, a, w, item, err, errlen)
                                : rescope_text_item(d, a, w, kind, item, err, errlen)) return -1;
    }
    return 0;
}

int index_entity(db *d, arena *a, xap_wdb *w, entity kind, long long id, char *err, int errlen)
{
    switch (kind) {
    case ENTITY_PERSON: return index_person(d, a, w, id, err, errlen);
    case ENTITY_GROUP: return index_group(d, a, w, id, err, errlen);
    case ENTITY_POST:
    case ENTITY_COMMENT: return index_text_item(d, a, w, kind, id, err, errlen);
    case ENTITY_FILE: return index_file(d, a, w, id, err, errlen);
    case ENTITY_MESSAGE: return index_message(d, a, w, id, err, errlen);
    case ENTITY_FOLDER: return index_folder(d, a, w, id, err, errlen);
    case ENTITY_FILE_SCOPES: return rescope_file(d, a, w, id, err, errlen);
    case ENTITY_GROUP_CONTENT: return index_group_content(d, a, w, id, err, errlen);
    case ENTITY_RECONCILE: return reconcile(d, w, 0, err, errlen);
    case ENTITY_ORPHANS: return reconcile(d, w, 1, err, errlen);
    case ENTITY__MAX: break;
    }
    snprintf(err, errlen, "no such kind of entity");
    return -1;
}
