#include "notify_prefs.h"
#include <string.h>

const char *const notify_kinds[] = {
    "mention", "comment", "reaction", "must_read", "post", "file", "share",
    "request", "request_decided", "added_to_group", "message", "announcement", "event", NULL,
};

int notify_kind_known(const char *kind)
{
    for (int i = 0; notify_kinds[i]; i++)
        if (strcmp(kind, notify_kinds[i]) == 0) return 1;
    return 0;
}

int notify_email_choice_known(const char *c)
{
    return strcmp(c, "immediate") == 0 || strcmp(c, "daily") == 0 || strcmp(c, "weekly") == 0
        || strcmp(c, "never") == 0;
}

const char *notify_default_email(const char *kind)
{
    static const char *const at_once[] = { "mention", "must_read", "message", "announcement", "share", "request_decided",
                                           "event", NULL };
    for (int i = 0; at_once[i]; i++)
        if (strcmp(kind, at_once[i]) == 0) return "immediate";
    return "daily";
}
