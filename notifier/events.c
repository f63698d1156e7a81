#include "events.h"
#include "chat_events.h"
#include "convocation_notices.h"
#include "event_notices.h"
#include "facts.h"
#include "live.h"
#include "password_reset.h"
#include "invitation.h"
#include "recipients.h"
#include "webhook_fanout.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

/* What one notification says and where it points. */
typedef struct {
    const char *kind, *gkey, *target_type, *detail;
    long long target_id, post, group, node, message, actor;
} note;

/* A feed's or a post's message goes out at once, before the
 * notifications are computed: what it says (a new post, the counts) is
 * already committed by the worker. A replayed row publishes it again,
 * which pages take as they take any message: they read the state again. */
static void note_live(const char *channel, const char *message)
{
    live_publish(channel, message);
}

static int deliver(db *d, arena *a, live_out *out, const recipient *r, const note *n)
{
    if (db_exec(d, STMT_NOTIFICATION_UPSERT, "isssinnnnsiiis", r->user.id, n->kind, n->gkey, n->target_type,
                n->target_id, n->post, n->group, n->node, n->message, n->detail ? n->detail : "",
                n->actor, n->actor, n->actor, r->email_choice) < 0)
        return -1;
    live_out_user(a, out, r->user.id);
    return 0;
}

/* ---- posts ---------------------------------------------------------- */

static const char *post_counts_json(arena *a, const post_info *p)
{
    const db_rows *q = p->row;
    return arena_printf(a, "{\"type\":\"reactions\",\"post\":%lld,\"reactions\":{\"like\":%lld,\"bravo\":%lld,"
                        "\"merci\":%lld,\"idee\":%lld,\"soutien\":%lld}}", p->id,
                        db_cell_int(q, 0, 12), db_cell_int(q, 0, 13), db_cell_int(q, 0, 14),
                        db_cell_int(q, 0, 15), db_cell_int(q, 0, 16));
}

/* The people mentioned in a post (comment 0) or a comment: told unless
 * they muted the post or the group, or may not read it. */
static int mentions(db *d, arena *a, live_out *out, const post_info *p, long long comment, long long actor)
{
    db_rows *m = db_query(d, a, STMT_RECIPIENT_MENTIONS, "ii", p->id, comment);
    if (!m) return -1;
    note n = { "mention", arena_printf(a, "mention:%lld", p->id), "post", comment ? "comment" : "post",
               p->id, p->id, p->group, 0, 0, actor };
    for (int i = 0; i < m->nrows; i++) {
        long long user = db_cell_int(m, i, 0);
        if (user == actor) continue;
        recipients one;
        if (recipients_one(d, a, p->group, p->id, "mention", user, &one)) return -1;
        if (!one.n || one.v[0].level == LEVEL_NONE || one.v[0].post == PF_MUTE || !can_read_post(&one.v[0], p))
            continue;
        if (deliver(d, a, out, &one.v[0], &n)) return -1;
    }
    return 0;
}

/* A new post (NOTIFY_POST), or a post made must-read afterwards
 * (NOTIFY_MUST_READ: only its must-read notifications). */
static int on_post(db *d, arena *a, const queue_row *row, live_out *out)
{
    post_info p;
    int found = post_info_load(d, a, row->object, &p);
    if (found <= 0) return found;
    if (!p.published) return 0;                 /* withdrawn before it came out */
    if (row->event == NOTIFY_MUST_READ) {
        if (!p.must_read) return 0;             /* unmarked since */
    } else {
        note_live(p.group ? arena_printf(a, "g%lld", p.group) : "news",
                  arena_printf(a, "{\"type\":\"post\",\"id\":%lld,\"group\":%s}", p.id,
                               p.group ? arena_printf(a, "%lld", p.group) : "null"));
        if (db_exec(d, STMT_POST_FOLLOW_DEFAULT, "ii", p.id, p.author) < 0) return -1;
        if (mentions(d, a, out, &p, 0, p.author)) return -1;
    }
    recipients rs;
    const char *kind = p.must_read ? "must_read" : "post";
    if (p.group ? (p.must_read ? recipients_members(d, a, p.group, p.id, kind, &rs)
                               : recipients_members_at_all(d, a, p.group, p.id, kind, &rs))
                : p.must_read
                ? recipients_everyone(d, a, p.id, kind, &rs) : (rs.n = 0, 0))
        return -1;
    /* several posts of a group within the same hour make one notification */
    note n = { kind, p.must_read ? arena_printf(a, "must_read:%lld", p.id)
                                 : arena_printf(a, "post:%lld:%lld", p.group, (long long)(time(NULL) / 3600)),
               "post", "", p.id, p.id, p.group, 0, 0, p.author };
    for (int i = 0; i < rs.n; i++) {
        const recipient *r = &rs.v[i];
        if (r->user.id == p.author || live_out_told(out, r->user.id)) continue;
        /* a must-read reaches every member, whatever their level: the
         * organisation asks each one to confirm it */
        if (!p.must_read && r->level != LEVEL_ALL) continue;
        if (!can_read_post(r, &p)) continue;
        if (deliver(d, a, out, r, &n)) return -1;
    }
    return 0;
}

