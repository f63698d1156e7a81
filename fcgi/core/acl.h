/* Every access decision, in one place. Handlers ask; they never decide.
 * The decisions are pure functions of facts the handlers load from MariaDB
 * (groups_model.h), so they are the same wherever they are asked and can
 * be tested without a server. What a person may not see is answered 404 by
 * the handlers, not 403. */
#ifndef PARVIS_ACL_H
#define PARVIS_ACL_H
#include "core/req.h"

int acl_is_admin(const auth_user *u);
/* Creating, disabling, erasing and changing the role of accounts. */
int acl_can_manage_accounts(const auth_user *u);
/* Seeing a person in the directory: active people for everyone signed
 * in; disabled accounts for administrators only. */
int acl_can_see_person(const auth_user *viewer, const char *target_status);
/* Editing a person's profile and language: oneself or an administrator. */
int acl_can_edit_profile(const auth_user *viewer, long long target_id);
/* Setting a password: only its owner does (changing their own, or by a
 * reset link mailed to them); nobody, administrators included, ever sets
 * or reads another person's password. */
int acl_can_change_password(const auth_user *viewer, long long target_id);
/* Mailing a person a link to choose a new password: administrators (the
 * person asks for their own without signing in). */
int acl_can_send_password_reset(const auth_user *viewer, long long target_id);
/* Inviting addresses by e-mail, seeing, re-sending and revoking the
 * invitations: administrators. */
int acl_can_invite(const auth_user *u);
/* Importing people from a CSV file (creating, updating and disabling
 * accounts in bulk): administrators. */
int acl_can_import_people(const auth_user *u);
/* Changing platform settings. */
int acl_can_edit_settings(const auth_user *u);
/* The search index's state (files that could not be read, the last
 * reconciliation) and asking for a reconciliation: administrators. */
int acl_can_manage_index(const auth_user *u);
/* The e-mail settings (relay, sender, quiet hours), test mails and the
 * mail queue: administrators. */
int acl_can_manage_mail(const auth_user *u);
/* A message to every account (a notification and an e-mail): administrators. */
int acl_can_message_everyone(const auth_user *u);
/* « Administration › Statistiques »: the platform's daily aggregates,
 * by department, site and group, and their CSV: administrators. */
int acl_can_see_statistics(const auth_user *u);
/* « Administration › Journal »: the audit log and its CSV: administrators. */
int acl_can_read_audit(const auth_user *u);
/* Creating a group, given the platform's group_creation setting
 * ("everyone" or "admins"). */
int acl_can_create_group(const auth_user *u, const char *group_creation);

/* --- groups --- */
typedef enum { VIS_PUBLIC, VIS_PRIVATE, VIS_SECRET } group_visibility;
typedef enum { ROLE_NONE, ROLE_MEMBER, ROLE_MANAGER } group_role;

/* What acl needs to know about one group and the person asking. */
typedef struct {
    long long id;
    group_visibility visibility;
    int posting_managers_only;
    int archived;
    group_role role;            /* the asker's */
    int drive_manager, feed_moderator;
    int requested;              /* the asker has a pending join request */
} group_facts;

typedef enum {
    GA_SEE,            /* know that it exists: name, description, managers */
    GA_READ,           /* its content and its members */
    GA_POST,           /* publish in its feed */
    GA_JOIN,           /* become a member at once */
    GA_REQUEST,        /* ask to become a member */
    GA_LEAVE,
    GA_MANAGE,         /* members, requests, settings, archive */
    GA_DELETE,
    GA_DRIVE,          /* write in its drive */
    GA_MANAGE_DRIVE,
    GA_MODERATE,       /* pin, delete others' posts, close comments */
    GA_SET_DEFAULT,    /* default group and membership rules */
    GA_COUNT
} group_action;

typedef enum {
    ACL_ALLOW,
    ACL_HIDDEN,        /* 404: the asker may not know the group exists */
    ACL_DENY,          /* 403 */
    ACL_ARCHIVED,      /* 409: an archived group is read-only */
    ACL_CLOSED,        /* 409: a conversation closed by an administrator */
    ACL_NOT_FOR_KIND,  /* 409: not something this kind of conversation does */
    ACL_PEER_GONE,     /* 409: the other person of a direct conversation left or was disabled */
} acl_verdict;

acl_verdict acl_group(const auth_user *u, const group_facts *g, group_action a);
/* The action's name in the API's "can" object ("read", "manage_drive"...). */
const char *acl_group_action_name(group_action a);
/* An administrator acting in a group they do not belong to: such acts are
 * written to the audit log. */
