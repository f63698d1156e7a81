/* The C face of Xapian (lib/xap.cc is the only C++ in the tree). Every entry
 * point catches every exception: on failure it returns -1 (or NULL) and puts a
 * message in *err; nothing ever unwinds into C. Handles are not thread-safe:
 * open them after fork(), one per process. */
#ifndef PARVIS_XAP_H
#define PARVIS_XAP_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct { char msg[256]; } xap_err;
typedef struct xap_wdb xap_wdb;   /* the single writer (the indexer) */
typedef struct xap_rdb xap_rdb;   /* a reader (a FastCGI worker) */
typedef struct xap_doc xap_doc;

/* Writer. Opens (creating if needed) the database at `path`, waiting for the
 * write lock if another writer holds it. */
xap_wdb *xap_wdb_open(const char *path, xap_err *err);
void xap_wdb_close(xap_wdb *w);                     /* commits pending changes */
/* Adds or replaces the document whose unique term is `idterm` (e.g.
 * "Qperson:42"); the term is added to the document by this call. */
int xap_wdb_replace(xap_wdb *w, const char *idterm, xap_doc *doc, xap_err *err);
/* Deletes the document with that unique term; deleting a missing one is fine. */
int xap_wdb_delete(xap_wdb *w, const char *idterm, xap_err *err);
int xap_wdb_commit(xap_wdb *w, xap_err *err);
long xap_wdb_doccount(xap_wdb *w, xap_err *err);
/* Calls fn for every unique term ("Qperson:42"...) of the index, in order;
 * fn returns non-zero to stop. 0, or -1 with err. */
int xap_wdb_each_idterm(xap_wdb *w, int (*fn)(const char *term, void *ctx), void *ctx, xap_err *err);
/* The scope terms ("A*", "C<id>", "G<id>", "I*", "U<id>") of the document whose
 * unique term is `idterm`, in byte order, separated by spaces, into out.
 * 1 when the document exists, 0 when it does not, -1 with err. */
int xap_wdb_scopes(xap_wdb *w, const char *idterm, char *out, size_t n, xap_err *err);
/* Rewrites the scope terms of that document to the space-separated
 * `scopes`, and its group (the "XG<id>" term and the group value; 0: none),
 * leaving its words alone: a change of rights without reading a file
 * again. 1 when done, 0 when there is no such document, -1 with err. */
int xap_wdb_rescope(xap_wdb *w, const char *idterm, const char *scopes, long long group_id, xap_err *err);

/* Documents. Text must already be folded by the caller (fold.h); it is
 * indexed with positions, under `prefix` ("" for none), each word also by
 * its stem (French, then English: « reunions » and « reunion » share one,
 * « meetings » and « meeting » too). Stop words (« le », « de », "the")
 * are indexed as words, for phrases, without stems. */
xap_doc *xap_doc_new(xap_err *err);
void xap_doc_free(xap_doc *d);
int xap_doc_index_text(xap_doc *d, const char *text, const char *prefix, xap_err *err);
/* The same for names (people, groups), under "N" + prefix: words only, no
 * stems (« Helena » is not « Hélène »). */
int xap_doc_index_name(xap_doc *d, const char *text, const char *prefix, xap_err *err);
int xap_doc_add_boolean(xap_doc *d, const char *term, xap_err *err);  /* filter term */
int xap_doc_set_data(xap_doc *d, const char *data, size_t len, xap_err *err);
/* The words of folded text offered by "did you mean": only text that every
 * person may see. */
int xap_doc_add_spelling(xap_doc *d, const char *text, xap_err *err);
/* The document's date, "YYYY-MM-DDTHH:MM:SS[.ffffff]" (UTC): what results are
 * sorted and limited by. */
int xap_doc_set_date(xap_doc *d, const char *iso, xap_err *err);
/* The values results are counted by (facets): the kind ("post"...), the
 * group's id, the author's id, the file's type family ("pdf"...). */
enum { XAP_SLOT_DATE = 0, XAP_SLOT_KIND, XAP_SLOT_GROUP, XAP_SLOT_AUTHOR, XAP_SLOT_FILETYPE, XAP_SLOTS };
int xap_doc_set_value(xap_doc *d, unsigned slot, const char *value, xap_err *err);
/* When the document may be found (a post scheduled or withdrawn, and its
 * comments): from `from` (NULL: always) and before `until` (NULL: for
 * ever), both "YYYY-MM-DDTHH:MM:SS.ffffff" in UTC. Queries with `now` leave
 * it out at other times (xap_query). */
