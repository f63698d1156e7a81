/* Events (docs/events.md) in the notifier: the invitation, a change of
 * time or place and a cancellation (to those who answered yes or maybe),
 * a place freed on the waiting list, the organiser's reminder to those who
 * have not answered, and the reminders before each occurrence (once per
 * person and occurrence: event_reminders). Every person is asked of
 * acl_event whether they may see the event; their e-mail choice is the
 * kind « event ». Runs in the caller's transaction. */
#include "event_notices.h"
#include "recipients.h"
#include "event_time.h"
#include "ics.h"
#include "mail_compose.h"
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

typedef struct {
    long long id, group, organizer;
    int org, invite_group, cancelled;
    long long reminder_minutes;
    group_facts g;               /* the group's own facts */
    event_time t;
} ev_info;

static int ev_load(db *d, arena *a, long long id, ev_info *e)
{
    db_rows *q = db_query(d, a, STMT_EVENT_NOTIFY_FACTS, "i", id);
    if (!q) return -1;
    if (!q->nrows) return 0;
    memset(e, 0, sizeof *e);
    e->id = id;
    e->group = db_cell_int(q, 0, 0);
    e->org = db_cell(q, 0, 0) == NULL;
    e->cancelled = strcmp(db_cell(q, 0, 1), "cancelled") == 0;
    e->invite_group = db_cell_int(q, 0, 2) != 0;
    e->organizer = db_cell_int(q, 0, 3);
    e->reminder_minutes = db_cell_int(q, 0, 4);
    e->t.all_day = db_cell_int(q, 0, 5) != 0;
    e->t.tz = db_cell(q, 0, 6);
    e->t.start = parse_sql_utc(db_cell(q, 0, 7));
    e->t.end = parse_sql_utc(db_cell(q, 0, 8));
    if (e->t.all_day) {
        sscanf(db_cell(q, 0, 9), "%d-%d-%d", &e->t.start_date.y, &e->t.start_date.m, &e->t.start_date.d);
        sscanf(db_cell(q, 0, 10), "%d-%d-%d", &e->t.end_date.y, &e->t.end_date.m, &e->t.end_date.d);
    }
    rrule_parse(db_cell(q, 0, 11), &e->t.rule);
    if (!e->org) {
        const char *vis = db_cell(q, 0, 12);
        e->g.id = e->group;
        e->g.visibility = strcmp(vis, "public") == 0 ? VIS_PUBLIC : strcmp(vis, "private") == 0 ? VIS_PRIVATE : VIS_SECRET;
        e->g.posting_managers_only = strcmp(db_cell(q, 0, 13), "managers") == 0;
        e->g.archived = db_cell_int(q, 0, 14) != 0;
    }
    return 1;
}

/* Tells one person (unless it is the actor) when they may see the event. */
static int tell(db *d, arena *a, live_out *out, const ev_info *e, long long user, long long actor,
                int invited_by_name, const char *kind, const char *gkey, const char *detail)
{
    if (user == actor) return 0;
    recipients one;
    if (recipients_one(d, a, e->org ? 0 : e->group, 0, "event", user, &one)) return -1;
    if (!one.n) return 0;
    const recipient *rc = &one.v[0];
    event_facts f = { .org = e->org, .organizer_id = e->organizer };
    if (!e->org) recipient_group_facts(rc, &e->g, &f.group);
    f.invited = invited_by_name || (e->invite_group && (e->org ? !rc->user.guest : rc->role != ROLE_NONE));
    if (acl_event(&rc->user, &f, EA_SEE) != ACL_ALLOW) return 0;
    if (db_exec(d, STMT_NOTIFICATION_UPSERT, "isssinnnnsiiis", user, kind, gkey, "event", e->id, 0LL,
                e->org ? 0LL : e->group, 0LL, 0LL, detail ? detail : "", actor, actor, actor, rc->email_choice) < 0)
        return -1;
    live_out_user(a, out, user);
    return 1;
}

static int in_rows(const db_rows *q, long long user)
{
    for (int i = 0; q && i < q->nrows; i++)
        if (db_cell_int(q, i, 0) == user) return 1;
    return 0;
}

/* 1 when `user` was told under `gkey` already, 0 if not, -1 */
static int told_already(db *d, arena *a, long long user, const char *gkey)
{
    db_rows *q = db_query(d, a, STMT_EVENT_NOTIFY_TOLD, "is", user, gkey);
    return q ? q->nrows > 0 : -1;
}

