/* GET /manifest (nginx serves it at /manifest.webmanifest): the web app
 * manifest, made from the settings so that a new organisation name or
 * colour shows without a rebuild (docs/delivery.md). Public: a browser
 * asks for it without the session cookie. */
#include "platform/handlers.h"
#include "core/respond.h"
#include "platform/settings_view.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int h_manifest(req *r)
{
    json_t *s = settings_json(r);
    if (!s) return resp_db_error(r);
    const char *name = json_string_value(json_object_get(s, "organisation_name"));
    const char *colour = json_string_value(json_object_get(s, "theme_colour"));
    if (!name || !*name) name = "Parvis";
    if (!colour) colour = SETTINGS_THEME_DEFAULT;
    json_t *m = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:[{s:s,s:s,s:s,s:s},{s:s,s:s,s:s,s:s},{s:s,s:s,s:s,s:s}]}",
        "id", "/", "name", name, "short_name", name, "lang", "fr", "dir", "ltr",
        "start_url", "/", "scope", "/", "display", "standalone",
        "background_color", colour, "theme_color", colour,
        "icons",
        "src", "/img/icon-192.png", "sizes", "192x192", "type", "image/png", "purpose", "any",
        "src", "/img/icon-512.png", "sizes", "512x512", "type", "image/png", "purpose", "any",
        "src", "/img/icon-maskable-512.png", "sizes", "512x512", "type", "image/png", "purpose", "maskable");
    json_decref(s);
    if (!m) return resp_error(r, 500, "internal", M_INTERNAL);
    char *text = json_dumps(m, JSON_COMPACT);
    json_decref(m);
    if (!text) return resp_error(r, 500, "internal", M_INTERNAL);
    resp_stream_typed(r, 200, "application/manifest+json");
    resp_write(r, text, strlen(text));
    free(text);
    return 0;
}
