#include "account.h"
#include "crypto.h"
#include "membership.h"
#include "outbox.h"
#include <stdio.h>
#include <string.h>

static const char *or_empty(const char *s) { return s ? s : ""; }

static long long insert_kind(db *d, const char *email, const char *display_name, const char *hash,
                             const char *role, const account_profile *p, long long actor_id,
                             const char *kind, const char *expires)
{
    static const account_profile none;
    if (!p) p = &none;
    if (db_exec(d, STMT_USER_INSERT,
                "sssssssss", email, display_name, hash, role, or_empty(p->job_title),
                or_empty(p->department), or_empty(p->site), or_empty(p->phone), or_empty(p->bio)) < 0)
        return db_errno(d) == DB_ER_DUP_ENTRY ? 0 : -1;
    long long id = db_last_id(d);
    /* the kind before the memberships: guests join no default group, no rule's */
    if ((strcmp(kind, "staff") != 0 || expires) && db_exec(d, STMT_USER_SET_KIND, "ssi", kind, expires, id) < 0)
        return -1;
    if (membership_new_account(d, id) || outbox_add(d, ENTITY_PERSON, id) ||
        db_exec(d, STMT_AUDIT_ACCOUNT_CREATE,
                "ni", actor_id, id) < 0)
        return -1;
    return id;
}

long long account_insert(db *d, const char *email, const char *display_name, const char *hash,
                         const char *role, const account_profile *p, long long actor_id)
{
    return insert_kind(d, email, display_name, hash, role, p, actor_id, "staff", NULL);
}

long long account_insert_kind(db *d, const char *email, const char *display_name, const char *hash,
                              const char *role, const account_profile *p, long long actor_id,
                              const char *kind, const char *expires)
{
    return insert_kind(d, email, display_name, hash, role, p, actor_id, kind ? kind : "staff", expires);
}

long long account_create_kind(db *d, const char *email, const char *display_name,
                              const char *password, const char *role,
                              const account_profile *p, long long actor_id,
                              const char *kind, const char *expires)
{
    char hash[PASSWORD_HASH_LEN];
    if (password_hash(password, hash)) return -1;     /* before the transaction: slow */
    if (db_begin(d)) return -1;
    long long id = account_insert_kind(d, email, display_name, hash, role, p, actor_id, kind, expires);
    if (id <= 0) {
        db_rollback(d);
        return id;
    }
    return db_commit(d) ? -1 : id;
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

int account_expire_due(db *d, arena *a, int limit)
{
    if (db_begin(d)) return -1;
    db_rows *q = db_query(d, a, STMT_ACCOUNTS_EXPIRED_LOCK, "i", (long long)limit);
    if (!q) { db_rollback(d); return -1; }
    for (int i = 0; i < q->nrows; i++) {
        long long id = db_cell_int(q, i, 0);
        char detail[96];
        snprintf(detail, sizeof detail, "kind=%s expires_at=%s", db_cell(q, i, 1), db_cell(q, i, 2));
        if (db_exec(d, STMT_ACCOUNT_EXPIRE, "i", id) < 0
            || db_exec(d, STMT_SESSIONS_DELETE_OF_USER, "i", id) < 0
            || db_exec(d, STMT_PASSWORD_RESETS_DELETE_OF_USER, "i", id) < 0
            || outbox_add(d, ENTITY_PERSON, id)
            || db_exec(d, STMT_AUDIT_ACCOUNT_EXPIRE, "is", id, detail) < 0) {
            db_rollback(d);
            return -1;
        }
    }
    if (db_commit(d)) { db_rollback(d); return -1; }
    return q->nrows;
}
