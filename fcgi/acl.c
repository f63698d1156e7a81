#include "acl.h"
#include <string.h>

int acl_is_admin(const auth_user *u)
{
    return u && strcmp(u->role, "admin") == 0 && strcmp(u->status, "active") == 0;
}

int acl_can_manage_accounts(const auth_user *u)
{
    return acl_is_admin(u);
}

int acl_can_see_person(const auth_user *viewer, const char *target_status)
{
    if (!viewer) return 0;
    if (target_status && strcmp(target_status, "active") == 0) return 1;
    return acl_is_admin(viewer);
}

int acl_can_edit_profile(const auth_user *viewer, long long target_id)
{
    return viewer && (viewer->id == target_id || acl_is_admin(viewer));
}

const char **acl_search_scopes(req *r)
{
    /* "I*": what every signed-in person may see (the directory today; the
     * organisation-wide feed and public groups with the next issues) */
    const char **s = arena_alloc(r->a, 2 * sizeof *s);
    s[0] = r->user ? "I*" : NULL;
    s[1] = NULL;
    return s;
}
