/* « Signaler »: a person reports a post, a comment or a file of a drive
 * they may read; the reports of one content wait in one case of the
 * moderation queue (its count and reasons), which its moderators see and
 * decide on: keep (the case closes), hide (a post is withdrawn, a comment
 * hidden: only its author and moderators still see it, search no longer
 * finds it) or delete (the usual delete path). The moderators are told of
 * a report and the reporters of the decision, with the moderator's answer
 * (notifier/events.c). Who may do what: acl_report, acl_can_moderate_report. */
#include "core/acl.h"
#include "core/respond.h"
#include "core/router.h"
#include "core/validate.h"
#include "core/worker.h"
#include "drive/drive_model.h"
#include "feed/posts_model.h"
#include "feed/timeline_cache.h"
#include "groups/groups_model.h"
#include "log.h"
#include "moderation/handlers.h"
#include "notify.h"
#include "outbox.h"
#include <limits.h>
#include <string.h>

#define EXCERPT_MAX 280

/* A reported content as its reporter sees it. */
typedef struct {
    const char *type;
    long long id, group, author;
    int news;                 /* the news, or a personal drive's file */
    const char *excerpt;
} target;

/* The first characters of a text, cut on a character's boundary. */
static const char *excerpt_of(req *r, const char *s)
{
    if (!s) return "";
    size_t n = strlen(s);
    if (n <= EXCERPT_MAX) return s;
    size_t cut = EXCERPT_MAX;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
    return arena_printf(r->a, "%.*s…", (int)cut, s);
}

/* Loads the target as the asker may read it: 1, 0 (absent or not
 * readable), -1 (database). */
static int target_load(req *r, const char *type, long long id, target *t)
{
    memset(t, 0, sizeof *t);
    t->type = type;
    t->id = id;
    if (strcmp(type, "file") == 0) {
        drive_node n;
        int found = node_load(r, id, "file", 0, &n);
        if (found <= 0) return found;
        t->group = n.drive.group_id;
        t->news = t->group == 0;
        t->author = t->news ? n.drive.owner_id : n.updated_by;
        t->excerpt = excerpt_of(r, n.name);
        return 1;
    }
    long long post_id = id;
    db_rows *c = NULL;
    if (strcmp(type, "comment") == 0) {
        c = db_query(worker_db(), r->a, STMT_REPORT_COMMENT_TARGET, "i", id);
        if (!c) return -1;
        if (c->nrows == 0 || db_cell_int(c, 0, 4)) return 0;     /* gone, or hidden already */
        post_id = db_cell_int(c, 0, 1);
    }
    db_rows *p;
    post_facts f;
    int found = post_load(r, post_id, &p, &f);
    if (found <= 0) return found;
    t->news = f.news;
    t->group = f.news ? 0 : f.group.id;
    if (c) {
        t->author = db_cell_int(c, 0, 2);
        t->excerpt = excerpt_of(r, db_cell(c, 0, 3));
    } else {
        t->author = f.author_id;
        const char *title = db_cell(p, 0, 4);
        t->excerpt = excerpt_of(r, title && *title ? title : db_cell(p, 0, 5));
    }
    return 1;
}

static const field_spec report_fields[] = {
    { "target_type", F_STRING, 1, 10, "post|comment|file" },
    { "target_id", F_ID, 1, 0, NULL },
    { "reason", F_STRING, 1, 16, "spam|harassment|inappropriate|confidential|other" },
    { "comment", F_TEXT, 0, 1000, NULL },
    { NULL, 0, 0, 0, NULL },
};

