/* The directory sync (ldap_sync.h, docs/ldap.md): read the entries (paged)
 * and the mapped groups' members, read every account once, compare in
 * memory (hash tables), then write the differences with the CSV import's
 * set-based statements (imports.def) and the sync's own (ldap.def), in
 * transactions of LDAP_TX_ROWS accounts. */
#include "ldap_conn.h"
#include "authgen.h"
#include "fold.h"
#include "index_terms.h"
#include "log.h"
#include "mail_compose.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* columns of STMT_LDAP_USERS */
enum { U_ID, U_EMAIL, U_NAME, U_STATUS, U_JOB, U_DEPT, U_SITE, U_PHONE, U_KIND, U_ROLE, U_DN, U_SYNCDIS, U_MGR };
/* the profile fields an entry sets: attribute index -> users column, length */
static const int field_col[LDAP_A_COUNT] = { U_EMAIL, U_NAME, U_JOB, U_DEPT, U_SITE, U_PHONE, -1 };
static const int field_max[LDAP_A_COUNT] = { 254, 100, 100, 100, 100, 40, 700 };

/* ---- a string -> int hash table in the arena ---- */
typedef struct { const char **k; int *v; size_t cap, n; arena *a; } smap;

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}
static void smap_init(smap *m, arena *a, size_t n)
{
    m->cap = 64;
    while (m->cap < n * 2 + 16) m->cap *= 2;
    m->k = arena_alloc(a, m->cap * sizeof *m->k);
    m->v = arena_alloc(a, m->cap * sizeof *m->v);
    m->n = 0;
    m->a = a;
}
/* the value of k, or -1 */
static int smap_get(const smap *m, const char *k)
{
    for (size_t i = hash(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->k[i]) return -1;
        if (strcmp(m->k[i], k) == 0) return m->v[i];
    }
}
/* sets k (kept, not copied) unless present: the value it holds after */
static int smap_put(smap *m, const char *k, int v)
{
    if ((m->n + 1) * 2 > m->cap) {
        smap bigger;
        smap_init(&bigger, m->a, m->cap);
        for (size_t i = 0; i < m->cap; i++) if (m->k[i]) smap_put(&bigger, m->k[i], m->v[i]);
        *m = bigger;
    }
    for (size_t i = hash(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->k[i]) { m->k[i] = k; m->v[i] = v; m->n++; return v; }
        if (strcmp(m->k[i], k) == 0) return m->v[i];
    }
}

/* ---- the entries read ---- */
enum { E_SKIP, E_CREATE, E_UPDATE, E_UNCHANGED };
typedef struct {
    char *dn, *key;
    char *v[LDAP_A_COUNT];           /* NULL: the attribute is not mapped */
    int user;                        /* row of the accounts, or -1 */
    long long uid;
    int action;
    unsigned changed;                /* bit per attribute index */
    int enable, relink, moved;
    long long manager_id;
} entry;

typedef struct {
    arena *a;
    const ldap_settings *s;
    entry *e;
    int n, cap;
    db_rows *users;
    smap by_dn, by_email, entry_by_key;
    ldap_report *rep;
    long long *disable;              /* user ids */
    int ndisable;
    json_t *adds, *removes;          /* [[group, user or -(entry+1)], ...] */
} plan;

static void add_error(plan *p, const char *dn, const char *reason)
{
    p->rep->skipped++;
    if (json_array_size(p->rep->errors) < LDAP_ERRORS_MAX)
        json_array_append_new(p->rep->errors, json_pack("{s:s,s:s}", "dn", dn ? dn : "", "reason", reason));
}

/* a value made fit: control characters to spaces, cut to max characters
 * at a character's start; NULL when it is not UTF-8 */
static char *clean_value(arena *a, const struct berval *bv, int max)
{
    if (!utf8_valid(bv->bv_val, bv->bv_len)) return NULL;
    char *s = arena_strndup(a, bv->bv_val, bv->bv_len);
    int chars = 0;
    char *p = s;
    for (; *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = ' ';
        if (((unsigned char)*p & 0xc0) != 0x80 && ++chars > max) break;
    }
    *p = 0;
    /* trimmed */
    while (p > s && p[-1] == ' ') *--p = 0;
    while (*s == ' ') s++;
    return s;
}

static char *first_value(LDAP *ld, LDAPMessage *msg, const char *attr, arena *a, int max, int *bad)
{
    struct berval **vals = ldap_get_values_len(ld, msg, attr);
    if (!vals) return NULL;
    char *v = vals[0] ? clean_value(a, vals[0], max) : NULL;
    if (vals[0] && !v) *bad = 1;
    ldap_value_free_len(vals);
    return v;
}