int acl_acts_as_outsider(const auth_user *u, const group_facts *g);
/* Answers the error for a verdict other than ACL_ALLOW (404, 403 or 409)
 * and returns 0, so handlers can `return acl_refuse(r, v)`. */
int acl_refuse(req *r, acl_verdict v);

/* --- posts --- */
/* Publishing in the organisation-wide news: administrators and the
 * communication editors they name. */
int acl_can_publish_news(const auth_user *u);
/* Reading the organisation's news: staff; guests when the platform's
 * setting guests_see_news allows it (auth_user.guests_see_news). */
int acl_can_read_news(const auth_user *u);

typedef struct {
    int news;                   /* the organisation's news (no group) */
    group_facts group;          /* the group's facts when not news */
    long long author_id;
    int published;              /* publish_at passed and unpublish_at not */
    int comments_closed;
} post_facts;

typedef enum {
    PA_READ,           /* the post, its comments and reactions */
    PA_EDIT,           /* its text: the author */
    PA_DELETE,         /* the author, moderators */
    PA_MODERATE,       /* pin, close comments, see earlier versions */
    PA_MUST_READ,      /* mark it must-read */
    PA_FEATURE,        /* « À la une »: news articles */
    PA_COMMENT,
    PA_REACT,
    PA_REPORT,         /* who read a must-read post */
    PA_COUNT
} post_action;

acl_verdict acl_post(const auth_user *u, const post_facts *p, post_action a);
const char *acl_post_action_name(post_action a);
/* Posting in a group (group_facts) or in the news (NULL), and marking the
 * new post must-read. */
acl_verdict acl_post_create(const auth_user *u, const group_facts *g, int must_read);

/* --- drives --- */
typedef enum { SHARE_NONE, SHARE_READ, SHARE_EDIT } share_level;

/* What acl needs to know about one file or folder and the person asking. */
typedef struct {
    int personal;               /* a person's drive; otherwise a group's */
    long long owner_id;         /* the person, for a personal drive */
    group_facts group;          /* the group's facts, for a group's drive */
    share_level share;          /* the asker's share on the node or an ancestor */
    int shared_root;            /* the node itself is shared with the asker */
    int drive_root;             /* the node is the drive's root folder */
    long long trashed_by;       /* who put it in the trash (0: not in it) */
} drive_facts;

typedef enum {
    DA_READ,           /* list, download, versions, look inside an archive */
    DA_WRITE,          /* upload, create folders, rename, move, restore a version */
    DA_DELETE,         /* put in the trash */
    DA_RESTORE,        /* see in the trash and restore */
    DA_PURGE,          /* delete for good, empty the trash */
    DA_SHARE,          /* share with named people, revoke */
    DA_COUNT
} drive_action;

acl_verdict acl_drive(const auth_user *u, const drive_facts *d, drive_action a);
const char *acl_drive_action_name(drive_action a);

/* --- chat (docs/chat.md) --- */
typedef enum { CONV_DIRECT, CONV_GROUP, CONV_ROOM } conversation_kind;

/* What acl needs to know about one conversation and the person asking. */
typedef struct {
    conversation_kind kind;
    int participant;            /* direct, group: the asker takes part now */
    group_role group_role;      /* room: the asker's place in its group */
    int group_manager;          /* room: acl_group(GA_MANAGE) on its group */
    int enabled;                /* room: switched on */
    int creator;                /* the asker created it */
    int creator_only;           /* group: only its creator adds and removes people */
    int closed;                 /* closed by an administrator */
    int archived;               /* room: its group is archived (read-only) */
    int peer_gone;              /* direct: the other person left, or their account is disabled */
} conversation_facts;

typedef enum {
    CA_READ,           /* its messages, people, files, receipts */
    CA_SEND,           /* write, reply, start a video meeting, say « écrit… » */
    CA_REACT,
    CA_ATTACH,         /* upload or attach a drive file */
    CA_ADD,            /* add a person */
    CA_REMOVE,         /* remove another person */
    CA_LEAVE,
    CA_RENAME,
    CA_SETTINGS,       /* who adds people (add_policy) */
    CA_ENABLE,         /* a room: switch it on or off */
    CA_OWN_STATE,      /* one's own mark, mute, unread */
    CA_REPORT,         /* report it to the administrators */
    CA_CLOSE,          /* close it, open it again: administrators, without reading it */
    CA_COUNT
} conversation_action;

