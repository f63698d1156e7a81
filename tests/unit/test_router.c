/* The router: patterns, ids, 404 and 405 with the allowed methods. */
#include "core/router.h"
#include "unit.h"

static int h_a(req *r) { (void)r; return 1; }
static int h_b(req *r) { (void)r; return 2; }
static int h_c(req *r) { (void)r; return 3; }

static const route routes[] = {
    { "GET",    "/users",                 h_a, ROUTE_SIGNED_IN },
    { "POST",   "/users",                 h_b, ROUTE_SIGNED_IN },
    { "GET",    "/users/{id}",            h_c, ROUTE_SIGNED_IN },
    { "DELETE", "/groups/{id}/members/{id}", h_a, ROUTE_SIGNED_IN },
    { "PUT",    "/folders/{id}/files/{name}", h_b, ROUTE_SIGNED_IN },
    { NULL, NULL, NULL, 0 },
};

static int match(const char *m, const char *path, const route **rt, long long ids[4], int *n, char *allowed)
{
    return route_match(routes, m, path, ids, n, rt, allowed, 64);
}

int main(void)
{
    const route *rt;
    long long ids[4];
    int n;
    char allowed[64];

    CHECK(match("GET", "/users", &rt, ids, &n, allowed) == MATCH_FOUND && rt->fn == h_a && n == 0);
    CHECK(match("POST", "/users", &rt, ids, &n, allowed) == MATCH_FOUND && rt->fn == h_b);
    CHECK(match("GET", "/users/42", &rt, ids, &n, allowed) == MATCH_FOUND && rt->fn == h_c && n == 1 && ids[0] == 42);
    CHECK(match("DELETE", "/groups/7/members/9", &rt, ids, &n, allowed) == MATCH_FOUND && n == 2 && ids[0] == 7 && ids[1] == 9);

    /* {name}: the rest of the path, one segment or more, never none */
    CHECK(match("PUT", "/folders/3/files/a.pdf", &rt, ids, &n, allowed) == MATCH_FOUND && rt->fn == h_b && ids[0] == 3);
    CHECK(match("PUT", "/folders/3/files/a/b", &rt, ids, &n, allowed) == MATCH_FOUND && rt->fn == h_b);
    CHECK(match("PUT", "/folders/3/files/", &rt, ids, &n, allowed) == MATCH_NO_PATH);
    CHECK(match("PUT", "/folders/3/files", &rt, ids, &n, allowed) == MATCH_NO_PATH);

    /* ids are positive integers of at most 16 digits */
    CHECK(match("GET", "/users/0", &rt, ids, &n, allowed) == MATCH_NO_PATH);
    CHECK(match("GET", "/users/-1", &rt, ids, &n, allowed) == MATCH_NO_PATH);
    CHECK(match("GET", "/users/12a", &rt, ids, &n, allowed) == MATCH_NO_PATH);
    CHECK(match("GET", "/users/", &rt, ids, &n, allowed) == MATCH_NO_PATH);
    CHECK(match("GET", "/users/12345678901234567", &rt, ids, &n, allowed) == MATCH_NO_PATH);
    CHECK(match("GET", "/users/1234567890123456", &rt, ids, &n, allowed) == MATCH_FOUND);

    /* no partial or trailing matches */
    CHECK(match("GET", "/users/42/extra", &rt, ids, &n, allowed) == MATCH_NO_PATH);
    CHECK(match("GET", "/user", &rt, ids, &n, allowed) == MATCH_NO_PATH);
    CHECK(match("GET", "/usersx", &rt, ids, &n, allowed) == MATCH_NO_PATH);
    CHECK(match("GET", "", &rt, ids, &n, allowed) == MATCH_NO_PATH);
    CHECK(match("GET", "/users//", &rt, ids, &n, allowed) == MATCH_NO_PATH);

    /* a known path with another method: 405 and the methods it takes */
    CHECK(match("PUT", "/users", &rt, ids, &n, allowed) == MATCH_NO_METHOD);
    CHECK_STR(allowed, "GET, POST");
    CHECK(match("POST", "/users/3", &rt, ids, &n, allowed) == MATCH_NO_METHOD);
    CHECK_STR(allowed, "GET");
    return UNIT_DONE();
}
