#include "notify.h"
#include "outbox.h"
#include <string.h>

const char *const notify_event_names[NOTIFY__MAX] = {
#define X(name, text) text,
    NOTIFY_EVENTS(X)
#undef X
};

int notify_event_parse(const char *s, notify_event *out)
{
    for (int i = 0; i < NOTIFY__MAX; i++)
        if (strcmp(s, notify_event_names[i]) == 0) { *out = (notify_event)i; return 0; }
    return -1;
}

int notify_add(db *d, notify_event ev, long long object, long long actor, long long subject, const char *detail)
{
    if (ev == NOTIFY_POST) return db_exec(d, STMT_NOTIFY_QUEUE_INSERT_POST, "i", object) < 0 ? -1 : 0;
    if (ev == NOTIFY_MUST_READ)
        return db_exec(d, STMT_NOTIFY_QUEUE_INSERT_MUST_READ, "ii", actor, object) < 0 ? -1 : 0;
    return db_exec(d, STMT_NOTIFY_QUEUE_INSERT, "sinns", notify_event_names[ev], object, actor, subject,
                   detail ? detail : "") < 0 ? -1 : 0;
}

/* the same datagram as the indexer's */
void notify_poke(const config *c)
{
    outbox_poke(c->notifier_socket);
    outbox_poke(c->mailer_socket);
}

void notify_poke_mailer(const config *c) { outbox_poke(c->mailer_socket); }
