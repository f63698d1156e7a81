#include "mail_notify.h"
#include "chat_mail.h"
#include "crypto.h"
#include "facts.h"
#include "log.h"
#include "mail_compose.h"
#include "event_notices.h"
#include "mail_queue.h"
#include "mail_settings.h"
#include "mail_token.h"
#include "notify_text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const config *C;
static unsigned char secret[32];
static int have_secret;

void mail_notify_start(const config *cfg)
{
    C = cfg;
    char err[256];
    have_secret = secret_load_or_create(cfg->secret_file, secret, err, sizeof err) == 0;
    if (!have_secret) log_error("mail: %s (mails go without an unsubscribe link)", err);
}

/* MAIL_NOTE_COLUMNS */
enum { M_ID, M_USER, M_KIND, M_TTYPE, M_TID, M_POST, M_GROUP, M_NODE, M_DETAIL, M_ACTORS, M_ACTOR_COUNT,
       M_EVENT_COUNT, M_POST_TITLE, M_GROUP_NAME, M_NODE_NAME, M_MESSAGE_TITLE, M_POST_AUTHOR, M_EMAIL,
       M_LOCALE, M_NAME, M_MESSAGE_BODY, M_MAIL_STATE, M_NODE_PARENT, M_NODE_KIND, M_CONV, M_CHAT_MESSAGE,
       M_CONV_NAME, M_CONV_KIND, M_CONV_GROUP, M_CONV_ENABLED, M_CONV_CLOSED, M_CONV_PARTICIPANT, M_POST_BODY };

static const char *kind_label(const char *kind, int en)
{
    static const char *const labels[][3] = {
        { "mention", "les mentions", "mentions" },
        { "comment", "les commentaires", "comments" },
        { "reaction", "les réactions", "reactions" },
        { "must_read", "les publications à lire obligatoirement", "must-read posts" },
        { "post", "les nouvelles publications", "new posts" },
        { "file", "les fichiers", "files" },
        { "share", "les partages", "shares" },
        { "request", "les demandes d'adhésion", "join requests" },
        { "request_decided", "les réponses à vos demandes", "answers to your requests" },
        { "added_to_group", "les ajouts à un groupe", "being added to a group" },
        { "message", "les messages qu'on vous envoie", "messages sent to you" },
        { "announcement", "les messages de l'administration", "administrators' messages" },
        { "report", "les contenus signalés à modérer", "reported content to moderate" },
        { "report_decided", "les suites de vos signalements", "the outcome of your reports" },
    };
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        if (strcmp(labels[i][0], kind) == 0) return labels[i][en ? 2 : 1];
    return kind;
}

/* Where the notification points, on the site. */
static const char *note_path(arena *a, const db_rows *q, int i)
{
    const char *type = db_cell(q, i, M_TTYPE), *kind = db_cell(q, i, M_KIND);
    long long group = db_cell_int(q, i, M_GROUP), tid = db_cell_int(q, i, M_TID);
    if (db_cell_int(q, i, M_CONV)) return arena_printf(a, "/messagerie/%lld", db_cell_int(q, i, M_CONV));
    if (strcmp(type, "post") == 0 || strcmp(type, "comment") == 0) {
        if (strcmp(kind, "post") == 0 && db_cell_int(q, i, M_EVENT_COUNT) > 1 && group)
            return arena_printf(a, "/groupes/%lld", group);
        return arena_printf(a, "/publications/%lld", db_cell_int(q, i, M_POST));
    }
    if (strcmp(type, "group") == 0)
        return strcmp(kind, "request") == 0 ? arena_printf(a, "/groupes/%lld?onglet=membres", tid)
                                            : arena_printf(a, "/groupes/%lld", tid);
    if (strcmp(type, "file") == 0 || strcmp(type, "folder") == 0) {
        const char *nk = db_cell(q, i, M_NODE_KIND);
        return arena_printf(a, "/drive/dossiers/%lld",
                            nk && strcmp(nk, "folder") == 0 ? tid : db_cell_int(q, i, M_NODE_PARENT));
    }
    if (strcmp(type, "report") == 0 && strcmp(kind, "report") == 0) return "/moderation";   /* docs/moderation.md */
    return "/notifications";
}

