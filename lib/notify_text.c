#include "notify_text.h"
#include "markdown.h"
#include <stdlib.h>
#include <string.h>

#define UNTITLED_WORDS 60             /* bytes of an untitled post's text that name it */

const char *notify_post_title(arena *a, const char *title, const char *body)
{
    if (title && *title) return title;
    if (!body || !*body) return "";
    char *plain = markdown_plain(body, strlen(body), NULL);
    if (!plain) return "";
    char cut[UNTITLED_WORDS + 4];
    const char *s = arena_strdup(a, markdown_plain_cut(plain, UNTITLED_WORDS, cut));
    free(plain);
    return s;
}

/* « Alice », « Alice et Bob », « Alice et 3 autres »; *plural says whether
 * the verb takes the plural. */
static const char *who(arena *a, int en, const notify_text_in *in, int *plural)
{
    const char *one = in->actor1 ? in->actor1 : en ? "Someone" : "Quelqu'un";
    *plural = in->actor_count > 1;
    if (in->actor_count <= 1) return one;
    if (in->actor_count == 2 && in->actor2) return arena_printf(a, en ? "%s and %s" : "%s et %s", one, in->actor2);
    long long others = in->actor_count - 1;
    if (en) return arena_printf(a, "%s and %lld other%s", one, others, others > 1 ? "s" : "");
    return arena_printf(a, "%s et %lld autre%s", one, others, others > 1 ? "s" : "");
}

static const char *quoted(arena *a, int en, const char *s)
{
    return arena_printf(a, en ? "\xe2\x80\x9c%s\xe2\x80\x9d" : "\xc2\xab\xc2\xa0%s\xc2\xa0\xc2\xbb", s);
}

/* « votre publication « Budget » », « la publication « Budget » »... */
static const char *post_phrase(arena *a, int en, const notify_text_in *in)
{
    int titled = in->title && *in->title;
    if (en) return arena_printf(a, "%s post%s%s", in->own_post ? "your" : "the", titled ? " " : "",
                                titled ? quoted(a, 1, in->title) : "");
    return arena_printf(a, "%s publication%s%s", in->own_post ? "votre" : "la", titled ? " " : "",
                        titled ? quoted(a, 0, in->title) : "");
}

static const char *in_group(arena *a, int en, const notify_text_in *in)
{
    if (!in->group) return "";
    return arena_printf(a, en ? " in %s" : " dans %s", in->group);
}

