/* POST /imports/people (docs/imports.md): administrators import people
 * from a CSV file. With ?dry_run=1 the answer is the preview, line by
 * line (create, update, unchanged, error) and the accounts that
 * ?disable_missing=1 would disable; without it the same plan is applied
 * in one transaction, all of it or nothing (a line in error: 422 and
 * nothing written).
 *
 * The plan reads every account and the groups once and compares in
 * memory; applying writes set-based statements (JSON_TABLE lists), so
 * that 5,000 lines are a few dozen statements, not 5,000 round trips.
 * New accounts get an invitation (its link mailed by parvis-notifier,
 * notifier/invitation.c) with which they choose their password. */
#include "accounts/handlers.h"
#include "core/acl.h"
#include "core/csv_out.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "csv_read.h"
#include "fold.h"
#include "groups/group_cache.h"
#include "groups/member_cache.h"
#include "index_terms.h"
#include "log.h"
#include "notify.h"
#include "outbox.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT_MAX_BYTES (10 * 1024 * 1024)     /* nginx: client_max_body_size 11m on this location */
#define IMPORT_MAX_LINES 20000
#define IMPORT_INVITATION_SECONDS (14 * 24 * 3600)
#define GROUP_SEPARATOR '|'

enum { C_EMAIL, C_NAME, C_JOB, C_DEPT, C_SITE, C_PHONE, C_ROLE, C_GROUPS, NCOLS };
static const char *const col_key[NCOLS] = {
    "email", "name", "job_title", "department", "site", "phone", "role", "groups",
};
static const int col_max[NCOLS] = { 254, 100, 100, 100, 100, 40, 40, 2000 };
/* the header's names, folded (fold.h) and without spaces, '-', '_', '.' */
static const char *const col_names[NCOLS][8] = {
    { "email", "courriel", "mail", "adresseemail", "adressemail", "emailaddress", NULL },
    { "name", "nom", "nomcomplet", "displayname", "fullname", "nomaffiche", NULL },
    { "jobtitle", "fonction", "poste", "title", "job", NULL },
    { "department", "service", "departement", "direction", NULL },
    { "site", "lieu", "location", NULL },
    { "phone", "telephone", "tel", "telephonenumber", NULL },
    { "role", NULL },
    { "groups", "groupes", "groupe", "group", NULL },
};

/* the columns of STMT_IMPORT_USERS */
enum { U_ID, U_EMAIL, U_NAME, U_ROLE, U_STATUS, U_JOB, U_DEPT, U_SITE, U_PHONE, U_KIND };
/* the profile columns a line may change, in the order of the statements' arrays */
static const int profile_cols[] = { C_NAME, C_ROLE, C_JOB, C_DEPT, C_SITE, C_PHONE };
static const int profile_ucols[] = { U_NAME, U_ROLE, U_JOB, U_DEPT, U_SITE, U_PHONE };
#define NPROFILE 6

typedef enum { A_ERROR, A_CREATE, A_UPDATE, A_UNCHANGED } action;
static const char *const action_names[] = { "error", "create", "update", "unchanged" };

typedef struct {
    int line;
    const char *v[NCOLS];      /* the cells, trimmed; NULL when absent or empty */
    const char *email;         /* lower-cased; NULL when not an address */
    const char *given;         /* the e-mail cell as written */
    long long *gids;           /* the groups named */
    const char **gnames;
    int ngroups;
    int user;                  /* the account's row, -1 for a new one */
    action act;
    const char *reason, *message;
    int changed[NPROFILE];     /* an existing account: which profile columns change */
    int *gnew;                 /* which groups are new to them */
    int ngnew;
} pline;

typedef struct { long long g, u; } pair;

typedef struct {
    req *r;
    int col[NCOLS];            /* the file's column of each, -1 when absent */
    int ncols;
    char sep;
    csv_encoding enc;
    pline *lines;
    int n, nerrors, counts[4];
    db_rows *users;
    json_t *by_email;          /* email -> row (borrowed keys, integer values) */
    json_t *groups;            /* folded name -> id (-1 when two groups fold the same) */
    pair *members;             /* sorted */
    size_t nmembers;
    int *disable;              /* rows of the accounts disable_missing disables */
    int ndisable;
} plan;

static void line_error(plan *p, pline *l, const char *reason, msg_id m, ...)
{
    if (l->act == A_ERROR && l->reason) return;            /* the first reason found */
    char buf[1024];
    va_list ap;
    va_start(ap, m);
    vsnprintf(buf, sizeof buf, msg_format(p->r->lang, m), ap);
    va_end(ap);
    l->act = A_ERROR;
    l->reason = reason;
    l->message = arena_strdup(p->r->a, buf);
}

