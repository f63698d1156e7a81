/* The reconciliation of the index with MariaDB (documents.h): orphans,
 * missing documents and stale scopes, found and repaired. It reads every
 * document's scope terms and every entity once, in batches of ids, when an
 * administrator asks (parvis-ctl reconcile); a reindex (parvis-ctl
 * reindex) removes the orphans only, since it queues everything else. */
#include "documents.h"
#include "log.h"
#include <stdio.h>
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
 * a disabled account, a file in the trash) is removed. */
static int orphan_check(const char *term, void *p)
{
    reconcile_ctx *c = p;
    char type[16];
    long long id;
    if (sscanf(term, "Q%15[a-z_]:%lld", type, &id) != 2) return 0;
    static const struct { const char *type, *sql; } live[] = {
        { "person", "SELECT 1 FROM users WHERE id = ? AND status = 'active'" },
        { "group", "SELECT 1 FROM `groups` WHERE id = ?" },
        { "post", "SELECT 1 FROM posts WHERE id = ?" },
        { "comment", "SELECT 1 FROM comments WHERE id = ?" },
        { "file", "SELECT 1 FROM drive_nodes WHERE id = ? AND kind = 'file' AND trashed_at IS NULL" },
    };
    for (size_t k = 0; k < sizeof live / sizeof *live; k++) {
        if (strcmp(type, live[k].type) != 0) continue;
        arena_reset(c->a);
        db_rows *q = db_query(c->d, c->a, live[k].sql, "i", id);
        if (!q) { fail(c, "db", db_error(c->d)); return 1; }
        xap_err e;
        if (q->nrows == 0) {
            if (xap_wdb_delete(c->w, term, &e)) { fail(c, "xapian", e.msg); return 1; }
            c->orphans++;
        }
    }
    return 0;
}

/* One entity against its document: indexed when it has none, indexed
 * again when its scopes differ from `want`. */
static int check_one(reconcile_ctx *c, const char *type, long long id, const char *want)
{
    static char have[64 << 10];
    char idterm[48];
    snprintf(idterm, sizeof idterm, "Q%s:%lld", type, id);
    xap_err e;
    int found = xap_wdb_scopes(c->w, idterm, have, sizeof have, &e);
    if (found < 0) { fail(c, "xapian", e.msg); return -1; }
    c->checked++;
    if (found && strcmp(have, want) == 0) return 0;
    if (found) c->stale++; else c->missing++;
    char err[256];
    if (index_entity(c->d, c->a, c->w, type, id, err, sizeof err)) { fail(c, type, err); return -1; }
    return 0;
}

/* The entities of one kind, in batches of ids: (id, group or 0, its
 * visibility, a personal drive's owner or 0). */
static int check_kind(reconcile_ctx *c, const char *type, const char *sql)
{
    long long after = 0;
    for (;;) {
        arena_reset(c->a);
        db_rows *q = db_query(c->d, c->a, sql, "i", after);
        if (!q) { fail(c, "db", db_error(c->d)); return -1; }
        if (q->nrows == 0) return 0;
        /* the rows outlive the arena resets of check_one: copied first */
        int n = q->nrows;
        struct row { long long id, group, owner; char vis[16]; } rows[500];
        if (n > 500) n = 500;
        for (int i = 0; i < n; i++) {
            rows[i].id = db_cell_int(q, i, 0);
            rows[i].group = db_cell_int(q, i, 1);
            snprintf(rows[i].vis, sizeof rows[i].vis, "%s", db_cell(q, i, 2) ? db_cell(q, i, 2) : "");
            rows[i].owner = db_cell_int(q, i, 3);
        }
        for (int i = 0; i < n; i++) {
            char want[64 << 10];
            arena_reset(c->a);
            if (strcmp(type, "person") == 0) snprintf(want, sizeof want, "I*");
            else if (strcmp(type, "group") == 0)
                snprintf(want, sizeof want, strcmp(rows[i].vis, "secret") == 0 ? "A* G%lld" : "I*", rows[i].id);
            else if (strcmp(type, "file") == 0) {
                if (file_scopes_text(c->d, c->a, rows[i].id, rows[i].group, rows[i].vis, rows[i].owner, want, sizeof want)) {
                    fail(c, "db", db_error(c->d));
                    return -1;
                }
            } else content_scopes_text(rows[i].group, rows[i].vis, want, sizeof want);
            if (check_one(c, type, rows[i].id, want)) return -1;
        }
        after = rows[n - 1].id;
    }
}

int reconcile(db *d, xap_wdb *w, int orphans_only, char *err, int errlen)
{
    arena *a = arena_new(1 << 16);
    reconcile_ctx c = { .d = d, .a = a, .w = w };
    xap_err e;
    int rc = xap_wdb_each_idterm(w, orphan_check, &c, &e);
    if (rc) fail(&c, "xapian", e.msg);
    static const struct { const char *type, *sql; } kinds[] = {
        { "person", "SELECT id, 0, '', 0 FROM users WHERE status = 'active' AND id > ? ORDER BY id LIMIT 500" },
        { "group", "SELECT id, 0, visibility, 0 FROM `groups` WHERE id > ? ORDER BY id LIMIT 500" },
        { "post", "SELECT p.id, COALESCE(p.group_id, 0), g.visibility, 0 FROM posts p"
                  " LEFT JOIN `groups` g ON g.id = p.group_id WHERE p.id > ? ORDER BY p.id LIMIT 500" },
        { "comment", "SELECT c.id, COALESCE(p.group_id, 0), g.visibility, 0 FROM comments c JOIN posts p ON p.id = c.post_id"
                     " LEFT JOIN `groups` g ON g.id = p.group_id WHERE c.id > ? ORDER BY c.id LIMIT 500" },
        { "file", "SELECT n.id, COALESCE(dr.group_id, 0), g.visibility, COALESCE(dr.owner_id, 0) FROM drive_nodes n"
                  " JOIN drives dr ON dr.id = n.drive_id LEFT JOIN `groups` g ON g.id = dr.group_id"
                  " JOIN file_versions v ON v.node_id = n.id AND v.version = n.version"
                  " WHERE n.kind = 'file' AND n.trashed_at IS NULL AND n.id > ? ORDER BY n.id LIMIT 500" },
    };
    for (size_t k = 0; !orphans_only && !c.failed && k < sizeof kinds / sizeof *kinds; k++)
        check_kind(&c, kinds[k].type, kinds[k].sql);
    arena_free(a);
    if (c.failed) { snprintf(err, errlen, "reconcile: %s", c.err); return -1; }
    char report[200];
    snprintf(report, sizeof report, "%ld checked, %ld orphans removed, %ld missing indexed, %ld stale scopes repaired",
             c.checked, c.orphans, c.missing, c.stale);
    log_info("reconcile: %s", report);
    if (orphans_only) return 0;
    if (db_exec(d, "INSERT INTO settings (k, v) VALUES ('search_reconcile', CONCAT(DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%dT%H:%i:%sZ'), ' ', ?))"
                   " ON DUPLICATE KEY UPDATE v = VALUES(v)", "s", report) < 0)
        log_error("reconcile: the report was not kept: %s", db_error(d));
    return 0;
}
