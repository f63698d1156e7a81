/* /admin/mail: the relay, its login, the sender and the quiet hours
 * (GET, PUT), a test mail (POST /admin/mail/test), the queue (GET
 * /admin/mail/queue) and « Réessayer » (POST /admin/mail/queue/{id}/retry).
 * Administrators only. parvis-notifier reads the settings again on each of
 * its passes: a change applies to the next mail sent. */
#include "core/acl.h"
#include "core/listing.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "mail/handlers.h"
#include "mail_compose.h"
#include "mail_queue.h"
#include "mail_settings.h"
#include "notify.h"
#include "settings.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int forbidden(req *r)
{
    return resp_error(r, 403, "forbidden", M_FORBIDDEN);
}

int h_mail_admin_get(req *r)
{
    if (!acl_can_manage_mail(r->user)) return forbidden(r);
    mail_settings s;
    if (mail_settings_load(worker_db(), r->a, NULL, &s)) return resp_db_error(r);
    return resp_json(r, 200, json_pack("{s:s,s:b,s:s,s:b,s:s,s:s,s:s,s:s,s:s,s:s}",
        "relay", s.relay, "starttls", s.starttls, "username", s.username, "password_set", s.password_set,
        "from_address", s.from_address, "from_name", s.from_name, "quiet_start", s.quiet_start,
        "quiet_end", s.quiet_end, "mode", *s.relay ? "relay" : "files", "files_dir", W.cfg.mail_dir));
}

static const field_spec put_fields[] = {
    { "relay", F_STRING, 0, 300, NULL },
    { "starttls", F_BOOL, 0, 0, NULL },
    { "username", F_STRING, 0, 200, NULL },
    { "password", F_SECRET, 0, 0, NULL },
    { "from_address", F_STRING, 0, 254, NULL },
    { "from_name", F_STRING, 0, 100, NULL },
    { "quiet_start", F_STRING, 0, 5, NULL },
    { "quiet_end", F_STRING, 0, 5, NULL },
    { NULL, 0, 0, 0, NULL },
};

/* PUT /admin/mail: the fields given replace the stored ones (absent ones
 * are kept; "password": "" removes the password). */
int h_mail_admin_put(req *r)
{
    if (!acl_can_manage_mail(r->user)) return forbidden(r);
    if (req_read_json(r) || validate_body(r, put_fields)) return 0;
    const char *relay = body_str(r, "relay"), *username = body_str(r, "username");
    const char *password = body_str(r, "password"), *from = body_str(r, "from_address");
    const char *from_name = body_str(r, "from_name");
    const char *qs = body_str(r, "quiet_start"), *qe = body_str(r, "quiet_end");
    json_t *tls = json_object_get(r->body, "starttls");
    if (relay && *relay && !mail_relay_ok(relay)) return resp_error(r, 400, "bad_request", M_MAIL_RELAY);
    if (from && *from) {
        char *norm = email_normalize(r->a, from);
        if (!norm || !mail_address_ok(norm)) return resp_error(r, 400, "bad_request", M_BAD_EMAIL, from);
        from = norm;
    }
    if (from_name) {
        const char *t = trim_spaces(r->a, from_name);
        from_name = t ? t : "";
    }
    if (qs && !mail_hhmm_ok(qs)) return resp_error(r, 400, "bad_request", M_MAIL_TIME, "quiet_start");
    if (qe && !mail_hhmm_ok(qe)) return resp_error(r, 400, "bad_request", M_MAIL_TIME, "quiet_end");
    char *sealed = NULL;
    if (password && *password) {
        if (strlen(password) > MAIL_PASSWORD_MAX)
            return resp_error(r, 400, "bad_request", M_MAIL_PASSWORD_LONG, MAIL_PASSWORD_MAX);
        sealed = arena_alloc(r->a, 512);
        if (mail_password_seal(W.secret, password, sealed, 512)) return resp_error(r, 500, "internal", M_INTERNAL);
    }
    db *d = worker_db();
    if (!d || db_begin(d)) return resp_db_error(r);
    if ((relay && settings_set(d, "mail_relay", relay))
        || (tls && settings_set(d, "mail_starttls", json_is_true(tls) ? "1" : "0"))
        || (username && settings_set(d, "mail_username", username))
        || (password && settings_set(d, "mail_password", sealed ? sealed : ""))
        || (from && settings_set(d, "mail_from_address", from))
        || (from_name && settings_set(d, "mail_from_name", from_name))
        || (qs && settings_set(d, "quiet_start", qs))
        || (qe && settings_set(d, "quiet_end", qe))
        || db_exec(d, STMT_AUDIT_SETTINGS_UPDATE, "is", r->user->id,
                   arena_printf(r->a, "mail relay=%s starttls=%s username=%s password=%s from=%s name=%s quiet=%s-%s",
                                relay ? (*relay ? relay : "files") : "-", tls ? (json_is_true(tls) ? "on" : "off") : "-",
                                username ? "changed" : "-", password ? (*password ? "changed" : "removed") : "-",
                                from ? from : "-", from_name ? "changed" : "-", qs ? qs : "-", qe ? qe : "-")) < 0) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (db_commit(d)) return resp_db_error(r);
    return h_mail_admin_get(r);
}