acl_verdict acl_conversation(const auth_user *u, const conversation_facts *c, conversation_action a);
const char *acl_conversation_action_name(conversation_action a);
/* Editing or deleting a message: its author, while they take part and the
 * conversation is not closed. */
acl_verdict acl_chat_message_change(const auth_user *u, const conversation_facts *c, long long author_id);
/* acl_refuse's answers in the chat's words (404 « conversation
 * introuvable », 409 closed / not for this kind / the other person gone). */
int acl_refuse_chat(req *r, acl_verdict v);
/* The search scopes of the conversations a person takes part in now (ids,
 * n of them): "C<id>" terms, NULL-terminated, in the request's arena;
 * none for an account that is not active. */
const char **acl_search_conversation_scopes(req *r, const long long *conversations, int n);

/* The search scopes of a person: boolean terms a document must carry one
 * of. `groups` are the ids of the groups the person belongs to. Returns a
 * NULL-terminated array allocated in the request's arena. */
const char **acl_search_scopes(req *r, const long long *groups, int ngroups);
/* Posts not published now (scheduled, withdrawn) and their comments: the
 * terms of those the person still finds, as acl_post lets them read them
 * (xap_query.sees_unshown): their own posts, the posts of the groups they
 * moderate (`memberships`, n of them), the news when they publish it.
 * NULL-terminated, in the request's arena. Returns NULL when they find
 * every one of them (administrators): no search of theirs filters on
 * publication. */
const char **acl_search_unpublished_seen(req *r, const group_facts *memberships, int n);

/* --- the charter and the reports of content (docs/moderation.md) --- */
/* Publishing a new version of the charter, withdrawing it, seeing its
 * versions and who accepted them: administrators. */
int acl_can_publish_charter(const auth_user *u);
/* Reporting a post, a comment or a file (« Signaler »): anyone active who
 * may read it (`can_read`: acl_post PA_READ or acl_drive DA_READ), except
 * its own author. ACL_HIDDEN when they may not read it (404). */
acl_verdict acl_report(const auth_user *u, int can_read, long long author_id);

/* What acl needs to know about a reported content's place. */
typedef struct {
    int news;                   /* the organisation's news, or a file of a personal drive */
    group_facts group;          /* otherwise its group's facts for the asker */
    int group_moderators;       /* the group's managers and feed moderators */
} report_facts;
/* Deciding on the reports of a content (keep, hide, delete, answer) and
 * seeing them in the queue: the group's managers and feed moderators;
 * administrators for the news, personal drives and every group (they
 * are told only for the news, personal drives and groups without
 * moderators: acl_report_tells_admins). ACL_HIDDEN otherwise (404). */
acl_verdict acl_can_moderate_report(const auth_user *u, const report_facts *f);
/* Whether the administrators are told of a new report on that content. */
int acl_report_tells_admins(const report_facts *f);

/* --- guests (docs/guests.md) ---
 * A guest (auth_user.guest) sees only the groups they are a member of
 * (acl_group answers ACL_HIDDEN for every other group, public ones
 * included), the people of those groups, the news only when the platform
 * allows it; creates no group, joins none by themselves, is never an
 * administrator. */
int acl_is_guest(const auth_user *u);
/* Changing or removing a group's image: its managers (administrators as
 * for any management); an archived group's stays as it is. */
acl_verdict acl_group_image(const auth_user *u, const group_facts *g);
/* An account's end date: administrators and the person themselves. */
int acl_can_see_account_expiry(const auth_user *viewer, long long target_id);
/* Seeing a person (profile, directory, search): as acl_can_see_person for
 * staff; a guest sees themselves and the active people who share a group
 * with them (`shares_group`). */
int acl_can_see_person_sharing(const auth_user *viewer, const char *target_status, long long target_id,
                               int shares_group);
/* The whole directory (every person, departments, sites): staff. A guest's
 * list is the members of their groups. */
int acl_can_browse_directory(const auth_user *u);
/* Starting a conversation with a person, or adding them to one: staff with
 * anyone; a guest only with people who share a group with them. */
int acl_can_chat_with(const auth_user *u, int shares_group);
/* Which roles a guest account may have: not administrator. */
int acl_can_be_guest(const char *role);

/* --- GDPR self-service (docs/gdpr.md) --- */
/* Asking for one's own data export: every active account, for itself
 * only (there is no export of someone else's data). */
int acl_can_export_own_data(const auth_user *u);
/* Downloading an export: its owner only, while the account is active;
 * administrators cannot download someone else's (answered 404). */
