/* The platform settings, as every area reads them (each worker keeps a copy,
 * refreshed when an administrator changes them). */
#ifndef PARVIS_PLATFORM_SETTINGS_VIEW_H
#define PARVIS_PLATFORM_SETTINGS_VIEW_H
#include "core/req.h"

/* The platform settings as the API shows them (a reference to the
 * worker's copy: read, never change); NULL on a database error. */
json_t *settings_json(req *r);
/* The portal's header {"name","logo_url"} and quick links [...], as JSON
 * text in the request's arena. 0, or -1 on a database error. */
int settings_portal_json(req *r, const char **organisation, const char **links);
/* The organisation's colour when none was chosen (--accent of app.css). */
#define SETTINGS_THEME_DEFAULT "#1b5bd0"
/* 1 when `s` is a colour as "#rrggbb". */
int settings_colour_ok(const char *s);
#endif
