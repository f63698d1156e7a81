#include "documents.h"
#include "fold.h"
#include "log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_folded(xap_doc *doc, const char *text, xap_err *e)
{
    char *f = fold_text(text, strlen(text));
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

int index_entity(db *d, arena *a, xap_wdb *w, const char *type, long long id, char *err, int errlen)
{
    if (strcmp(type, "person") == 0) return index_person(d, a, w, id, err, errlen);
    if (strcmp(type, "group") == 0) return index_group(d, a, w, id, err, errlen);
    /* posts and comments are queued from the start; their documents come
     * with full-text search */
    if (strcmp(type, "post") == 0 || strcmp(type, "comment") == 0) return 0;
    log_error("index_queue: unknown entity type %s (id %lld) skipped", type, id);
    return 0;
}
