#include "invitation.h"
#include "crypto.h"
#include "log.h"
#include "mail_compose.h"
#include "mail_queue.h"
#include "mail_settings.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const config *C;

void invitation_start(const config *cfg) { C = cfg; }

typedef struct { const char *subject, *hello, *why, *open, *valid, *ignore, *button, *footer; } words;

static words words_for(arena *a, int en, const char *inviter, const char *email)
{
    words w;
    if (en) {
        w.subject = "Parvis: you are invited";
        w.hello = "Hello,";
        w.why = *inviter ? arena_printf(a, "%s invites you to join Parvis, your organisation's platform, with the address %s.", inviter, email)
                         : arena_printf(a, "You are invited to join Parvis, your organisation's platform, with the address %s.", email);
        w.open = "To accept, open this link and choose your name and password:";
        w.valid = "The link works once, for 14 days.";
        w.ignore = "If you do not expect this invitation, ignore this message: no account is created.";
        w.button = "Accept the invitation";
        w.footer = "You receive this message because an administrator of Parvis invited your address.";
    } else {
        w.subject = "Parvis : vous êtes invité·e";
        w.hello = "Bonjour,";
        w.why = *inviter ? arena_printf(a, "%s vous invite à rejoindre Parvis, la plateforme de votre organisation, avec l'adresse %s.", inviter, email)
                         : arena_printf(a, "Vous êtes invité·e à rejoindre Parvis, la plateforme de votre organisation, avec l'adresse %s.", email);
        w.open = "Pour accepter, ouvrez ce lien et choisissez votre nom et votre mot de passe :";
        w.valid = "Le lien ne sert qu'une fois, pendant 14 jours.";
        w.ignore = "Si vous n'attendiez pas cette invitation, ignorez ce message : aucun compte n'est créé.";
        w.button = "Accepter l'invitation";
        w.footer = "Vous recevez ce message parce qu'un administrateur de Parvis a invité votre adresse.";
    }
    return w;
}

int invitation_run(db *d, arena *a, const queue_row *row)
{
    db_rows *q = db_query(d, a, STMT_INVITATION_FOR_MAIL, "i", row->object);
    if (!q) return -1;
    if (!q->nrows) {
        log_info("invitation %lld: accepted, revoked or expired meanwhile, no mail", row->object);
        return 0;
    }
    const char *email = db_cell(q, 0, 0), *inviter = db_cell(q, 0, 2);
    int en = strcmp(db_cell(q, 0, 1), "en") == 0;

    unsigned char raw[TOKEN_BYTES], hash[32];
    char token[TOKEN_B64_LEN + 1];
    token_random(raw);
    token_hash(raw, sizeof raw, hash);
    b64url_encode(raw, sizeof raw, token, sizeof token);
    if (db_exec(d, STMT_INVITATION_SET_TOKEN, "bi", hash, (size_t)32, row->object) < 0) return -1;

    mail_settings s;
    if (mail_settings_load(d, a, NULL, &s)) return -1;
    /* the token after '#': browsers never send it, so no server log keeps it */
    const char *url = arena_printf(a, "%s/invitation#%s", C->public_url, token);
    words w = words_for(a, en, inviter, email);
    const char *text = arena_printf(a, "%s\n\n%s\n%s\n\n%s\n\n%s\n%s\n", w.hello, w.why, w.open, url, w.valid, w.ignore);
    char *hw = mail_html_escape(w.why), *hu = mail_html_escape(url);
    if (!hw || !hu) { free(hw); free(hu); return -1; }
    const char *html = arena_printf(a, "<p>%s</p><p>%s</p><p><a href=\"%s\">%s</a></p><p>%s %s</p>",
                                    w.hello, hw, hu, w.button, w.valid, w.ignore);
    free(hw); free(hu);

    char from[300], id[200];
    mail_sender(&s, C->public_url, from, sizeof from);
    mail_message_id(id, sizeof id, C->public_url);
    mail_parts m = { .from_address = from, .from_name = s.from_name, .to_address = email, .to_name = "",
                     .subject = w.subject, .text = text, .html = html, .footer_text = w.footer,
                     .footer_html = w.footer, .unsubscribe_url = NULL, .locale = en ? "en" : "fr" };
    char *msg = mail_compose(&m, id, (long long)time(NULL));
    if (!msg) {
        log_error("invitation %lld: no message could be composed for its address", row->object);
        return 0;
    }
    int rc = mail_queue_add(d, 0, "invitation", email, w.subject, id, msg, NULL);
    free(msg);
    if (rc == 0) log_info("invitation %lld mailed", row->object);
    return rc;
}
