#include "net_guard.h"
#include <arpa/inet.h>
#include <ctype.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* a range: its first bytes and prefix length */
typedef struct { unsigned char net[16]; int prefix; net_class cls; } range;

static int in_prefix(const unsigned char *addr, const unsigned char *net, int prefix)
{
    int whole = prefix / 8, rest = prefix % 8;
    if (memcmp(addr, net, (size_t)whole)) return 0;
    if (!rest) return 1;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return (addr[whole] & mask) == (net[whole] & mask);
}

static const range V4[] = {
    { { 0 }, 8, NET_UNSPECIFIED },                 /* 0.0.0.0/8, "this network" */
    { { 10 }, 8, NET_PRIVATE },
    { { 100, 64 }, 10, NET_SHARED },
    { { 127 }, 8, NET_LOOPBACK },
    { { 169, 254 }, 16, NET_LINK_LOCAL },          /* and the clouds' metadata */
    { { 172, 16 }, 12, NET_PRIVATE },
    { { 192, 0, 0 }, 24, NET_RESERVED },           /* IETF protocol assignments */
    { { 192, 0, 2 }, 24, NET_RESERVED },           /* documentation */
    { { 192, 88, 99 }, 24, NET_RESERVED },         /* 6to4 relays, deprecated */
    { { 192, 168 }, 16, NET_PRIVATE },
    { { 198, 18 }, 15, NET_RESERVED },             /* benchmarking */
    { { 198, 51, 100 }, 24, NET_RESERVED },
    { { 203, 0, 113 }, 24, NET_RESERVED },
    { { 224 }, 4, NET_MULTICAST },
    { { 240 }, 4, NET_RESERVED },                  /* future use, and the broadcast */
};

static const range V6[] = {
    { { 0 }, 128, NET_UNSPECIFIED },                              /* :: */
    { { [15] = 1 }, 128, NET_LOOPBACK },                          /* ::1 */
    { { 0x01, 0x00 }, 64, NET_RESERVED },                         /* 100::/64, discard */
    { { 0x20, 0x01, 0x00, 0x00 }, 32, NET_RESERVED },             /* Teredo */
    { { 0x20, 0x01, 0x0d, 0xb8 }, 32, NET_RESERVED },             /* documentation */
    { { 0xfc }, 7, NET_PRIVATE },                                 /* unique local */
    { { 0xfe, 0x80 }, 10, NET_LINK_LOCAL },
    { { 0xfe, 0xc0 }, 10, NET_PRIVATE },                          /* site-local, deprecated */
    { { 0xff }, 8, NET_MULTICAST },
};

net_class net_guard_class(int family, const unsigned char *a)
{
    if (family == AF_INET) {
        for (size_t i = 0; i < sizeof V4 / sizeof *V4; i++)
            if (in_prefix(a, V4[i].net, V4[i].prefix)) return V4[i].cls;
        return NET_PUBLIC;
    }
    if (family != AF_INET6) return NET_RESERVED;
    /* forms that carry an IPv4 address are judged by it: ::ffff:a.b.c.d
     * (mapped), ::a.b.c.d (compatible, deprecated), 64:ff9b::/96 (NAT64),
     * 2002:AABB:CCDD::/48 (6to4) */
    static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff }, compat[12] = { 0 },
                               nat64[12] = { 0x00, 0x64, 0xff, 0x9b };
    if (!memcmp(a, mapped, 12) || !memcmp(a, nat64, 12)) return net_guard_class(AF_INET, a + 12);
    if (!memcmp(a, compat, 12) && (a[12] | a[13] | a[14] | (a[15] & 0xfe))) return net_guard_class(AF_INET, a + 12);
    if (a[0] == 0x20 && a[1] == 0x02) return net_guard_class(AF_INET, a + 2);
    for (size_t i = 0; i < sizeof V6 / sizeof *V6; i++)
        if (in_prefix(a, V6[i].net, V6[i].prefix)) return V6[i].cls;
    return NET_PUBLIC;
}

const char *net_guard_class_name(net_class c)
{
    switch (c) {
    case NET_PUBLIC: return "adresse publique";
    case NET_LOOPBACK: return "adresse de la machine elle-même";
    case NET_PRIVATE: return "réseau privé";
    case NET_LINK_LOCAL: return "réseau local de lien";
    case NET_SHARED: return "réseau partagé d'opérateur";
    case NET_MULTICAST: return "adresse de multidiffusion";
    case NET_UNSPECIFIED: return "adresse non spécifiée";
    case NET_RESERVED: return "adresse réservée";
    }
    return "adresse réservée";
}