static int on_person(LDAP *ld, LDAPMessage *msg, void *arg)
{
    plan *p = arg;
    char *dn = ldap_get_dn(ld, msg);
    if (!dn) return 0;
    char *dncopy = arena_strdup(p->a, dn);
    ldap_memfree(dn);
    p->rep->entries++;
    if (strlen(dncopy) > 700) { add_error(p, dncopy, "dn_too_long"); return 0; }
    if (p->n == p->cap) {
        int cap = p->cap ? p->cap * 2 : 1024;
        entry *bigger = arena_alloc(p->a, (size_t)cap * sizeof *bigger);
        if (p->n) memcpy(bigger, p->e, (size_t)p->n * sizeof *bigger);
        p->e = bigger;
        p->cap = cap;
    }
    entry *e = &p->e[p->n];
    memset(e, 0, sizeof *e);
    e->dn = dncopy;
    e->key = ldap_dn_key(p->a, dncopy);
    e->user = -1;
    if (!e->key) { add_error(p, dncopy, "bad_dn"); return 0; }
    int bad = 0;
    for (int i = 0; i < LDAP_A_COUNT; i++) {
        if (!*p->s->attr[i]) continue;
        e->v[i] = first_value(ld, msg, p->s->attr[i], p->a, field_max[i], &bad);
        if (!e->v[i]) e->v[i] = "";
    }
    if (bad) { add_error(p, dncopy, "bad_encoding"); return 0; }
    if (!*e->v[LDAP_A_NAME] || !*p->s->attr[LDAP_A_NAME]) {
        char *cn = first_value(ld, msg, "cn", p->a, field_max[LDAP_A_NAME], &bad);
        e->v[LDAP_A_NAME] = cn && *cn ? cn : e->v[LDAP_A_NAME] ? e->v[LDAP_A_NAME] : "";
    }
    char *mail = e->v[LDAP_A_EMAIL];
    for (char *c = mail; c && *c; c++) *c = (char)tolower((unsigned char)*c);
    if (!mail || !*mail) { add_error(p, dncopy, "no_email"); e->action = E_SKIP; }
    else if (!mail_address_ok(mail)) { add_error(p, dncopy, "bad_email"); e->action = E_SKIP; }
    else e->action = E_CREATE;
    if (e->v[LDAP_A_MANAGER] && *e->v[LDAP_A_MANAGER]) {
        char *mk = ldap_dn_key(p->a, e->v[LDAP_A_MANAGER]);
        e->v[LDAP_A_MANAGER] = mk ? mk : "";
    }
    if (smap_put(&p->entry_by_key, e->key, p->n) != p->n) { add_error(p, dncopy, "duplicate_dn"); return 0; }
    p->n++;
    return 0;
}

typedef struct { plan *p; long long gid; const char *attr; } group_ctx;

static int on_group(LDAP *ld, LDAPMessage *msg, void *arg)
{
    group_ctx *g = arg;
    plan *p = g->p;
    struct berval **vals = ldap_get_values_len(ld, msg, g->attr);
    for (int i = 0; vals && vals[i]; i++) {
        char *dn = arena_strndup(p->a, vals[i]->bv_val, vals[i]->bv_len);
        char *k = ldap_dn_key(p->a, dn);
        int ei = k ? smap_get(&p->entry_by_key, k) : -1;
        if (ei < 0 || p->e[ei].action == E_SKIP) continue;          /* a member outside the filter */
        json_array_append_new(p->adds, json_pack("[I,I]", (json_int_t)g->gid, (json_int_t)-(ei + 1)));
    }
    if (vals) ldap_value_free_len(vals);
    return 0;
}

static const char *ucell(const plan *p, int row, int col) { const char *c = db_cell(p->users, row, col); return c ? c : ""; }

/* the account's DN is one this run read */
static int held_by_entry(plan *p, int u)
{
    char *k = ldap_dn_key(p->a, ucell(p, u, U_DN));
    return k && smap_get(&p->entry_by_key, k) >= 0;
}