/* POST /reports */
int h_reports_create(req *r)
{
    if (req_read_json(r) || validate_body(r, report_fields)) return 0;
    const char *type = body_str(r, "target_type"), *reason = body_str(r, "reason");
    const char *comment = body_str(r, "comment");
    comment = comment ? trim_spaces(r->a, comment) : NULL;
    target t;
    int found = target_load(r, type, body_int(r, "target_id", 0), &t);
    if (found < 0) return resp_db_error(r);
    acl_verdict v = acl_report(r->user, found, t.author);
    if (v == ACL_HIDDEN) return resp_error(r, 404, "not_found", M_NOT_FOUND);
    if (v != ACL_ALLOW) return resp_error(r, 403, "forbidden", M_REPORT_OWN);
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    db_rows *q = db_query(d, r->a, STMT_REPORT_CASE_OPEN_LOCK, "si", t.type, t.id);
    if (!q) { db_rollback(d); return resp_db_error(r); }
    long long case_id = q->nrows ? db_cell_int(q, 0, 0) : 0;
    if (!case_id) {
        if (db_exec(d, STMT_REPORT_CASE_INSERT, "sinns", t.type, t.id, t.group, t.author, t.excerpt) < 0) {
            db_rollback(d);
            return resp_db_error(r);
        }
        case_id = db_last_id(d);
    }
    long long added = db_exec(d, STMT_REPORT_INSERT, "iiss", case_id, r->user->id, reason, comment ? comment : "");
    if (added < 0) { db_rollback(d); return resp_db_error(r); }
    if (added == 0) { db_rollback(d); return resp_error(r, 409, "conflict", M_REPORT_TWICE); }
    long long id = db_last_id(d);
    if (db_exec(d, STMT_REPORT_CASE_COUNT, "i", case_id) < 0
        || notify_add(d, NOTIFY_REPORT, case_id, r->user->id, 0, NULL) || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    notify_poke(&W.cfg);
    return resp_json(r, 201, json_pack("{s:I,s:I}", "id", (json_int_t)id, "case_id", (json_int_t)case_id));
}

/* The asker's facts on a case's place (columns: group at gcol, its
 * moderators' count, then "personal drive"). */
static int case_facts(req *r, long long group, long long moderators, int personal, report_facts *f)
{
    memset(f, 0, sizeof *f);
    f->group_moderators = (int)moderators;
    if (group == 0 || personal) { f->news = 1; return 1; }
    int found = group_load(r, group, NULL, &f->group);
    if (found <= 0) return found;              /* the group is gone: its content too */
    return 1;
}

enum { Q_ID, Q_TYPE, Q_TID, Q_GROUP, Q_GNAME, Q_AUTHOR, Q_ANAME, Q_EXCERPT, Q_STATUS, Q_COUNT, Q_DECISION,
       Q_ANSWER, Q_CREATED, Q_UPDATED, Q_DECIDED, Q_REPORTS, Q_MODS, Q_PERSONAL, Q_WHERE };

static json_t *case_json(req *r, const db_rows *q, int i)
{
    const char *type = db_cell(q, i, Q_TYPE);
    long long where = db_cell_int(q, i, Q_WHERE);
    const char *url = NULL;
    if (db_cell(q, i, Q_WHERE))
        url = strcmp(type, "file") == 0 ? arena_printf(r->a, "/drive/dossiers/%lld", where)
                                        : arena_printf(r->a, "/publications/%lld", where);
    json_t *reports = db_cell(q, i, Q_REPORTS) ? json_loads(db_cell(q, i, Q_REPORTS), 0, NULL) : NULL;
    if (!json_is_array(reports)) { json_decref(reports); reports = json_array(); }
    json_t *reasons = json_object();
    size_t k;
    json_t *one;
    json_array_foreach(reports, k, one) {
        const char *why = json_string_value(json_object_get(one, "reason"));
        if (!why) continue;
        json_t *n = json_object_get(reasons, why);
        json_object_set_new(reasons, why, json_integer((n ? json_integer_value(n) : 0) + 1));
    }
    long long group = db_cell_int(q, i, Q_GROUP);
    return json_pack("{s:I,s:{s:s,s:I,s:s?,s:b},s:o,s:o,s:s,s:s,s:I,s:o,s:o,s:s?,s:s,s:s,s:s,s:s?}",
        "id", (json_int_t)db_cell_int(q, i, Q_ID),
        "target", "type", type, "id", (json_int_t)db_cell_int(q, i, Q_TID), "url", url, "exists", url != NULL,
        "group", group ? json_pack("{s:I,s:s?}", "id", (json_int_t)group, "name", db_cell(q, i, Q_GNAME)) : json_null(),
        "author", db_cell(q, i, Q_AUTHOR) ? json_pack("{s:I,s:s?}", "id", (json_int_t)db_cell_int(q, i, Q_AUTHOR),
                                                       "display_name", db_cell(q, i, Q_ANAME)) : json_null(),
        "excerpt", db_cell(q, i, Q_EXCERPT), "status", db_cell(q, i, Q_STATUS),
        "count", (json_int_t)db_cell_int(q, i, Q_COUNT), "reasons", reasons, "reports", reports,
        "decision", db_cell(q, i, Q_DECISION), "answer", db_cell(q, i, Q_ANSWER),
        "created_at", db_cell(q, i, Q_CREATED), "updated_at", db_cell(q, i, Q_UPDATED),
        "decided_at", db_cell(q, i, Q_DECIDED));
}

/* GET /reports?status=open|closed: the cases the asker moderates, newest
 * first. The cases are read by pages and filtered: a moderator of few
 * groups on a big platform reads more rows, never sees others'. */
int h_reports_list(req *r)
{
    int limit;
    if (req_limit(r, 20, 100, &limit)) return 0;
    const char *status = req_query(r, "status");
    if (!status || !*status) status = "open";
    if (strcmp(status, "open") && strcmp(status, "closed")) return resp_error(r, 400, "bad_request", M_BAD_FIELD, "status");
    const char *cursor = req_query(r, "cursor");
    long long before = cursor && *cursor ? parse_id(cursor) : LLONG_MAX;
    if (before <= 0) return resp_error(r, 400, "bad_request", M_BAD_CURSOR);
    json_t *items = json_array();
    long long last = 0;
    int more = 0;
    for (int pass = 0; pass < 20 && !more; pass++) {
        db_rows *q = db_query(worker_db(), r->a, STMT_REPORT_CASES_PAGE, "sii", status, before, 200LL);
        if (!q) { json_decref(items); return resp_db_error(r); }
        for (int i = 0; i < q->nrows; i++) {
            before = db_cell_int(q, i, Q_ID);
            report_facts f;
            int found = case_facts(r, db_cell_int(q, i, Q_GROUP), db_cell_int(q, i, Q_MODS),
                                   db_cell_int(q, i, Q_PERSONAL) != 0, &f);
            if (found < 0) { json_decref(items); return resp_db_error(r); }
            if (!found || acl_can_moderate_report(r->user, &f) != ACL_ALLOW) continue;
            if ((int)json_array_size(items) == limit) { more = 1; break; }
            json_array_append_new(items, case_json(r, q, i));
            last = before;
        }
        if (q->nrows < 200) break;
    }
    json_t *next = more ? json_string(arena_printf(r->a, "%lld", last)) : json_null();
    return resp_json(r, 200, json_pack("{s:o,s:o}", "items", items, "next", next));
}

/* Hides a post (withdrawn: unpublish_at now) or a comment, in the
 * caller's transaction. */
static int hide(req *r, db *d, const char *type, long long id)
{
    (void)r;
    if (strcmp(type, "post") == 0)
        return db_exec(d, STMT_REPORT_POST_HIDE, "i", id) < 0
            || db_exec(d, STMT_COMMENTS_OF_POST_QUEUE, "i", id) < 0
            || outbox_add(d, ENTITY_POST, id) ? -1 : 0;
    return db_exec(d, STMT_REPORT_COMMENT_HIDE, "i", id) < 0 || outbox_add(d, ENTITY_COMMENT, id) ? -1 : 0;
}

extern const route api_routes[];

/* The content's own DELETE route (DELETE /posts/{id}, /comments/{id},
 * /files/{id}), with its rights, transaction, index and audit: 0 once it
 * answered 204, otherwise its answer (403, 404, 409, 503) stands. */
static int delete_content(req *r, const char *type, long long id)
{
    const char *path = arena_printf(r->a, "/%ss/%lld", type, id);
    const route *rt = NULL;
    char allowed[64];
    if (route_match(api_routes, "DELETE", path, r->ids, &r->nids, &rt, allowed, sizeof allowed) != MATCH_FOUND) {
        resp_error(r, 500, "internal", M_INTERNAL);
        return -1;
    }
    rt->fn(r);
    return r->answered && r->status == 204 ? 0 : -1;
}

/* Closes the case with the decision and tells its reporters. */
static int close_case(req *r, db *d, long long id, const char *action, const char *answer)
{
    return db_exec(d, STMT_REPORT_CASE_DECIDE, "ssii", action, answer, r->user->id, id) < 0
        || db_exec(d, STMT_AUDIT_REPORT_DECISION, "iis", r->user->id, id, action) < 0
        || notify_add(d, NOTIFY_REPORT_DECIDED, id, r->user->id, 0, action) ? -1 : 0;
}

/* POST /reports/{id}/decision {"action":"keep|hide|delete","answer"} */
int h_report_decision(req *r)
{
    static const field_spec fields[] = {
        { "action", F_STRING, 1, 10, "keep|hide|delete" },
        { "answer", F_TEXT, 0, 1000, NULL },
        { NULL, 0, 0, 0, NULL },
    };
    if (req_read_json(r) || validate_body(r, fields)) return 0;
    const char *action = body_str(r, "action"), *answer = body_str(r, "answer");
    answer = answer ? trim_spaces(r->a, answer) : NULL;
    if (!answer) answer = "";
    long long id = r->ids[0];
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    db_rows *q = db_query(d, r->a, STMT_REPORT_CASE_LOCK, "i", id);
    if (!q) { db_rollback(d); return resp_db_error(r); }
    report_facts f;
    int found = q->nrows ? case_facts(r, db_cell_int(q, 0, 3), db_cell_int(q, 0, 5), db_cell_int(q, 0, 6) != 0, &f) : 0;
    if (found < 0) { db_rollback(d); return resp_db_error(r); }
    if (!found || acl_can_moderate_report(r->user, &f) != ACL_ALLOW) {
        db_rollback(d);
        return resp_error(r, 404, "not_found", M_REPORT_NOT_FOUND);
    }
    if (strcmp(db_cell(q, 0, 4), "open") != 0) { db_rollback(d); return resp_error(r, 409, "conflict", M_REPORT_DECIDED); }
    const char *type = arena_strdup(r->a, db_cell(q, 0, 1));
    long long tid = db_cell_int(q, 0, 2), group = db_cell_int(q, 0, 3);
    if (strcmp(action, "hide") == 0 && strcmp(type, "file") == 0) {
        db_rollback(d);
        return resp_error(r, 400, "bad_request", M_REPORT_HIDE_FILE);
    }
    if (strcmp(action, "delete") == 0) {
        /* the usual delete path, with its own rights, transaction and
         * answer; the case is closed once the content is gone */
        db_rollback(d);
        target t;
        int there = target_load(r, type, tid, &t);
        if (there < 0) return resp_db_error(r);
        if (!there && strcmp(type, "file") == 0) {
            /* a personal drive's file the administrator may not enter:
             * its delete route answers (404), the case stays open */
            db_rows *e = db_query(d, r->a, STMT_REPORT_FILE_EXISTS, "i", tid);
            if (!e) return resp_db_error(r);
            there = e->nrows > 0;
        }
        if (there) {
            if (delete_content(r, type, tid)) return 0;
        }
        if (db_begin(d) || close_case(r, d, id, action, answer) || db_commit(d)) {
            db_rollback(d);
            log_error("report case %lld: content deleted, the case could not be closed", id);
            return r->answered ? 0 : resp_db_error(r);
        }
        notify_poke(&W.cfg);
        return r->answered ? 0 : resp_empty(r, 204);
    }
    int hiding = strcmp(action, "hide") == 0;
    if ((hiding && hide(r, d, type, tid)) || close_case(r, d, id, action, answer) || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (hiding) {
        if (strcmp(type, "post") == 0) {
            timeline_changed(group);
            timeline_flags_changed();
        }
        outbox_poke(W.cfg.indexer_socket);
    }
    notify_poke(&W.cfg);
    return resp_empty(r, 204);
}