/* The sentence of row i, in the reader's language. */
static const char *note_sentence(db *d, arena *a, const db_rows *q, int i, int en)
{
    const char *names[2] = { NULL, NULL };
    db_rows *who = db_query(d, a, STMT_NOTIFICATION_ACTORS, "s", db_cell(q, i, M_ACTORS));
    /* actors newest first: the JSON's order, not the query's */
    char *ids = arena_strdup(a, db_cell(q, i, M_ACTORS));
    int k = 0;
    for (char *p = ids; who && *p && k < 2; p++) {
        if (*p < '0' || *p > '9') continue;
        long long id = strtoll(p, &p, 10);
        for (int r = 0; r < who->nrows; r++)
            if (db_cell_int(who, r, 0) == id) { names[k++] = db_cell(who, r, 1); break; }
        if (!*p) break;
    }
    const char *type = db_cell(q, i, M_TTYPE);
    const char *title = notify_post_title(a, db_cell(q, i, M_POST_TITLE), db_cell(q, i, M_POST_BODY));
    if (strcmp(type, "file") == 0 || strcmp(type, "folder") == 0) title = db_cell(q, i, M_NODE_NAME);
    if (strcmp(type, "announcement") == 0) title = db_cell(q, i, M_MESSAGE_TITLE);
    int chat = db_cell_int(q, i, M_CONV) != 0;
    if (chat) title = db_cell(q, i, M_CONV_NAME);
    notify_text_in in = {
        .kind = db_cell(q, i, M_KIND), .detail = db_cell(q, i, M_DETAIL), .actor1 = names[0], .actor2 = names[1],
        .actor_count = db_cell_int(q, i, M_ACTOR_COUNT), .event_count = db_cell_int(q, i, M_EVENT_COUNT),
        .title = title ? title : "", .group = db_cell(q, i, M_GROUP_NAME),
        .own_post = db_cell_int(q, i, M_POST_AUTHOR) == db_cell_int(q, i, M_USER), .chat = chat,
    };
    return notify_text(a, en, &in);
}

static int visible(db *d, arena *a, const db_rows *q, int i)
{
    if (db_cell_int(q, i, M_CONV)) return chat_mail_visible(d, a, db_cell_int(q, i, M_USER), db_cell_int(q, i, M_CONV));
    return note_visible(d, a, db_cell_int(q, i, M_USER), db_cell(q, i, M_KIND), db_cell(q, i, M_TTYPE),
                        db_cell_int(q, i, M_POST), db_cell_int(q, i, M_GROUP), db_cell_int(q, i, M_NODE));
}

static char *html(const char *s)
{
    return mail_html_escape(s ? s : "");
}

/* Composes and queues one mail (in the caller's transaction). 0 or -1. */
static int queue_mail(db *d, const mail_settings *s, long long user, const char *to, const char *to_name,
                      const char *locale, const char *kind, const char *unsub_kind, const char *subject,
                      const char *text, const char *body_html, const char *footer_text, const char *footer_html,
                      const char *calendar, const char *calendar_method)
{
    char from[300], id[200], unsub[600];
    mail_sender(s, C->public_url, from, sizeof from);
    mail_message_id(id, sizeof id, C->public_url);
    int has_unsub = have_secret && mail_unsubscribe_url(C, secret, user, unsub_kind, unsub, sizeof unsub) == 0;
    mail_parts m = { .from_address = from, .from_name = s->from_name, .to_address = to, .to_name = to_name,
                     .subject = subject, .text = text, .html = body_html, .footer_text = footer_text,
                     .footer_html = footer_html, .unsubscribe_url = has_unsub ? unsub : NULL, .locale = locale,
                     .calendar = calendar, .calendar_method = calendar_method };
    char *msg = mail_compose(&m, id, (long long)time(NULL));
    if (!msg) {                  /* an address that is not one: nothing to send */
        log_error("mail: no message could be composed for person %lld (%s)", user, to);
        return 0;
    }
    int rc = mail_queue_add(d, user, kind, to, subject, id, msg, NULL);
    free(msg);
    return rc;
}