/* entries matched to accounts; what changes */
static void compare(plan *p)
{
    const ldap_settings *s = p->s;
    int nu = p->users->nrows;
    smap_init(&p->by_dn, p->a, (size_t)nu);
    smap_init(&p->by_email, p->a, (size_t)nu);
    for (int i = 0; i < nu; i++) {
        smap_put(&p->by_email, ucell(p, i, U_EMAIL), i);
        if (db_cell(p->users, i, U_DN)) {
            char *k = ldap_dn_key(p->a, ucell(p, i, U_DN));
            if (k) smap_put(&p->by_dn, k, i);
        }
    }
    char *seen = arena_alloc(p->a, (size_t)nu + 1);
    smap emails;                                       /* addresses of this run */
    smap_init(&emails, p->a, (size_t)p->n);
    for (int i = 0; i < p->n; i++) {
        entry *e = &p->e[i];
        int u = smap_get(&p->by_dn, e->key);
        if (u >= 0) seen[u] = 1;
        if (e->action == E_SKIP) continue;
        if (smap_put(&emails, e->v[LDAP_A_EMAIL], i) != i) { add_error(p, e->dn, "duplicate_email"); e->action = E_SKIP; continue; }
        if (u < 0) {
            u = smap_get(&p->by_email, e->v[LDAP_A_EMAIL]);
            if (u >= 0 && db_cell(p->users, u, U_DN) && held_by_entry(p, u)) {
                add_error(p, e->dn, "email_taken");             /* another entry still holds the account */
                e->action = E_SKIP;
                continue;
            }
            if (u >= 0) { e->relink = 1; seen[u] = 1; }
        } else if (strcmp(ucell(p, u, U_EMAIL), e->v[LDAP_A_EMAIL]) != 0) {
            int other = smap_get(&p->by_email, e->v[LDAP_A_EMAIL]);
            if (other >= 0 && other != u) { add_error(p, e->dn, "email_taken"); e->action = E_SKIP; continue; }
        }
        if (u >= 0 && strcmp(ucell(p, u, U_KIND), "staff") != 0) {
            add_error(p, e->dn, "guest_account");
            e->action = E_SKIP;
            continue;
        }
        if (u < 0) continue;                                        /* E_CREATE */
        e->user = u;
        e->uid = db_cell_int(p->users, u, U_ID);
        for (int f = 0; f < LDAP_A_COUNT; f++) {
            if (field_col[f] < 0 || !e->v[f] || !*s->attr[f]) continue;
            if (f == LDAP_A_NAME && !*e->v[f]) continue;                 /* never an empty name */
            if (strcmp(ucell(p, u, field_col[f]), e->v[f]) != 0) {
                e->changed |= 1u << f;
                if (f == LDAP_A_DEPARTMENT || f == LDAP_A_SITE) e->moved = 1;
            }
        }
        if (db_cell(p->users, u, U_DN) && strcmp(ucell(p, u, U_DN), e->dn) != 0) e->relink = 1;
        if (strcmp(ucell(p, u, U_STATUS), "active") != 0 && db_cell_int(p->users, u, U_SYNCDIS)) e->enable = 1;
        e->action = e->changed || e->relink || e->enable ? E_UPDATE : E_UNCHANGED;
    }
    /* managers: the entry named, once it has an account */
    for (int i = 0; i < p->n; i++) {
        entry *e = &p->e[i];
        if (e->action != E_UPDATE && e->action != E_UNCHANGED) continue;
        long long want = 0;
        if (e->v[LDAP_A_MANAGER] && *e->v[LDAP_A_MANAGER]) {
            int m = smap_get(&p->entry_by_key, e->v[LDAP_A_MANAGER]);
            if (m >= 0 && p->e[m].uid) want = p->e[m].uid;
        }
        long long have = db_cell(p->users, e->user, U_MGR) ? db_cell_int(p->users, e->user, U_MGR) : 0;
        e->manager_id = want;
        if (*s->attr[LDAP_A_MANAGER] && want != have && (want || have)) {
            e->changed |= 1u << LDAP_A_MANAGER;
            e->relink = 1;
            e->action = E_UPDATE;
        }
    }
    /* gone: accounts from the directory that no entry names any more */
    p->disable = arena_alloc(p->a, sizeof *p->disable * ((size_t)nu + 1));
    for (int u = 0; u < nu; u++) {
        if (seen[u] || !db_cell(p->users, u, U_DN) || strcmp(ucell(p, u, U_STATUS), "active") != 0) continue;
        if (strcmp(ucell(p, u, U_ROLE), "admin") == 0) { add_error(p, ucell(p, u, U_DN), "administrator_kept"); continue; }
        p->disable[p->ndisable++] = db_cell_int(p->users, u, U_ID);
    }
    for (int i = 0; i < p->n; i++) {
        entry *e = &p->e[i];
        if (e->action == E_CREATE) p->rep->created++;
        else if (e->action == E_UPDATE) { p->rep->updated++; if (e->enable) p->rep->enabled++; }
        else if (e->action == E_UNCHANGED) p->rep->unchanged++;
    }
    p->rep->disabled = p->ndisable;
}

/* memberships the mapped groups give: the adds not yet there, the
 * directory's memberships no group gives any more */
