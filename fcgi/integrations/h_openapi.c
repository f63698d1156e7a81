/* GET /openapi.json: the API's OpenAPI 3.1 description, docs/openapi.json
 * in the tree, which the web build copies to var/www/api-docs/; nginx
 * sends the file (X-Accel-Redirect to its internal location /_openapi/).
 * tests/api/openapi.test.mjs checks that it names every route of
 * core/routes.c and no other, and its schemas against real answers. */
#include "integrations/handlers.h"
#include "core/respond.h"

int h_openapi(req *r)
{
    resp_header(r, "X-Accel-Redirect", "/_openapi/openapi.json");
    resp_stream_typed(r, 200, "application/json");
    return 0;
}