/* The invited: the group's members (or the organisation's staff) when the
 * whole group is, and the people invited by name; with `untold`, only
 * those not yet told under `gkey` (the invitees changed). */
static int tell_invited(db *d, arena *a, live_out *out, const ev_info *e, long long actor, const char *kind,
                        const char *gkey, const char *detail, const db_rows *skip, int untold)
{
    db_rows *named = db_query(d, a, STMT_EVENT_NOTIFY_INVITEES, "i", e->id);
    if (!named) return -1;
    if (e->invite_group) {
        recipients rs;
        if (e->org ? recipients_everyone(d, a, 0, "event", &rs) : recipients_members(d, a, e->group, 0, "event", &rs))
            return -1;
        for (int i = 0; i < rs.n; i++) {
            long long u = rs.v[i].user.id;
            if (in_rows(named, u) || in_rows(skip, u)) continue;     /* told below, or answered */
            int told = untold ? told_already(d, a, u, gkey) : 0;
            if (told < 0) return -1;
            if (!told && tell(d, a, out, e, u, actor, 0, kind, gkey, detail) < 0) return -1;
        }
    }
    for (int i = 0; i < named->nrows; i++) {
        long long u = db_cell_int(named, i, 0);
        if (in_rows(skip, u)) continue;
        int told = untold ? told_already(d, a, u, gkey) : 0;
        if (told < 0) return -1;
        if (!told && tell(d, a, out, e, u, actor, 1, kind, gkey, detail) < 0) return -1;
    }
    return 0;
}

static int tell_answered(db *d, arena *a, live_out *out, const ev_info *e, long long actor, const char *kind,
                         const char *gkey, const char *detail)
{
    db_rows *q = db_query(d, a, STMT_EVENT_NOTIFY_ANSWERED, "i", e->id);
    if (!q) return -1;
    for (int i = 0; i < q->nrows; i++)
        if (tell(d, a, out, e, db_cell_int(q, i, 0), actor, 1, kind, gkey, detail) < 0) return -1;
    return 0;
}

typedef struct { db *d; arena *a; live_out *out; const ev_info *e; long long now; int told, failed; } remind_ctx;

static int remind_occurrence(void *ctx, long long start, long long end, int index)
{
    remind_ctx *c = ctx;
    (void)end; (void)index;
    /* due: within reminder_minutes before its start, and not started */
    if (start <= c->now || start - c->e->reminder_minutes * 60 > c->now) return 0;
    db_rows *q = db_query(c->d, c->a, STMT_EVENT_NOTIFY_ANSWERED, "i", c->e->id);
    if (!q) { c->failed = 1; return 1; }
    char at[32];
    format_sql_utc(start, at);
    for (int i = 0; i < q->nrows; i++) {
        long long u = db_cell_int(q, i, 0);
        long long fresh = db_exec(c->d, STMT_EVENT_REMINDER_MARK, "isi", c->e->id, at, u);
        if (fresh < 0) { c->failed = 1; return 1; }
        if (!fresh) continue;                    /* reminded already */
        int r = tell(c->d, c->a, c->out, c->e, u, 0, 1, "event_reminder",
                     arena_printf(c->a, "event_reminder:%lld:%lld", c->e->id, start), "");
        if (r < 0) { c->failed = 1; return 1; }
        c->told += r;
    }
    return 0;
}

static int remind_event(db *d, arena *a, live_out *out, const ev_info *e)
{
    if (e->cancelled || e->reminder_minutes <= 0) return 0;
    remind_ctx c = { d, a, out, e, (long long)time(NULL), 0, 0 };
    event_occurrences(&e->t, c.now, c.now + e->reminder_minutes * 60 + 1, remind_occurrence, &c, NULL);
    tz_restore();
    return c.failed ? -1 : c.told;
}

int event_reminders_run(db *d, arena *a, live_out *out)
{
    db_rows *q = db_query(d, a, STMT_EVENT_REMINDER_CANDIDATES, "");
    if (!q) return -1;
    int told = 0;
    for (int i = 0; i < q->nrows; i++) {
        ev_info e;
        int found = ev_load(d, a, db_cell_int(q, i, 0), &e);
        if (found < 0) return -1;
        if (!found) continue;
        int n = remind_event(d, a, out, &e);
        if (n < 0) return -1;
        told += n;
    }
    return told;
}

