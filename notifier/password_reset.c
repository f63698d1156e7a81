#include "password_reset.h"
#include "crypto.h"
#include "log.h"
#include "mail_compose.h"
#include "mail_queue.h"
#include "mail_settings.h"
#include "password_policy.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const config *C;

void password_reset_start(const config *cfg) { C = cfg; }

/* The mail's words, in French or English; `by_admin`: an administrator
 * sent the link rather than the person asking for it. */
typedef struct { const char *subject, *hello, *why, *open, *once, *ignore, *button, *footer; } words;

static words words_for(arena *a, int en, int by_admin, const char *name, const char *email)
{
    words w;
    if (en) {
        w.subject = "Parvis: choose a new password";
        w.hello = arena_printf(a, "Hello %s,", name);
        w.why = by_admin ? arena_printf(a, "An administrator of Parvis sends you this link to choose a new password for your account (%s).", email)
                         : arena_printf(a, "Someone (you, most likely) asked to reset the password of your Parvis account (%s).", email);
        w.open = "To choose a new password, open this link:";
        w.once = "It works once, within an hour.";
        w.ignore = by_admin ? "Your current password keeps working until you choose a new one."
                            : "If you did not ask for it, ignore this message: your password does not change.";
        w.button = "Choose a new password";
        w.footer = "You receive this message because a password reset was asked for your account.";
    } else {
        w.subject = "Parvis : choisir un nouveau mot de passe";
        w.hello = arena_printf(a, "Bonjour %s,", name);
        w.why = by_admin ? arena_printf(a, "Un administrateur de Parvis vous envoie ce lien pour choisir un nouveau mot de passe pour votre compte (%s).", email)
                         : arena_printf(a, "Quelqu'un (vous, sans doute) a demandé à réinitialiser le mot de passe de votre compte Parvis (%s).", email);
        w.open = "Pour choisir un nouveau mot de passe, ouvrez ce lien :";
        w.once = "Il ne sert qu'une fois, dans l'heure.";
        w.ignore = by_admin ? "Votre mot de passe actuel reste valable tant que vous n'en choisissez pas un autre."
                            : "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.";
        w.button = "Choisir un nouveau mot de passe";
        w.footer = "Vous recevez ce message parce qu'une réinitialisation du mot de passe a été demandée pour votre compte.";
    }
    return w;
}

int password_reset_run(db *d, arena *a, const queue_row *row)
{
    if (row->object <= 0) return 0;                  /* an address that is no account's */
    db_rows *u = db_query(d, a, STMT_PASSWORD_RESET_USER, "i", row->object);
    if (!u) return -1;
    if (!u->nrows || strcmp(db_cell(u, 0, 3), "active") != 0) {
        log_info("password reset: account %lld gone or disabled, no mail", row->object);
        return 0;
    }
    int by_admin = strcmp(row->detail, "admin") == 0;
    if (!by_admin) {
        db_rows *n = db_query(d, a, STMT_PASSWORD_RESETS_RECENT, "ii", row->object, (long long)C->reset_window);
        if (!n) return -1;
        if (db_cell_int(n, 0, 0) >= C->reset_max_account) {
            log_info("password reset: account %lld had %lld links within %d s, no more mail", row->object,
                     db_cell_int(n, 0, 0), C->reset_window);
            return 0;
        }
    }
    const char *email = db_cell(u, 0, 0), *name = db_cell(u, 0, 1);
    int en = strcmp(db_cell(u, 0, 2), "en") == 0;

    unsigned char raw[TOKEN_BYTES], hash[32];
    char token[TOKEN_B64_LEN + 1];
    token_random(raw);
    token_hash(raw, sizeof raw, hash);
    b64url_encode(raw, sizeof raw, token, sizeof token);
    if (db_exec(d, STMT_PASSWORD_RESET_INSERT, "bii", hash, (size_t)32, row->object,
                (long long)PASSWORD_RESET_SECONDS) < 0)
        return -1;

    mail_settings s;
    if (mail_settings_load(d, a, NULL, &s)) return -1;
    /* the token after '#': browsers never send it, so no server log keeps it */
    const char *url = arena_printf(a, "%s/mot-de-passe/nouveau#%s", C->public_url, token);
    words w = words_for(a, en, by_admin, name, email);
    const char *text = arena_printf(a, "%s\n\n%s\n%s\n\n%s\n\n%s\n%s\n", w.hello, w.why, w.open, url, w.once, w.ignore);
    char *hh = mail_html_escape(w.hello), *hw = mail_html_escape(w.why), *hu = mail_html_escape(url);
    if (!hh || !hw || !hu) { free(hh); free(hw); free(hu); return -1; }
    const char *html = arena_printf(a, "<p>%s</p><p>%s</p><p><a href=\"%s\">%s</a></p><p>%s %s</p>",
                                    hh, hw, hu, w.button, w.once, w.ignore);
    free(hh); free(hw); free(hu);

    char from[300], id[200];
    mail_sender(&s, C->public_url, from, sizeof from);
    mail_message_id(id, sizeof id, C->public_url);
    mail_parts m = { .from_address = from, .from_name = s.from_name, .to_address = email, .to_name = name,
                     .subject = w.subject, .text = text, .html = html, .footer_text = w.footer,
                     .footer_html = w.footer, .unsubscribe_url = NULL, .locale = en ? "en" : "fr" };
    char *msg = mail_compose(&m, id, (long long)time(NULL));
    if (!msg) {                                      /* an address that is not one: nothing to send */
        log_error("password reset: no message could be composed for account %lld", row->object);
        return 0;
    }
    int rc = mail_queue_add(d, row->object, "password_reset", email, w.subject, id, msg, NULL);
    free(msg);
    if (rc == 0) log_info("password reset link mailed to account %lld (%s)", row->object, by_admin ? "by an administrator" : "asked");
    return rc;
}