/* ---- comments and reactions ---------------------------------------- */

static int on_comment(db *d, arena *a, const queue_row *row, live_out *out)
{
    db_rows *c = db_query(d, a, STMT_NOTIFY_COMMENT_LOAD, "i", row->object);
    if (!c) return -1;
    if (!c->nrows) return 0;
    long long author = db_cell_int(c, 0, 2), parent_author = db_cell_int(c, 0, 3);
    post_info p;
    int found = post_info_load(d, a, db_cell_int(c, 0, 1), &p);
    if (found <= 0) return found;
    note_live(arena_printf(a, "p%lld", p.id),
              arena_printf(a, "{\"type\":\"comments\",\"post\":%lld,\"count\":%d}", p.id, p.comment_count));
    if (db_exec(d, STMT_POST_FOLLOW_DEFAULT, "ii", p.id, author) < 0) return -1;
    if (mentions(d, a, out, &p, row->object, author)) return -1;
    recipients rs;
    if (recipients_post_followers(d, a, p.group, p.id, "comment", &rs)) return -1;
    note n = { "comment", arena_printf(a, "comment:%lld", p.id), "post", "", p.id, p.id, p.group, 0, 0, author };
    int parent_told = parent_author == 0 || parent_author == author;
    for (int i = 0; i < rs.n; i++) {
        const recipient *r = &rs.v[i];
        if (r->user.id == author || live_out_told(out, r->user.id)) continue;
        if (r->level == LEVEL_NONE || !can_read_post(r, &p)) continue;
        n.detail = r->user.id == parent_author ? "reply" : r->user.id == p.author ? "own" : "";
        if (r->user.id == parent_author) parent_told = 1;
        if (deliver(d, a, out, r, &n)) return -1;
    }
    /* a reply to someone who stopped following the post (not muted) */
    if (!parent_told && !live_out_told(out, parent_author)) {
        recipients one;
        if (recipients_one(d, a, p.group, p.id, "comment", parent_author, &one)) return -1;
        if (one.n && one.v[0].post != PF_MUTE && one.v[0].level != LEVEL_NONE && can_read_post(&one.v[0], &p)) {
            n.detail = "reply";
            if (deliver(d, a, out, &one.v[0], &n)) return -1;
        }
    }
    return 0;
}

static int on_reaction(db *d, arena *a, const queue_row *row, live_out *out)
{
    long long post_id = row->object, owner = 0, comment = 0;
    if (strcmp(row->detail, "comment") == 0) {
        db_rows *c = db_query(d, a, STMT_NOTIFY_COMMENT_LOAD, "i", row->object);
        if (!c) return -1;
        if (!c->nrows) return 0;
        comment = row->object;
        post_id = db_cell_int(c, 0, 1);
        owner = db_cell_int(c, 0, 2);
    }
    post_info p;
    int found = post_info_load(d, a, post_id, &p);
    if (found <= 0) return found;
    if (!comment) {
        owner = p.author;
        note_live(arena_printf(a, "p%lld", p.id), post_counts_json(a, &p));
    }
    if (owner == row->actor) return 0;
    recipients one;
    if (recipients_one(d, a, p.group, p.id, "reaction", owner, &one)) return -1;
    if (!one.n || one.v[0].post == PF_MUTE || one.v[0].level == LEVEL_NONE || !can_read_post(&one.v[0], &p))
        return 0;
    /* never one notification per like: one per post (or comment) that
     * counts the people who reacted */
    note n = { "reaction", comment ? arena_printf(a, "reaction:c%lld", comment) : arena_printf(a, "reaction:%lld", p.id),
               "post", comment ? "comment" : "post", p.id, p.id, p.group, 0, 0, row->actor };
    return deliver(d, a, out, &one.v[0], &n);
}