static int compare_members(plan *p, db *d)
{
    db_rows *m = db_query(d, p->a, STMT_LDAP_MAPPED_MEMBERS, "");
    if (!m) return -1;
    smap have, want;
    smap_init(&have, p->a, (size_t)m->nrows);
    size_t na = json_array_size(p->adds);
    smap_init(&want, p->a, na);
    for (int i = 0; i < m->nrows; i++)
        smap_put(&have, arena_printf(p->a, "%s:%s", db_cell(m, i, 0), db_cell(m, i, 1)), i);
    json_t *adds = json_array();
    for (size_t i = 0; i < na; i++) {
        json_t *pair = json_array_get(p->adds, i);
        long long g = json_integer_value(json_array_get(pair, 0));
        int ei = (int)-json_integer_value(json_array_get(pair, 1)) - 1;
        if (p->e[ei].action == E_SKIP) continue;
        long long uid = p->e[ei].uid;
        if (uid) {
            const char *k = arena_printf(p->a, "%lld:%lld", g, uid);
            if (smap_put(&want, k, 1) != 1 || smap_get(&have, k) >= 0) continue;
        }
        json_array_append(adds, pair);
    }
    json_decref(p->adds);
    p->adds = adds;
    for (int i = 0; i < m->nrows; i++) {
        if (strcmp(db_cell(m, i, 2), "ldap") != 0) continue;
        const char *k = arena_printf(p->a, "%s:%s", db_cell(m, i, 0), db_cell(m, i, 1));
        if (smap_get(&want, k) < 0)
            json_array_append_new(p->removes, json_pack("[I,I]", (json_int_t)db_cell_int(m, i, 0),
                                                        (json_int_t)db_cell_int(m, i, 1)));
    }
    p->rep->members_added = (long long)json_array_size(p->adds);
    p->rep->members_removed = (long long)json_array_size(p->removes);
    return 0;
}

/* ---- writing ---- */
static long long exec_list(db *d, stmt s, const char *types, long long i1, const char *s1, const char *s2,
                           json_t *list)
{
    char *t = json_dumps(list, JSON_COMPACT);
    if (!t) return -1;
    long long rc;
    if (strcmp(types, "s") == 0) rc = db_exec(d, s, "s", t);
    else if (strcmp(types, "ss") == 0) rc = db_exec(d, s, "ss", s1, t);
    else rc = db_exec(d, s, "nsss", i1, s1, s2, t);
    free(t);
    return rc;
}

static json_t *str_or_null(const char *s, int on) { return on ? json_string(s) : json_null(); }

static int write_chunk_creates(db *d, plan *p, int *idx, int n, long long actor)
{
    json_t *rows = json_array(), *emails = json_array();
    for (int k = 0; k < n; k++) {
        entry *e = &p->e[idx[k]];
        json_array_append_new(rows, json_pack("[s,s,s,s,s,s,s]", e->v[LDAP_A_EMAIL], e->v[LDAP_A_NAME], "user",
                                              e->v[LDAP_A_JOB] ? e->v[LDAP_A_JOB] : "",
                                              e->v[LDAP_A_DEPARTMENT] ? e->v[LDAP_A_DEPARTMENT] : "",
                                              e->v[LDAP_A_SITE] ? e->v[LDAP_A_SITE] : "",
                                              e->v[LDAP_A_PHONE] ? e->v[LDAP_A_PHONE] : ""));
        json_array_append_new(emails, json_string(e->v[LDAP_A_EMAIL]));
    }
    int rc = -1;
    json_t *ids = json_array(), *links = json_array();
    if (exec_list(d, STMT_IMPORT_USERS_INSERT, "ss", 0, "fr", NULL, rows) < 0) goto out;
    char *t = json_dumps(emails, JSON_COMPACT);
    db_rows *q = t ? db_query(d, p->a, STMT_LDAP_IDS_BY_EMAIL, "s", t) : NULL;
    free(t);
    if (!q) goto out;
    smap m;
    smap_init(&m, p->a, (size_t)q->nrows);
    for (int i = 0; i < q->nrows; i++) smap_put(&m, db_cell(q, i, 1), i);
    for (int k = 0; k < n; k++) {
        entry *e = &p->e[idx[k]];
        int r = smap_get(&m, e->v[LDAP_A_EMAIL]);
        if (r < 0) goto out;
        e->uid = db_cell_int(q, r, 0);
        json_array_append_new(ids, json_integer(e->uid));
        json_array_append_new(links, json_pack("[I,s,n]", (json_int_t)e->uid, e->dn));
    }
    if (exec_list(d, STMT_LDAP_ACCOUNTS_UPSERT, "s", 0, NULL, NULL, links) < 0
        || exec_list(d, STMT_IMPORT_DEFAULT_GROUPS_JOIN, "s", 0, NULL, NULL, ids) < 0
        || exec_list(d, STMT_IMPORT_RULES_JOIN, "s", 0, NULL, NULL, ids) < 0
        || exec_list(d, STMT_IMPORT_QUEUE, "ss", 0, entity_names[ENTITY_PERSON], NULL, ids) < 0
        || exec_list(d, STMT_IMPORT_AUDIT_ACCOUNTS, "nsss", actor, "account.create", "ldap", ids) < 0
        || db_exec(d, STMT_IMPORT_REQUESTS_DELETE_SATISFIED, "") < 0
        || db_exec(d, STMT_IMPORT_GROUPS_RECOUNT, "") < 0)
        goto out;
    rc = 0;
out:
    json_decref(rows); json_decref(emails); json_decref(ids); json_decref(links);
    return rc;
}

