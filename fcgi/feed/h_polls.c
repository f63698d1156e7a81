/* Polls on posts (docs/polls.md): attaching one to a post, reading it,
 * voting (and changing one's vote until it closes), closing it, and the
 * CSV of its results. An anonymous poll's ballots are found only under
 * their opaque key (polls_model.h): nothing here writes who voted. */
#include "core/acl.h"
#include "core/csv_out.h"
#include "core/validate.h"
#include "core/worker.h"
#include "feed/handlers.h"
#include "feed/post_write.h"
#include "feed/posts_model.h"
#include "feed/polls_model.h"
#include "feed/timeline_cache.h"
#include "fold.h"
#include "notify.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const field_spec create_fields[] = {
    { "question", F_STRING, 1, POLL_QUESTION_MAX_CHARS, NULL },
    { "multiple", F_COUNT, 0, POLL_OPTIONS_MAX, NULL },
    { "other", F_BOOL, 0, 0, NULL },
    { "anonymous", F_BOOL, 0, 0, NULL },
    { "closes", F_STRING, 0, 40, NULL },
    { "results", F_STRING, 0, 20, "always|after_vote|after_close" },
    { NULL, 0, 0, 0, NULL },
};

static int has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f) return 1;
    return 0;
}

/* The options of a new poll: 2 to 30 texts, trimmed, none twice (the
 * comparison ignores case and accents). Their count, or -1 (answered). */
static int read_options(req *r, const char ***labels)
{
    json_t *list = json_object_get(r->body, "options");
    if (!json_is_array(list) || json_array_size(list) < POLL_OPTIONS_MIN || json_array_size(list) > POLL_OPTIONS_MAX) {
        resp_error(r, 400, "bad_request", M_POLL_OPTION_COUNT, POLL_OPTIONS_MIN, POLL_OPTIONS_MAX);
        return -1;
    }
    int n = (int)json_array_size(list);
    const char **out = arena_alloc(r->a, (size_t)n * sizeof *out);
    char **folded = arena_alloc(r->a, (size_t)n * sizeof *folded);
    for (int i = 0; i < n; i++) {
        json_t *v = json_array_get(list, (size_t)i);
        const char *s = json_is_string(v) ? trim_spaces(r->a, json_string_value(v)) : NULL;
        if (!s || has_control(s) || utf8_chars(s) > POLL_OPTION_MAX_CHARS) {
            resp_error(r, 400, "bad_request", M_POLL_OPTION_BAD, i + 1);
            return -1;
        }
        char *f = fold_text(s, strlen(s));
        if (!f) { resp_error(r, 500, "internal", M_INTERNAL); return -1; }
        folded[i] = arena_strdup(r->a, f);
        free(f);
        for (int k = 0; k < i; k++)
            if (strcmp(folded[k], folded[i]) == 0) {
                resp_error(r, 400, "bad_request", M_POLL_OPTION_DUPLICATE, i + 1);
                return -1;
            }
        out[i] = s;
    }
    json_object_del(r->body, "options");
    *labels = out;
    return n;
}