static int add_allowed(net_guard *g, int family, const void *addr, int prefix)
{
    if (g->nallow == NET_GUARD_ALLOW_MAX) return -1;
    g->allow[g->nallow].family = family;
    memset(g->allow[g->nallow].addr, 0, 16);
    memcpy(g->allow[g->nallow].addr, addr, family == AF_INET ? 4 : 16);
    g->allow[g->nallow].prefix = prefix;
    g->nallow++;
    return 0;
}

/* One entry of the allow list: an address, a CIDR range or a host name. */
static int allow_entry(net_guard *g, const char *entry)
{
    char host[256];
    int prefix = -1;
    const char *slash = strchr(entry, '/');
    size_t n = slash ? (size_t)(slash - entry) : strlen(entry);
    if (n == 0 || n >= sizeof host) return -1;
    memcpy(host, entry, n);
    host[n] = 0;
    if (slash) {
        char *end;
        long p = strtol(slash + 1, &end, 10);
        if (*end || end == slash + 1 || p < 0 || p > 128) return -1;
        prefix = (int)p;
    }
    unsigned char addr[16];
    if (inet_pton(AF_INET, host, addr) == 1) {
        if (prefix > 32) return -1;
        return add_allowed(g, AF_INET, addr, prefix < 0 ? 32 : prefix);
    }
    if (inet_pton(AF_INET6, host, addr) == 1) return add_allowed(g, AF_INET6, addr, prefix < 0 ? 128 : prefix);
    if (slash) return -1;                       /* a name has no range */
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *res;
    if (getaddrinfo(host, NULL, &hints, &res)) return -1;
    int rc = 0;
    for (struct addrinfo *r = res; r && !rc; r = r->ai_next) {
        if (r->ai_family == AF_INET)
            rc = add_allowed(g, AF_INET, &((struct sockaddr_in *)r->ai_addr)->sin_addr, 32);
        else if (r->ai_family == AF_INET6)
            rc = add_allowed(g, AF_INET6, &((struct sockaddr_in6 *)r->ai_addr)->sin6_addr, 128);
    }
    freeaddrinfo(res);
    return rc;
}

int net_guard_init(net_guard *g, const char *allow)
{
    memset(g, 0, sizeof *g);
    if (!allow) return 0;
    const char *p = allow;
    while (*p) {
        while (*p && (*p == ',' || isspace((unsigned char)*p))) p++;
        const char *start = p;
        while (*p && *p != ',' && !isspace((unsigned char)*p)) p++;
        if (p == start) break;
        char entry[300];
        size_t n = (size_t)(p - start);
        if (n >= sizeof entry || allow_entry(g, (memcpy(entry, start, n), entry[n] = 0, entry))) {
            snprintf(g->refused, sizeof g->refused, "%.*s", (int)(n > 100 ? 100 : n), start);
            return -1;
        }
    }
    return 0;
}

int net_guard_allows(net_guard *g, const struct sockaddr *sa)
{
    const unsigned char *addr;
    int family = sa->sa_family;
    if (family == AF_INET) addr = (const unsigned char *)&((const struct sockaddr_in *)sa)->sin_addr;
    else if (family == AF_INET6) addr = (const unsigned char *)&((const struct sockaddr_in6 *)sa)->sin6_addr;
    else { snprintf(g->refused, sizeof g->refused, "adresse refusée (famille %d)", family); return 0; }
    net_class c = net_guard_class(family, addr);
    if (c == NET_PUBLIC) return 1;
    for (int i = 0; i < g->nallow; i++)
        if (g->allow[i].family == family && in_prefix(addr, g->allow[i].addr, g->allow[i].prefix)) return 1;
    char text[INET6_ADDRSTRLEN];
    inet_ntop(family, addr, text, sizeof text);
    snprintf(g->refused, sizeof g->refused, "adresse refusée : %s (%s)", text, net_guard_class_name(c));
    return 0;
}

static curl_socket_t open_socket(void *data, curlsocktype purpose, struct curl_sockaddr *a)
{
    net_guard *g = data;
    (void)purpose;                      /* http and https: always a connection */
    if (!net_guard_allows(g, &a->addr)) return CURL_SOCKET_BAD;
    return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

void net_guard_curl(CURL *h, net_guard *g)
{
    g->refused[0] = 0;
    curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, g);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, NET_GUARD_REDIRECTS);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, NET_GUARD_SECONDS);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)NET_GUARD_MAX_BYTES);
    curl_easy_setopt(h, CURLOPT_PROXY, "");            /* no proxy from the environment */
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
}
