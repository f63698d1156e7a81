/* Unit tests for lib/notify_text.c (the sentences of notifications, both
 * languages, singular and plural, grouping) and lib/notify_prefs.c. */
#include "arena.h"
#include "notify_prefs.h"
#include "notify_text.h"
#include "unit.h"

#define NB "\xc2\xa0"   /* the no-break space inside French quotes */

int main(void)
{
    arena *a = arena_new(4096);
    notify_text_in c = { .kind = "comment", .actor1 = "Alice", .actor_count = 1, .event_count = 1,
                         .title = "Budget", .own_post = 1 };
    CHECK_STR(notify_text(a, 0, &c), "Alice a commenté votre publication «" NB "Budget" NB "»");
    CHECK_STR(notify_text(a, 1, &c), "Alice commented on your post \xe2\x80\x9c" "Budget\xe2\x80\x9d");
    c.actor2 = "Bob";
    c.actor_count = 2;
    CHECK_STR(notify_text(a, 0, &c), "Alice et Bob ont commenté votre publication «" NB "Budget" NB "»");
    c.actor_count = 4;
    CHECK_STR(notify_text(a, 0, &c), "Alice et 3 autres ont commenté votre publication «" NB "Budget" NB "»");
    CHECK_STR(notify_text(a, 1, &c), "Alice and 3 others commented on your post \xe2\x80\x9c" "Budget\xe2\x80\x9d");
    c.actor_count = 2;
    c.actor2 = NULL;                     /* the second name unknown */
    CHECK_STR(notify_text(a, 0, &c), "Alice et 1 autre ont commenté votre publication «" NB "Budget" NB "»");
    /* an untitled post that is not the reader's; a reply */
    notify_text_in r = { .kind = "comment", .detail = "reply", .actor1 = "Bob", .actor_count = 1, .title = "" };
    CHECK_STR(notify_text(a, 0, &r), "Bob a répondu à votre commentaire sur la publication");
    /* posts grouped within the hour */
    notify_text_in p = { .kind = "post", .actor1 = "Alice", .actor_count = 1, .event_count = 3, .title = "x",
                         .group = "Voirie" };
    CHECK_STR(notify_text(a, 0, &p), "3 nouvelles publications dans Voirie");
    CHECK_STR(notify_text(a, 1, &p), "3 new posts in Voirie");
    p.event_count = 1;
    CHECK_STR(notify_text(a, 0, &p), "Alice a publié dans Voirie : «" NB "x" NB "»");
    /* no group name given (the reader may not know it): never invented */
    notify_text_in d = { .kind = "request_decided", .detail = "declined", .title = "" };
    CHECK_STR(notify_text(a, 0, &d), "Votre demande pour rejoindre le groupe a été refusée");
    d.group = "Chorale";
    d.detail = "approved";
    CHECK_STR(notify_text(a, 1, &d), "Your request to join Chorale was approved");
    notify_text_in m = { .kind = "added_to_group", .detail = "manager", .actor1 = "Zoé", .actor_count = 1,
                         .group = "Chorale", .title = "" };
    CHECK_STR(notify_text(a, 0, &m), "Zoé vous a nommé gestionnaire de Chorale");
    /* chat: a direct conversation's messages, grouped; mentions in a conversation */
    notify_text_in cm = { .kind = "message", .actor1 = "Alice", .actor_count = 1, .event_count = 1, .title = "",
                          .chat = 1 };
    CHECK_STR(notify_text(a, 0, &cm), "Alice vous a envoyé un message");
    CHECK_STR(notify_text(a, 1, &cm), "Alice sent you a message");
    cm.event_count = 3;
    CHECK_STR(notify_text(a, 0, &cm), "Alice vous a envoyé 3 messages");
    CHECK_STR(notify_text(a, 1, &cm), "Alice sent you 3 messages");
    notify_text_in mc = { .kind = "mention", .actor1 = "Alice", .actor_count = 1, .event_count = 1, .title = "Projet X",
                          .chat = 1 };
    CHECK_STR(notify_text(a, 0, &mc), "Alice vous a mentionné dans «" NB "Projet X" NB "»");
    CHECK_STR(notify_text(a, 1, &mc), "Alice mentioned you in \xe2\x80\x9cProjet X\xe2\x80\x9d");
    mc.actor2 = "Bob";
    mc.actor_count = 2;
    CHECK_STR(notify_text(a, 0, &mc), "Alice et Bob vous ont mentionné dans «" NB "Projet X" NB "»");
    mc.title = "";                       /* a direct conversation has no name */
    mc.actor_count = 1;
    CHECK_STR(notify_text(a, 0, &mc), "Alice vous a mentionné dans une conversation");
    CHECK_STR(notify_text(a, 1, &mc), "Alice mentioned you in a conversation");
    /* the administrators' messages are announcements now */
    notify_text_in an = { .kind = "announcement", .title = "Coupure" };
    CHECK_STR(notify_text(a, 0, &an), "Message de l'administration : «" NB "Coupure" NB "»");
    CHECK_STR(notify_text(a, 1, &an), "Message from the administrators: \xe2\x80\x9c" "Coupure\xe2\x80\x9d");
    /* reports (docs/moderation.md): the moderators, then the reporters */
    notify_text_in rp = { .kind = "report", .actor1 = "Alice", .actor2 = "Bob", .actor_count = 2, .title = "",
                          .group = "Atelier" };
    CHECK_STR(notify_text(a, 0, &rp), "Alice et Bob ont signalé un contenu dans Atelier : à modérer");
    CHECK_STR(notify_text(a, 1, &rp), "Alice and Bob reported content in Atelier: to be moderated");
    notify_text_in rd = { .kind = "report_decided", .detail = "hide", .title = "" };
    CHECK_STR(notify_text(a, 0, &rd), "Votre signalement a été traité : le contenu est désormais masqué");
    rd.detail = "keep";
    CHECK_STR(notify_text(a, 1, &rd), "Your report was dealt with: the content was kept");
    /* convocations (docs/convocations.md): the meeting's title */
    notify_text_in cv = { .kind = "convocation", .detail = "sent", .title = "Conseil du 15", .group = "Conseil municipal" };
    CHECK_STR(notify_text(a, 0, &cv), "Vous êtes convoqué·e dans Conseil municipal : «" NB "Conseil du 15" NB "»");
    CHECK_STR(notify_text(a, 1, &cv), "You are summoned in Conseil municipal: \xe2\x80\x9c" "Conseil du 15\xe2\x80\x9d");
    cv.detail = "reminder";
    CHECK_STR(notify_text(a, 0, &cv), "Rappel : merci de confirmer la réception de la convocation à «" NB "Conseil du 15" NB
              "» dans Conseil municipal");
    cv.detail = "changed";
    CHECK_STR(notify_text(a, 1, &cv), "Convocation changed in Conseil municipal: \xe2\x80\x9c" "Conseil du 15\xe2\x80\x9d"
              " (please read and confirm again)");
    notify_text_in u = { .kind = "unknown-kind", .title = "" };
    CHECK_STR(notify_text(a, 0, &u), "Nouvelle activité");

    /* an untitled post named by its first words, as text: never Markdown nor mention codes */
    CHECK_STR(notify_post_title(a, "Budget", "**ignoré**"), "Budget");
    CHECK_STR(notify_post_title(a, "", "**Relire** le [budget](https://x.org) avec [@Julie](mention:10)"),
              "Relire le budget avec @Julie");
    CHECK_STR(notify_post_title(a, NULL, NULL), "");
    CHECK_STR(notify_post_title(a, "", "Une très longue publication sans titre qui parle de beaucoup de choses à la fois"),
              "Une très longue publication sans titre qui parle de\xe2\x80\xa6");
    notify_text_in mp = { .kind = "mention", .actor1 = "Alice", .actor_count = 1,
                          .title = notify_post_title(a, "", "# Point\n\nMerci [@Hélène](mention:4) !") };
    CHECK_STR(notify_text(a, 0, &mp), "Alice vous a mentionné dans la publication «" NB "Point Merci @Hélène !" NB "»");

    CHECK(notify_kind_known("mention") && notify_kind_known("added_to_group") && !notify_kind_known("weather"));
    CHECK(notify_email_choice_known("weekly") && !notify_email_choice_known("hourly"));
    CHECK_STR(notify_default_email("must_read"), "immediate");
    CHECK_STR(notify_default_email("mention"), "immediate");
    CHECK_STR(notify_default_email("comment"), "daily");
    CHECK(notify_kind_known("message") && notify_kind_known("announcement"));
    CHECK_STR(notify_default_email("message"), "immediate");
    CHECK_STR(notify_default_email("announcement"), "immediate");
    arena_free(a);
    return UNIT_DONE();
}
