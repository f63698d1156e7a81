#include "documents.h"
#include "fold.h"
#include "log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_folded(xap_doc *doc, const char *text, xap_err *e)
{
    char *f = fold_text(text, strlen(text));
    if (f) fold_split_elisions(f);
    int rc = f ? xap_doc_index_text(doc, f, "", e) : -1;
    free(f);
    return rc;
}

/* A person: found by name, e-mail, job title, department and site by everyone signed in ("I*"); a
 * disabled account leaves the index. */
static int index_person(db *d, arena *a, xap_wdb *w, long long id, char *err, int errlen)
{
    char idterm[40];
    snprintf(idterm, sizeof idterm, "Qperson:%lld", id);
    db_rows *q = db_query(d, a, "SELECT display_name, email, status, job_title, department, site"
                                " FROM users WHERE id = ?", "i", id);
    if (!q) { snprintf(err, errlen, "db: %s", db_error(d)); return -1; }
    xap_err e;
    if (q->nrows == 0 || strcmp(db_cell(q, 0, 2), "active") != 0) {
        if (xap_wdb_delete(w, idterm, &e)) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
        return 0;
    }
    xap_doc *doc = xap_doc_new(&e);
    if (!doc) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
    char data[40];
    snprintf(data, sizeof data, "person:%lld", id);
    int rc = add_folded(doc, db_cell(q, 0, 0), &e)
          || add_folded(doc, db_cell(q, 0, 1), &e)
          || add_folded(doc, db_cell(q, 0, 3), &e)
          || add_folded(doc, db_cell(q, 0, 4), &e)
          || add_folded(doc, db_cell(q, 0, 5), &e)
          || xap_doc_add_boolean(doc, "XKperson", &e)
          || xap_doc_add_boolean(doc, "I*", &e)
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
    char idterm[40];
    snprintf(idterm, sizeof idterm, "Qgroup:%lld", id);
    db_rows *q = db_query(d, a, "SELECT name, description, visibility FROM `groups` WHERE id = ?", "i", id);
    if (!q) { snprintf(err, errlen, "db: %s", db_error(d)); return -1; }
    xap_err e;
    if (q->nrows == 0) {
        if (xap_wdb_delete(w, idterm, &e)) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
        return 0;
    }
    xap_doc *doc = xap_doc_new(&e);
    if (!doc) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
    char data[40], scope[40];
    snprintf(data, sizeof data, "group:%lld", id);
    int secret = strcmp(db_cell(q, 0, 2), "secret") == 0;
    snprintf(scope, sizeof scope, "G%lld", id);
    int rc = add_folded(doc, db_cell(q, 0, 0), &e)
          || add_folded(doc, db_cell(q, 0, 1), &e)
          || xap_doc_add_boolean(doc, "XKgroup", &e)
          || (secret ? xap_doc_add_boolean(doc, scope, &e) || xap_doc_add_boolean(doc, "A*", &e)
                     : xap_doc_add_boolean(doc, "I*", &e))
          || xap_doc_set_data(doc, data, strlen(data), &e)
          || xap_wdb_replace(w, idterm, doc, &e);
    xap_doc_free(doc);
    if (rc) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
    return 0;
}

/* The scope terms of a group's content: its members ("G<id>"),
 * administrators ("A*"), and everyone signed in when the group is public
 * ("I*"). The organisation's news (group 0): everyone. */
static int add_content_scopes(xap_doc *doc, long long group_id, const char *visibility, xap_err *e)
{
    if (!group_id) return xap_doc_add_boolean(doc, "I*", e);
    char scope[40], facet[40];
    snprintf(scope, sizeof scope, "G%lld", group_id);
    snprintf(facet, sizeof facet, "XG%lld", group_id);
    return xap_doc_add_boolean(doc, scope, e) || xap_doc_add_boolean(doc, "A*", e)
        || xap_doc_add_boolean(doc, facet, e)
        || (visibility && strcmp(visibility, "public") == 0 && xap_doc_add_boolean(doc, "I*", e));
}