/* Minutes since local midnight of "HH:MM" */
static int minutes_of(const char *hhmm)
{
    return (int)strtol(hhmm, NULL, 10) * 60 + (int)strtol(hhmm + 3, NULL, 10);
}

/* Whether now (the server's local time) is within the quiet hours, which
 * may span midnight. */
static int quiet_now(const mail_settings *s)
{
    if (!mail_hhmm_ok(s->quiet_start) || !mail_hhmm_ok(s->quiet_end)) return 0;
    time_t t = time(NULL);
    struct tm lt;
    localtime_r(&t, &lt);
    int now = lt.tm_hour * 60 + lt.tm_min, from = minutes_of(s->quiet_start), to = minutes_of(s->quiet_end);
    if (from == to) return 0;
    return from < to ? now >= from && now < to : now >= from || now < to;
}

int mail_notify_immediate(db *d, arena *a)
{
    mail_settings s;
    if (mail_settings_load(d, a, NULL, &s)) return -1;
    if (quiet_now(&s)) return 0;              /* they wait for the morning */
    db_rows *q = db_query(d, a, STMT_MAIL_IMMEDIATE_DUE, "i", (long long)C->chat_mail_delay_seconds);
    if (!q) return -1;
    int queued = 0;
    for (int i = 0; i < q->nrows; i++) {
        int v = visible(d, a, q, i);
        if (v < 0) return -1;
        int en = strcmp(db_cell(q, i, M_LOCALE), "en") == 0;
        const char *kind = db_cell(q, i, M_KIND);
        if (db_begin(d)) return -1;
        int failed = 0;
        if (v) {
            const char *sentence = note_sentence(d, a, q, i, en);
            const char *url = arena_printf(a, "%s%s", C->public_url, note_path(a, q, i));
            const char *extra = db_cell(q, i, M_MESSAGE_BODY), *extra_html = NULL;
            /* a chat notification shows who wrote and what */
            if (db_cell_int(q, i, M_CONV)
                && chat_mail_excerpt(d, a, db_cell_int(q, i, M_USER), db_cell_int(q, i, M_CONV),
                                     strcmp(kind, "mention") == 0, en, &extra, &extra_html)) {
                db_rollback(d);
                return -1;
            }
            const char *settings = arena_printf(a, "%s/notifications/reglages", C->public_url);
            const char *why = en ? arena_printf(a, "You receive this e-mail because you chose to be told of %s at once. "
                                                   "Your notification settings: %s", kind_label(kind, 1), settings)
                                 : arena_printf(a, "Vous recevez cet e-mail car vous avez choisi d'être prévenu "
                                                   "immédiatement pour %s. Vos réglages : %s", kind_label(kind, 0), settings);
            const char *text = arena_printf(a, "%s\n\n%s%s%s\n", sentence, extra && *extra ? extra : "",
                                            extra && *extra ? "\n\n" : "", url);
            char *hs = html(sentence), *hx = html(extra), *hu = html(url), *hw = html(why), *hset = html(settings);
            const char *body = extra_html
                ? arena_printf(a, "<p>%s</p>%s<p><a href=\"%s\">%s</a></p>", hs ? hs : "", extra_html, hu ? hu : "",
                               en ? "Open the conversation" : "Ouvrir la conversation")
                : arena_printf(a, "<p>%s</p>%s%s%s<p><a href=\"%s\">%s</a></p>", hs ? hs : "",
                               extra && *extra ? "<p>" : "", extra && *extra && hx ? hx : "",
                               extra && *extra ? "</p>" : "", hu ? hu : "", en ? "Open" : "Ouvrir");
            const char *footer_html = arena_printf(a, "%s", hw ? hw : "");
            free(hs); free(hx); free(hu); free(hw); free(hset);
            /* an event's invitation, change or cancellation carries the
             * event for calendars (docs/events.md) */
            const char *method = strcmp(db_cell(q, i, M_TTYPE), "event") != 0 ? NULL
                               : strcmp(kind, "event_cancelled") == 0 ? "CANCEL"
                               : strcmp(kind, "event_invited") == 0 || strcmp(kind, "event_changed") == 0
                                 || strcmp(kind, "event_promoted") == 0 ? "REQUEST" : NULL;
            char *ics = method ? event_mail_ics(d, a, db_cell_int(q, i, M_TID), method, C->public_url,
                                                 db_cell(q, i, M_NAME), db_cell(q, i, M_EMAIL)) : NULL;
            failed = queue_mail(d, &s, db_cell_int(q, i, M_USER), db_cell(q, i, M_EMAIL), db_cell(q, i, M_NAME),
                                en ? "en" : "fr", kind, kind, sentence, text, body, why, footer_html, ics,
                                ics ? method : NULL) < 0;
            free(ics);
        }
        /* mailed, or no longer the person's to see: not again */
        if (failed || db_exec(d, STMT_NOTIFICATION_MAIL_DONE, "si", v ? "sent" : "never", db_cell_int(q, i, M_ID)) < 0
            || db_commit(d)) {
            db_rollback(d);
            return -1;
        }
        queued += v;
    }
    return queued;
}

