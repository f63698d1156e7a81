/* The reconciliation of the index with MariaDB (documents.h): orphans,
 * missing documents and stale scopes, found and repaired. It reads every
 * document's scope terms and every entity once, in batches of ids, when an
 * administrator asks (parvis-ctl reconcile); a reindex (parvis-ctl
 * reindex) removes the orphans only, since it queues everything else. */
#include "documents.h"
#include "log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    db *d;
    arena *a;
    xap_wdb *w;
    long checked, orphans, missing, stale;
    int failed;
    char err[256];
} reconcile_ctx;

static void fail(reconcile_ctx *c, const char *what, const char *msg)
{
    if (!c->failed) snprintf(c->err, sizeof c->err, "%.20s: %.200s", what, msg);
    c->failed = 1;
}

/* Every document whose entity MariaDB no longer has (or would not index:
 * a disabled account, a file in the trash) is removed. The index's unique
 * terms come in order, so those of one kind follow each other: they are
 * checked ORPHAN_BATCH at a time, one query each. */
#define ORPHAN_BATCH 500
/* the first repairs of each kind are logged one by one */
#define REPAIRS_LOGGED 20
/* the entities of a kind are read this many at a time (the statements'
 * LIMIT) */
#define RECONCILE_BATCH 500

/* group: a message's conversation */
struct entity_row { long long id, group, owner; char vis[16]; };

static const stmt live[ENTITY_DOCUMENTS] = {
    [ENTITY_PERSON] = STMT_RECONCILE_LIVE_PERSONS,
    [ENTITY_GROUP] = STMT_RECONCILE_LIVE_GROUPS,
    [ENTITY_POST] = STMT_RECONCILE_LIVE_POSTS,
    [ENTITY_COMMENT] = STMT_RECONCILE_LIVE_COMMENTS,
    [ENTITY_FILE] = STMT_RECONCILE_LIVE_FILES,
    [ENTITY_MESSAGE] = STMT_RECONCILE_LIVE_MESSAGES,
};

typedef struct {
    reconcile_ctx *c;
    entity kind;                       /* ENTITY__MAX before the first */
    long long ids[ORPHAN_BATCH];
    int n;
} orphan_batch;

static int by_id(const void *x, const void *y)
{
    long long a = *(const long long *)x, b = *(const long long *)y;
    return (a > b) - (a < b);
}

/* The batch's ids that MariaDB does not return: their documents removed. */
static int orphan_flush(orphan_batch *b)
{
    reconcile_ctx *c = b->c;
    if (b->n == 0 || b->kind >= ENTITY_DOCUMENTS) { b->n = 0; return 0; }
    arena_reset(c->a);
    db_rows *q = db_query(c->d, c->a, live[b->kind], "s", db_ids_json(c->a, b->ids, b->n));
    if (!q) { fail(c, "db", db_error(c->d)); return -1; }
    /* both in id order ("Qpost:10" comes before "Qpost:9" in the index) */
    qsort(b->ids, (size_t)b->n, sizeof *b->ids, by_id);
    for (int i = 0, k = 0; i < b->n; i++) {
        while (k < q->nrows && db_cell_int(q, k, 0) < b->ids[i]) k++;
        if (k < q->nrows && db_cell_int(q, k, 0) == b->ids[i]) continue;
        char term[TERM_MAX];
        term_unique(term, b->kind, b->ids[i]);
        xap_err e;
        if (xap_wdb_delete(c->w, term, &e)) { fail(c, "xapian", e.msg); return -1; }
        if (++c->orphans <= REPAIRS_LOGGED) log_info("reconciled %s, an orphan", term);
    }
    b->n = 0;
    return 0;
}

static int orphan_check(const char *term, void *p)
{
    orphan_batch *b = p;
    entity kind;
    long long id;
    if (term_unique_parse(term, &kind, &id)) return 0;
    if ((kind != b->kind || b->n == ORPHAN_BATCH) && orphan_flush(b)) return 1;
    b->kind = kind;
    b->ids[b->n++] = id;
    return 0;
}

/* One entity against its document: indexed when it has none, indexed
 * again when its scopes differ from `want`. */
static int check_one(reconcile_ctx *c, entity kind, long long id, const char *want)
{
    static char have[64 << 10];
    char idterm[TERM_MAX];
    term_unique(idterm, kind, id);
    xap_err e;
    int found = xap_wdb_scopes(c->w, idterm, have, sizeof have, &e);
    if (found < 0) { fail(c, "xapian", e.msg); return -1; }
    c->checked++;
    if (found && strcmp(have, want) == 0) return 0;
    if (found) c->stale++; else c->missing++;
    if (c->stale + c->missing <= REPAIRS_LOGGED)
        log_info("reconciled %s, %s (index: \"%.60s\", MariaDB: \"%.60s\")", idterm, found ? "stale" : "missing",
                 found ? have : "", want);
    char err[256];
    if (index_entity(c->d, c->a, c->w, kind, id, err, sizeof err)) { fail(c, entity_names[kind], err); return -1; }
    return 0;
}