static int write_chunk_updates(db *d, plan *p, int *idx, int n, long long actor)
{
    json_t *changes = json_array(), *links = json_array(), *enable = json_array(), *moved = json_array(),
           *ids = json_array();
    for (int k = 0; k < n; k++) {
        entry *e = &p->e[idx[k]];
        json_t *row = json_array();
        json_array_append_new(row, json_integer(e->uid));
        int any = 0;
        for (int f = LDAP_A_EMAIL; f <= LDAP_A_PHONE; f++) {
            int on = (e->changed >> f) & 1;
            any |= on;
            json_array_append_new(row, str_or_null(e->v[f], on));
        }
        if (any) json_array_append_new(changes, row); else json_decref(row);
        json_array_append_new(links, e->manager_id ? json_pack("[I,s,I]", (json_int_t)e->uid, e->dn, (json_int_t)e->manager_id)
                                                   : json_pack("[I,s,n]", (json_int_t)e->uid, e->dn));
        if (e->enable) json_array_append_new(enable, json_integer(e->uid));
        if (e->moved || e->enable) json_array_append_new(moved, json_integer(e->uid));
        json_array_append_new(ids, json_integer(e->uid));
    }
    int rc = -1;
    if ((json_array_size(changes) && exec_list(d, STMT_LDAP_USERS_UPDATE, "s", 0, NULL, NULL, changes) < 0)
        || (json_array_size(enable) && exec_list(d, STMT_LDAP_USERS_ENABLE, "s", 0, NULL, NULL, enable) < 0)
        || exec_list(d, STMT_LDAP_ACCOUNTS_UPSERT, "s", 0, NULL, NULL, links) < 0)
        goto out;
    if (json_array_size(moved)
        && (exec_list(d, STMT_IMPORT_RULES_JOIN, "s", 0, NULL, NULL, moved) < 0
            || exec_list(d, STMT_IMPORT_RULES_LEAVE, "s", 0, NULL, NULL, moved) < 0
            || db_exec(d, STMT_IMPORT_REQUESTS_DELETE_SATISFIED, "") < 0
            || db_exec(d, STMT_IMPORT_GROUPS_RECOUNT, "") < 0))
        goto out;
    if (exec_list(d, STMT_IMPORT_QUEUE, "ss", 0, entity_names[ENTITY_PERSON], NULL, ids) < 0
        || exec_list(d, STMT_IMPORT_AUDIT_ACCOUNTS, "nsss", actor, "account.update", "ldap", ids) < 0)
        goto out;
    if (json_array_size(enable)
        && exec_list(d, STMT_IMPORT_AUDIT_ACCOUNTS, "nsss", actor, "account.update", "status=active (ldap)", enable) < 0)
        goto out;
    rc = 0;
out:
    json_decref(changes); json_decref(links); json_decref(enable); json_decref(moved); json_decref(ids);
    return rc;
}

static int write_chunk_disables(db *d, const long long *uids, int n, long long actor)
{
    json_t *ids = json_array();
    for (int k = 0; k < n; k++) json_array_append_new(ids, json_integer(uids[k]));
    int rc = exec_list(d, STMT_IMPORT_USERS_DISABLE, "s", 0, NULL, NULL, ids) < 0
          || exec_list(d, STMT_IMPORT_SESSIONS_DELETE, "s", 0, NULL, NULL, ids) < 0
          || exec_list(d, STMT_IMPORT_PASSWORD_RESETS_DELETE, "s", 0, NULL, NULL, ids) < 0
          || exec_list(d, STMT_LDAP_ACCOUNTS_MARK_DISABLED, "s", 0, NULL, NULL, ids) < 0
          || exec_list(d, STMT_IMPORT_QUEUE, "ss", 0, entity_names[ENTITY_PERSON], NULL, ids) < 0
          || exec_list(d, STMT_IMPORT_AUDIT_ACCOUNTS, "nsss", actor, "account.update", "status=disabled (ldap)", ids) < 0
          ? -1 : 0;
    json_decref(ids);
    return rc;
}

static int in_tx(db *d, int rc)
{
    if (rc) { db_rollback(d); return -1; }
    return db_commit(d) ? -1 : 0;
}

/* the managers of the new accounts, known once they all exist */
static int link_new_managers(db *d, plan *p)
{
    json_t *links = json_array();
    int rc = 0;
    for (int i = 0; i <= p->n && !rc; i++) {
        entry *e = i < p->n ? &p->e[i] : NULL;
        if (e && e->action == E_CREATE && e->uid && e->v[LDAP_A_MANAGER] && *e->v[LDAP_A_MANAGER]) {
            int m = smap_get(&p->entry_by_key, e->v[LDAP_A_MANAGER]);
            if (m >= 0 && p->e[m].uid)
                json_array_append_new(links, json_pack("[I,s,I]", (json_int_t)e->uid, e->dn, (json_int_t)p->e[m].uid));
        }
        if (json_array_size(links) && (json_array_size(links) == LDAP_TX_ROWS || i == p->n)) {
            rc = db_begin(d) || in_tx(d, exec_list(d, STMT_LDAP_ACCOUNTS_UPSERT, "s", 0, NULL, NULL, links) < 0 ? -1 : 0)
               ? -1 : 0;
            json_array_clear(links);
        }
    }
    json_decref(links);
    return rc;
}