/* One person's digest of notifications in mail_state `state`. 1 queued, 0
 * nothing new, -1. */
static int digest_build(db *d, arena *a, const mail_settings *s, long long user, const char *state)
{
    db_rows *u = db_query(d, a, STMT_MAIL_USER, "i", user);
    db_rows *q = u ? db_query(d, a, STMT_MAIL_DIGEST_ROWS, "is", user, state) : NULL;
    db_rows *todo = q ? db_query(d, a, STMT_MAIL_DIGEST_UNCONFIRMED, "i", user) : NULL;
    if (!todo) return -1;
    int weekly = strcmp(state, "weekly") == 0;
    if (db_begin(d)) return -1;
    int failed = db_exec(d, weekly ? STMT_DIGEST_WEEKLY_DONE : STMT_DIGEST_DAILY_DONE, "i", user) < 0;
    if (!u->nrows) {                                     /* disabled since */
        if (failed || db_commit(d)) { db_rollback(d); return -1; }
        return 0;
    }
    int en = strcmp(db_cell(u, 0, 1), "en") == 0;
    /* the text and HTML, grouped by group; the must-read posts to confirm first */
    char *text = NULL, *body = NULL;
    size_t tlen = 0, blen = 0;
    FILE *ft = open_memstream(&text, &tlen), *fb = open_memstream(&body, &blen);
    int items = 0;
    if (todo->nrows) {
        fprintf(ft, "%s\n", en ? "To read and confirm:" : "À lire et à confirmer :");
        fprintf(fb, "<h2>%s</h2><ul>", en ? "To read and confirm" : "À lire et à confirmer");
        for (int i = 0; i < todo->nrows; i++) {
            const char *t = db_cell(todo, i, 1);
            const char *title = t && *t ? t : en ? "(untitled)" : "(sans titre)";
            const char *url = arena_printf(a, "%s/publications/%lld", C->public_url, db_cell_int(todo, i, 0));
            fprintf(ft, "- %s : %s\n", title, url);
            char *ht = html(title), *hu = html(url);
            fprintf(fb, "<li><a href=\"%s\">%s</a></li>", hu ? hu : "", ht ? ht : "");
            free(ht); free(hu);
        }
        fprintf(ft, "\n");
        fprintf(fb, "</ul>");
    }
    const char *current = "\x01";
    for (int i = 0; i < q->nrows && !failed; i++) {
        int v = visible(d, a, q, i);
        if (v < 0) { failed = 1; break; }
        if (db_exec(d, STMT_NOTIFICATION_MAIL_DONE, "si", v ? "sent" : "never", db_cell_int(q, i, M_ID)) < 0) {
            failed = 1;
            break;
        }
        if (!v) continue;
        const char *g = db_cell(q, i, M_GROUP_NAME);
        const char *heading = g ? g : en ? "Other news" : "Autres nouveautés";
        if (strcmp(heading, current) != 0) {
            char *hh = html(heading);
            fprintf(ft, "%s%s\n", items ? "\n" : "", heading);
            fprintf(fb, "%s<h2>%s</h2><ul>", items ? "</ul>" : "", hh ? hh : "");
            free(hh);
            current = heading;
        }
        const char *sentence = note_sentence(d, a, q, i, en);
        const char *url = arena_printf(a, "%s%s", C->public_url, note_path(a, q, i));
        fprintf(ft, "- %s\n  %s\n", sentence, url);
        char *hs = html(sentence), *hu = html(url);
        fprintf(fb, "<li><a href=\"%s\">%s</a></li>", hu ? hu : "", hs ? hs : "");
        free(hs); free(hu);
        items++;
    }
    if (items) fprintf(fb, "</ul>");
    fclose(ft);
    fclose(fb);
    if (!failed && items) {
        const char *settings = arena_printf(a, "%s/notifications/reglages", C->public_url);
        const char *subject = en ? arena_printf(a, "Your %s digest: %d new item%s", weekly ? "weekly" : "daily", items,
                                                items > 1 ? "s" : "")
                                 : arena_printf(a, "Votre résumé %s : %d nouveauté%s", weekly ? "de la semaine" : "du jour",
                                                items, items > 1 ? "s" : "");
        const char *why = en ? arena_printf(a, "You receive this digest because you chose a %s digest for some "
                                               "notifications, and you had not seen these in Parvis. Your settings: %s",
                                            weekly ? "weekly" : "daily", settings)
                             : arena_printf(a, "Vous recevez ce résumé car vous avez choisi un résumé %s pour certaines "
                                               "notifications, et vous ne les aviez pas vues dans Parvis. Vos réglages : %s",
                                            weekly ? "hebdomadaire" : "quotidien", settings);
        char *hw = html(why);
        failed = queue_mail(d, s, user, db_cell(u, 0, 0), db_cell(u, 0, 2), en ? "en" : "fr", "digest",
                            weekly ? "weekly" : "daily", subject, text ? text : "", body ? body : "", why,
                            hw ? hw : "", NULL, NULL) < 0;
        free(hw);
    }
    free(text);
    free(body);
    if (failed || db_commit(d)) { db_rollback(d); return -1; }
    return items > 0;
}