/* The scopes entity (kind, row) must have in the index, into want. */
static int scopes_wanted(reconcile_ctx *c, entity kind, const struct entity_row *e, char *want, size_t n)
{
    switch (kind) {
    case ENTITY_PERSON: return scopes_of_person(want, n);
    case ENTITY_GROUP: return scopes_of_group(e->id, strcmp(e->vis, "secret") == 0, want, n);
    case ENTITY_FILE: return file_scopes_text(c->d, c->a, e->id, e->group, e->vis, e->owner, want, n);
    case ENTITY_MESSAGE: return scopes_of_message(e->group, want, n);
    default: return scopes_of_content(e->group, e->vis, want, n);
    }
}

/* The entities of one kind, in batches of ids: (id, group or 0 (a
 * message's conversation), its visibility, a personal drive's owner or 0). */
static int check_kind(reconcile_ctx *c, entity kind)
{
    static const stmt sql[ENTITY_DOCUMENTS] = {
        [ENTITY_PERSON] = STMT_RECONCILE_PERSONS,
        [ENTITY_GROUP] = STMT_RECONCILE_GROUPS,
        [ENTITY_POST] = STMT_RECONCILE_POSTS,
        [ENTITY_COMMENT] = STMT_RECONCILE_COMMENTS,
        [ENTITY_FILE] = STMT_RECONCILE_FILES,
        [ENTITY_MESSAGE] = STMT_RECONCILE_MESSAGES,
    };
    static struct entity_row rows[RECONCILE_BATCH];
    static char want[64 << 10];
    long long after = 0;
    for (;;) {
        arena_reset(c->a);
        db_rows *q = db_query(c->d, c->a, sql[kind], "i", after);
        if (!q) { fail(c, "db", db_error(c->d)); return -1; }
        if (q->nrows == 0) return 0;
        /* the rows outlive the arena resets of check_one: copied first */
        int n = q->nrows < RECONCILE_BATCH ? q->nrows : RECONCILE_BATCH;
        for (int i = 0; i < n; i++) {
            rows[i].id = db_cell_int(q, i, 0);
            rows[i].group = db_cell_int(q, i, 1);
            snprintf(rows[i].vis, sizeof rows[i].vis, "%s", db_cell(q, i, 2) ? db_cell(q, i, 2) : "");
            rows[i].owner = db_cell_int(q, i, 3);
        }
        for (int i = 0; i < n; i++) {
            arena_reset(c->a);
            if (scopes_wanted(c, kind, &rows[i], want, sizeof want)) { fail(c, "db", db_error(c->d)); return -1; }
            if (check_one(c, kind, rows[i].id, want)) return -1;
        }
        after = rows[n - 1].id;
    }
}

int reconcile(db *d, xap_wdb *w, int orphans_only, char *err, int errlen)
{
    arena *a = arena_new(1 << 16);
    reconcile_ctx c = { .d = d, .a = a, .w = w };
    static orphan_batch batch;
    batch = (orphan_batch){ .c = &c, .kind = ENTITY__MAX };
    xap_err e;
    int rc = xap_wdb_each_idterm(w, orphan_check, &batch, &e);
    if (rc) fail(&c, "xapian", e.msg);
    else if (!c.failed) orphan_flush(&batch);
    for (int k = 0; !orphans_only && !c.failed && k < ENTITY_DOCUMENTS; k++)
        check_kind(&c, (entity)k);
    /* the repairs committed before the report says they are done (whoever
     * reads the report may search at once) */
    if (!c.failed && xap_wdb_commit(w, &e)) fail(&c, "xapian", e.msg);
    arena_free(a);
    if (c.failed) { snprintf(err, errlen, "reconcile: %s", c.err); return -1; }
    char report[200];
    snprintf(report, sizeof report, "%ld checked, %ld orphans removed, %ld missing indexed, %ld stale scopes repaired",
             c.checked, c.orphans, c.missing, c.stale);
    log_info("reconcile: %s", report);
    if (orphans_only) return 0;
    if (db_exec(d, STMT_RECONCILE_REPORT_SAVE, "s", report) < 0)
        log_error("reconcile: the report was not kept: %s", db_error(d));
    return 0;
}
