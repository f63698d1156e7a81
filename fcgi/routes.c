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
    { "DELETE", "/users/{id}",  h_users_delete,   ROUTE_SIGNED_IN },
    { "GET",    "/directory/attributes", h_directory_attributes, ROUTE_SIGNED_IN },
    { "GET",    "/settings",    h_settings_get,   ROUTE_SIGNED_IN },
    { "PATCH",  "/settings",    h_settings_patch, ROUTE_SIGNED_IN },
    { "POST",   "/groups",      h_groups_create,  ROUTE_SIGNED_IN },
    { "GET",    "/groups",      h_groups_list,    ROUTE_SIGNED_IN },
    { "GET",    "/groups/{id}", h_groups_get,     ROUTE_SIGNED_IN },
    { "PATCH",  "/groups/{id}", h_groups_patch,   ROUTE_SIGNED_IN },
    { "DELETE", "/groups/{id}", h_groups_delete,  ROUTE_SIGNED_IN },
    { "POST",   "/groups/{id}/join", h_groups_join, ROUTE_SIGNED_IN },
    { "GET",    "/groups/{id}/members", h_members_list, ROUTE_SIGNED_IN },
    { "PUT",    "/groups/{id}/members/{id}", h_members_put, ROUTE_SIGNED_IN },
    { "DELETE", "/groups/{id}/members/{id}", h_members_delete, ROUTE_SIGNED_IN },
    { "GET",    "/groups/{id}/requests", h_requests_list, ROUTE_SIGNED_IN },
    { "POST",   "/groups/{id}/requests/{id}/approve", h_requests_approve, ROUTE_SIGNED_IN },
    { "DELETE", "/groups/{id}/requests/{id}", h_requests_delete, ROUTE_SIGNED_IN },
    { "GET",    "/groups/{id}/rules", h_rules_get, ROUTE_SIGNED_IN },
    { "PUT",    "/groups/{id}/rules", h_rules_put, ROUTE_SIGNED_IN },
    { "GET",    "/search",      h_search,         ROUTE_SIGNED_IN },
    { NULL, NULL, NULL, 0 },
};
