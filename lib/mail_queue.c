#include "mail_queue.h"
#include <string.h>

int mail_queue_add(db *d, long long user_id, const char *kind, const char *to, const char *subject,
                   const char *message_id, const char *message, const char *not_before)
{
    char shown[301];
    size_t n = strlen(subject);
    if (n >= sizeof shown) {
        n = sizeof shown - 1;
        while (n > 0 && ((unsigned char)subject[n] & 0xC0) == 0x80) n--;
    }
    memcpy(shown, subject, n);
    shown[n] = 0;
    return db_exec(d, STMT_MAIL_QUEUE_INSERT, "nsssssss", user_id, kind, to, shown, message_id, message,
                   not_before, not_before) < 0 ? -1 : 0;
}
