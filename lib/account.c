#include "account.h"
#include "crypto.h"
#include "membership.h"
#include "outbox.h"
#include <stdio.h>

static const char *or_empty(const char *s) { return s ? s : ""; }

long long account_insert(db *d, const char *email, const char *display_name, const char *hash,
                         const char *role, const account_profile *p, long long actor_id)
{
    static const account_profile none;
    if (!p) p = &none;
    if (db_exec(d, STMT_USER_INSERT,
                "sssssssss", email, display_name, hash, role, or_empty(p->job_title),
                or_empty(p->department), or_empty(p->site), or_empty(p->phone), or_empty(p->bio)) < 0)
        return db_errno(d) == DB_ER_DUP_ENTRY ? 0 : -1;
    long long id = db_last_id(d);
    if (membership_new_account(d, id) || outbox_add(d, ENTITY_PERSON, id) ||
        db_exec(d, STMT_AUDIT_ACCOUNT_CREATE,
                "ni", actor_id, id) < 0)
        return -1;
    return id;
}

long long account_create(db *d, const char *email, const char *display_name,
                         const char *password, const char *role,
                         const account_profile *p, long long actor_id)
{
    char hash[PASSWORD_HASH_LEN];
    if (password_hash(password, hash)) return -1;     /* before the transaction: slow */
    if (db_begin(d)) return -1;
    long long id = account_insert(d, email, display_name, hash, role, p, actor_id);
    if (id <= 0) {
        db_rollback(d);
        return id;
    }
    return db_commit(d) ? -1 : id;
}
