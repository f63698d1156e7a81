/* The group catalogue each worker keeps in memory: every group's settings,
 * member count and managers, sorted by name as MariaDB sorts them. It is
 * reloaded when the shared groups generation (authgen.h) moved, which every
 * committed change of a group, a membership count or a manager bumps. The
 * directory and a group page then cost one small query — the asker's own
 * memberships — however many groups the platform holds. Permissions never
 * come from the cache alone: the asker's memberships are always read fresh. */
#ifndef PARVIS_GROUP_CACHE_H
#define PARVIS_GROUP_CACHE_H
#include <jansson.h>
#include <stddef.h>
#include "core/acl.h"

typedef struct {
    long long id;
    const char *name, *folded_name, *description, *visibility, *posting, *created_at;
    group_visibility vis;
    int posting_managers_only, archived, is_default;
    long long member_count;
    const char *follow_default;    /* notifications: all, essential, none (NULL: not loaded) */
    int must_read_reminder_days;
    json_t *managers;          /* [{"id","display_name"}], owned by the cache */
    /* the group's own fields serialised by jansson once, as an object
     * without its closing brace: lists append the asker's part to it */
    const char *json_head;
    size_t json_head_len;
    /* the same for {"id","name","archived"}: the portal's list */
    const char *json_brief;
    size_t json_brief_len;
} cached_group;

/* Makes the catalogue current. 0, or -1 when MariaDB failed. */
int group_cache_refresh(void);
size_t group_cache_count(void);
const cached_group *group_cache_at(size_t i);
/* Position of group `id` in name order, or (size_t)-1. */
size_t group_cache_index(long long id);
/* Bumps the generation: call after committing a change the catalogue shows. */
void group_cache_changed(void);
#endif