/* a header cell folded, with its spaces, dashes, underscores and dots removed */
static char *header_key(arena *a, const char *cell)
{
    char *f = fold_text(cell, strlen(cell));
    if (!f) return NULL;
    char *out = arena_alloc(a, strlen(f) + 1), *o = out;
    for (const char *s = f; *s; s++)
        if (*s != ' ' && *s != '-' && *s != '_' && *s != '.' && *s != '\t') *o++ = *s;
    *o = 0;
    free(f);
    return out;
}

static char *folded(arena *a, const char *s)
{
    char *f = fold_text(s, strlen(s));
    if (!f) return NULL;
    char *t = arena_strdup(a, f);
    free(f);
    return t;
}

/* The header: 0, or the answer sent (-1). */
static int read_header(plan *p, char **f, const csv_record *rec)
{
    for (int c = 0; c < NCOLS; c++) p->col[c] = -1;
    p->ncols = rec->nfields;
    if (rec->nfields > 32) return resp_error(p->r, 400, "bad_request", M_IMPORT_UNKNOWN_COLUMN, f[32] ? f[32] : ""), -1;
    for (int i = 0; i < rec->nfields; i++) {
        const char *cell = trim_spaces(p->r->a, f[i]);
        if (!cell) {
            if (i == rec->nfields - 1 && i > 0) { p->ncols--; continue; }    /* a trailing separator */
            return resp_error(p->r, 400, "bad_request", M_IMPORT_UNKNOWN_COLUMN, ""), -1;
        }
        char *k = header_key(p->r->a, cell);
        int found = -1;
        for (int c = 0; k && c < NCOLS && found < 0; c++)
            for (int j = 0; col_names[c][j]; j++)
                if (strcmp(k, col_names[c][j]) == 0) { found = c; break; }
        if (found < 0) return resp_error(p->r, 400, "bad_request", M_IMPORT_UNKNOWN_COLUMN, cell), -1;
        if (p->col[found] >= 0) return resp_error(p->r, 400, "bad_request", M_IMPORT_DUPLICATE_COLUMN, cell), -1;
        p->col[found] = i;
    }
    if (p->col[C_EMAIL] < 0) return resp_error(p->r, 400, "bad_request", M_IMPORT_MISSING_COLUMN, "email"), -1;
    if (p->col[C_NAME] < 0)
        return resp_error(p->r, 400, "bad_request", M_IMPORT_MISSING_COLUMN, p->r->lang == LANG_EN ? "name" : "nom"), -1;
    return 0;
}

static int has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f) return 1;
    return 0;
}

static const char *canonical_role(arena *a, const char *given)
{
    char *k = header_key(a, given);
    if (!k) return NULL;
    static const char *const users[] = { "user", "utilisateur", "utilisatrice", "membre", "member", NULL };
    static const char *const admins[] = { "admin", "administrateur", "administratrice", "administrator", NULL };
    for (int i = 0; users[i]; i++) if (strcmp(k, users[i]) == 0) return "user";
    for (int i = 0; admins[i]; i++) if (strcmp(k, admins[i]) == 0) return "admin";
    return NULL;
}