int acl_can_download_export(const auth_user *viewer, long long owner_id);

/* --- polls on posts (docs/polls.md) --- */
typedef enum { POLL_RESULTS_ALWAYS, POLL_RESULTS_AFTER_VOTE, POLL_RESULTS_AFTER_CLOSE } poll_results_rule;

/* What acl needs to know about a poll and the person asking. */
typedef struct {
    post_facts post;            /* the post it is attached to */
    int anonymous;
    poll_results_rule results;
    int closed;                 /* closed by hand, or its closing date passed */
    int voted;                  /* the asker has a ballot */
} poll_facts;

typedef enum {
    POA_VOTE,          /* vote, change one's vote: whoever reads the published post, until it closes */
    POA_RESULTS,       /* the counts: as the poll's rule says; its author and moderators always */
    POA_VOTERS,        /* who chose what: named polls, their author and moderators */
    POA_EXPORT,        /* the CSV: the author and moderators */
    POA_CLOSE,         /* close it now: the author and moderators, while open */
    POA_COUNT
} poll_action;

/* Attaching a poll to a post: its author, on a post they may edit.
 * ACL_HIDDEN for a post the asker may not read. */
acl_verdict acl_poll_create(const auth_user *u, const post_facts *p);
/* ACL_HIDDEN: the post is not readable (404); ACL_CLOSED: the poll is
 * closed (409); ACL_ARCHIVED: its group is archived (409). */
acl_verdict acl_poll(const auth_user *u, const poll_facts *p, poll_action a);
const char *acl_poll_action_name(poll_action a);
/* --- events (docs/events.md) --- */
/* What acl needs to know about one event and the person asking. */
typedef struct {
    int org;                    /* an organisation event (no group) */
    group_facts group;          /* the group's facts for the asker, when not org */
    long long organizer_id;
    int invited;                /* the asker is invited (the whole group, or by name) */
} event_facts;

typedef enum {
    EA_SEE,            /* the event, its counts, its .ics: who reads its group, or is invited
                          (and may see the group); organisation events: staff, and guests invited */
    EA_EDIT,           /* change it: its organiser, the group's managers, administrators;
                          organisation events: administrators and communication editors */
    EA_CANCEL,         /* the same people */
    EA_ANSWER,         /* answer yes / no / maybe: the invited */
    EA_SEE_ANSWERS,    /* who answered what, who has not, the CSV: organiser, managers, administrators */
    EA_REMIND,         /* message those who have not answered: the same */
    EA_COUNT
} event_action;

acl_verdict acl_event(const auth_user *u, const event_facts *e, event_action a);
const char *acl_event_action_name(event_action a);
/* Creating an event in a group (who may post in it) or, g NULL, for the
 * organisation (administrators and communication editors). */
acl_verdict acl_event_create(const auth_user *u, const group_facts *g);
/* Whether a person may be invited by name: an active account that may see
 * the group (a member; for a public or private group any staff account);
 * organisation events: any active staff account. */
int acl_event_invitable(int org, group_visibility vis, int member, int guest, int active);
/* acl_refuse for events: 404 « événement introuvable ». */
int acl_refuse_event(req *r, acl_verdict v);
/* --- convocations (docs/convocations.md) --- */
/* What acl needs to know about one convocation and the person asking. */
typedef struct {
    group_facts group;          /* the convocation's group, for the asker */
    int recipient;              /* the asker received one of its versions */
} convocation_facts;

typedef enum {
    CVA_SEND,          /* send one, change it (a new version), remind: the group's managers and
                          administrators, not in an archived group */
    CVA_SEE,           /* read it: its recipients (while they may read the group), the managers,
                          administrators; others 404 */
    CVA_RECEIPTS,      /* the delivery record, its CSV and PDF: the managers and administrators */
    CVA_COUNT
} convocation_action;

/* ACL_HIDDEN: 404 (the group or the convocation may not be known);
 * ACL_DENY: 403 (a member who does not manage the group); ACL_ARCHIVED. */
acl_verdict acl_convocation(const auth_user *u, const convocation_facts *c, convocation_action a);
const char *acl_convocation_action_name(convocation_action a);

/* The first sign-in's welcome (docs/welcome.md): offered to active staff,
 * never to a guest (who joins groups by invitation only). */
int acl_welcome_offered(const auth_user *u);

/* The directory sync (docs/ldap.md): its settings, previews, runs and
 * reports: active administrators. */
