#include "feed/polls_model.h"
#include "core/worker.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

void poll_ballot_key(long long poll_id, long long user_id, unsigned char key[32])
{
    static unsigned char poll_key[32];
    static int ready;
    if (!ready) {
        static const char label[] = "parvis/polls/ballot-key/v1";
        crypto_auth_hmacsha256(poll_key, (const unsigned char *)label, sizeof label - 1, W.secret);
        ready = 1;
    }
    unsigned char msg[16];
    for (int i = 0; i < 8; i++) {
        msg[i] = (unsigned char)((unsigned long long)poll_id >> (56 - 8 * i));
        msg[8 + i] = (unsigned char)((unsigned long long)user_id >> (56 - 8 * i));
    }
    crypto_auth_hmacsha256(key, msg, sizeof msg, poll_key);
}

static poll_results_rule results_rule(const char *s)
{
    if (s && strcmp(s, "after_vote") == 0) return POLL_RESULTS_AFTER_VOTE;
    if (s && strcmp(s, "after_close") == 0) return POLL_RESULTS_AFTER_CLOSE;
    return POLL_RESULTS_ALWAYS;
}

int poll_facts_load(req *r, const db_rows *poll, const post_facts *post, poll_facts *f,
                    long long *my_choices, const char **my_other)
{
    memset(f, 0, sizeof *f);
    f->post = *post;
    f->anonymous = db_cell_int(poll, 0, POLL_COL_ANONYMOUS) != 0;
    f->results = results_rule(db_cell(poll, 0, POLL_COL_RESULTS));
    f->closed = db_cell_int(poll, 0, POLL_COL_CLOSED) != 0;
    unsigned char key[32];
    poll_ballot_key(db_cell_int(poll, 0, POLL_COL_ID), r->user->id, key);
    db_rows *b = db_query(worker_db(), r->a, STMT_POLL_BALLOT_GET, "ib", db_cell_int(poll, 0, POLL_COL_ID),
                          (const void *)key, sizeof key);
    if (!b) return -1;
    f->voted = b->nrows > 0;
    *my_choices = f->voted ? db_cell_int(b, 0, 0) : -1;
    *my_other = f->voted ? db_cell(b, 0, 1) : NULL;
    return 0;
}

static json_t *choices_json(long long bits, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        if ((bits >> i) & 1) json_array_append_new(a, json_integer(i));
    return a;
}

static int percent(long long part, long long whole)
{
    return whole > 0 ? (int)((part * 100 + whole / 2) / whole) : 0;
}

json_t *poll_json_of(req *r, const db_rows *q, const post_facts *post, int detail)
{
    poll_facts f;
    long long mine;
    const char *my_other;
    if (poll_facts_load(r, q, post, &f, &mine, &my_other)) return NULL;
    long long id = db_cell_int(q, 0, POLL_COL_ID);
    db_rows *opts = db_query(worker_db(), r->a, STMT_POLL_OPTIONS, "i", id);
    if (!opts) return NULL;
    int see = acl_poll(r->user, &f, POA_RESULTS) == ACL_ALLOW;
    long long voters = db_cell_int(q, 0, POLL_COL_VOTERS);
    json_t *options = json_array();
    for (int i = 0; i < opts->nrows; i++) {
        json_t *o = json_pack("{s:I,s:s}", "index", (json_int_t)db_cell_int(opts, i, 0), "label", db_cell(opts, i, 1));
        if (see) {
            json_object_set_new(o, "votes", json_integer(db_cell_int(opts, i, 2)));
            json_object_set_new(o, "percent", json_integer(percent(db_cell_int(opts, i, 2), voters)));
        }
        json_array_append_new(options, o);
    }
    int other_allowed = db_cell_int(q, 0, POLL_COL_OTHER) != 0;
    json_t *can = json_object();
    for (poll_action a = POA_VOTE; a < POA_COUNT; a++)
        json_object_set_new(can, acl_poll_action_name(a), json_boolean(acl_poll(r->user, &f, a) == ACL_ALLOW));
    const char *closes = db_cell(q, 0, POLL_COL_CLOSES), *closed_at = db_cell(q, 0, POLL_COL_CLOSED_AT);
    static const char *const rules[] = { "always", "after_vote", "after_close" };
    json_t *o = json_pack("{s:I,s:I,s:s,s:o,s:I,s:b,s:b,s:s,s:o,s:o,s:b,s:b,s:o}",
        "id", (json_int_t)id, "post_id", (json_int_t)db_cell_int(q, 0, POLL_COL_POST),
        "question", db_cell(q, 0, POLL_COL_QUESTION), "options", options,
        "multiple", (json_int_t)db_cell_int(q, 0, POLL_COL_MAX), "other_allowed", other_allowed,
        "anonymous", f.anonymous, "results", rules[f.results],
        "closes", closes ? json_string(closes) : json_null(), "closed_at", closed_at ? json_string(closed_at) : json_null(),
        "closed", f.closed, "results_visible", see, "can", can);
    if (!o) return NULL;
    if (see) {
        json_object_set_new(o, "voters", json_integer(voters));
        if (other_allowed) {
            long long n = db_cell_int(q, 0, POLL_COL_OTHER_COUNT);
            json_object_set_new(o, "other_votes", json_integer(n));
            json_object_set_new(o, "other_percent", json_integer(percent(n, voters)));
        }
    }
    json_object_set_new(o, "my_vote", f.voted
        ? json_pack("{s:o,s:o}", "options", choices_json(mine, opts->nrows), "other", my_other ? json_string(my_other) : json_null())
        : json_null());
    if (acl_poll(r->user, &f, POA_EXPORT) == ACL_ALLOW)
        json_object_set_new(o, "export_url", json_string(arena_printf(r->a, "/api/v1/polls/%lld/results?format=csv", id)));
    if (!detail) return o;
    if (see && other_allowed) {
        db_rows *others = db_query(worker_db(), r->a, STMT_POLL_OTHER_ANSWERS, "i", id);
        if (!others) { json_decref(o); return NULL; }
        json_t *list = json_array();
        for (int i = 0; i < others->nrows; i++) json_array_append_new(list, json_string(db_cell(others, i, 0)));
        json_object_set_new(o, "other_answers", list);
    }
    if (acl_poll(r->user, &f, POA_VOTERS) == ACL_ALLOW) {
        db_rows *v = db_query(worker_db(), r->a, STMT_POLL_NAMED_BALLOTS, "i", id);
        if (!v) { json_decref(o); return NULL; }
        json_t *list = json_array();
        for (int i = 0; i < v->nrows; i++)
            json_array_append_new(list, json_pack("{s:{s:I,s:s},s:o,s:o}",
                "user", "id", (json_int_t)db_cell_int(v, i, 0), "display_name", db_cell(v, i, 1),
                "options", choices_json(db_cell_int(v, i, 3), opts->nrows),
                "other", db_cell(v, i, 4) ? json_string(db_cell(v, i, 4)) : json_null()));
        json_object_set_new(o, "ballots", list);
    }
    return o;
}

json_t *poll_json(req *r, long long poll_id, const post_facts *post, int detail)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_POLL_BY_ID, "i", poll_id);
    if (!q) return NULL;
    if (q->nrows == 0) return json_null();
    return poll_json_of(r, q, post, detail);
}
