/* The URLs of people's photos and groups' images in the API's JSON
 * (docs/viewer.md): the version of the image in the URL, so that a
 * browser keeps it; JSON null when there is none (initials are shown). */
#ifndef PARVIS_AVATAR_URL_H
#define PARVIS_AVATAR_URL_H
#include <jansson.h>

/* "/api/v1/users/{id}/avatar?v=VERSION" or null */
json_t *avatar_url_json(long long user_id, const char *version);
/* Sets "avatar_url" in person object `o` when they have a photo (version
 * not NULL); absent: none (the API's rule, docs/viewer.md) */
void avatar_url_set(json_t *o, long long user_id, const char *version);
/* "/api/v1/groups/{id}/image?v=VERSION" or null */
json_t *group_image_url_json(long long group_id, const char *version);
#endif