static int on_post_changed(db *d, arena *a, const queue_row *row, live_out *out)
{
    (void)out;
    post_info p;
    int found = post_info_load(d, a, row->object, &p);
    if (found <= 0) return found;
    note_live(arena_printf(a, "p%lld", p.id), post_counts_json(a, &p));
    note_live(arena_printf(a, "p%lld", p.id),
              arena_printf(a, "{\"type\":\"comments\",\"post\":%lld,\"count\":%d}", p.id, p.comment_count));
    return 0;
}

/* ---- groups ---------------------------------------------------------- */

static int on_request(db *d, arena *a, const queue_row *row, live_out *out)
{
    group_facts g;
    int found = group_load_facts(d, a, row->object, &g);
    if (found <= 0) return found;
    recipients rs;
    if (recipients_managers(d, a, g.id, "request", &rs)) return -1;
    note n = { "request", arena_printf(a, "request:%lld", g.id), "group", "", g.id, 0, g.id, 0, 0, row->actor };
    for (int i = 0; i < rs.n; i++)
        if (rs.v[i].user.id != row->actor && can_group(&rs.v[i], &g, GA_MANAGE)
            && deliver(d, a, out, &rs.v[i], &n))
            return -1;
    return 0;
}

/* No join request left in the group (the last one approved, declined,
 * withdrawn, or its person added by a manager): its managers' « … demandent à rejoindre » is done, marked
 * read, and their new unread counts published. */
static int requests_settled(db *d, arena *a, long long group, live_out *out)
{
    db_rows *q = db_query(d, a, STMT_REQUEST_NOTES_OPEN_SETTLED, "ii", group, group);
    if (!q) return -1;
    if (!q->nrows) return 0;
    if (db_exec(d, STMT_REQUEST_NOTES_SETTLE, "ii", group, group) < 0) return -1;
    for (int i = 0; i < q->nrows; i++) live_out_user(a, out, db_cell_int(q, i, 0));
    return 0;
}

/* To the one person the event is about: a decision on their request, or
 * being added to a group or made its manager. */
static int on_about_member(db *d, arena *a, const queue_row *row, live_out *out, const char *kind, group_action need)
{
    group_facts g;
    int found = group_load_facts(d, a, row->object, &g);
    if (found <= 0) return found;
    if (row->subject == row->actor && strcmp(kind, "added_to_group") == 0) return 0;   /* joined by themselves */
    recipients one;
    if (recipients_one(d, a, g.id, 0, kind, row->subject, &one)) return -1;
    /* a group's name is only ever told to someone who may know it exists */
    if (!one.n || !can_group(&one.v[0], &g, need)) return 0;
    note n = { kind, arena_printf(a, "%s:%lld", kind, g.id), "group", row->detail, g.id, 0, g.id, 0, 0, row->actor };
    return deliver(d, a, out, &one.v[0], &n);
}

/* Someone left (or was removed from) a group that is not public: what
 * they were told about it goes; a group made private or secret: what
 * outsiders were told goes (a refused request's answer stays for a
 * private group, whose name anyone may see). */
static int on_left(db *d, arena *a, const queue_row *row, live_out *out)
{
    group_facts g;
    int found = group_load_facts(d, a, row->object, &g);
    if (found <= 0) return found;
    if (g.visibility == VIS_PUBLIC) return 0;
    if (db_exec(d, STMT_NOTIFICATIONS_FORGET_GROUP_MEMBER, "ii", row->subject, g.id) < 0) return -1;
    live_out_user(a, out, row->subject);
    return 0;
}