/* each person's in an arena of its own: thousands of digests in one pass */
static int digest_one(db *d, const mail_settings *s, long long user, const char *state)
{
    arena *b = arena_new(64 * 1024);
    int n = digest_build(d, b, s, user, state);
    arena_free(b);
    return n;
}

int mail_notify_digests(db *d, arena *a, const char *force)
{
    mail_settings s;
    if (mail_settings_load(d, a, NULL, &s)) return -1;
    time_t t = time(NULL);
    struct tm lt;
    localtime_r(&t, &lt);
    int hour = 7;
    db_rows *h = db_query(d, a, STMT_SETTING_GET, "s", "digest_hour");
    if (h && h->nrows) hour = (int)strtol(db_cell(h, 0, 0), NULL, 10);
    int queued = 0;
    for (int weekly = 0; weekly < 2; weekly++) {
        const char *state = weekly ? "weekly" : "daily";
        /* this slot's start (UTC, as MariaDB keeps times): today's digest
         * hour, or Monday's for the weekly one; a person whose last digest
         * is older gets one */
        char since[32];
        if (force) {
            if (strcmp(force, state) != 0) continue;
            struct tm now;
            gmtime_r(&t, &now);
            strftime(since, sizeof since, "%Y-%m-%d %H:%M:%S", &now);
        } else {
            if (lt.tm_hour < hour || (weekly && lt.tm_wday != 1)) continue;
            struct tm slot = lt;
            slot.tm_hour = hour;
            slot.tm_min = slot.tm_sec = 0;
            time_t st = mktime(&slot);
            struct tm u;
            gmtime_r(&st, &u);
            strftime(since, sizeof since, "%Y-%m-%d %H:%M:%S", &u);
        }
        db_rows *people = db_query(d, a, weekly ? STMT_MAIL_DIGEST_WEEKLY_USERS : STMT_MAIL_DIGEST_DAILY_USERS, "s", since);
        if (!people) return -1;
        for (int i = 0; i < people->nrows; i++) {
            int n = digest_one(d, &s, db_cell_int(people, i, 0), state);
            if (n < 0) return -1;
            queued += n;
        }
    }
    return queued;
}
