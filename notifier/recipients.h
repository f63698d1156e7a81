/* Who may be told: the people an event could concern, loaded with the
 * facts fcgi/core/acl.c decides on (their membership of the group, their
 * role), their level in the group, their state on the post and their
 * e-mail choice for the kind. The notifier never decides a right itself:
 * it asks acl_post / acl_group / acl_drive with these facts. */
#ifndef PARVIS_NOTIFIER_RECIPIENTS_H
#define PARVIS_NOTIFIER_RECIPIENTS_H
#include "core/acl.h"
#include "db.h"

typedef enum { LEVEL_ALL, LEVEL_ESSENTIAL, LEVEL_NONE } follow_level;
typedef enum { PF_NONE, PF_FOLLOW, PF_MUTE } post_follow;

typedef struct {
    auth_user user;              /* id, role, status "active", locale, email, display_name */
    group_role role;             /* in the group in question */
    int drive_manager, feed_moderator;
    follow_level level;          /* in the group in question */
    post_follow post;            /* on the post in question */
    const char *email_choice;    /* immediate, daily, weekly, never */
} recipient;

typedef struct {
    recipient *v;
    int n;
} recipients;

/* Each set: the group and post in question (0: none) and the kind (for
 * the e-mail choice). 0, or -1 on a MariaDB error. Rows live in `a`. */
int recipients_one(db *d, arena *a, long long group, long long post, const char *kind, long long user, recipients *out);
int recipients_members(db *d, arena *a, long long group, long long post, const char *kind, recipients *out);
int recipients_members_at_all(db *d, arena *a, long long group, long long post, const char *kind, recipients *out);
int recipients_managers(db *d, arena *a, long long group, const char *kind, recipients *out);
int recipients_everyone(db *d, arena *a, long long post, const char *kind, recipients *out);
int recipients_post_followers(db *d, arena *a, long long group, long long post, const char *kind, recipients *out);
int recipients_unconfirmed(db *d, arena *a, long long group, long long post, recipients *out);
int recipients_folder_followers(db *d, arena *a, long long group, long long node, const char *kind, recipients *out);

/* The group's facts as this recipient sees them (`g` holds the group's own). */
void recipient_group_facts(const recipient *r, const group_facts *g, group_facts *out);
#endif
