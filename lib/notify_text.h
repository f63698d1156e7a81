/* The sentence a notification says, in French or English, for the list,
 * the bell's panel and the e-mails alike: « Alice et 3 autres ont commenté
 * votre publication « Budget » ». Built when read, so that a renamed
 * group or person reads right. */
#ifndef PARVIS_NOTIFY_TEXT_H
#define PARVIS_NOTIFY_TEXT_H
#include "arena.h"

typedef struct {
    const char *kind, *detail;
    const char *actor1, *actor2;   /* display names, newest first; NULL when unknown */
    long long actor_count, event_count;
    const char *title;             /* the post's title, the file's name, the announcement's title, the
                                      conversation's name (a room's: its group's); "" when none */
    const char *group;             /* the group's name, or NULL (never a name the reader may not know) */
    int own_post;                  /* the post in question is the reader's */
    int chat;                      /* about chat messages (a mention in a conversation) */
} notify_text_in;

/* What names a post in a sentence: its title, or for one without a title
 * the first words of its Markdown `body` as plain text (markdown_plain:
 * « @Julie », never « [@Julie](mention:10) » nor « ** »), in the arena. */
const char *notify_post_title(arena *a, const char *title, const char *body);

/* The sentence, in the arena; en: 0 French, 1 English. */
const char *notify_text(arena *a, int en, const notify_text_in *in);
#endif