static int on_group_rights(db *d, arena *a, const queue_row *row, live_out *out)
{
    (void)out;
    group_facts g;
    int found = group_load_facts(d, a, row->object, &g);
    if (found <= 0) return found;
    if (g.visibility == VIS_PUBLIC) return 0;
    return db_exec(d, STMT_NOTIFICATIONS_FORGET_GROUP_OUTSIDERS, "ii", g.id,
                   (long long)(g.visibility == VIS_SECRET)) < 0 ? -1 : 0;
}

/* ---- files ------------------------------------------------------------ */

static int on_file(db *d, arena *a, const queue_row *row, live_out *out)
{
    node_info n;
    int found = node_info_load(d, a, row->object, &n);
    if (found <= 0 || n.trashed) return found < 0 ? -1 : 0;
    group_facts g = { 0 };
    if (n.group && group_load_facts(d, a, n.group, &g) <= 0) return -1;
    /* a group drive: its members at the level « tout »; any drive: the
     * followers of the folder or a folder above */
    recipients members = { 0 }, followers;
    if (n.group && recipients_members(d, a, n.group, 0, "file", &members)) return -1;
    if (recipients_folder_followers(d, a, n.group, n.id, "file", &followers)) return -1;
    note nt = { "file", arena_printf(a, "file:%lld:%lld", n.group ? n.group : -n.owner, (long long)(time(NULL) / 3600)),
                "file", n.version > 1 ? "version" : "new", n.id, 0, n.group, n.id, 0, row->actor };
    for (int pass = 0; pass < 2; pass++) {
        const recipients *rs = pass ? &followers : &members;
        for (int i = 0; i < rs->n; i++) {
            const recipient *r = &rs->v[i];
            if (r->user.id == row->actor || live_out_told(out, r->user.id)) continue;
            if (!pass && r->level != LEVEL_ALL) continue;
            if (pass && r->level == LEVEL_NONE && n.group) continue;
            int ok = can_read_node(d, a, r, &n, &g);
            if (ok < 0) return -1;
            if (!ok) continue;
            if (deliver(d, a, out, r, &nt)) return -1;
        }
    }
    return 0;
}

static int on_share(db *d, arena *a, const queue_row *row, live_out *out)
{
    node_info n;
    int found = node_info_load(d, a, row->object, &n);
    if (found <= 0 || n.trashed) return found < 0 ? -1 : 0;
    recipients one;
    if (recipients_one(d, a, 0, 0, "share", row->subject, &one)) return -1;
    if (!one.n) return 0;
    group_facts g = { 0 };
    int ok = can_read_node(d, a, &one.v[0], &n, &g);
    if (ok <= 0) return ok;
    note nt = { "share", arena_printf(a, "share:%lld", n.id), n.folder ? "folder" : "file", "",
                n.id, 0, 0, n.id, 0, row->actor };
    return deliver(d, a, out, &one.v[0], &nt);
}

/* ---- administrators' messages (the kind « announcement »: « message »
 * is chat's) ------------------------------------------------------------ */

static int on_announcement(db *d, arena *a, const queue_row *row, live_out *out)
{
    db_rows *m = db_query(d, a, STMT_NOTIFY_MESSAGE_LOAD, "i", row->object);
    if (!m) return -1;
    if (!m->nrows) return 0;
    recipients rs;
    if (recipients_everyone(d, a, 0, "announcement", &rs)) return -1;
    note n = { "announcement", arena_printf(a, "announcement:%lld", row->object), "announcement", "", row->object,
               0, 0, 0, row->object, row->actor };
    for (int i = 0; i < rs.n; i++)
        if (deliver(d, a, out, &rs.v[i], &n)) return -1;
    return 0;
}

/* ---- reports of content (docs/moderation.md) ------------------------- */

/* A report: the content's moderators are told (its group's managers and
 * feed moderators; the administrators for the news, personal drives and
 * groups without moderators: acl_report_tells_admins), one notification
 * per case whose actors are the reporters. A decision: the reporters are
 * told, with the decision as its detail (the answer is read with the
 * notification). */
