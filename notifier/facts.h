/* What the notifier knows of a post, a group or a file when it decides
 * who may be told: the object's own facts, loaded once, to which each
 * recipient's membership is added before fcgi/core/acl.c is asked
 * (acl_post, acl_group, acl_drive). The notifier never decides a right
 * itself. */
#ifndef PARVIS_NOTIFIER_FACTS_H
#define PARVIS_NOTIFIER_FACTS_H
#include "recipients.h"

typedef struct {
    long long id, group, author;
    int must_read, published, comment_count;
    post_facts facts;            /* the group's own facts; the role is each recipient's */
    const db_rows *row;          /* NOTIFY_POST_LOAD's row (the counts) */
} post_info;

typedef struct {
    long long id, parent, group, owner, trashed_by;
    int folder, root, trashed, version;
} node_info;

/* Each loader: 1 found, 0 gone, -1 MariaDB. */
int post_info_load(db *d, arena *a, long long id, post_info *p);
int group_load_facts(db *d, arena *a, long long id, group_facts *g);
int node_info_load(db *d, arena *a, long long id, node_info *n);

/* acl.c's verdicts for one recipient */
int can_read_post(const recipient *r, const post_info *p);
int can_group(const recipient *r, const group_facts *g, group_action act);
int can_read_node(db *d, arena *a, const recipient *r, const node_info *n, const group_facts *g);   /* -1: MariaDB */

/* Whether person `user` may still see what a notification points at
 * (asked of acl.c as when it was written): 1, 0, or -1 (MariaDB). Mails
 * are checked again before they are written. */
int note_visible(db *d, arena *a, long long user, const char *kind, const char *target_type,
                 long long post, long long group, long long node);
#endif
