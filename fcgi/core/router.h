/* Routes: method and path pattern to handler. A pattern's "{id}" segment
 * matches a positive integer, which the handler finds in r->ids[]; a last
 * "{name}" segment matches the rest of the path, however many segments. */
#ifndef PARVIS_ROUTER_H
#define PARVIS_ROUTER_H
#include "core/req.h"

typedef int (*handler_fn)(req *r);

enum { ROUTE_PUBLIC = 0, ROUTE_SIGNED_IN = 1 };

typedef struct {
    const char *method;
    const char *pattern;
    handler_fn fn;
    int access;        /* ROUTE_PUBLIC or ROUTE_SIGNED_IN */
} route;

enum { MATCH_FOUND = 0, MATCH_NO_PATH = 404, MATCH_NO_METHOD = 405 };

/* Finds the route for method and path. On MATCH_NO_METHOD, `allowed`
 * (size n) lists the methods the path accepts, comma-separated. */
int route_match(const route *routes, const char *method, const char *path,
                long long ids[MAX_ROUTE_IDS], int *nids, const route **found,
                char *allowed, size_t n);
#endif
