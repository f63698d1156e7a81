#include "account.h"
#include "crypto.h"
#include "outbox.h"
#include <stdio.h>

long long account_create(db *d, const char *email, const char *display_name,
                         const char *password, const char *role, long long actor_id)
{
    char hash[PASSWORD_HASH_LEN];
    if (password_hash(password, hash)) return -1;     /* before the transaction: slow */
    if (db_begin(d)) return -1;
    if (db_exec(d, "INSERT INTO users (email, display_name, password_hash, role) VALUES (?, ?, ?, ?)",
                "ssss", email, display_name, hash, role) < 0) {
        int dup = db_errno(d) == DB_ER_DUP_ENTRY;
        db_rollback(d);
        return dup ? 0 : -1;
    }
    long long id = db_last_id(d);
    if (outbox_add(d, "person", id) ||
        db_exec(d, "INSERT INTO audit_log (actor_id, action, target_type, target_id) VALUES (?, 'account.create', 'user', ?)",
                "ni", actor_id, id) < 0) {
        db_rollback(d);
        return -1;
    }
    return db_commit(d) ? -1 : id;
}
