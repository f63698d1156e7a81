/* The transactional outbox towards parvis-notifier: a notify_queue row,
 * written in the same transaction as the change that notifies (a post, a
 * comment, a reaction, a file, a share, a membership...), and a poke on
 * the notifier's socket after the commit. The notifier decides who is
 * told (notifier/recipients.c); the writer only says what happened. */
#ifndef PARVIS_NOTIFY_H
#define PARVIS_NOTIFY_H
#include "db.h"

/* What happened (notify_queue.event), and what object_id, subject_id and
 * detail mean for each. */
#define NOTIFY_EVENTS(X) \
    X(POST,          "post")          /* object: post (not_before: its publication) */ \
    X(MUST_READ,     "must_read")     /* object: post made must-read after it was written */ \
    X(COMMENT,       "comment")       /* object: comment */ \
    X(REACTION,      "reaction")      /* object: post or comment (detail "post"/"comment") */ \
    X(FILE,          "file")          /* object: file node; detail: its version */ \
    X(SHARE,         "share")         /* object: node; subject: the person shared with */ \
    X(REQUEST,       "request")       /* object: group; actor: who asks */ \
    X(DECIDED,       "decided")       /* object: group; subject: who asked; detail approved/declined/withdrawn */ \
    X(ADDED,         "added")         /* object: group; subject: the member; detail member/manager */ \
    X(LEFT,          "left")          /* object: group; subject: who left or was removed */ \
    X(GROUP_RIGHTS,  "group_rights")  /* object: group (its visibility changed) */ \
    X(MESSAGE,       "message")       /* object: admin_messages row */ \
    X(POST_CHANGED,  "post_changed")  /* object: post (counts for the live page) */ \
    X(UNREAD,        "unread")        /* object: a person who read notifications (their count) */ \
    X(DIGEST,        "digest")        /* the digests now; detail: daily or weekly */ \
    X(PASSWORD_RESET, "password_reset") /* object: the account (0: an address that is none's); detail: self, or admin (actor: who sends it) */ \
    X(INVITATION,    "invitation")    /* object: the invitation to mail (a new link); actor: who invites */ \
    X(EXPORT_READY,  "export_ready")  /* object: data_exports row now ready (docs/gdpr.md); subject: its owner */ \
    /* chat (docs/chat.md): published live to the participants' channels */ \
    X(CHAT_MESSAGE,  "chat_message")  /* object: chat message (new): live, a direct message or mention notifies */ \
    X(CHAT_CHANGED,  "chat_changed")  /* object: chat message; detail edited/deleted/reaction */ \
    X(CHAT_READ,     "chat_read")     /* object: conversation; actor: the reader; subject: the seq read up to */ \
    X(CHAT_TYPING,   "chat_typing")   /* object: conversation; actor: who types */ \
    X(CHAT_PEOPLE,   "chat_people")   /* object: conversation; actor; subject: the person; detail added/removed/left */ \
    X(CHAT_CONVERSATION, "chat_conversation") /* object: conversation; detail created/renamed/settings/closed/enabled */ \
    /* reports of content (docs/moderation.md) */ \
    X(REPORT,        "report")        /* object: report case; actor: who reported (its moderators are told) */ \
    X(REPORT_DECIDED, "report_decided") /* object: report case; actor: the moderator; detail keep/hide/delete (its reporters are told) */ \
    /* polls (docs/polls.md) */ \
    X(POLL,          "poll")          /* object: poll whose counts or state changed (live only); never an actor */ \
    /* events (docs/events.md) */ \
    X(EVENT_INVITED, "event_invited")   /* object: event (new); actor: its organiser: the invited are told */ \
    X(EVENT_CHANGED, "event_changed")   /* object: event; actor; detail time, place or time,place: those who answered yes or maybe */ \
    X(EVENT_CANCELLED, "event_cancelled") /* object: event; actor: those who answered yes or maybe */ \
    X(EVENT_PROMOTED, "event_promoted") /* object: event; subject: the first of the waiting list, now in */ \
    X(EVENT_REMIND, "event_remind")     /* object: event_messages row; actor: the invited who have not answered */ \
    /* convocations (docs/convocations.md) */ \
    X(CONVOCATION, "convocation")       /* object: convocation; actor; detail sent, changed (a new version) or remind */ \
    /* outgoing webhooks (docs/webhooks.md) */ \
    X(POST_DELETED, "post_deleted")     /* object: the post deleted (gone); subject: its group (0: the news): webhooks only */ \
    X(WEBHOOK_OFF, "webhook_off")       /* object: a subscription switched off after failing 24 h; subject: its creator, told */

typedef enum {
#define X(name, text) NOTIFY_##name,
    NOTIFY_EVENTS(X)
#undef X
    NOTIFY__MAX
} notify_event;
extern const char *const notify_event_names[NOTIFY__MAX];
int notify_event_parse(const char *s, notify_event *out);

/* The row saying that `ev` happened: 0, or -1 (MariaDB). subject 0: none;
 * detail NULL: "". A post's row waits for the post's publication; a
 * must-read one is written only when the post was not must-read yet
 * (before the post's row changes, in the same transaction). */
int notify_add(db *d, notify_event ev, long long object, long long actor, long long subject, const char *detail);
/* After the commit: the notifier's events and its mail sender are woken
 * (a datagram each; a lost one only waits for their next second). */
void notify_poke(const config *c);
/* Only the mail sender (the notifier, once it queued mails). */
void notify_poke_mailer(const config *c);
#endif
