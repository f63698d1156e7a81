/* The relying party's requests to the OpenID provider (libcurl): the
 * discovery document, the key set, the token and userinfo endpoints.
 * Short time limits (a sign-in waits for them), answers capped at 1 MiB,
 * no redirect followed, TLS checked. */
#ifndef PARVIS_OIDC_HTTP_H
#define PARVIS_OIDC_HTTP_H
#include "arena.h"

typedef struct {
    long status;             /* HTTP status; 0 when no answer came */
    char *body;              /* NUL-terminated, in the arena */
    size_t len;
    char content_type[128];
    char error[256];         /* why no answer came (curl's words) */
} oidc_answer;

/* GET url (form NULL) or POST of an application/x-www-form-urlencoded
 * `form`; `auth` a whole Authorization header value or NULL. 0 when an
 * answer came (any status), -1 otherwise (ans->error says why). */
int oidc_http(arena *a, const char *url, const char *form, const char *auth, oidc_answer *ans);
/* `s` percent-encoded for a query or a form (RFC 3986 unreserved kept). */
char *oidc_urlencode(arena *a, const char *s);
#endif