/* One data record checked on its own: its cells, e-mail, role, groups. */
static void read_line(plan *p, pline *l, char **f, const csv_record *rec)
{
    arena *a = p->r->a;
    l->line = rec->line;
    l->act = A_CREATE;
    l->user = -1;
    int extra_empty = 1;
    for (int i = p->ncols; i < rec->nfields && i < 64; i++)
        if (f[i][0]) extra_empty = 0;
    if (rec->nfields < p->ncols || (rec->nfields > p->ncols && !extra_empty) || rec->nfields > 64) {
        if (rec->other_sep)
            line_error(p, l, "mixed_separators", M_IMPORT_LINE_MIXED_SEPARATORS, p->sep == ';' ? ',' : ';', p->sep);
        else
            line_error(p, l, "field_count", M_IMPORT_LINE_FIELD_COUNT, rec->nfields, p->ncols);
        /* the e-mail still named in the preview when it can be read */
        if (p->col[C_EMAIL] < rec->nfields && p->col[C_EMAIL] < 64) {
            const char *e = trim_spaces(a, f[p->col[C_EMAIL]]);
            l->given = e;
            l->email = e ? email_normalize(a, e) : NULL;
        }
        return;
    }
    for (int c = 0; c < NCOLS; c++) {
        if (p->col[c] < 0) continue;
        const char *v = trim_spaces(a, f[p->col[c]]);
        if (!v) continue;
        if (utf8_chars(v) > col_max[c]) {
            line_error(p, l, "too_long", M_IMPORT_LINE_TOO_LONG, col_key[c], col_max[c]);
            return;
        }
        if (has_control(v)) {
            line_error(p, l, "control_character", M_IMPORT_LINE_CONTROL, col_key[c]);
            return;
        }
        /* what csv_out.c neutralised for a spreadsheet ('=...) comes back as it was */
        if (v[0] == '\'' && (v[1] == '=' || v[1] == '+' || v[1] == '-' || v[1] == '@')) v++;
        l->v[c] = v;
    }
    l->given = l->v[C_EMAIL];
    l->email = l->v[C_EMAIL] ? email_normalize(a, l->v[C_EMAIL]) : NULL;
    if (!l->email) {
        line_error(p, l, "bad_email", M_IMPORT_LINE_BAD_EMAIL, l->v[C_EMAIL] ? l->v[C_EMAIL] : "");
        return;
    }
    if (!l->v[C_NAME]) { line_error(p, l, "missing_name", M_IMPORT_LINE_MISSING_NAME); return; }
    if (l->v[C_ROLE]) {
        const char *role = canonical_role(a, l->v[C_ROLE]);
        if (!role) { line_error(p, l, "unknown_role", M_IMPORT_LINE_UNKNOWN_ROLE, l->v[C_ROLE]); return; }
        l->v[C_ROLE] = role;
    }
    if (l->v[C_GROUPS]) {
        const char *s = l->v[C_GROUPS];
        int max = 1;
        for (const char *t = s; *t; t++) if (*t == GROUP_SEPARATOR) max++;
        l->gids = arena_alloc(a, sizeof *l->gids * (size_t)max);
        l->gnames = arena_alloc(a, sizeof *l->gnames * (size_t)max);
        while (*s) {
            const char *end = strchr(s, GROUP_SEPARATOR);
            size_t len = end ? (size_t)(end - s) : strlen(s);
            const char *name = trim_spaces(a, arena_strndup(a, s, len));
            s += len + (end ? 1 : 0);
            if (!name) continue;
            char *k = folded(a, name);
            json_t *id = k ? json_object_get(p->groups, k) : NULL;
            if (!id) {
                line_error(p, l, "unknown_group", M_IMPORT_LINE_UNKNOWN_GROUP, name);
                return;
            }
            if (json_integer_value(id) <= 0) {     /* a secret group named as another */
                line_error(p, l, "ambiguous_group", M_IMPORT_LINE_AMBIGUOUS_GROUP, name);
                return;
            }
            int dup = 0;
            for (int i = 0; i < l->ngroups; i++) if (l->gids[i] == json_integer_value(id)) dup = 1;
            if (dup) continue;
            l->gids[l->ngroups] = json_integer_value(id);
            l->gnames[l->ngroups++] = name;
        }
    }
}

static int pair_cmp(const void *x, const void *y)
{
    const pair *a = x, *b = y;
    if (a->g != b->g) return a->g < b->g ? -1 : 1;
    return a->u < b->u ? -1 : a->u > b->u;
}

static int is_member(const plan *p, long long g, long long u)
{
    pair k = { g, u };
    return p->nmembers && bsearch(&k, p->members, p->nmembers, sizeof k, pair_cmp) != NULL;
}

static const char *ucell(const plan *p, int row, int col) { return db_cell(p->users, row, col); }