static int on_report(db *d, arena *a, const queue_row *row, live_out *out)
{
    db_rows *c = db_query(d, a, STMT_NOTIFY_REPORT_CASE, "i", row->object);
    if (!c) return -1;
    if (!c->nrows) return 0;
    long long group = db_cell_int(c, 0, 1);
    int decided = row->event == NOTIFY_REPORT_DECIDED;
    if (!decided && strcmp(db_cell(c, 0, 2), "open") != 0) return 0;      /* decided meanwhile */
    report_facts f = { .news = group == 0 || db_cell_int(c, 0, 5) != 0, .group_moderators = (int)db_cell_int(c, 0, 4) };
    db_rows *who = decided ? db_query(d, a, STMT_NOTIFY_REPORT_REPORTERS, "i", row->object)
                           : db_query(d, a, STMT_NOTIFY_REPORT_MODERATORS, "ii", f.news ? 0LL : group,
                                      (long long)acl_report_tells_admins(&f));
    if (!who) return -1;
    const char *kind = decided ? "report_decided" : "report";
    note n = { kind, arena_printf(a, "%s:%lld", kind, row->object), "report", decided ? row->detail : "",
               row->object, 0, group, 0, 0, row->actor };
    for (int i = 0; i < who->nrows; i++) {
        long long user = db_cell_int(who, i, 0);
        if (user == row->actor) continue;
        recipients one;
        if (recipients_one(d, a, group, 0, kind, user, &one)) return -1;
        if (!one.n) continue;
        if (deliver(d, a, out, &one.v[0], &n)) return -1;
    }
    return 0;
}

/* ---- « Mes données »: the export is ready (docs/gdpr.md) --------------- */

static int on_export_ready(db *d, arena *a, const queue_row *row, live_out *out)
{
    db_rows *q = db_query(d, a, STMT_EXPORT_NOTIFY_FACTS, "i", row->object);
    if (!q) return -1;
    if (!q->nrows) return 0;                     /* replaced or expired since */
    long long user = db_cell_int(q, 0, 0);
    /* shown in the app (the bell), not mailed: the person asked a moment ago */
    if (db_exec(d, STMT_NOTIFICATION_UPSERT, "isssinnnnsiiis", user, "export_ready",
                arena_printf(a, "export:%lld", row->object), "message", row->object, 0LL, 0LL, 0LL, 0LL, "",
                0LL, 0LL, 0LL, "never") < 0)
        return -1;
    live_out_user(a, out, user);
    return 0;
}

/* ---- polls (docs/polls.md) ------------------------------------------- */

/* A poll's counts or state changed: pages showing it read it again (GET
 * /polls/{id}, which applies its visibility rules to each reader). The
 * message says which poll, never who voted nor what. */
static int on_poll(db *d, arena *a, const queue_row *row)
{
    db_rows *q = db_query(d, a, STMT_NOTIFY_POLL_LOAD, "i", row->object);
    if (!q) return -1;
    if (q->nrows == 0) return 0;                 /* deleted with its post */
    long long post = db_cell_int(q, 0, 0);
    const char *msg = arena_printf(a, "{\"type\":\"poll\",\"post\":%lld,\"poll\":%lld}", post, row->object);
    note_live(arena_printf(a, "p%lld", post), msg);
    if (db_cell_int(q, 0, 2))
        note_live(db_cell(q, 0, 1) ? arena_printf(a, "g%s", db_cell(q, 0, 1)) : "news", msg);
    return 0;
}