/* POST /admin/mail/test {"to"}: a test mail in the administrator's
 * language, queued (202); the notifier sends it at once. */
int h_mail_test(req *r)
{
    static const field_spec fields[] = { { "to", F_STRING, 1, 254, NULL }, { NULL, 0, 0, 0, NULL } };
    if (!acl_can_manage_mail(r->user)) return forbidden(r);
    if (req_read_json(r) || validate_body(r, fields)) return 0;
    const char *to = email_normalize(r->a, body_str(r, "to"));
    if (!to || !mail_address_ok(to)) return resp_error(r, 400, "bad_request", M_BAD_EMAIL, body_str(r, "to"));
    db *d = worker_db();
    mail_settings s;
    if (!d || mail_settings_load(d, r->a, NULL, &s)) return resp_db_error(r);
    char sender[256], message_id[300];
    mail_sender(&s, W.cfg.public_url, sender, sizeof sender);
    mail_message_id(message_id, sizeof message_id, W.cfg.public_url);
    int en = r->user->locale && strcmp(r->user->locale, "en") == 0;
    char *who = mail_html_escape(r->user->display_name), *url = mail_html_escape(W.cfg.public_url);
    if (!who || !url) { free(who); free(url); return resp_error(r, 500, "internal", M_INTERNAL); }
    const char *subject = en ? "Parvis: test message" : "Parvis : message de test";
    const char *text = en
        ? arena_printf(r->a, "Hello,\n\nThis test message was sent by %s from Administration › E-mail.\n"
                             "If you are reading it, Parvis's e-mails reach their recipients.\n\n%s\n",
                       r->user->display_name, W.cfg.public_url)
        : arena_printf(r->a, "Bonjour,\n\nCe message de test a été envoyé par %s depuis Administration › Messagerie.\n"
                             "Si vous le lisez, les e-mails de Parvis parviennent à leurs destinataires.\n\n%s\n",
                       r->user->display_name, W.cfg.public_url);
    const char *html = en
        ? arena_printf(r->a, "<p>Hello,</p><p>This test message was sent by <strong>%s</strong> from Administration › E-mail.</p>"
                             "<p>If you are reading it, Parvis's e-mails reach their recipients.</p>"
                             "<p><a href=\"%s\">%s</a></p>", who, url, url)
        : arena_printf(r->a, "<p>Bonjour,</p><p>Ce message de test a été envoyé par <strong>%s</strong> depuis Administration › Messagerie.</p>"
                             "<p>Si vous le lisez, les e-mails de Parvis parviennent à leurs destinataires.</p>"
                             "<p><a href=\"%s\">%s</a></p>", who, url, url);
    free(who);
    free(url);
    const char *footer = en ? "You receive this message because an administrator of Parvis asked for it."
                            : "Vous recevez ce message parce qu'un administrateur de Parvis l'a demandé.";
    mail_parts m = { .from_address = sender, .from_name = s.from_name, .to_address = to, .to_name = NULL,
                     .subject = subject, .text = text, .html = html, .footer_text = footer, .footer_html = footer,
                     .unsubscribe_url = NULL, .locale = en ? "en" : "fr" };
    char *msg = mail_compose(&m, message_id, (long long)time(NULL));
    if (!msg) return resp_error(r, 500, "internal", M_INTERNAL);
    int bad = db_begin(d) || mail_queue_add(d, r->user->id, "test", to, subject, message_id, msg, NULL);
    free(msg);
    if (bad) { db_rollback(d); return resp_db_error(r); }
    long long id = db_last_id(d);
    if (db_commit(d)) return resp_db_error(r);
    notify_poke(&W.cfg);
    return resp_json(r, 202, json_pack("{s:I,s:s}", "id", (json_int_t)id, "message_id", message_id));
}

