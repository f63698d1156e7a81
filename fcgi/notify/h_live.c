/* GET /live/authorize?channels=...: nginx asks it before it lets an
 * EventSource subscribe (auth_request, whose answer names the channels
 * nchan subscribes to, then nchan_authorize_request). Allowed: one's own
 * u<id>, news, g<id> of a group one may read, p<id> of a post one may
 * read; without ?channels=, one's own channel (GET /live). Anything else,
 * another person's channel first: 403 (auth_request passes on only 401
 * and 403). The answer's X-Parvis-Channels is the list as checked here:
 * nchan subscribes to exactly what the worker allowed. */
#include "core/acl.h"
#include "core/respond.h"
#include "core/worker.h"
#include "feed/posts_model.h"
#include "groups/groups_model.h"
#include "notify/handlers.h"
#include <stdlib.h>
#include <string.h>

#define MAX_CHANNELS 64

/* 1 allowed, 0 refused, -1 database */
static int channel_allowed(req *r, const char *c)
{
    if (strcmp(c, "news") == 0) return acl_can_read_news(r->user);   /* a guest: when the platform allows it */
    if (!c[0] || !c[1] || !strchr("ugp", c[0])) return 0;
    long long id = parse_id(c + 1);
    if (id <= 0) return 0;
    if (c[0] == 'u') return id == r->user->id;
    if (c[0] == 'g') {
        db_rows *rows;
        group_facts f;
        int found = group_load(r, id, &rows, &f);
        return found <= 0 ? found : acl_group(r->user, &f, GA_READ) == ACL_ALLOW;
    }
    db_rows *rows;
    post_facts f;
    return post_load(r, id, &rows, &f);
}

int h_live_authorize(req *r)
{
    const char *channels = req_query(r, "channels");
    if (!channels || !*channels) channels = arena_printf(r->a, "u%lld", r->user->id);
    char *list = arena_strdup(r->a, channels), *save = NULL;
    const char *checked = "";
    int n = 0;
    for (char *c = strtok_r(list, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
        if (++n > MAX_CHANNELS) return resp_error(r, 403, "forbidden", M_TOO_MANY_CHANNELS, MAX_CHANNELS);
        int ok = channel_allowed(r, c);
        if (ok < 0) return resp_db_error(r);
        if (!ok) return resp_error(r, 403, "forbidden", M_BAD_CHANNEL, c);
        checked = arena_printf(r->a, "%s%s%s", checked, *checked ? "," : "", c);
    }
    if (!n) return resp_error(r, 403, "forbidden", M_BAD_CHANNEL, channels);
    resp_header(r, "X-Parvis-Channels", checked);
    return resp_empty(r, 200);
}