int event_notice_run(db *d, arena *a, const queue_row *row, live_out *out)
{
    long long id = row->object;
    if (row->event == NOTIFY_EVENT_REMIND) {
        db_rows *m = db_query(d, a, STMT_EVENT_NOTIFY_MESSAGE, "i", row->object);
        if (!m) return -1;
        if (!m->nrows) return 0;
        id = db_cell_int(m, 0, 0);
    }
    ev_info e;
    int found = ev_load(d, a, id, &e);
    if (found <= 0) return found;
    switch (row->event) {
    case NOTIFY_EVENT_INVITED:
        if (e.cancelled) return 0;
        /* "more": sent again after PUT invited more people, to them only */
        if (tell_invited(d, a, out, &e, row->actor, "event_invited", arena_printf(a, "event_invited:%lld", id), "",
                         NULL, row->detail && strcmp(row->detail, "more") == 0)) return -1;
        /* an event that starts within its reminder: reminded at once */
        return remind_event(d, a, out, &e) < 0 ? -1 : 0;
    case NOTIFY_EVENT_CHANGED:
        if (e.cancelled) return 0;
        return tell_answered(d, a, out, &e, row->actor, "event_changed", arena_printf(a, "event_changed:%lld", id),
                             row->detail);
    case NOTIFY_EVENT_CANCELLED:
        return tell_answered(d, a, out, &e, row->actor, "event_cancelled",
                             arena_printf(a, "event_cancelled:%lld", id), "");
    case NOTIFY_EVENT_PROMOTED:
        if (e.cancelled) return 0;
        return tell(d, a, out, &e, row->subject, 0, 1, "event_promoted", arena_printf(a, "event_promoted:%lld", id),
                    "") < 0 ? -1 : 0;
    case NOTIFY_EVENT_REMIND: {
        if (e.cancelled) return 0;
        db_rows *answered = db_query(d, a, STMT_EVENT_ANSWERS_OF, "i", id);
        if (!answered) return -1;
        return tell_invited(d, a, out, &e, row->actor, "event_remind",
                            arena_printf(a, "event_remind:%lld", row->object), "", answered, 0);
    }
    default:
        return 0;
    }
}

char *event_mail_ics(db *d, arena *a, long long id, const char *method, const char *public_url,
                     const char *to_name, const char *to_email)
{
    db_rows *q = db_query(d, a, STMT_EVENT_MAIL_FACTS, "i", id);
    if (!q || !q->nrows) return NULL;
    char host[256];
    mail_url_host(host, sizeof host, public_url);
    ics_event e = { .id = id, .host = *host ? host : "parvis", .title = db_cell(q, 0, 0),
                    .description = db_cell(q, 0, 1), .place = db_cell(q, 0, 2), .url = db_cell(q, 0, 3),
                    .status = strcmp(method, "CANCEL") == 0 ? "cancelled" : db_cell(q, 0, 11),
                    .sequence = (int)db_cell_int(q, 0, 12), .stamp = (long long)time(NULL),
                    .organizer_name = db_cell(q, 0, 13), .organizer_email = db_cell(q, 0, 14),
                    .created = parse_sql_utc(db_cell(q, 0, 15)), .modified = parse_sql_utc(db_cell(q, 0, 16)),
                    .attendee_name = to_name, .attendee_email = to_email };
    e.time.all_day = db_cell_int(q, 0, 4) != 0;
    e.time.tz = db_cell(q, 0, 5);
    e.time.start = parse_sql_utc(db_cell(q, 0, 6));
    e.time.end = parse_sql_utc(db_cell(q, 0, 7));
    if (e.time.all_day) {
        sscanf(db_cell(q, 0, 8), "%d-%d-%d", &e.time.start_date.y, &e.time.start_date.m, &e.time.start_date.d);
        sscanf(db_cell(q, 0, 9), "%d-%d-%d", &e.time.end_date.y, &e.time.end_date.m, &e.time.end_date.d);
    }
    rrule_parse(db_cell(q, 0, 10), &e.time.rule);
    ics_buf b = { 0 };
    ics_begin(&b, method);
    if (!e.time.all_day) ics_vtimezone(&b, e.time.tz, local_date(e.time.tz, e.time.start).y);
    ics_vevent(&b, &e);
    ics_end(&b);
    tz_restore();
    if (b.oom) { ics_free(&b); return NULL; }
    return b.s;
}