/* A post or a comment: its text, its kind, its author, its group's scopes.
 * One gone from MariaDB leaves the index. Whether it is published yet (or
 * still) is checked at query time, with every other right. */
static int index_text_item(db *d, arena *a, xap_wdb *w, const char *kind, long long id, char *err, int errlen)
{
    char idterm[48];
    snprintf(idterm, sizeof idterm, "Q%s:%lld", kind, id);
    int post = strcmp(kind, "post") == 0;
    db_rows *q = post
        ? db_query(d, a, "SELECT p.title, p.body, COALESCE(p.group_id, 0), g.visibility, p.author_id"
                         " FROM posts p LEFT JOIN `groups` g ON g.id = p.group_id WHERE p.id = ?", "i", id)
        : db_query(d, a, "SELECT '', c.body, COALESCE(p.group_id, 0), g.visibility, c.author_id"
                         " FROM comments c JOIN posts p ON p.id = c.post_id LEFT JOIN `groups` g ON g.id = p.group_id"
                         " WHERE c.id = ?", "i", id);
    if (!q) { snprintf(err, errlen, "db: %s", db_error(d)); return -1; }
    xap_err e;
    if (q->nrows == 0) {
        if (xap_wdb_delete(w, idterm, &e)) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
        return 0;
    }
    xap_doc *doc = xap_doc_new(&e);
    if (!doc) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
    char data[48], kterm[24], author[40];
    snprintf(data, sizeof data, "%s:%lld", kind, id);
    snprintf(kterm, sizeof kterm, "XK%s", kind);
    snprintf(author, sizeof author, "XA%lld", db_cell_int(q, 0, 4));
    int rc = add_folded(doc, db_cell(q, 0, 0), &e)
          || add_folded(doc, db_cell(q, 0, 1), &e)
          || xap_doc_add_boolean(doc, kterm, &e)
          || xap_doc_add_boolean(doc, author, &e)
          || add_content_scopes(doc, db_cell_int(q, 0, 2), db_cell(q, 0, 3), &e)
          || xap_doc_set_data(doc, data, strlen(data), &e)
          || xap_wdb_replace(w, idterm, doc, &e);
    xap_doc_free(doc);
    if (rc) { snprintf(err, errlen, "xapian: %s", e.msg); return -1; }
    return 0;
}

/* A group's visibility changed: its posts and comments take new scopes. */
static int index_group_content(db *d, arena *a, xap_wdb *w, long long id, char *err, int errlen)
{
    db_rows *q = db_query(d, a, "SELECT 'post', id FROM posts WHERE group_id = ?"
                                " UNION ALL SELECT 'comment', c.id FROM comments c JOIN posts p ON p.id = c.post_id"
                                " WHERE p.group_id = ?", "ii", id, id);
    if (!q) { snprintf(err, errlen, "db: %s", db_error(d)); return -1; }
    for (int i = 0; i < q->nrows; i++)
        if (index_text_item(d, a, w, db_cell(q, i, 0), db_cell_int(q, i, 1), err, errlen)) return -1;
    return 0;
}

int index_entity(db *d, arena *a, xap_wdb *w, const char *type, long long id, char *err, int errlen)
{
    if (strcmp(type, "person") == 0) return index_person(d, a, w, id, err, errlen);
    if (strcmp(type, "group") == 0) return index_group(d, a, w, id, err, errlen);
    if (strcmp(type, "post") == 0 || strcmp(type, "comment") == 0) return index_text_item(d, a, w, type, id, err, errlen);
    if (strcmp(type, "group_content") == 0) return index_group_content(d, a, w, id, err, errlen);
    /* files and folders are queued from the start; their documents come
     * with the extraction of their text */
    if (strcmp(type, "file") == 0 || strcmp(type, "folder") == 0) return 0;
    log_error("index_queue: unknown entity type %s (id %lld) skipped", type, id);
    return 0;
}