/* POST /posts/{id}/poll */
int h_post_poll_create(req *r)
{
    db_rows *q;
    post_facts f;
    if (!post_find(r, r->ids[0], &q, &f)) return 0;
    acl_verdict v = acl_poll_create(r->user, &f);
    if (v == ACL_HIDDEN) return resp_error(r, 404, "not_found", M_POST_NOT_FOUND);
    if (v != ACL_ALLOW) return acl_refuse(r, v);
    if (req_read_json(r)) return 0;
    const char **labels;
    int n = read_options(r, &labels);
    if (n < 0 || validate_body(r, create_fields)) return 0;
    const char *question = trim_spaces(r->a, body_str(r, "question"));
    if (!question) return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "question");
    long long multiple = body_int(r, "multiple", 1);
    if (multiple < 1 || multiple > n) return resp_error(r, 400, "bad_request", M_POLL_MULTIPLE_RANGE, n);
    const char *closes = NULL;
    long long tc = 0;
    int has_c = read_date_field(r, "closes", &closes, &tc);
    if (has_c < 0) return 0;
    if (has_c && tc <= (long long)time(NULL)) return resp_error(r, 400, "bad_request", M_POLL_CLOSES_PAST);
    const char *results = body_str(r, "results");
    long long post_id = db_cell_int(q, 0, 0);

    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    db_rows *exists = db_query(d, r->a, STMT_POLL_OF_POST, "i", post_id);
    if (!exists) { db_rollback(d); return resp_db_error(r); }
    if (exists->nrows) { db_rollback(d); return resp_error(r, 409, "conflict", M_POLL_EXISTS); }
    int failed = db_exec(d, STMT_POLL_INSERT, "isiiiss", post_id, question, multiple,
                         (long long)body_bool(r, "other", 0), (long long)body_bool(r, "anonymous", 0),
                         results ? results : "always", closes) < 0;
    long long id = failed ? 0 : db_last_id(d);
    for (int i = 0; !failed && i < n; i++)
        failed = db_exec(d, STMT_POLL_OPTION_INSERT, "iis", id, (long long)i, labels[i]) < 0;
    if (failed) {
        /* a second poll for the same post at the same moment: the unique key */
        int dup = db_errno(d) == DB_ER_DUP_ENTRY;
        db_rollback(d);
        return dup ? resp_error(r, 409, "conflict", M_POLL_EXISTS) : resp_db_error(r);
    }
    if (db_commit(d)) return resp_db_error(r);
    /* the feeds' kept posts carry the poll's id: they load it again */
    timeline_changed(f.news ? 0 : f.group.id);
    json_t *o = poll_json(r, id, &f, 1);
    return o ? resp_json(r, 201, o) : resp_db_error(r);
}

/* The poll of a route's {id} with its post, for the asker: 1 found;
 * otherwise answered (404, 503) and 0. */
static int poll_find(req *r, long long id, db_rows **poll, post_facts *f)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_POLL_BY_ID, "i", id);
    if (!q) { resp_db_error(r); return 0; }
    db_rows *post;
    int found = q->nrows ? post_load(r, db_cell_int(q, 0, POLL_COL_POST), &post, f) : 0;
    if (found < 0) { resp_db_error(r); return 0; }
    if (!found) { resp_error(r, 404, "not_found", M_POLL_NOT_FOUND); return 0; }
    *poll = q;
    return 1;
}

static int poll_refuse(req *r, acl_verdict v)
{
    if (v == ACL_HIDDEN) return resp_error(r, 404, "not_found", M_POLL_NOT_FOUND);
    if (v == ACL_CLOSED) return resp_error(r, 409, "conflict", M_POLL_CLOSED);
    return acl_refuse(r, v);
}

/* GET /polls/{id} */
int h_polls_get(req *r)
{
    db_rows *q;
    post_facts f;
    if (!poll_find(r, r->ids[0], &q, &f)) return 0;
    json_t *o = poll_json_of(r, q, &f, 1);
    return o ? resp_json(r, 200, o) : resp_db_error(r);
}

static const field_spec vote_fields[] = {
    { "other", F_STRING, 0, POLL_OTHER_MAX_CHARS, NULL },
    { NULL, 0, 0, 0, NULL },
};

/* PUT /polls/{id}/vote {"options":[indexes],"other"?}: a first vote, or a
 * change of one's vote (the counts follow), until the poll closes. */
