/* /admin/outgoing: the internal hosts outgoing requests (RSS/Atom feeds,
 * webhooks) may reach all the same (docs/feeds.md). By default every
 * loopback, private, link-local, shared and reserved address is refused
 * (lib/net_guard.h); administrators list here the addresses, CIDR ranges
 * or host names of internal servers they trust (the setting
 * outgoing_allow). A list net_guard cannot read is refused with the
 * entry at fault; parvis-feeds reads the new list within a second. */
#include "integrations/handlers.h"
#include "core/acl.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "authgen.h"
#include "net_guard.h"
#include "settings.h"

static const field_spec fields[] = {
    { "allow", F_TEXT, 1, 1000, NULL },
    { NULL, 0, 0, 0, NULL },
};

int h_outgoing_get(req *r)
{
    if (!acl_can_edit_settings(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    char allow[1001];
    if (settings_get(worker_db(), r->a, "outgoing_allow", allow, sizeof allow)) return resp_db_error(r);
    return resp_json(r, 200, json_pack("{s:s}", "allow", allow));
}

int h_outgoing_put(req *r)
{
    if (!acl_can_edit_settings(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    if (req_read_json(r) || validate_body(r, fields)) return 0;
    const char *allow = body_str(r, "allow");
    net_guard g;
    if (net_guard_init(&g, allow)) return resp_error(r, 400, "bad_request", M_OUTGOING_ALLOW, g.refused);
    if (settings_set(worker_db(), "outgoing_allow", allow)) return resp_db_error(r);
    authgen_global_bump(AUTHGEN_SETTINGS);
    return resp_json(r, 200, json_pack("{s:s}", "allow", allow));
}
