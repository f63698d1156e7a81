/* Group membership counts kept in step (membership.h). */
#include "membership.h"

int membership_recount(db *d, long long group_id)
{
    return db_exec(d, STMT_GROUP_RECOUNT,
                   "ii", group_id, group_id) < 0 ? -1 : 0;
}

/* Recounts the groups a person belongs to and the groups with rules (the
 * ones a rule may just have made them leave). */
static int recount_for_user(db *d, long long user_id)
{
    return db_exec(d, STMT_GROUPS_RECOUNT_OF_USER_AND_RULES,
                   "i", user_id) < 0 ? -1 : 0;
}

static int join_matching_rules(db *d, long long user_id)
{
    if (db_exec(d, STMT_RULES_JOIN_USER, "i", user_id) < 0)
        return -1;
    /* a pending request to a group the person just entered is answered */
    return db_exec(d, STMT_REQUESTS_DELETE_SATISFIED_OF_USER,
                   "i", user_id) < 0 ? -1 : 0;
}

int membership_new_account(db *d, long long user_id)
{
    if (db_exec(d, STMT_DEFAULT_GROUPS_JOIN,
                "i", user_id) < 0)
        return -1;
    if (join_matching_rules(d, user_id)) return -1;
    return recount_for_user(d, user_id);
}

int membership_sync_user(db *d, long long user_id)
{
    if (join_matching_rules(d, user_id)) return -1;
    if (db_exec(d, STMT_RULES_LEAVE_USER,
                "i", user_id) < 0)
        return -1;
    return recount_for_user(d, user_id);
}

int membership_sync_group(db *d, long long group_id, long long *added, long long *removed)
{
    long long a = db_exec(d, STMT_RULES_JOIN_GROUP, "i", group_id);
    if (a < 0) return -1;
    if (db_exec(d, STMT_REQUESTS_DELETE_SATISFIED_OF_GROUP,
                "i", group_id) < 0)
        return -1;
    long long rm = db_exec(d, STMT_RULES_LEAVE_GROUP,
                           "i", group_id);
    if (rm < 0) return -1;
    if (added) *added = a;
    if (removed) *removed = rm;
    return membership_recount(d, group_id);
}
