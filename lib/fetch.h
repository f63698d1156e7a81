/* One outgoing GET under the SSRF guard (net_guard.h): the feeds' fetches
 * (docs/feeds.md), and whatever else Parvis reads from outside.
 *
 * Every transfer gets the guard's defaults (http and https only, at most
 * 3 redirects, 10 s in all, refused addresses checked at each socket),
 * a body capped at NET_GUARD_MAX_BYTES even when the server sends no
 * Content-Length (the write callback stops the transfer), a conditional
 * GET when an ETag or a Last-Modified is known, and a User-Agent naming
 * Parvis. A failure always comes with a reason for people, in French:
 * « adresse refusée : 10.0.0.1 (réseau privé) », « trop volumineux (plus
 * de 5 Mo) », « délai dépassé (10 s) », « trop de redirections »,
 * « HTTP 404 »...
 *
 * Transfers run alone (fetch_get) or many at once in the caller's curl
 * multi handle (fetch_start, then fetch_done when curl says it ended). */
#ifndef PARVIS_FETCH_H
#define PARVIS_FETCH_H
#include "net_guard.h"
#include <curl/curl.h>
#include <stddef.h>

#define FETCH_USER_AGENT "Parvis/1.0 (RSS/Atom reader)"

typedef struct {
    const char *url;
    const char *etag;            /* NULL or "": none known */
    const char *last_modified;   /* NULL or "": none known */
    const char *accept;          /* NULL: any */
} fetch_req;

typedef struct {
    long status;                 /* the last answer's HTTP status, 0 when none came */
    int not_modified;            /* 304: nothing changed since the ETag / date sent */
    char *body;                  /* malloc'd, NUL-terminated; NULL after a failure or a 304 */
    size_t len;
    char etag[256];              /* the answer's validators, "" when none */
    char last_modified[64];
    char content_type[128];
    char error[256];             /* "" when the fetch succeeded (2xx or 304) */
} fetch_res;

typedef struct fetch_xfer fetch_xfer;

/* A transfer ready to be added to a multi handle (fetch_handle), with its
 * own copy of the guard. NULL when memory ran out. `user` is given back
 * by fetch_user. */
fetch_xfer *fetch_start(const net_guard *g, const fetch_req *rq, void *user);
CURL *fetch_handle(fetch_xfer *x);
void *fetch_user(fetch_xfer *x);
/* The transfer ended with `rc` (CURLMsg.data.result): its result in *out
 * (the body's ownership moves there), and the transfer freed (the caller
 * removed its handle from the multi handle first). 0 when it succeeded,
 * -1 with out->error. */
int fetch_done(fetch_xfer *x, CURLcode rc, fetch_res *out);
/* The transfer found from its easy handle (CURLINFO_PRIVATE). */
fetch_xfer *fetch_of_handle(CURL *h);
/* One transfer, waited for. 0, or -1 with out->error. */
int fetch_get(const net_guard *g, const fetch_req *rq, fetch_res *out);
void fetch_res_free(fetch_res *r);
#endif
