/* Outgoing requests (feeds, webhooks) never reach the server's own
 * networks: server-side request forgery (docs/feeds.md).
 *
 * Every address is checked when curl opens its socket: after DNS
 * resolution, on every address curl tries and again on every redirect, so
 * a name that resolves to 10.0.0.1, or a public page that redirects to
 * http://127.0.0.1/, is refused. Loopback, private (RFC 1918, ULA),
 * link-local (the clouds' metadata at 169.254.169.254), carrier NAT,
 * multicast, unspecified, documentation and reserved ranges are refused;
 * IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are judged
 * by that address. An administrator may allow hosts explicitly (addresses,
 * CIDR ranges or names, resolved when the guard is made). */
#ifndef PARVIS_NET_GUARD_H
#define PARVIS_NET_GUARD_H
#include <curl/curl.h>
#include <stddef.h>
#include <sys/socket.h>

typedef enum {
    NET_PUBLIC,
    NET_LOOPBACK,
    NET_PRIVATE,
    NET_LINK_LOCAL,
    NET_SHARED,          /* 100.64.0.0/10, carrier-grade NAT */
    NET_MULTICAST,
    NET_UNSPECIFIED,
    NET_RESERVED,        /* documentation, benchmarking, future use, broadcast */
} net_class;

#define NET_GUARD_ALLOW_MAX 32

typedef struct {
    struct { int family; unsigned char addr[16]; int prefix; } allow[NET_GUARD_ALLOW_MAX];
    int nallow;
    char refused[160];   /* why the last connection was refused, "" if none */
} net_guard;

/* The class of an IPv4 (4 bytes) or IPv6 (16 bytes) address. */
net_class net_guard_class(int family, const unsigned char *addr);
/* Its name in French, for messages: « réseau privé »... */
const char *net_guard_class_name(net_class c);

/* allow: NULL or a list separated by commas, spaces or new lines of
 * addresses, CIDR ranges and host names. Returns 0, or -1 with the entry
 * that could not be read in g->refused. */
int net_guard_init(net_guard *g, const char *allow);
/* 1 when a connection to sa may be opened; 0 with the reason in
 * g->refused. */
int net_guard_allows(net_guard *g, const struct sockaddr *sa);

/* Sets the guard on a curl handle, with the safe defaults of outgoing
 * requests: http and https only (redirects too), at most 3 redirects,
 * 10 s in all, 5 MB (CURLOPT_MAXFILESIZE; a body without a length must be
 * capped by the caller's write callback too, see NET_GUARD_MAX_BYTES), no
 * proxy from the environment. g must outlive the transfer. After a
 * CURLE_COULDNT_CONNECT, g->refused says whether the guard refused. */
#define NET_GUARD_MAX_BYTES (5L << 20)
#define NET_GUARD_SECONDS 10L
#define NET_GUARD_REDIRECTS 3L
void net_guard_curl(CURL *h, net_guard *g);

#endif
