/* Group memberships that follow rules rather than a manager's hand: the
 * default groups every new account joins, and membership rules on profile
 * attributes (department, site). Every function runs inside the caller's
 * transaction and keeps groups.member_count true. Rules only ever remove
 * the members they added (source 'rule'); a member given a role or a right
 * by a manager becomes 'manual' and stays. */
#ifndef PARVIS_MEMBERSHIP_H
#define PARVIS_MEMBERSHIP_H
#include "db.h"

/* A new account: its default groups and the groups whose rules match. */
int membership_new_account(db *d, long long user_id);
/* A profile changed: joins the groups whose rules now match, leaves those
 * joined by a rule that no longer match. */
int membership_sync_user(db *d, long long user_id);
/* A group's rules changed: the same, for every account. The counts of
 * members added and removed are returned when the pointers are not NULL. */
int membership_sync_group(db *d, long long group_id, long long *added, long long *removed);
/* Recounts one group's members (after any change of its memberships). */
int membership_recount(db *d, long long group_id);
#endif