int acl_can_manage_directory(const auth_user *u);
/* A file's previews and pages (docs/previews.md): whoever may read the
 * file (acl_drive DA_READ) sees them, and for anyone else the preview does
 * not exist (404, never 403): a preview never shows more than the file. */
acl_verdict acl_file_preview(const auth_user *u, const drive_facts *d);
/* --- API tokens (docs/api_tokens.md) --- */
/* A token's scopes, as a bit set. "read" lets it GET and HEAD; "write"
 * adds the person's other requests; "admin" adds the administration
 * (routes under /admin/, and an administrator's powers on every route)
 * while the person is still an administrator. Each includes the ones
 * before it. */
enum { SCOPE_READ = 1, SCOPE_WRITE = 2, SCOPE_ADMIN = 4 };
typedef enum {
    RC_PERSON,          /* what a person does in Parvis */
    RC_ADMIN,           /* /admin/...: the administration */
    RC_SESSION_ONLY,    /* sign-in, password, and tokens themselves: never with a token */
} route_class;
typedef enum {
    TOKEN_ALLOW,
    TOKEN_NEEDS_WRITE,  /* 403: a read-only token */
    TOKEN_NEEDS_ADMIN,  /* 403: no admin scope */
    TOKEN_NOT_ADMIN,    /* 403: admin scope, but the person is no administrator (any more) */
    TOKEN_SESSION_ONLY, /* 403: needs a browser session */
} token_verdict;
/* The class of a route, from its pattern in routes.c. */
route_class acl_route_class(const char *pattern);
/* May a token with `scopes` make a `method` request (GET, HEAD, POST...)
 * to a route of class `rc`, for a person who is (`is_admin`) an
 * administrator? */
token_verdict acl_token(int scopes, const char *method, route_class rc, int is_admin);
/* Does a request with that token act with the person's administrator
 * powers (otherwise it acts as a plain member)? */
int acl_token_admin_powers(int scopes, int is_admin);
/* Creating one's own tokens: active staff, not guests, nor service
 * accounts; the admin scope for administrators only. */
int acl_can_create_token(const auth_user *u, int scopes);
/* Service accounts and their tokens (Administration): administrators. */
int acl_can_manage_service_tokens(const auth_user *u);
/* A group's incoming webhooks (create, list, revoke): its managers and
 * administrators (ACL_HIDDEN, ACL_DENY or ACL_ARCHIVED otherwise). */
acl_verdict acl_incoming_hooks(const auth_user *u, const group_facts *g);
/* --- outgoing webhooks (docs/webhooks.md) --- */
/* Subscribing a URL to events, seeing, changing, testing and deleting the
 * subscriptions and their delivery log: administrators for the whole
 * organisation (g NULL); a group's managers (and administrators) for
 * their group. Never a guest. ACL_HIDDEN when the group may not be known
 * (404), ACL_DENY otherwise (403); a new subscription in an archived
 * group: ACL_ARCHIVED (creating = 1). */
acl_verdict acl_webhook(const auth_user *u, const group_facts *g, int creating);
/* Whether a subscription receives an event: a group's subscription only
 * the events of its group (sub_group); an organisation's (sub_group 0)
 * the news, the organisation's events and the public groups' events, and
 * those of private and secret groups only while the person who created it
 * is an active administrator (creator_admin). event_group 0: the event
 * belongs to no group (the news, the organisation's agenda). */
int acl_webhook_receives(long long sub_group, int creator_admin, long long event_group,
                         group_visibility event_vis);
/* --- « Veille » and Atom (docs/feeds.md) --- */
typedef enum {
    FA_LIST,           /* the group's feeds and their state */
    FA_CHANGE,         /* add, remove, « Actualiser » (fetch now) */
} feed_action;
/* A group's RSS/Atom feeds: its managers and administrators, staff only
 * (a feed makes the server fetch an address: guests never choose one).
 * ACL_HIDDEN when the group may not be seen, ACL_DENY for the others,
 * ACL_ARCHIVED to change those of an archived group. */
acl_verdict acl_group_feeds(const auth_user *u, const group_facts *g, feed_action a);
/* The Atom feed of a group, read without a session: public groups only
 * (private and secret ones are 404). */
int acl_group_atom_public(const group_facts *g);
/* A private Atom feed of one's home feed (its secret address): every
 * active account, guests too (it gives only what they read). */
int acl_can_have_atom_token(const auth_user *u);
/* Single sign-on's settings (docs/sso.md: the provider, its client
 * secret, passwords switched off): active administrators, not guests. */
int acl_can_manage_sso(const auth_user *u);
#endif