/* Each valid line against the accounts: create, update or unchanged. */
static int compare(plan *p, int disable_missing)
{
    arena *a = p->r->a;
    db *d = worker_db();
    /* the members of the groups the file names, in one query */
    json_t *gids = json_array(), *gseen = json_object();
    for (int i = 0; i < p->n; i++)
        for (int k = 0; k < p->lines[i].ngroups; k++) {
            char key[24];
            snprintf(key, sizeof key, "%lld", p->lines[i].gids[k]);
            if (!json_object_get(gseen, key)) {
                json_object_set_new(gseen, key, json_true());
                json_array_append_new(gids, json_integer(p->lines[i].gids[k]));
            }
        }
    json_decref(gseen);
    if (json_array_size(gids)) {
        char *t = json_dumps(gids, JSON_COMPACT);
        db_rows *m = t ? db_query(d, a, STMT_IMPORT_MEMBERS_OF_GROUPS, "s", t) : NULL;
        free(t);
        if (!m) { json_decref(gids); return -1; }
        p->members = arena_alloc(a, sizeof *p->members * (size_t)(m->nrows + 1));
        for (int i = 0; i < m->nrows; i++) {
            p->members[i].g = db_cell_int(m, i, 0);
            p->members[i].u = db_cell_int(m, i, 1);
        }
        p->nmembers = (size_t)m->nrows;
        qsort(p->members, p->nmembers, sizeof *p->members, pair_cmp);
    }
    json_decref(gids);

    for (int i = 0; i < p->n; i++) {
        pline *l = &p->lines[i];
        if (l->act == A_ERROR) continue;
        json_t *row = json_object_get(p->by_email, l->email);
        if (!row) continue;                                   /* A_CREATE */
        l->user = (int)json_integer_value(row);
        long long uid = db_cell_int(p->users, l->user, U_ID);
        int any = 0;
        for (int k = 0; k < NPROFILE; k++) {
            const char *v = l->v[profile_cols[k]];
            if (v && strcmp(v, ucell(p, l->user, profile_ucols[k]) ? ucell(p, l->user, profile_ucols[k]) : "") != 0) {
                l->changed[k] = 1;
                any = 1;
            }
        }
        if (l->changed[1] && uid == p->r->user->id && strcmp(l->v[C_ROLE], "admin") != 0) {
            line_error(p, l, "own_role", M_IMPORT_LINE_OWN_ROLE);
            continue;
        }
        l->gnew = l->ngroups ? arena_alloc(a, sizeof *l->gnew * (size_t)l->ngroups) : NULL;
        for (int k = 0; k < l->ngroups; k++)
            if (!is_member(p, l->gids[k], uid)) { l->gnew[l->ngnew++] = k; any = 1; }
        l->act = any ? A_UPDATE : A_UNCHANGED;
    }
    /* accounts the file does not name: disabled with disable_missing
     * (never the importing administrator: the last one stays too; never
     * an external guest, whom a staff file does not list: docs/guests.md) */
    if (disable_missing) {
        json_t *named = json_object();
        for (int i = 0; i < p->n; i++)
            if (p->lines[i].email) json_object_set_new(named, p->lines[i].email, json_true());
        p->disable = arena_alloc(a, sizeof *p->disable * (size_t)(p->users->nrows + 1));
        for (int u = 0; u < p->users->nrows; u++)
            if (strcmp(ucell(p, u, U_STATUS), "active") == 0 && strcmp(ucell(p, u, U_KIND), "staff") == 0
                && db_cell_int(p->users, u, U_ID) != p->r->user->id
                && !json_object_get(named, ucell(p, u, U_EMAIL)))
                p->disable[p->ndisable++] = u;
        json_decref(named);
    }
    for (int i = 0; i < p->n; i++) {
        p->counts[p->lines[i].act]++;
        if (p->lines[i].act == A_ERROR) p->nerrors++;
    }
    return 0;
}

/* The duplicates of the file: both lines in error, each naming the other. */
static void find_duplicates(plan *p)
{
    json_t *first = json_object();
    for (int i = 0; i < p->n; i++) {
        pline *l = &p->lines[i];
        if (!l->email) continue;
        json_t *f = json_object_get(first, l->email);
        if (!f) { json_object_set_new(first, l->email, json_integer(i)); continue; }
        pline *o = &p->lines[json_integer_value(f)];
        line_error(p, o, "duplicate", M_IMPORT_LINE_DUPLICATE, l->email, l->line);
        line_error(p, l, "duplicate", M_IMPORT_LINE_DUPLICATE, l->email, o->line);
    }
    json_decref(first);
}

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

