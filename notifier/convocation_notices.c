/* Convocations (docs/convocations.md) in the notifier: each recipient of
 * the current version is told (the bell, kind « convocation ») and ALWAYS
 * mailed, whatever their preferences: the meeting (its date in its own
 * zone, its place, its link), the agenda as text, links to the documents
 * (never attached), the receipt link {base}/accuse/{token} and the event
 * as text/calendar (METHOD:REQUEST, the events' own). The token is made
 * here and exists in clear only in the mail: its SHA-256 is stored.
 * Runs in the caller's transaction; a replay queues nobody twice (a
 * receipt already queued is skipped; a reminder is marked once). */
#include "convocation_notices.h"
#include "event_notices.h"
#include "recipients.h"
#include "convocation_text.h"
#include "crypto.h"
#include "event_time.h"
#include "log.h"
#include "mail_compose.h"
#include "mail_queue.h"
#include "mail_settings.h"
#include <jansson.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const config *C;

void convocation_notices_start(const config *cfg) { C = cfg; }

typedef struct {
    long long id, group, post, event;
    int version, cancelled, future;
    const char *group_name, *agenda, *title, *place, *url, *attachments;
    event_time t;
    group_facts g;
} cv_info;

static int cv_load(db *d, arena *a, long long id, cv_info *c)
{
    db_rows *q = db_query(d, a, STMT_CONV_NOTIFY_FACTS, "i", id);
    if (!q) return -1;
    if (!q->nrows) return 0;
    memset(c, 0, sizeof *c);
    c->id = id;
    c->group = db_cell_int(q, 0, 0);
    c->group_name = db_cell(q, 0, 1);
    c->post = db_cell(q, 0, 2) ? db_cell_int(q, 0, 2) : 0;
    c->event = db_cell_int(q, 0, 3);
    c->version = (int)db_cell_int(q, 0, 4);
    c->agenda = db_cell(q, 0, 5);
    c->title = db_cell(q, 0, 6);
    c->t.all_day = db_cell_int(q, 0, 7) != 0;
    c->t.tz = db_cell(q, 0, 8);
    c->t.start = parse_sql_utc(db_cell(q, 0, 9));
    c->t.end = parse_sql_utc(db_cell(q, 0, 10));
    if (c->t.all_day) {
        sscanf(db_cell(q, 0, 11), "%d-%d-%d", &c->t.start_date.y, &c->t.start_date.m, &c->t.start_date.d);
        sscanf(db_cell(q, 0, 12), "%d-%d-%d", &c->t.end_date.y, &c->t.end_date.m, &c->t.end_date.d);
    }
    c->place = db_cell(q, 0, 13);
    c->url = db_cell(q, 0, 14);
    c->cancelled = strcmp(db_cell(q, 0, 15), "cancelled") == 0;
    c->attachments = db_cell(q, 0, 16);
    const char *vis = db_cell(q, 0, 17);
    c->g.id = c->group;
    c->g.visibility = strcmp(vis, "public") == 0 ? VIS_PUBLIC : strcmp(vis, "private") == 0 ? VIS_PRIVATE : VIS_SECRET;
    c->g.posting_managers_only = strcmp(db_cell(q, 0, 18), "managers") == 0;
    c->g.archived = db_cell_int(q, 0, 19) != 0;
    c->future = db_cell_int(q, 0, 20) != 0;
    return 1;
}

/* what one mail says */
typedef struct {
    mail_settings s;
    char from[300];
} sender;

static const char *esc(arena *a, const char *s)
{
    char *e = mail_html_escape(s ? s : "");
    const char *out = e ? arena_printf(a, "%s", e) : "";
    free(e);
    return out;
}

/* Composes and queues the mail to one recipient with a new receipt
 * token: its mail_queue id in *mail_id (0: no mail, the address refused). */
