/* Erasing an account's chat (chat_erase.h). */
#include "chat/chat_erase.h"

int chat_erase_person(db *d, arena *a, long long user, const char **freed)
{
    db_rows *q = db_query(d, a, STMT_CHAT_ERASE_FILES_SHA, "i", user);
    if (!q) return -1;
    *freed = db_cell(q, 0, 0);
    return db_exec(d, STMT_CHAT_ERASE_BLOBS_UNREF, "i", user) < 0
        || db_exec(d, STMT_CHAT_ERASE_FILES, "i", user) < 0
        || db_exec(d, STMT_CHAT_ERASE_QUEUE, "i", user) < 0
        || db_exec(d, STMT_CHAT_ERASE_TOMBSTONES, "i", user) < 0 ? -1 : 0;
}
