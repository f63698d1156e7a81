#include "membership.h"

/* u matches rule r (the collation ignores accents and case) */
#define RULE_MATCHES "((r.attribute = 'department' AND r.value = u.department)" \
                     " OR (r.attribute = 'site' AND r.value = u.site))"

int membership_recount(db *d, long long group_id)
{
    return db_exec(d, "UPDATE `groups` SET member_count ="
                      " (SELECT COUNT(*) FROM group_members WHERE group_id = ?) WHERE id = ?",
                   "ii", group_id, group_id) < 0 ? -1 : 0;
}

/* Recounts the groups a person belongs to and the groups with rules (the
 * ones a rule may just have made them leave). */
static int recount_for_user(db *d, long long user_id)
{
    return db_exec(d, "UPDATE `groups` g SET g.member_count ="
                      " (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id)"
                      " WHERE g.id IN (SELECT group_id FROM group_members WHERE user_id = ?)"
                      " OR g.id IN (SELECT group_id FROM group_rules)",
                   "i", user_id) < 0 ? -1 : 0;
}

static int join_matching_rules(db *d, long long user_id)
{
    if (db_exec(d, "INSERT IGNORE INTO group_members (group_id, user_id, source)"
                   " SELECT DISTINCT r.group_id, u.id, 'rule' FROM users u"
                   " JOIN group_rules r ON " RULE_MATCHES
                   " JOIN `groups` g ON g.id = r.group_id AND g.archived = 0"
                   " WHERE u.id = ? AND u.status = 'active'", "i", user_id) < 0)
        return -1;
    /* a pending request to a group the person just entered is answered */
    return db_exec(d, "DELETE q FROM group_requests q JOIN group_members m"
                      " ON m.group_id = q.group_id AND m.user_id = q.user_id WHERE q.user_id = ?",
                   "i", user_id) < 0 ? -1 : 0;
}

int membership_new_account(db *d, long long user_id)
{
    if (db_exec(d, "INSERT IGNORE INTO group_members (group_id, user_id, source)"
                   " SELECT id, ?, 'default' FROM `groups` WHERE is_default = 1 AND archived = 0",
                "i", user_id) < 0)
        return -1;
    if (join_matching_rules(d, user_id)) return -1;
    return recount_for_user(d, user_id);
}

int membership_sync_user(db *d, long long user_id)
{
    if (join_matching_rules(d, user_id)) return -1;
    if (db_exec(d, "DELETE m FROM group_members m JOIN users u ON u.id = m.user_id"
                   " WHERE m.user_id = ? AND m.source = 'rule' AND NOT EXISTS"
                   " (SELECT 1 FROM group_rules r WHERE r.group_id = m.group_id AND " RULE_MATCHES ")",
                "i", user_id) < 0)
        return -1;
    return recount_for_user(d, user_id);
}

int membership_sync_group(db *d, long long group_id, long long *added, long long *removed)
{
    long long a = db_exec(d, "INSERT IGNORE INTO group_members (group_id, user_id, source)"
                             " SELECT DISTINCT g.id, u.id, 'rule' FROM `groups` g"
                             " JOIN group_rules r ON r.group_id = g.id"
                             " JOIN users u ON u.status = 'active' AND " RULE_MATCHES
                             " WHERE g.id = ? AND g.archived = 0", "i", group_id);
    if (a < 0) return -1;
    if (db_exec(d, "DELETE q FROM group_requests q JOIN group_members m"
                   " ON m.group_id = q.group_id AND m.user_id = q.user_id WHERE q.group_id = ?",
                "i", group_id) < 0)
        return -1;
    long long rm = db_exec(d, "DELETE m FROM group_members m JOIN users u ON u.id = m.user_id"
                              " WHERE m.group_id = ? AND m.source = 'rule' AND NOT EXISTS"
                              " (SELECT 1 FROM group_rules r WHERE r.group_id = m.group_id AND " RULE_MATCHES ")",
                           "i", group_id);
    if (rm < 0) return -1;
    if (added) *added = a;
    if (removed) *removed = rm;
    return membership_recount(d, group_id);
}