static int mail_one(db *d, arena *a, const cv_info *c, const sender *snd, const recipient *rc, const char *detail,
                    long long *mail_id)
{
    *mail_id = 0;
    int en = rc->user.locale && strcmp(rc->user.locale, "en") == 0;
    unsigned char raw[TOKEN_BYTES], hash[32];
    char token[TOKEN_B64_LEN + 1];
    token_random(raw);
    b64url_encode(raw, sizeof raw, token, sizeof token);
    token_hash((const unsigned char *)token, TOKEN_B64_LEN, hash);
    if (db_exec(d, STMT_CONV_TOKEN_INSERT, "biii", hash, (size_t)32, c->id, (long long)c->version, rc->user.id) < 0)
        return -1;
    const char *base = C ? C->public_url : "";
    const char *when = convocation_when(a, en, &c->t);
    const char *receipt = arena_printf(a, "%s/accuse/%s", base, token);
    const char *in_app = arena_printf(a, "%s/convocations/%lld", base, c->id);
    int reminder = strcmp(detail, "reminder") == 0, changed = strcmp(detail, "changed") == 0;
    const char *subject = en ? arena_printf(a, "%sConvocation%s: %s — %s", reminder ? "Reminder — " : "",
                                            changed ? " changed" : "", c->title, when)
                             : arena_printf(a, "%sConvocation%s : %s — %s", reminder ? "Rappel — " : "",
                                            changed ? " modifiée" : "", c->title, when);
    const char *hello = en ? arena_printf(a, "Hello %s,", rc->user.display_name)
                           : arena_printf(a, "Bonjour %s,", rc->user.display_name);
    const char *lead = en
        ? arena_printf(a, changed ? "%sThe group \xe2\x80\x9c%s\xe2\x80\x9d changed its convocation to this meeting:"
                                  : "%sThe group \xe2\x80\x9c%s\xe2\x80\x9d summons you to this meeting:",
                       reminder ? "Reminder: " : "", c->group_name)
        : arena_printf(a, changed ? "%sLe groupe « %s » a modifié sa convocation à cette réunion :"
                                  : "%sLe groupe « %s » vous convoque à cette réunion :",
                       reminder ? "Rappel : " : "", c->group_name);
    /* text */
    const char *t = arena_printf(a, "%s\n\n%s\n\n%s\n%s %s\n", hello, lead, c->title, en ? "Date:" : "Date :", when);
    if (c->place) t = arena_printf(a, "%s%s %s\n", t, en ? "Place:" : "Lieu :", c->place);
    if (c->url) t = arena_printf(a, "%s%s %s\n", t, en ? "Meeting link:" : "Lien de la réunion :", c->url);
    t = arena_printf(a, "%s%s %s\n\n%s\n%s\n", t, en ? "In Parvis:" : "Dans Parvis :", in_app,
                     en ? "Agenda:" : "Ordre du jour :", c->agenda);
    /* html */
    const char *h = arena_printf(a, "<p>%s</p><p>%s</p><p><strong>%s</strong><br>%s %s", esc(a, hello), esc(a, lead),
                                 esc(a, c->title), en ? "Date:" : "Date :", esc(a, when));
    if (c->place) h = arena_printf(a, "%s<br>%s %s", h, en ? "Place:" : "Lieu :", esc(a, c->place));
    if (c->url) h = arena_printf(a, "%s<br>%s <a href=\"%s\">%s</a>", h, en ? "Meeting link:" : "Lien de la réunion :",
                                 esc(a, c->url), esc(a, c->url));
    h = arena_printf(a, "%s<br><a href=\"%s\">%s</a></p><h2>%s</h2><div style=\"white-space:pre-wrap\">%s</div>", h,
                     esc(a, in_app), en ? "Open it in Parvis" : "L'ouvrir dans Parvis", en ? "Agenda" : "Ordre du jour",
                     esc(a, c->agenda));
    /* the documents: links, never attachments */
    json_t *atts = c->attachments ? json_loads(c->attachments, 0, NULL) : NULL;
    if (json_array_size(atts) && c->post) {
        t = arena_printf(a, "%s\n%s\n", t, en ? "Documents:" : "Documents :");
        h = arena_printf(a, "%s<h2>Documents</h2><ul>", h);
        size_t i;
        json_t *x;
        json_array_foreach(atts, i, x) {
            const char *name = json_string_value(json_object_get(x, "name"));
            const char *link = arena_printf(a, "%s/api/v1/posts/%lld/attachments/%lld/content", base, c->post,
                                            (long long)json_integer_value(json_object_get(x, "id")));
            t = arena_printf(a, "%s- %s : %s\n", t, name ? name : "?", link);
            h = arena_printf(a, "%s<li><a href=\"%s\">%s</a></li>", h, esc(a, link), esc(a, name));
        }
        h = arena_printf(a, "%s</ul>", h);
    }
    json_decref(atts);
    const char *ask = en ? "To confirm that you received this convocation, open this link and press \xe2\x80\x9cI have read it\xe2\x80\x9d:"
                         : "Pour confirmer la réception de cette convocation, ouvrez ce lien et appuyez sur « J'ai lu » :";
    t = arena_printf(a, "%s\n%s\n%s\n", t, ask, receipt);
    h = arena_printf(a, "%s<p>%s<br><a href=\"%s\">%s</a></p>", h, esc(a, ask), esc(a, receipt),
                     en ? "Confirm receipt" : "Confirmer la réception");
    const char *footer = en
        ? arena_printf(a, "You receive this message because you are summoned by the group \xe2\x80\x9c%s\xe2\x80\x9d."
                       " A convocation is always sent by e-mail, whatever your notification settings.", c->group_name)
        : arena_printf(a, "Vous recevez ce message parce que vous êtes convoqué·e par le groupe « %s »."
                       " Une convocation est toujours envoyée par e-mail, quels que soient vos réglages de notification.",
                       c->group_name);
    char *ics = c->cancelled ? NULL
              : event_mail_ics(d, a, c->event, "REQUEST", base, rc->user.display_name, rc->user.email);
    char id[200];
    mail_message_id(id, sizeof id, base);
    mail_parts m = { .from_address = snd->from, .from_name = snd->s.from_name, .to_address = rc->user.email,
                     .to_name = rc->user.display_name, .subject = subject, .text = t, .html = h,
                     .footer_text = footer, .footer_html = esc(a, footer), .unsubscribe_url = NULL,
                     .locale = en ? "en" : "fr", .calendar = ics, .calendar_method = ics ? "REQUEST" : NULL };
    char *msg = mail_compose(&m, id, (long long)time(NULL));
    free(ics);
    if (!msg) {
        log_error("convocation %lld: no message could be composed for person %lld", c->id, rc->user.id);
        return 0;
    }
    int rcode = mail_queue_add(d, rc->user.id, "convocation", rc->user.email, subject, id, msg, NULL);
    free(msg);
    if (rcode) return -1;
    *mail_id = db_last_id(d);
    return 0;
}