static int apply(db *d, plan *p, long long actor)
{
    int *idx = arena_alloc(p->a, sizeof *idx * ((size_t)p->n + 1));
    for (int pass = 0; pass < 2; pass++) {            /* the new accounts, then the changed ones */
        int want = pass == 0 ? E_CREATE : E_UPDATE, k = 0;
        if (pass == 1 && link_new_managers(d, p)) return -1;
        for (int i = 0; i <= p->n; i++) {
            if (i < p->n && p->e[i].action == want) idx[k++] = i;
            if (k && (k == LDAP_TX_ROWS || i == p->n)) {
                if (db_begin(d)) return -1;
                int rc = pass == 0 ? write_chunk_creates(d, p, idx, k, actor) : write_chunk_updates(d, p, idx, k, actor);
                if (in_tx(d, rc)) return -1;
                /* after the commit (authgen.h): the workers' cached
                 * sessions, people and memberships read again */
                for (int j = 0; j < k; j++) authgen_bump(p->e[idx[j]].uid);
                authgen_global_bump(AUTHGEN_MEMBERSHIPS);
                authgen_global_bump(AUTHGEN_GROUPS);
                k = 0;
            }
        }
    }
    for (int from = 0; from < p->ndisable; from += LDAP_TX_ROWS) {
        int n = p->ndisable - from < LDAP_TX_ROWS ? p->ndisable - from : LDAP_TX_ROWS;
        if (db_begin(d) || in_tx(d, write_chunk_disables(d, p->disable + from, n, actor))) return -1;
        for (int j = 0; j < n; j++) authgen_bump(p->disable[from + j]);     /* their sessions end now */
    }
    /* memberships: placeholders of new accounts replaced by their ids */
    for (size_t i = 0; i < json_array_size(p->adds); i++) {
        json_t *pair = json_array_get(p->adds, i);
        long long u = json_integer_value(json_array_get(pair, 1));
        if (u < 0) json_array_set_new(pair, 1, json_integer(p->e[-u - 1].uid));
    }
    json_t *lists[2] = { p->adds, p->removes };
    for (int l = 0; l < 2; l++) {
        size_t n = json_array_size(lists[l]);
        for (size_t from = 0; from < n; from += LDAP_TX_ROWS) {
            json_t *slice = json_array();
            for (size_t i = from; i < n && i < from + LDAP_TX_ROWS; i++) json_array_append(slice, json_array_get(lists[l], i));
            if (db_begin(d)) { json_decref(slice); return -1; }
            int rc = exec_list(d, l == 0 ? STMT_LDAP_MEMBERS_ADD : STMT_LDAP_MEMBERS_REMOVE, "s", 0, NULL, NULL, slice) < 0
                  || db_exec(d, STMT_IMPORT_REQUESTS_DELETE_SATISFIED, "") < 0
                  || db_exec(d, STMT_IMPORT_GROUPS_RECOUNT, "") < 0 ? -1 : 0;
            json_decref(slice);
            if (in_tx(d, rc)) return -1;
            authgen_global_bump(AUTHGEN_MEMBERSHIPS);
            authgen_global_bump(AUTHGEN_GROUPS);
        }
    }
    return 0;
}

/* ---- a dry run's lists ---- */
static json_t *preview_json(plan *p)
{
    json_t *create = json_array(), *update = json_array(), *enable = json_array(), *disable = json_array();
    for (int i = 0; i < p->n; i++) {
        entry *e = &p->e[i];
        if (e->action == E_CREATE && json_array_size(create) < LDAP_LIST_MAX) {
            json_array_append_new(create, json_pack("{s:s,s:s,s:s,s:s,s:s}", "dn", e->dn, "email", e->v[LDAP_A_EMAIL],
                "name", e->v[LDAP_A_NAME], "department", e->v[LDAP_A_DEPARTMENT] ? e->v[LDAP_A_DEPARTMENT] : "",
                "site", e->v[LDAP_A_SITE] ? e->v[LDAP_A_SITE] : ""));
        } else if (e->action == E_UPDATE && json_array_size(update) < LDAP_LIST_MAX) {
            json_t *ch = json_object();
            for (int f = LDAP_A_EMAIL; f <= LDAP_A_PHONE; f++)
                if ((e->changed >> f) & 1)
                    json_object_set_new(ch, ldap_attr_keys[f], json_pack("{s:s,s:s}", "from",
                                        ucell(p, e->user, field_col[f]), "to", e->v[f]));
            if ((e->changed >> LDAP_A_MANAGER) & 1)
                json_object_set_new(ch, "manager", e->manager_id ? json_integer(e->manager_id) : json_null());
            json_array_append_new(update, json_pack("{s:I,s:s,s:s,s:o,s:b,s:b}", "id", (json_int_t)e->uid, "dn", e->dn,
                "email", ucell(p, e->user, U_EMAIL), "changes", ch, "enable", e->enable,
                "link", e->relink && !((e->changed >> LDAP_A_MANAGER) & 1)));
            if (e->enable && json_array_size(enable) < LDAP_LIST_MAX)
                json_array_append_new(enable, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)e->uid,
                                      "email", ucell(p, e->user, U_EMAIL), "name", ucell(p, e->user, U_NAME)));
        }
    }
    for (int i = 0; i < p->users->nrows && (int)json_array_size(disable) < LDAP_LIST_MAX; i++) {
        long long id = db_cell_int(p->users, i, U_ID);
        for (int k = 0; k < p->ndisable; k++)
            if (p->disable[k] == id) {
                json_array_append_new(disable, json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)id,
                    "email", ucell(p, i, U_EMAIL), "name", ucell(p, i, U_NAME), "dn", ucell(p, i, U_DN)));
                break;
            }
    }
    return json_pack("{s:o,s:o,s:o,s:o}", "create", create, "update", update, "enable", enable, "disable", disable);
}

