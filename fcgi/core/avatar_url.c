#include "core/avatar_url.h"
#include <stdio.h>

json_t *avatar_url_json(long long user_id, const char *version)
{
    if (!version) return json_null();
    char url[96];
    snprintf(url, sizeof url, "/api/v1/users/%lld/avatar?v=%.12s", user_id, version);
    return json_string(url);
}

json_t *group_image_url_json(long long group_id, const char *version)
{
    if (!version) return json_null();
    char url[96];
    snprintf(url, sizeof url, "/api/v1/groups/%lld/image?v=%.12s", group_id, version);
    return json_string(url);
}

void avatar_url_set(json_t *o, long long user_id, const char *version)
{
    if (o && version) json_object_set_new(o, "avatar_url", avatar_url_json(user_id, version));
}