/* The bell: one notification per person and convocation, unread again at
 * each version and reminder; its mail is the convocation's own (never). */
static int bell(db *d, arena *a, live_out *out, const cv_info *c, long long user, long long actor, const char *detail)
{
    if (!c->post || user == actor) return 0;
    if (db_exec(d, STMT_NOTIFICATION_UPSERT, "isssinnnnsiiis", user, "convocation",
                arena_printf(a, "convocation:%lld", c->id), "post", c->post, c->post, c->group, 0LL, 0LL, detail,
                actor, actor, actor, "never") < 0)
        return -1;
    live_out_user(a, out, user);
    return 0;
}

static const recipient *find(const recipients *rs, long long user)
{
    for (int i = 0; i < rs->n; i++)
        if (rs->v[i].user.id == user) return &rs->v[i];
    return NULL;
}

/* Tells and mails the people of `who` (user ids, column 0) who are still
 * members who may see it. mode: 0 the first sending of a version (the
 * receipt is marked queued), 1 a reminder (marked with days/seq first). */
static int send_all(db *d, arena *a, live_out *out, const cv_info *c, const db_rows *who, long long actor,
                    const char *detail, int reminder, long long days, long long seq)
{
    if (!who->nrows) return 0;
    recipients rs;
    if (recipients_members(d, a, c->group, c->post, "convocation", &rs)) return -1;
    sender snd;
    if (mail_settings_load(d, a, NULL, &snd.s)) return -1;
    mail_sender(&snd.s, C ? C->public_url : "", snd.from, sizeof snd.from);
    int sent = 0;
    for (int i = 0; i < who->nrows; i++) {
        long long user = db_cell_int(who, i, 0);
        const recipient *rc = find(&rs, user);
        if (!rc) continue;                        /* no longer an active member */
        convocation_facts f = { .recipient = 1 };
        recipient_group_facts(rc, &c->g, &f.group);
        if (acl_convocation(&rc->user, &f, CVA_SEE) != ACL_ALLOW) continue;
        if (reminder) {
            long long fresh = db_exec(d, STMT_CONV_REMINDER_MARK, "iiiii", c->id, (long long)c->version, user, days, seq);
            if (fresh < 0) return -1;
            if (!fresh) continue;                 /* reminded already */
        }
        long long mail_id;
        if (bell(d, a, out, c, user, actor, detail) || mail_one(d, a, c, &snd, rc, detail, &mail_id)) return -1;
        if (reminder ? db_exec(d, STMT_CONV_REMINDED, "iii", c->id, (long long)c->version, user) < 0
                     : db_exec(d, STMT_CONV_QUEUED, "niii", mail_id, c->id, (long long)c->version, user) < 0)
            return -1;
        sent++;
    }
    return sent;
}

int convocation_notice_run(db *d, arena *a, const queue_row *row, live_out *out)
{
    cv_info c;
    int found = cv_load(d, a, row->object, &c);
    if (found <= 0) return found;
    int remind = strcmp(row->detail, "remind") == 0;
    if (remind && (c.cancelled || !c.future)) return 0;
    db_rows *who = db_query(d, a, remind ? STMT_CONV_NOTIFY_UNCONFIRMED : STMT_CONV_NOTIFY_UNQUEUED, "ii", c.id,
                            (long long)c.version);
    if (!who) return -1;
    int n = send_all(d, a, out, &c, who, row->actor, remind ? "reminder" : strcmp(row->detail, "changed") == 0
                     ? "changed" : "sent", remind, 0, remind ? row->seq : 0);
    if (n >= 100) log_info("convocation %lld version %d: %d people told and mailed", c.id, c.version, n);
    return n < 0 ? -1 : 0;
}

int convocation_reminders_run(db *d, arena *a, live_out *out)
{
    db_rows *q = db_query(d, a, STMT_CONV_REMINDERS_DUE, "");
    if (!q) return -1;
    int told = 0;
    for (int i = 0; i < q->nrows; i++) {
        cv_info c;
        int found = cv_load(d, a, db_cell_int(q, i, 0), &c);
        if (found < 0) return -1;
        if (!found || c.cancelled || !c.future) continue;
        db_rows *who = db_query(d, a, STMT_CONV_NOTIFY_UNCONFIRMED, "ii", c.id, (long long)c.version);
        if (!who) return -1;
        int n = send_all(d, a, out, &c, who, 0, "reminder", 1, db_cell_int(q, i, 1), 0);
        if (n < 0) return -1;
        told += n;
    }
    return told;
}