int ldap_sync_run(db *d, arena *a, const unsigned char *secret, int dry_run, int force, long long actor,
                  ldap_report *rep)
{
    memset(rep, 0, sizeof *rep);
    rep->errors = json_array();
    ldap_settings s;
    if (ldap_settings_load(d, a, secret, &s)) { snprintf(rep->message, sizeof rep->message, "database: %s", db_error(d)); return -1; }
    if (!*s.uri || !*s.base_dn) { snprintf(rep->message, sizeof rep->message, "the directory is not set up (address and base DN)"); return -1; }
    if (s.bind_password_set && !*s.bind_password) {
        snprintf(rep->message, sizeof rep->message, "the bind password cannot be read (the platform secret changed?): set it again");
        return -1;
    }
    LDAP *ld = NULL;
    char err[600];
    ldap_outcome o = ldap_open_bound(&s, s.bind_dn, s.bind_password, &ld, err, sizeof err);
    if (o != LDAP_OK) {
        snprintf(rep->message, sizeof rep->message, "%s: %s",
                 o == LDAP_WRONG ? "the service account's bind was refused" : o == LDAP_TLS ? "TLS failed"
                 : o == LDAP_UNREACHABLE ? "the directory cannot be reached" : "connection failed", err);
        return -1;
    }
    plan p = { .a = a, .s = &s, .rep = rep };
    smap_init(&p.entry_by_key, a, 4096);
    char *attrs[LDAP_A_COUNT + 2];
    int na = 0;
    for (int i = 0; i < LDAP_A_COUNT; i++) if (*s.attr[i]) attrs[na++] = s.attr[i];
    attrs[na++] = "cn";
    attrs[na] = NULL;
    int rc = -1;
    p.adds = json_array();
    p.removes = json_array();
    if (ldap_search_paged(ld, s.base_dn, LDAP_SCOPE_SUBTREE, s.filter, attrs, on_person, &p, err, sizeof err)) {
        snprintf(rep->message, sizeof rep->message, "reading the people: %s", err);
        goto out;
    }
    db_rows *map = db_query(d, a, STMT_LDAP_GROUP_MAP, "");
    if (!map) { snprintf(rep->message, sizeof rep->message, "database: %s", db_error(d)); goto out; }
    for (int i = 0; i < map->nrows; i++) {
        group_ctx g = { &p, db_cell_int(map, i, 2), s.group_member_attr };
        char *gattrs[] = { s.group_member_attr, NULL };
        if (ldap_search_paged(ld, db_cell(map, i, 1), LDAP_SCOPE_BASE, "(objectClass=*)", gattrs, on_group, &g,
                              err, sizeof err)) {
            /* a group gone from the directory: its memberships are kept, said */
            add_error(&p, db_cell(map, i, 1), "group_unreadable");
            rep->skipped--;
            snprintf(rep->message, sizeof rep->message, "group %s: %s", db_cell(map, i, 1), err);
            goto out;
        }
    }
    ldap_unbind_ext_s(ld, NULL, NULL);
    ld = NULL;
    p.users = db_query(d, a, STMT_LDAP_USERS, "");
    if (!p.users) { snprintf(rep->message, sizeof rep->message, "database: %s", db_error(d)); goto out; }
    compare(&p);
    if (compare_members(&p, d)) { snprintf(rep->message, sizeof rep->message, "database: %s", db_error(d)); goto out; }
    /* the safety limit, over the accounts from the directory still active */
    int synced = 0;
    for (int u = 0; u < p.users->nrows; u++)
        if (db_cell(p.users, u, U_DN) && strcmp(ucell(&p, u, U_STATUS), "active") == 0) synced++;
    if (p.ndisable && !force && (long long)p.ndisable * 100 > (long long)s.max_disable_percent * synced) {
        rep->refused = 1;
        snprintf(rep->message, sizeof rep->message,
                 "safety limit: %d of %d accounts from the directory would be disabled (more than %d %%); nothing was changed",
                 p.ndisable, synced, s.max_disable_percent);
    }
    if (dry_run) rep->preview = preview_json(&p);
    if (dry_run || rep->refused) { rc = 0; goto out; }
    if (apply(d, &p, actor)) { snprintf(rep->message, sizeof rep->message, "database: %s", db_error(d)); goto out; }
    rc = 0;
out:
    if (ld) ldap_unbind_ext_s(ld, NULL, NULL);
    json_decref(p.adds);
    json_decref(p.removes);
    return rc;
}