/* GET /admin/mail/queue?state=&cursor=&limit=: newest first */
int h_mail_queue(req *r)
{
    if (!acl_can_manage_mail(r->user)) return forbidden(r);
    const char *state = req_query(r, "state");
    if (state && *state && strcmp(state, "waiting") && strcmp(state, "sending") && strcmp(state, "sent")
        && strcmp(state, "failed"))
        return resp_error(r, 400, "bad_request", M_FIELD_ENUM, "state", "waiting, sending, sent, failed");
    int limit;
    if (req_limit(r, 50, 200, &limit)) return 0;
    const char *cursor = req_query(r, "cursor");
    char *parts[1];
    long long before = 1LL << 62;
    if (cursor && *cursor && (cursor_split(r->a, cursor, parts, 1) || (before = parse_id(parts[0])) <= 0))
        return resp_error(r, 400, "bad_request", M_BAD_CURSOR);
    db_rows *q = state && *state
        ? db_query(worker_db(), r->a, STMT_MAIL_QUEUE_LIST_STATE, "sii", state, before, (long long)limit + 1)
        : db_query(worker_db(), r->a, STMT_MAIL_QUEUE_LIST, "ii", before, (long long)limit + 1);
    if (!q) return resp_db_error(r);
    json_t *items = json_array();
    int shown = q->nrows > limit ? limit : q->nrows;
    for (int i = 0; i < shown; i++) {
        const char *sent = db_cell(q, i, 8);
        json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:o,s:s}",
            "id", (json_int_t)db_cell_int(q, i, 0), "to", db_cell(q, i, 1), "subject", db_cell(q, i, 2),
            "kind", db_cell(q, i, 3), "state", db_cell(q, i, 4), "attempts", (json_int_t)db_cell_int(q, i, 5),
            "last_error", db_cell(q, i, 6), "created", db_cell(q, i, 7),
            "sent_at", sent ? json_string(sent) : json_null(), "next_attempt", db_cell(q, i, 9)));
    }
    json_t *next = q->nrows > limit ? json_string(cursor_make(r->a, db_cell(q, shown - 1, 0))) : json_null();
    return resp_json(r, 200, json_pack("{s:o,s:o}", "items", items, "next", next));
}

/* POST /admin/mail/queue/{id}/retry: a failed or waiting mail is due now
 * (its attempts kept); 409 when sent or being sent. */
int h_mail_retry(req *r)
{
    if (!acl_can_manage_mail(r->user)) return forbidden(r);
    db *d = worker_db();
    if (!d || db_begin(d)) return resp_db_error(r);
    db_rows *q = db_query(d, r->a, STMT_MAIL_QUEUE_STATE_LOCK, "i", r->ids[0]);
    if (!q) { db_rollback(d); return resp_db_error(r); }
    if (q->nrows == 0) { db_rollback(d); return resp_error(r, 404, "not_found", M_MAIL_NOT_FOUND); }
    const char *state = db_cell(q, 0, 0);
    if (strcmp(state, "sent") == 0) { db_rollback(d); return resp_error(r, 409, "already_sent", M_MAIL_ALREADY_SENT); }
    if (strcmp(state, "sending") == 0) { db_rollback(d); return resp_error(r, 409, "being_sent", M_MAIL_BEING_SENT); }
    if (db_exec(d, STMT_MAIL_RETRY, "i", r->ids[0]) < 0) { db_rollback(d); return resp_db_error(r); }
    if (db_commit(d)) return resp_db_error(r);
    notify_poke(&W.cfg);
    return resp_empty(r, 204);
}

/* POST /admin/mail/digest {"kind":"daily"|"weekly"}: the digests now,
 * for everyone with something new since their last one (« Envoyer les
 * résumés maintenant »); the notifier builds them. */
int h_mail_digest(req *r)
{
    static const field_spec fields[] = { { "kind", F_STRING, 1, 0, "daily|weekly" }, { NULL, 0, 0, 0, NULL } };
    if (!acl_can_manage_mail(r->user)) return forbidden(r);
    if (req_read_json(r) || validate_body(r, fields)) return 0;
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    if (notify_add(d, NOTIFY_DIGEST, 0, r->user->id, 0, body_str(r, "kind")) || db_commit(d)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    notify_poke(&W.cfg);
    return resp_empty(r, 202);
}