int h_polls_vote(req *r)
{
    db_rows *q;
    post_facts f;
    if (!poll_find(r, r->ids[0], &q, &f)) return 0;
    poll_facts pf;
    long long old;
    const char *old_other;
    if (poll_facts_load(r, q, &f, &pf, &old, &old_other)) return resp_db_error(r);
    acl_verdict v = acl_poll(r->user, &pf, POA_VOTE);
    if (v == ACL_DENY) return resp_error(r, 403, "forbidden", M_POLL_NOT_PUBLISHED);
    if (v != ACL_ALLOW) return poll_refuse(r, v);

    if (req_read_json(r)) return 0;
    long long id = db_cell_int(q, 0, POLL_COL_ID), max = db_cell_int(q, 0, POLL_COL_MAX);
    db_rows *opts = db_query(worker_db(), r->a, STMT_POLL_OPTIONS, "i", id);
    if (!opts) return resp_db_error(r);
    int n = opts->nrows;
    json_t *list = json_object_get(r->body, "options");
    if (list && !json_is_array(list)) return resp_error(r, 400, "bad_request", M_POLL_VOTE_BAD_INDEX, n - 1);
    long long bits = 0;
    int count = 0;
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x) {
        long long k = json_is_integer(x) ? json_integer_value(x) : -1;
        if (k < 0 || k >= n || ((bits >> k) & 1)) return resp_error(r, 400, "bad_request", M_POLL_VOTE_BAD_INDEX, n - 1);
        bits |= 1LL << k;
        count++;
    }
    json_object_del(r->body, "options");
    if (validate_body(r, vote_fields)) return 0;
    const char *other = body_str(r, "other");
    other = other ? trim_spaces(r->a, other) : NULL;
    if (other && !db_cell_int(q, 0, POLL_COL_OTHER)) return resp_error(r, 400, "bad_request", M_POLL_NO_OTHER);
    if (other) count++;
    if (count == 0) return resp_error(r, 400, "bad_request", M_POLL_VOTE_EMPTY);
    if (count > max) return resp_error(r, 400, "bad_request", M_POLL_VOTE_TOO_MANY, (int)max);

    unsigned char key[32];
    poll_ballot_key(id, r->user->id, key);
    int anonymous = db_cell_int(q, 0, POLL_COL_ANONYMOUS) != 0;
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    /* the poll's row first: votes of one poll, and its closing, in turn */
    db_rows *now = db_query(d, r->a, STMT_POLL_BY_ID_FOR_UPDATE, "i", id);
    db_rows *b = now ? db_query(d, r->a, STMT_POLL_BALLOT_GET, "ib", id, (const void *)key, sizeof key) : NULL;
    if (!b) { db_rollback(d); return resp_db_error(r); }
    if (now->nrows == 0 || db_cell_int(now, 0, POLL_COL_CLOSED)) {
        db_rollback(d);
        return resp_error(r, 409, "conflict", M_POLL_CLOSED);
    }
    int first = b->nrows == 0;
    long long before = first ? 0 : db_cell_int(b, 0, 0);
    int had_other = !first && db_cell(b, 0, 1) != NULL;
    int failed =
        (first ? db_exec(d, STMT_POLL_BALLOT_INSERT, "ibnis", id, (const void *)key, sizeof key,
                         anonymous ? 0LL : r->user->id, bits, other) < 0
               : db_exec(d, STMT_POLL_BALLOT_UPDATE, "isib", bits, other, id, (const void *)key, sizeof key) < 0)
        || db_exec(d, STMT_POLL_OPTIONS_RECOUNT, "iii", bits, before, id) < 0
        || db_exec(d, STMT_POLL_TOTALS_UPDATE, "iiii", (long long)first, (long long)(other != NULL),
                   (long long)had_other, id) < 0
        /* the live message says which poll changed, never who voted */
        || notify_add(d, NOTIFY_POLL, id, 0, 0, NULL);
    if (failed) { db_rollback(d); return resp_db_error(r); }
    if (db_commit(d)) return resp_db_error(r);
    notify_poke(&W.cfg);
    json_t *o = poll_json(r, id, &f, 0);
    return o ? resp_json(r, 200, o) : resp_db_error(r);
}