/* ---- the runs ---- */
static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static int run_one(db *d, arena *a, const unsigned char *secret, long long id, long long actor, int force,
                   ldap_report *rep)
{
    db_rows *lock = db_query(d, a, STMT_LDAP_LOCK, "");
    if (!lock) return -1;
    if (!lock->nrows || db_cell_int(lock, 0, 0) != 1) return 0;      /* another process runs one */
    if (db_exec(d, STMT_LDAP_RUN_START, "i", id) != 1) { db_query(d, a, STMT_LDAP_UNLOCK, ""); return 0; }
    double t0 = now_s();
    int rc = ldap_sync_run(d, a, secret, 0, force, actor, rep);
    int ms = (int)((now_s() - t0) * 1000);
    const char *status = rc ? "failed" : rep->refused ? "refused" : "done";
    char *errors = json_dumps(rep->errors, JSON_COMPACT);
    long long w = db_exec(d, STMT_LDAP_RUN_FINISH, "siiiiiiiiiissi", status, (long long)rep->entries,
        (long long)rep->created, (long long)rep->updated, (long long)rep->disabled, (long long)rep->enabled,
        (long long)rep->unchanged, (long long)rep->skipped, rep->members_added, rep->members_removed,
        (long long)ms, rep->message, errors ? errors : "[]", id);
    free(errors);
    const char *detail = arena_printf(a, "%s entries=%d created=%d updated=%d disabled=%d enabled=%d unchanged=%d skipped=%d"
        " members+%lld-%lld%s%.300s", status, rep->entries, rep->created, rep->updated, rep->disabled, rep->enabled,
        rep->unchanged, rep->skipped, rep->members_added, rep->members_removed, *rep->message ? " " : "", rep->message);
    if (w < 0 || db_exec(d, STMT_LDAP_AUDIT_RUN, "nis", actor, id, detail) < 0) {
        db_query(d, a, STMT_LDAP_UNLOCK, "");
        return -1;
    }
    db_query(d, a, STMT_LDAP_UNLOCK, "");
    if (rc) log_error("ldap sync %lld failed: %s", id, rep->message);
    else log_info("ldap sync %lld %s in %d ms: %s", id, status, ms, detail);
    return 1;
}

int ldap_sync_recover(db *d)
{
    return db_exec(d, STMT_LDAP_RUNS_ABANDONED, "") < 0 ? -1 : 0;
}

int ldap_sync_record(db *d, arena *a, const unsigned char *secret, const char *trigger, long long actor,
                     int force, ldap_report *rep)
{
    memset(rep, 0, sizeof *rep);
    if (db_exec(d, STMT_LDAP_RUN_QUEUE, "sni", trigger, actor, (long long)force) < 0) return -1;
    long long id = db_last_id(d);
    int rc = run_one(d, a, secret, id, actor, force, rep);
    if (rc == 0) snprintf(rep->message, sizeof rep->message, "another sync is running");
    /* made: failed when it says why (a refusal says why too, and is not a failure) */
    return rc == 1 && (!*rep->message || rep->refused) ? 0 : -1;
}

int ldap_sync_tick(db *d, arena *a, const unsigned char *secret)
{
    db_rows *q = db_query(d, a, STMT_LDAP_RUN_QUEUED, "");
    if (!q) return -1;
    long long id = 0, actor = 0;
    int force = 0;
    if (q->nrows) {
        id = db_cell_int(q, 0, 0);
        actor = db_cell_int(q, 0, 1);
        force = (int)db_cell_int(q, 0, 2);
    } else {
        ldap_settings s;
        if (ldap_settings_load(d, a, NULL, &s)) return -1;
        if (!s.enabled || !*s.uri) return 0;
        db_rows *since = db_query(d, a, STMT_LDAP_RUN_SINCE_LAST, "");
        if (!since) return -1;
        if (since->nrows && db_cell(since, 0, 0) && db_cell_int(since, 0, 0) < (long long)s.interval_minutes * 60)
            return 0;
        if (db_exec(d, STMT_LDAP_RUN_QUEUE, "sni", "schedule", 0LL, 0LL) < 0) return -1;
        id = db_last_id(d);
    }
    ldap_report rep;
    int rc = run_one(d, a, secret, id, actor, force, &rep);
    json_decref(rep.errors);
    json_decref(rep.preview);
    return rc;
}