int xap_doc_set_shown(xap_doc *d, const char *from, const char *until, xap_err *err);

/* Reader. */
xap_rdb *xap_rdb_open(const char *path, xap_err *err);
void xap_rdb_close(xap_rdb *r);
int xap_rdb_reopen(xap_rdb *r, xap_err *err);       /* cheap; call before a search */
long xap_rdb_doccount(xap_rdb *r, xap_err *err);

/* How the words of a query are matched:
 *  XAP_EXACT        as typed;
 *  XAP_PREFIX_LAST  as typed, the last one also as a prefix;
 *  XAP_PREFIX_ALL   every plain word as a prefix, in names and text (what
 *                   is typed in short in the search box's suggestions);
 *  XAP_FULL         the results page: words by their stems in text, as
 *                   typed in names; "word*" asks for a prefix. */
enum { XAP_EXACT = 0, XAP_PREFIX_LAST = 1, XAP_PREFIX_ALL = 2, XAP_FULL = 3 };

typedef struct {
    const char *text;            /* folded query text from the person */
    int partial;                 /* XAP_EXACT, XAP_PREFIX_LAST (the last word
                                    is a prefix) or XAP_PREFIX_ALL (every
                                    plain word is: names typed in short) */
    const char *const *all;      /* NULL-terminated terms every hit must carry */
    const char *const *any;      /* NULL-terminated scope terms; a hit carries one.
                                    NULL or empty means: no hit at all. */
    const char *const *one_of;   /* NULL, or NULL-terminated terms a hit carries
                                    one of (several kinds at once) */
    unsigned offset, limit;
    int newest_first;            /* by date instead of relevance */
    const char *date_from;       /* "YYYY-MM-DD" or NULL: dated on or after */
    const char *date_to;         /* "YYYY-MM-DD" or NULL: dated on or before */
    unsigned facets;             /* (1 << XAP_SLOT_...) for each value to count */
    const char *now;             /* "YYYY-MM-DDTHH:MM:SS.ffffff" UTC: documents not
                                    shown at this time (xap_doc_set_shown) are left
                                    out of hits, counts and facets alike; NULL: none is */
    const char *const *sees_unshown;   /* NULL-terminated terms whose documents are
                                    kept whatever their time (a post's author, the
                                    groups one moderates); NULL: none */
    const char *const *kinds_all;      /* NULL, or the terms of `all` to keep when
                                    counting the kinds (the search's tabs: what each
                                    type would give, whatever type is asked): the
                                    kinds of that query, without `one_of`, go to
                                    facets[XAP_SLOT_KIND], counted on the facets'
                                    thread beside the ranked pass */
} xap_query;

typedef struct {
    char *data;                  /* the document's data (malloc'd) */
    size_t data_len;
    int percent;                 /* relevance, 0..100 */
} xap_hit;

#define XAP_FACET_TOP 10           /* values counted per facet, most frequent first */

typedef struct {
    char value[64];
    unsigned long count;         /* exact when every match was looked at,
                                    else scaled from those that were */
} xap_facet_value;

typedef struct {
    size_t n;
    xap_facet_value values[XAP_FACET_TOP];
} xap_facet;

typedef struct {
    unsigned long estimated;     /* matches among permitted ones (exact up to a
                                    few thousand, estimated beyond) */
    size_t n;
    xap_hit *hits;               /* n hits, best first */
    xap_facet facets[XAP_SLOTS]; /* those asked by xap_query.facets */
} xap_result;

/* Runs the query filtered by `all` and `any` (boolean, weight unchanged).
 * A query with no words returns no hit. Wildcard expansion is capped so a
 * one-letter prefix cannot blow up. Retries once after a reopen when the
 * writer has moved on (DatabaseModifiedError). */
int xap_search(xap_rdb *r, const xap_query *q, xap_result *out, xap_err *err);
/* "Did you mean": the folded query with each word that no document offers
 * (xap_doc_add_spelling) replaced by the closest one that does, in out
 * ("" when nothing is to correct). 0 or -1. */
int xap_suggest(xap_rdb *r, const char *text, char *out, size_t n, xap_err *err);
void xap_result_free(xap_result *res);

#ifdef __cplusplus
}
#endif
#endif