/* The answer's body: the counts, the errors, the lines, the accounts disabled. */
static json_t *plan_json(plan *p)
{
    json_t *errors = json_array(), *lines = json_array(), *disabled = json_array();
    for (int i = 0; i < p->n; i++) {
        pline *l = &p->lines[i];
        json_t *o = json_pack("{s:i,s:o,s:s}", "line", l->line, "email", str_or_null(l->email ? l->email : l->given),
                              "action", action_names[l->act]);
        if (l->act == A_ERROR) {
            json_object_set_new(o, "reason", json_string(l->reason));
            json_object_set_new(o, "message", json_string(l->message));
            json_array_append_new(errors, json_pack("{s:i,s:s,s:s,s:o}", "line", l->line, "reason", l->reason,
                                                    "message", l->message, "email", str_or_null(l->email ? l->email : l->given)));
        } else {
            json_object_set_new(o, "name", json_string(l->v[C_NAME]));
            json_t *changes = json_object();
            for (int k = 0; k < NPROFILE; k++) {
                int c = profile_cols[k];
                if (l->act == A_CREATE && l->v[c])
                    json_object_set_new(changes, col_key[c], json_pack("{s:n,s:s}", "from", "to", l->v[c]));
                else if (l->changed[k])
                    json_object_set_new(changes, col_key[c], json_pack("{s:s,s:s}", "from", ucell(p, l->user, profile_ucols[k]),
                                                                       "to", l->v[c]));
            }
            json_t *groups = json_array();
            if (l->act == A_CREATE)
                for (int k = 0; k < l->ngroups; k++) json_array_append_new(groups, json_string(l->gnames[k]));
            else
                for (int k = 0; k < l->ngnew; k++) json_array_append_new(groups, json_string(l->gnames[l->gnew[k]]));
            json_object_set_new(o, "changes", changes);
            json_object_set_new(o, "groups_added", groups);
            if (l->user >= 0 && strcmp(ucell(p, l->user, U_STATUS), "active") != 0)
                json_object_set_new(o, "disabled", json_true());
        }
        json_array_append_new(lines, o);
    }
    for (int i = 0; i < p->ndisable; i++) {
        int u = p->disable[i];
        json_array_append_new(disabled, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)db_cell_int(p->users, u, U_ID),
                                                  "email", ucell(p, u, U_EMAIL), "display_name", ucell(p, u, U_NAME)));
    }
    return json_pack("{s:i,s:i,s:i,s:i,s:o,s:o,s:o,s:s,s:s}",
        "create", p->counts[A_CREATE], "update", p->counts[A_UPDATE], "unchanged", p->counts[A_UNCHANGED],
        "disable", p->ndisable, "errors", errors, "lines", lines, "disabled", disabled,
        "encoding", p->enc == CSV_CP1252 ? "windows-1252" : "utf-8",
        "separator", p->sep == ';' ? ";" : ",");
}

/* Runs a statement whose last parameter is a JSON list, after up to two
 * ids or texts (types: "s", "is", "iis", "ss", "isss"), in slices of
 * IMPORT_BATCH items: each statement stays far below the workers' 5 s
 * limit on a database read (main.c) even for 20,000 lines. The rows
 * affected, or -1. */
#define IMPORT_BATCH 2000
static long long exec_ids(db *d, stmt s, const char *types, long long i1, long long i2, const char *s1,
                          const char *s2, json_t *list)
{
    size_t n = json_array_size(list);
    long long total = 0;
    for (size_t from = 0; from < n; from += IMPORT_BATCH) {
        json_t *slice = json_array();
        for (size_t i = from; i < n && i < from + IMPORT_BATCH; i++) json_array_append(slice, json_array_get(list, i));
        char *t = json_dumps(slice, JSON_COMPACT);
        json_decref(slice);
        if (!t) return -1;
        long long rc;
        if (strcmp(types, "s") == 0) rc = db_exec(d, s, "s", t);
        else if (strcmp(types, "is") == 0) rc = db_exec(d, s, "is", i1, t);
        else if (strcmp(types, "iis") == 0) rc = db_exec(d, s, "iis", i1, i2, t);
        else if (strcmp(types, "ss") == 0) rc = db_exec(d, s, "ss", s1, t);
        else rc = db_exec(d, s, "isss", i1, s1, s2, t);
        free(t);
        if (rc < 0) return -1;
        total += rc;
    }
    return total;
}

static int exec_json(db *d, stmt s, json_t *list)
{
    return exec_ids(d, s, "s", 0, 0, NULL, NULL, list) < 0 ? -1 : 0;
}

static const char *empty(const char *s) { return s ? s : ""; }

/* Writes the plan; inside the caller's transaction. 0, -1 (database
 * error) or 1 (an account appeared meanwhile: a conflict). */
