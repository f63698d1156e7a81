/* The API's route table: every endpoint, who may call it, and its handler. */
#include "handlers.h"
#include "router.h"

const route api_routes[] = {
    { "GET",    "/health",      h_health,         ROUTE_PUBLIC },
    { "POST",   "/session",     h_session_create, ROUTE_PUBLIC },
    { "DELETE", "/session",     h_session_delete, ROUTE_SIGNED_IN },
    { "GET",    "/me",          h_me,             ROUTE_SIGNED_IN },
    { "GET",    "/users",       h_users_list,     ROUTE_SIGNED_IN },
    { "POST",   "/users",       h_users_create,   ROUTE_SIGNED_IN },
    { "GET",    "/users/{id}",  h_users_get,      ROUTE_SIGNED_IN },
    { "PATCH",  "/users/{id}",  h_users_patch,    ROUTE_SIGNED_IN },
    { "GET",    "/search",      h_search,         ROUTE_SIGNED_IN },
    { NULL, NULL, NULL, 0 },
};