const char *notify_text(arena *a, int en, const notify_text_in *in)
{
    int pl = 0;
    const char *k = in->kind, *d = in->detail ? in->detail : "";
    const char *title = in->title && *in->title ? quoted(a, en, in->title) : "";
    if (strcmp(k, "mention") == 0 && in->chat) {
        const char *w = who(a, en, in, &pl);
        const char *where = *title ? title : en ? "a conversation" : "une conversation";
        return en ? arena_printf(a, "%s mentioned you in %s", w, where)
                  : arena_printf(a, "%s %s mentionné dans %s", w, pl ? "vous ont" : "vous a", where);
    }
    if (strcmp(k, "mention") == 0) {
        const char *w = who(a, en, in, &pl);
        return en ? arena_printf(a, "%s mentioned you in %s", w, post_phrase(a, 1, in))
                  : arena_printf(a, "%s %s mentionné dans %s", w, pl ? "vous ont" : "vous a", post_phrase(a, 0, in));
    }
    if (strcmp(k, "comment") == 0) {
        const char *w = who(a, en, in, &pl);
        if (strcmp(d, "reply") == 0)
            return en ? arena_printf(a, "%s replied to your comment on %s", w, post_phrase(a, 1, in))
                      : arena_printf(a, "%s %s à votre commentaire sur %s", w, pl ? "ont répondu" : "a répondu",
                                     post_phrase(a, 0, in));
        return en ? arena_printf(a, "%s commented on %s", w, post_phrase(a, 1, in))
                  : arena_printf(a, "%s %s %s", w, pl ? "ont commenté" : "a commenté", post_phrase(a, 0, in));
    }
    if (strcmp(k, "reaction") == 0) {
        const char *w = who(a, en, in, &pl);
        if (strcmp(d, "comment") == 0)
            return en ? arena_printf(a, "%s reacted to your comment on %s", w, post_phrase(a, 1, in))
                      : arena_printf(a, "%s %s à votre commentaire sur %s", w, pl ? "ont réagi" : "a réagi",
                                     post_phrase(a, 0, in));
        return en ? arena_printf(a, "%s reacted to %s", w, post_phrase(a, 1, in))
                  : arena_printf(a, "%s %s à %s", w, pl ? "ont réagi" : "a réagi", post_phrase(a, 0, in));
    }
    if (strcmp(k, "must_read") == 0) {
        if (strcmp(d, "reminder") == 0)
            return en ? arena_printf(a, "Reminder: please read and confirm %s%s", *title ? title : "a must-read post",
                                     in_group(a, 1, in))
                      : arena_printf(a, "Rappel : %s%s est à lire et à confirmer", *title ? title : "une publication",
                                     in_group(a, 0, in));
        return en ? arena_printf(a, "Must read%s: %s", in_group(a, 1, in), *title ? title : "a new post")
                  : arena_printf(a, "À lire obligatoirement%s : %s", in_group(a, 0, in),
                                 *title ? title : "une nouvelle publication");
    }
    if (strcmp(k, "post") == 0) {
        if (in->event_count > 1)
            return en ? arena_printf(a, "%lld new posts%s", in->event_count, in_group(a, 1, in))
                      : arena_printf(a, "%lld nouvelles publications%s", in->event_count, in_group(a, 0, in));
        const char *w = who(a, en, in, &pl);
        return en ? arena_printf(a, "%s posted%s%s%s", w, in_group(a, 1, in), *title ? ": " : "", title)
                  : arena_printf(a, "%s a publié%s%s%s", w, in_group(a, 0, in), *title ? " : " : "", title);
    }
    if (strcmp(k, "file") == 0) {
        if (in->event_count > 1)
            return en ? arena_printf(a, "%lld files added or updated%s", in->event_count, in_group(a, 1, in))
                      : arena_printf(a, "%lld fichiers ajoutés ou modifiés%s", in->event_count, in_group(a, 0, in));
        const char *w = who(a, en, in, &pl);
        int version = strcmp(d, "version") == 0;
        if (en) return arena_printf(a, "%s %s %s%s", w, version ? "uploaded a new version of" : "added", title,
                                    in_group(a, 1, in));
        return arena_printf(a, "%s %s %s%s", w, version ? "a déposé une nouvelle version de" : "a ajouté", title,
                            in_group(a, 0, in));
    }
    if (strcmp(k, "share") == 0) {
        const char *w = who(a, en, in, &pl);
        return en ? arena_printf(a, "%s shared %s with you", w, title)
                  : arena_printf(a, "%s a partagé %s avec vous", w, title);
    }
    if (strcmp(k, "request") == 0) {
        const char *w = who(a, en, in, &pl);
        return en ? arena_printf(a, "%s %s to join %s", w, pl ? "ask" : "asks", in->group ? in->group : "a group")
                  : arena_printf(a, "%s %s à rejoindre %s", w, pl ? "demandent" : "demande",
                                 in->group ? in->group : "un groupe");
    }
    if (strcmp(k, "request_decided") == 0) {
        int ok = strcmp(d, "approved") == 0;
        const char *g = in->group ? in->group : en ? "the group" : "le groupe";
        return en ? arena_printf(a, "Your request to join %s was %s", g, ok ? "approved" : "declined")
                  : arena_printf(a, "Votre demande pour rejoindre %s a été %s", g, ok ? "acceptée" : "refusée");
    }
    if (strcmp(k, "added_to_group") == 0) {
        const char *w = who(a, en, in, &pl);
        const char *g = in->group ? in->group : en ? "a group" : "un groupe";
        if (strcmp(d, "manager") == 0)
            return en ? arena_printf(a, "%s made you a manager of %s", w, g)
                      : arena_printf(a, "%s vous a nommé gestionnaire de %s", w, g);
        return en ? arena_printf(a, "%s added you to %s", w, g) : arena_printf(a, "%s vous a ajouté à %s", w, g);
    }
    if (strcmp(k, "message") == 0) {                     /* chat: a direct conversation's messages */
        const char *w = who(a, en, in, &pl);
        long long n = in->event_count > 1 ? in->event_count : 1;
        if (en) return n > 1 ? arena_printf(a, "%s sent you %lld messages", w, n)
                             : arena_printf(a, "%s sent you a message", w);
        return n > 1 ? arena_printf(a, "%s %s envoyé %lld messages", w, pl ? "vous ont" : "vous a", n)
                     : arena_printf(a, "%s %s envoyé un message", w, pl ? "vous ont" : "vous a");
    }
    if (strcmp(k, "export_ready") == 0)                  /* « Mes données » (docs/gdpr.md) */
        return en ? "Your data export is ready to download (for 7 days)"
                  : "Votre export de données est prêt à télécharger (pendant 7 jours)";
    if (strcmp(k, "webhook_off") == 0)                   /* docs/webhooks.md */
        return en ? "A webhook you created was switched off: its address has failed for 24 hours"
                  : "Un webhook que vous avez créé a été désactivé : son adresse échoue depuis 24 heures";
    if (strcmp(k, "announcement") == 0)
        return en ? arena_printf(a, "Message from the administrators: %s", title)
                  : arena_printf(a, "Message de l'administration : %s", title);
    if (strcmp(k, "report") == 0) {                      /* to the moderators (docs/moderation.md) */
        const char *w = who(a, en, in, &pl);
        return en ? arena_printf(a, "%s reported content%s: to be moderated", w, in_group(a, 1, in))
                  : arena_printf(a, "%s %s un contenu%s : à modérer", w, pl ? "ont signalé" : "a signalé",
                                 in_group(a, 0, in));
    }
    if (strcmp(k, "report_decided") == 0) {              /* to the reporters */
        if (strcmp(d, "hide") == 0)
            return en ? "Your report was dealt with: the content is now hidden"
                      : "Votre signalement a été traité : le contenu est désormais masqué";
        if (strcmp(d, "delete") == 0)
            return en ? "Your report was dealt with: the content was deleted"
                      : "Votre signalement a été traité : le contenu a été supprimé";
        return en ? "Your report was dealt with: the content was kept"
                  : "Votre signalement a été traité : le contenu a été conservé";
    }
    /* events (docs/events.md): the event's group names it */
    if (strncmp(k, "event_", 6) == 0) {
        const char *ev = *title ? title : en ? "an event" : "un événement";
        const char *Ev = *title ? title : en ? "An event" : "Un événement";
        if (strcmp(k, "event_invited") == 0) {
            const char *w = who(a, en, in, &pl);
            return en ? arena_printf(a, "%s invited you to %s%s", w, ev, in_group(a, 1, in))
                      : arena_printf(a, "%s vous %s à %s%s", w, pl ? "invitent" : "invite", ev, in_group(a, 0, in));
        }
        if (strcmp(k, "event_changed") == 0) {
            int time = strstr(d, "time") != NULL, place = strstr(d, "place") != NULL;
            if (en) return arena_printf(a, "%s%s: %s changed", Ev, in_group(a, 1, in),
                                        time && place ? "its time and place" : place ? "its place" : "its time");
            return arena_printf(a, "%s%s : %s", Ev, in_group(a, 0, in),
                                time && place ? "l'horaire et le lieu ont changé" : place ? "le lieu a changé"
                                                                                      : "l'horaire a changé");
        }
        if (strcmp(k, "event_cancelled") == 0)
            return en ? arena_printf(a, "%s%s is cancelled", Ev, in_group(a, 1, in))
                      : arena_printf(a, "%s%s est annulé", Ev, in_group(a, 0, in));
        if (strcmp(k, "event_promoted") == 0)
            return en ? arena_printf(a, "A place was freed: you are now registered for %s%s", ev, in_group(a, 1, in))
                      : arena_printf(a, "Une place s'est libérée : vous êtes inscrit à %s%s", ev, in_group(a, 0, in));
        if (strcmp(k, "event_remind") == 0) {
            const char *w = who(a, en, in, &pl);
            return en ? arena_printf(a, "%s is waiting for your answer to %s%s", w, ev, in_group(a, 1, in))
                      : arena_printf(a, "%s %s votre réponse à %s%s", w, pl ? "attendent" : "attend", ev,
                                     in_group(a, 0, in));
        }
        if (strcmp(k, "event_reminder") == 0)
            return en ? arena_printf(a, "Reminder: %s%s starts soon", ev, in_group(a, 1, in))
                      : arena_printf(a, "Rappel : %s%s commence bientôt", ev, in_group(a, 0, in));
    }
    /* convocations (docs/convocations.md): the meeting's title (the post's) */
    if (strcmp(k, "convocation") == 0) {
        const char *m = *title ? title : en ? "a meeting" : "une réunion";
        if (strcmp(d, "changed") == 0)
            return en ? arena_printf(a, "Convocation changed%s: %s (please read and confirm again)", in_group(a, 1, in), m)
                      : arena_printf(a, "Convocation modifiée%s : %s (à lire et confirmer de nouveau)", in_group(a, 0, in), m);
        if (strcmp(d, "reminder") == 0)
            return en ? arena_printf(a, "Reminder: please confirm you received the convocation to %s%s", m, in_group(a, 1, in))
                      : arena_printf(a, "Rappel : merci de confirmer la réception de la convocation à %s%s", m,
                                     in_group(a, 0, in));
        return en ? arena_printf(a, "You are summoned%s: %s", in_group(a, 1, in), m)
                  : arena_printf(a, "Vous êtes convoqué·e%s : %s", in_group(a, 0, in), m);
    }
    return en ? "New activity" : "Nouvelle activité";
}