/* POST /polls/{id}/close */
int h_polls_close(req *r)
{
    db_rows *q;
    post_facts f;
    if (!poll_find(r, r->ids[0], &q, &f)) return 0;
    poll_facts pf;
    long long mine;
    const char *other;
    if (poll_facts_load(r, q, &f, &pf, &mine, &other)) return resp_db_error(r);
    acl_verdict v = acl_poll(r->user, &pf, POA_CLOSE);
    if (v == ACL_CLOSED) return resp_error(r, 409, "conflict", M_POLL_ALREADY_CLOSED);
    if (v != ACL_ALLOW) return poll_refuse(r, v);
    long long id = db_cell_int(q, 0, POLL_COL_ID);
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    if (db_exec(d, STMT_POLL_CLOSE, "i", id) < 0 || notify_add(d, NOTIFY_POLL, id, 0, 0, NULL)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (db_commit(d)) return resp_db_error(r);
    notify_poke(&W.cfg);
    json_t *o = poll_json(r, id, &f, 1);
    return o ? resp_json(r, 200, o) : resp_db_error(r);
}

/* GET /polls/{id}/results?format=csv: the author and moderators. A named
 * poll: one line per voter with a column per option; an anonymous one:
 * one line per option with its count (and the free answers, without
 * anything of their voters). */
int h_polls_results(req *r)
{
    db_rows *q;
    post_facts f;
    if (!poll_find(r, r->ids[0], &q, &f)) return 0;
    const char *format = req_query(r, "format");
    if (format && strcmp(format, "csv") && strcmp(format, "json"))
        return resp_error(r, 400, "bad_request", M_BAD_FIELD, "format");
    poll_facts pf;
    long long mine;
    const char *my_other;
    if (poll_facts_load(r, q, &f, &pf, &mine, &my_other)) return resp_db_error(r);
    acl_verdict v = acl_poll(r->user, &pf, POA_EXPORT);
    if (v != ACL_ALLOW) return poll_refuse(r, v);
    long long id = db_cell_int(q, 0, POLL_COL_ID), voters = db_cell_int(q, 0, POLL_COL_VOTERS);
    if (!format || strcmp(format, "json") == 0) {
        json_t *o = poll_json_of(r, q, &f, 1);
        return o ? resp_json(r, 200, o) : resp_db_error(r);
    }
    db *d = worker_db();
    db_rows *opts = db_query(d, r->a, STMT_POLL_OPTIONS, "i", id);
    db_rows *named = opts && !pf.anonymous ? db_query(d, r->a, STMT_POLL_NAMED_BALLOTS, "i", id) : NULL;
    db_rows *others = opts && db_cell_int(q, 0, POLL_COL_OTHER) ? db_query(d, r->a, STMT_POLL_OTHER_ANSWERS, "i", id) : NULL;
    if (!opts || (!pf.anonymous && !named) || (db_cell_int(q, 0, POLL_COL_OTHER) && !others)) return resp_db_error(r);
    int other_col = db_cell_int(q, 0, POLL_COL_OTHER) != 0;
    resp_header(r, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"sondage-%lld.csv\"", id));
    r->status = 200;
    resp_stream_csv(r);
    if (pf.anonymous) {
        csv_line(r, 3, (const char *const[]){ "option", "votes", "percent" });
        for (int i = 0; i < opts->nrows; i++) {
            long long n = db_cell_int(opts, i, 2);
            csv_line(r, 3, (const char *const[]){ db_cell(opts, i, 1), arena_printf(r->a, "%lld", n),
                                                  arena_printf(r->a, "%lld", voters ? (n * 100 + voters / 2) / voters : 0) });
        }
        if (other_col) {
            long long n = db_cell_int(q, 0, POLL_COL_OTHER_COUNT);
            csv_line(r, 3, (const char *const[]){ "Autre / Other", arena_printf(r->a, "%lld", n),
                                                  arena_printf(r->a, "%lld", voters ? (n * 100 + voters / 2) / voters : 0) });
            for (int i = 0; i < others->nrows; i++)
                csv_line(r, 3, (const char *const[]){ arena_printf(r->a, "Autre : %s", db_cell(others, i, 0)), "", "" });
        }
        csv_line(r, 3, (const char *const[]){ "voters", arena_printf(r->a, "%lld", voters), "" });
        return 0;
    }
    /* named: name, e-mail, one column per option ("x" when chosen), other */
    csv_field(r, "name");
    csv_comma(r);
    csv_field(r, "email");
    for (int i = 0; i < opts->nrows; i++) { csv_comma(r); csv_field(r, db_cell(opts, i, 1)); }
    if (other_col) { csv_comma(r); csv_field(r, "Autre / Other"); }
    csv_end_line(r);
    for (int k = 0; k < named->nrows; k++) {
        long long bits = db_cell_int(named, k, 3);
        csv_field(r, db_cell(named, k, 1));
        csv_comma(r);
        csv_field(r, db_cell(named, k, 2));
        for (int i = 0; i < opts->nrows; i++) { csv_comma(r); csv_field(r, (bits >> i) & 1 ? "x" : ""); }
        if (other_col) { csv_comma(r); csv_field(r, db_cell(named, k, 4)); }
        csv_end_line(r);
    }
    return 0;
}