static int apply(plan *p)
{
    db *d = worker_db();
    long long me = p->r->user->id;
    json_t *rows = json_array(), *member_pairs = json_array();
    for (int i = 0; i < p->n; i++) {
        pline *l = &p->lines[i];
        if (l->act != A_CREATE) continue;
        json_array_append_new(rows, json_pack("[s,s,s,s,s,s,s]", l->email, l->v[C_NAME],
            l->v[C_ROLE] ? l->v[C_ROLE] : "user", empty(l->v[C_JOB]), empty(l->v[C_DEPT]),
            empty(l->v[C_SITE]), empty(l->v[C_PHONE])));
    }
    json_t *created = json_array(), *updated = json_array(), *disabled = json_array();
    int rc = -1, rule_changes = 0;
    if (json_array_size(rows)) {
        long long n = exec_ids(d, STMT_IMPORT_USERS_INSERT, "ss", 0, 0, p->r->user->locale, NULL, rows);
        if (n < 0) { rc = db_errno(d) == DB_ER_DUP_ENTRY ? 1 : -1; goto out; }
        /* their ids: every account read again, once */
        db_rows *u = db_query(d, p->r->a, STMT_IMPORT_USERS, "");
        if (!u) goto out;
        json_t *ids_by_email = json_object();
        for (int i = 0; i < u->nrows; i++)
            json_object_set_new(ids_by_email, db_cell(u, i, U_EMAIL), json_integer(db_cell_int(u, i, U_ID)));
        for (int i = 0; i < p->n; i++) {
            pline *l = &p->lines[i];
            if (l->act != A_CREATE) continue;
            json_t *id = json_object_get(ids_by_email, l->email);
            if (!id) { json_decref(ids_by_email); goto out; }
            json_array_append(created, id);
            for (int k = 0; k < l->ngroups; k++)
                json_array_append_new(member_pairs, json_pack("[I,O]", (json_int_t)l->gids[k], id));
        }
        json_decref(ids_by_email);
        if (exec_ids(d, STMT_IMPORT_DEFAULT_GROUPS_JOIN, "s", 0, 0, NULL, NULL, created) < 0
            || exec_ids(d, STMT_IMPORT_RULES_JOIN, "s", 0, 0, NULL, NULL, created) < 0
            || exec_ids(d, STMT_IMPORT_INVITATIONS_REVOKE_EARLIER, "s", 0, 0, NULL, NULL, created) < 0
            || exec_ids(d, STMT_IMPORT_INVITATIONS_INSERT, "iis", me, IMPORT_INVITATION_SECONDS, NULL, NULL, created) < 0
            || exec_ids(d, STMT_IMPORT_INVITATIONS_NOTIFY, "is", me, 0, NULL, NULL, created) < 0
            || exec_ids(d, STMT_IMPORT_QUEUE, "ss", 0, 0, entity_names[ENTITY_PERSON], NULL, created) < 0
            || exec_ids(d, STMT_IMPORT_AUDIT_ACCOUNTS, "isss", me, 0, "account.create", "import", created) < 0)
            goto out;
    }
    json_t *changes = json_array();
    for (int i = 0; i < p->n; i++) {
        pline *l = &p->lines[i];
        if (l->act != A_UPDATE) continue;
        long long uid = db_cell_int(p->users, l->user, U_ID);
        for (int k = 0; k < l->ngnew; k++)
            json_array_append_new(member_pairs, json_pack("[I,I]", (json_int_t)l->gids[l->gnew[k]], (json_int_t)uid));
        int any = 0;
        json_t *row = json_pack("[I]", (json_int_t)uid);
        for (int k = 0; k < NPROFILE; k++) {
            json_array_append_new(row, l->changed[k] ? json_string(l->v[profile_cols[k]]) : json_null());
            any |= l->changed[k];
        }
        if (any) {
            json_array_append_new(changes, row);
            json_array_append_new(updated, json_integer(uid));
        } else {
            json_decref(row);
        }
    }
    if (json_array_size(changes)) {
        if (exec_json(d, STMT_IMPORT_USERS_UPDATE, changes)) { json_decref(changes); goto out; }
        /* a new department or site: the rule-based groups follow (as
         * membership_sync_user does, for all of them at once) */
        json_t *moved = json_array();
        for (int i = 0; i < p->n; i++) {
            pline *l = &p->lines[i];
            if (l->act == A_UPDATE && (l->changed[3] || l->changed[4]))
                json_array_append_new(moved, json_integer(db_cell_int(p->users, l->user, U_ID)));
        }
        rule_changes = json_array_size(moved) > 0;
        if (rule_changes
            && (exec_ids(d, STMT_IMPORT_RULES_JOIN, "s", 0, 0, NULL, NULL, moved) < 0
                || exec_ids(d, STMT_IMPORT_RULES_LEAVE, "s", 0, 0, NULL, NULL, moved) < 0)) {
            json_decref(moved);
            json_decref(changes);
            goto out;
        }
        json_decref(moved);
        if (exec_ids(d, STMT_IMPORT_QUEUE, "ss", 0, 0, entity_names[ENTITY_PERSON], NULL, updated) < 0
            || exec_ids(d, STMT_IMPORT_AUDIT_ACCOUNTS, "isss", me, 0, "account.update", "import", updated) < 0) {
            json_decref(changes);
            goto out;
        }
    }
    json_decref(changes);
    if (json_array_size(member_pairs) && exec_json(d, STMT_IMPORT_MEMBERS_ADD, member_pairs)) goto out;
    for (int i = 0; i < p->ndisable; i++)
        json_array_append_new(disabled, json_integer(db_cell_int(p->users, p->disable[i], U_ID)));
    if (json_array_size(disabled)
        && (exec_ids(d, STMT_IMPORT_USERS_DISABLE, "s", 0, 0, NULL, NULL, disabled) < 0
            || exec_ids(d, STMT_IMPORT_SESSIONS_DELETE, "s", 0, 0, NULL, NULL, disabled) < 0
            || exec_ids(d, STMT_IMPORT_PASSWORD_RESETS_DELETE, "s", 0, 0, NULL, NULL, disabled) < 0
            || exec_ids(d, STMT_IMPORT_QUEUE, "ss", 0, 0, entity_names[ENTITY_PERSON], NULL, disabled) < 0
            || exec_ids(d, STMT_IMPORT_AUDIT_ACCOUNTS, "isss", me, 0, "account.update", "status=disabled (import)",
                        disabled) < 0))
        goto out;
    if ((json_array_size(created) || json_array_size(member_pairs) || rule_changes)
        && (db_exec(d, STMT_IMPORT_REQUESTS_DELETE_SATISFIED, "") < 0 || db_exec(d, STMT_IMPORT_GROUPS_RECOUNT, "") < 0))
        goto out;
    if (db_exec(d, STMT_IMPORT_AUDIT_APPLY, "iis", me, me,
                arena_printf(p->r->a, "create=%d update=%d unchanged=%d disable=%d lines=%d", p->counts[A_CREATE],
                             p->counts[A_UPDATE], p->counts[A_UNCHANGED], p->ndisable, p->n)) < 0)
        goto out;
    rc = 0;
out:
    json_decref(rows);
    json_decref(member_pairs);
    json_decref(created);
    json_decref(updated);
    json_decref(disabled);
    return rc;
}