int event_run(db *d, arena *a, const queue_row *row, live_out *out)
{
    /* the outgoing webhooks' deliveries of this event (docs/webhooks.md) */
    if (webhook_fanout(d, a, row)) return -1;
    switch (row->event) {
    case NOTIFY_POST: case NOTIFY_MUST_READ: return on_post(d, a, row, out);
    case NOTIFY_COMMENT: return on_comment(d, a, row, out);
    case NOTIFY_REACTION: return on_reaction(d, a, row, out);
    case NOTIFY_POST_CHANGED: return on_post_changed(d, a, row, out);
    case NOTIFY_FILE: return on_file(d, a, row, out);
    case NOTIFY_SHARE: return on_share(d, a, row, out);
    case NOTIFY_REQUEST: return on_request(d, a, row, out);
    case NOTIFY_DECIDED:                           /* approved: a member now, its room too */
        /* "withdrawn": by the person who asked; nothing to tell them */
        return (strcmp(row->detail, "withdrawn") != 0 && on_about_member(d, a, row, out, "request_decided", GA_SEE))
            || (strcmp(row->detail, "approved") == 0 && chat_room_membership(d, a, row, out))
            || requests_settled(d, a, row->object, out) ? -1 : 0;
    case NOTIFY_ADDED:                             /* a request of the person added goes with it */
        return on_about_member(d, a, row, out, "added_to_group", GA_READ) || chat_room_membership(d, a, row, out)
            || requests_settled(d, a, row->object, out) ? -1 : 0;
    case NOTIFY_LEFT: return chat_room_membership(d, a, row, out) || on_left(d, a, row, out) ? -1 : 0;
    case NOTIFY_GROUP_RIGHTS: return on_group_rights(d, a, row, out);
    case NOTIFY_MESSAGE: return on_announcement(d, a, row, out);
    case NOTIFY_UNREAD: live_out_user(a, out, row->object); return 0;
    case NOTIFY_DIGEST:                            /* the mail sender builds them (notifier/main.c) */
        return db_exec(d, STMT_SETTING_SET, "ss", "digest_asked",
                       strcmp(row->detail, "weekly") == 0 ? "weekly" : "daily") < 0 ? -1 : 0;
    case NOTIFY_PASSWORD_RESET: return password_reset_run(d, a, row);
    case NOTIFY_INVITATION: return invitation_run(d, a, row);
    case NOTIFY_EXPORT_READY: return on_export_ready(d, a, row, out);
    case NOTIFY_CHAT_MESSAGE: case NOTIFY_CHAT_CHANGED: case NOTIFY_CHAT_READ: case NOTIFY_CHAT_TYPING:
    case NOTIFY_CHAT_PEOPLE: case NOTIFY_CHAT_CONVERSATION:
        return chat_event_run(d, a, row, out);
    case NOTIFY_REPORT: case NOTIFY_REPORT_DECIDED: return on_report(d, a, row, out);
    case NOTIFY_POLL: return on_poll(d, a, row);
    case NOTIFY_EVENT_INVITED: case NOTIFY_EVENT_CHANGED: case NOTIFY_EVENT_CANCELLED: case NOTIFY_EVENT_PROMOTED:
    case NOTIFY_EVENT_REMIND:
        return event_notice_run(d, a, row, out);
    case NOTIFY_CONVOCATION: return convocation_notice_run(d, a, row, out);
    case NOTIFY_POST_DELETED: return 0;          /* webhooks only (above) */
    case NOTIFY_WEBHOOK_OFF:                     /* its creator, in the app (docs/webhooks.md) */
        if (!row->subject) return 0;
        if (db_exec(d, STMT_NOTIFICATION_UPSERT, "isssinnnnsiiis", row->subject, "webhook_off",
                    arena_printf(a, "webhook_off:%lld", row->object), "message", row->object, 0LL, 0LL, 0LL,
                    0LL, "", 0LL, 0LL, 0LL, "never") < 0)
            return -1;
        live_out_user(a, out, row->subject);
        return 0;
    case NOTIFY__MAX: break;
    }
    return 0;
}

int reminders_run(db *d, arena *a, live_out *out)
{
    db_rows *q = db_query(d, a, STMT_REMINDER_DUE_POSTS, "");
    if (!q) return -1;
    int told = 0;
    for (int i = 0; i < q->nrows; i++) {
        post_info p;
        int found = post_info_load(d, a, db_cell_int(q, i, 0), &p);
        if (found < 0) return -1;
        if (!found || !p.published) continue;
        recipients rs;
        if (recipients_unconfirmed(d, a, p.group, p.id, &rs)) return -1;
        note n = { "must_read", arena_printf(a, "reminder:%lld", p.id), "post", "reminder",
                   p.id, p.id, p.group, 0, 0, 0 };
        for (int k = 0; k < rs.n; k++) {
            if (rs.v[k].user.id == p.author || !can_read_post(&rs.v[k], &p)) continue;
            if (deliver(d, a, out, &rs.v[k], &n)) return -1;
            told++;
        }
    }
    /* and the events' reminders before each occurrence (docs/events.md) */
    int events = event_reminders_run(d, a, out);
    if (events < 0) return -1;
    /* and the convocations' reminders at their delays (docs/convocations.md) */
    int convocations = convocation_reminders_run(d, a, out);
    return convocations < 0 ? -1 : told + events + convocations;
}