/* "1"/"true" or "0"/"false"/absent: 0 or 1, -1 when something else. */
static int flag(req *r, const char *name)
{
    const char *v = req_query(r, name);
    if (!v || !*v || strcmp(v, "0") == 0 || strcmp(v, "false") == 0) return 0;
    if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) return 1;
    return -1;
}

static int content_type_ok(const char *ct)
{
    static const char *const ok[] = { "text/csv", "application/csv", "application/vnd.ms-excel", NULL };
    if (!ct) return 0;
    for (int i = 0; ok[i]; i++) {
        size_t n = strlen(ok[i]);
        if (strncasecmp(ct, ok[i], n) == 0 && (ct[n] == 0 || ct[n] == ';' || ct[n] == ' ')) return 1;
    }
    return 0;
}

int h_imports_people(req *r)
{
    if (!acl_can_import_people(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    int dry_run = flag(r, "dry_run"), disable_missing = flag(r, "disable_missing");
    if (dry_run < 0) return resp_error(r, 400, "bad_request", M_IMPORT_BAD_OPTION, "dry_run");
    if (disable_missing < 0) return resp_error(r, 400, "bad_request", M_IMPORT_BAD_OPTION, "disable_missing");
    if (!content_type_ok(r->content_type)) return resp_error(r, 415, "unsupported_media_type", M_IMPORT_CONTENT_TYPE);
    const char *len_s = FCGX_GetParam("CONTENT_LENGTH", r->fr->envp);
    char *end = NULL;
    long long len = len_s && *len_s ? strtoll(len_s, &end, 10) : 0;
    if (len > IMPORT_MAX_BYTES)
        return resp_error(r, 413, "too_large", M_IMPORT_TOO_LARGE, IMPORT_MAX_BYTES / (1024 * 1024));
    if (len <= 0) return resp_error(r, 400, "bad_request", M_IMPORT_EMPTY);
    char *raw = malloc((size_t)len);
    if (!raw) return resp_error(r, 500, "internal", M_INTERNAL);
    int got = FCGX_GetStr(raw, (int)len, r->fr->in);
    size_t n = 0;
    plan p = { .r = r };
    char *buf = got > 0 ? csv_decode(raw, (size_t)got, &n, &p.enc) : NULL;
    free(raw);
    if (got <= 0) { free(buf); return resp_error(r, 400, "bad_request", M_IMPORT_EMPTY); }
    if (!buf) return resp_error(r, 400, "bad_encoding", M_IMPORT_ENCODING);
    int rc = 0;
    json_t *answer = NULL;
    p.sep = csv_detect_separator(buf, n);
    csv_reader rd;
    csv_reader_init(&rd, buf, n, p.sep);
    char *f[64];
    csv_record rec;
    csv_status st;
    /* the header: the first line that is not blank */
    while ((st = csv_next(&rd, f, 64, &rec)) == CSV_RECORD && rec.blank) {}
    if (st != CSV_RECORD) { rc = resp_error(r, 400, "bad_request", M_IMPORT_EMPTY); goto done; }
    if (read_header(&p, f, &rec)) goto done;

    db *d = worker_db();
    db_rows *g = d ? db_query(d, r->a, STMT_IMPORT_GROUPS, "") : NULL;
    p.users = g ? db_query(d, r->a, STMT_IMPORT_USERS, "") : NULL;
    if (!p.users) { rc = resp_db_error(r); goto done; }
    p.groups = json_object();
    for (int i = 0; i < g->nrows; i++) {
        char *k = folded(r->a, db_cell(g, i, 1));
        if (!k) continue;
        json_object_set_new(p.groups, k, json_integer(json_object_get(p.groups, k) ? -1 : db_cell_int(g, i, 0)));
    }
    p.by_email = json_object();
    for (int i = 0; i < p.users->nrows; i++) json_object_set_new(p.by_email, db_cell(p.users, i, U_EMAIL), json_integer(i));

    int cap = 1024;
    p.lines = malloc(sizeof *p.lines * (size_t)cap);
    while (p.lines && (st = csv_next(&rd, f, 64, &rec)) != CSV_END) {
        if (st == CSV_RECORD && rec.blank) continue;
        if (p.n == IMPORT_MAX_LINES) {
            rc = resp_error(r, 413, "too_many_lines", M_IMPORT_TOO_MANY_LINES, IMPORT_MAX_LINES);
            goto done;
        }
        if (p.n == cap) {
            pline *more = realloc(p.lines, sizeof *p.lines * (size_t)(cap *= 2));
            if (!more) break;
            p.lines = more;
        }
        pline *l = &p.lines[p.n++];
        memset(l, 0, sizeof *l);
        if (st == CSV_UNTERMINATED) {
            l->line = rec.line;
            l->user = -1;
            line_error(&p, l, "unterminated_quote", M_IMPORT_LINE_UNTERMINATED);
            break;
        }
        read_line(&p, l, f, &rec);
    }
    if (!p.lines || (st != CSV_END && st != CSV_UNTERMINATED)) { rc = resp_error(r, 500, "internal", M_INTERNAL); goto done; }
    if (p.n == 0) { rc = resp_error(r, 400, "bad_request", M_IMPORT_EMPTY); goto done; }
    find_duplicates(&p);
    if (compare(&p, disable_missing)) { rc = resp_db_error(r); goto done; }
    if (dry_run) {
        answer = plan_json(&p);
        json_object_set_new(answer, "applied", json_false());
        rc = resp_json(r, 200, answer);
        goto done;
    }
    if (p.nerrors) {
        answer = plan_json(&p);
        json_object_set_new(answer, "applied", json_false());
        rc = resp_error_with(r, 422, "import_errors", "import", answer, M_IMPORT_HAS_ERRORS, p.nerrors);
        goto done;
    }
    if (db_begin(d)) { rc = resp_db_error(r); goto done; }
    int a = apply(&p);
    if (a || db_commit(d)) {
        db_rollback(d);
        rc = a == 1 ? resp_error(r, 409, "conflict", M_IMPORT_CONFLICT) : resp_db_error(r);
        goto done;
    }
    group_cache_changed();
    member_cache_changed_all();
    outbox_poke(W.cfg.indexer_socket);
    notify_poke(&W.cfg);
    log_info("import: %d lines by user=%lld: create=%d update=%d unchanged=%d disable=%d", p.n, r->user->id,
             p.counts[A_CREATE], p.counts[A_UPDATE], p.counts[A_UNCHANGED], p.ndisable);
    answer = plan_json(&p);
    json_object_set_new(answer, "applied", json_true());
    rc = resp_json(r, 200, answer);
done:
    free(p.lines);
    json_decref(p.groups);
    json_decref(p.by_email);
    free(buf);
    return rc;
}

int h_users_csv(req *r)
{
    if (!acl_can_import_people(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    db_rows *q = db_query(worker_db(), r->a, STMT_IMPORT_PEOPLE_EXPORT, "");
    if (!q) return resp_db_error(r);
    resp_header(r, "Content-Disposition", "attachment; filename=\"personnes.csv\"");
    r->status = 200;
    resp_stream_csv(r);
    csv_line(r, NCOLS, col_key);
    for (int i = 0; i < q->nrows; i++)
        csv_line(r, 8, (const char *const[]){ db_cell(q, i, 0), db_cell(q, i, 1), db_cell(q, i, 2), db_cell(q, i, 3),
                                              db_cell(q, i, 4), db_cell(q, i, 5), db_cell(q, i, 6), db_cell(q, i, 7) });
    return 0;
}
