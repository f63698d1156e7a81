/* lib/net_guard.c: which addresses an outgoing request may reach, and the
 * guard on a real curl transfer to a server this test starts on loopback
 * (refused; allowed when listed; refused again after a redirect). */
#include "net_guard.h"
#include "unit.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static net_class cls(const char *text)
{
    unsigned char a[16];
    if (inet_pton(AF_INET, text, a) == 1) return net_guard_class(AF_INET, a);
    if (inet_pton(AF_INET6, text, a) == 1) return net_guard_class(AF_INET6, a);
    return (net_class)-1;
}

static void classes(void)
{
    CHECK(cls("93.184.216.34") == NET_PUBLIC);
    CHECK(cls("8.8.8.8") == NET_PUBLIC);
    CHECK(cls("127.0.0.1") == NET_LOOPBACK);
    CHECK(cls("127.255.0.9") == NET_LOOPBACK);
    CHECK(cls("10.1.2.3") == NET_PRIVATE);
    CHECK(cls("172.16.0.1") == NET_PRIVATE);
    CHECK(cls("172.31.255.255") == NET_PRIVATE);
    CHECK(cls("172.32.0.1") == NET_PUBLIC);
    CHECK(cls("192.168.1.1") == NET_PRIVATE);
    CHECK(cls("169.254.169.254") == NET_LINK_LOCAL);     /* the clouds' metadata */
    CHECK(cls("100.64.0.1") == NET_SHARED);
    CHECK(cls("100.128.0.1") == NET_PUBLIC);
    CHECK(cls("0.0.0.0") == NET_UNSPECIFIED);
    CHECK(cls("224.0.0.1") == NET_MULTICAST);
    CHECK(cls("255.255.255.255") == NET_RESERVED);
    CHECK(cls("192.0.2.10") == NET_RESERVED);
    CHECK(cls("198.19.0.1") == NET_RESERVED);
    CHECK(cls("2606:4700::1111") == NET_PUBLIC);
    CHECK(cls("::1") == NET_LOOPBACK);
    CHECK(cls("::") == NET_UNSPECIFIED);
    CHECK(cls("fe80::1") == NET_LINK_LOCAL);
    CHECK(cls("fd00:ec2::254") == NET_PRIVATE);          /* AWS's metadata over IPv6 */
    CHECK(cls("ff02::1") == NET_MULTICAST);
    CHECK(cls("2001:db8::1") == NET_RESERVED);
    /* IPv4 carried in IPv6 is judged by the IPv4 address */
    CHECK(cls("::ffff:127.0.0.1") == NET_LOOPBACK);
    CHECK(cls("::ffff:10.0.0.1") == NET_PRIVATE);
    CHECK(cls("::ffff:8.8.8.8") == NET_PUBLIC);
    CHECK(cls("64:ff9b::a9fe:a9fe") == NET_LINK_LOCAL);  /* NAT64 of 169.254.169.254 */
    CHECK(cls("2002:0a00:0001::1") == NET_PRIVATE);      /* 6to4 of 10.0.0.1 */
    CHECK(cls("2002:0808:0808::1") == NET_PUBLIC);
}

static int allows(net_guard *g, const char *text)
{
    struct sockaddr_in6 s6 = { .sin6_family = AF_INET6 };
    struct sockaddr_in s4 = { .sin_family = AF_INET };
    if (inet_pton(AF_INET, text, &s4.sin_addr) == 1) return net_guard_allows(g, (struct sockaddr *)&s4);
    if (inet_pton(AF_INET6, text, &s6.sin6_addr) == 1) return net_guard_allows(g, (struct sockaddr *)&s6);
    return -1;
}

static void allow_list(void)
{
    net_guard g;
    CHECK(net_guard_init(&g, NULL) == 0);
    CHECK(allows(&g, "8.8.8.8") == 1);
    CHECK(allows(&g, "10.0.0.5") == 0);
    CHECK(strstr(g.refused, "10.0.0.5") && strstr(g.refused, "réseau privé"));
    CHECK(net_guard_init(&g, "10.0.0.5, 192.168.10.0/24\nlocalhost fd00::/8") == 0);
    CHECK(allows(&g, "10.0.0.5") == 1);
    CHECK(allows(&g, "10.0.0.6") == 0);
    CHECK(allows(&g, "192.168.10.200") == 1);
    CHECK(allows(&g, "192.168.11.1") == 0);
    CHECK(allows(&g, "127.0.0.1") == 1);                  /* localhost, resolved */
    CHECK(allows(&g, "fd12::1") == 1);
    CHECK(allows(&g, "169.254.169.254") == 0);
    CHECK(net_guard_init(&g, "10.0.0.0/33") == -1);
    CHECK(net_guard_init(&g, "no-such-host.invalid") == -1);
    CHECK(strstr(g.refused, "no-such-host.invalid") != NULL);
    CHECK(net_guard_init(&g, "intranet/8") == -1);        /* a name has no range */
}

/* A server on 127.0.0.1 answering each connection: /redirect sends to
 * 127.0.0.2 (loopback too), anything else says "bonjour". */
static pid_t serve(int *port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof a;
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 8) || getsockname(s, (struct sockaddr *)&a, &len))
        return -1;
    *port = ntohs(a.sin_port);
    pid_t pid = fork();
    if (pid) { close(s); return pid; }
    for (;;) {
        int c = accept(s, NULL, NULL);
        if (c < 0) continue;
        char req[2048];
        ssize_t n = read(c, req, sizeof req - 1);
        req[n > 0 ? n : 0] = 0;
        char answer[256];
        if (strstr(req, "GET /redirect "))
            snprintf(answer, sizeof answer, "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.2:%d/\r\n"
                     "Content-Length: 0\r\nConnection: close\r\n\r\n", *port);
        else
            snprintf(answer, sizeof answer, "HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\nbonjour");
        if (write(c, answer, strlen(answer)) < 0) {}
        close(c);
    }
}

static size_t keep(char *p, size_t size, size_t n, void *out)
{
    size_t have = strlen(out), add = size * n;
    if (add > 63 - have) add = 63 - have;       /* the body buffer holds 64 */
    memcpy((char *)out + have, p, add);
    ((char *)out)[have + add] = 0;
    return size * n;
}

static CURLcode fetch(net_guard *g, int port, const char *path, char *body)
{
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
    CURL *h = curl_easy_init();
    body[0] = 0;
    curl_easy_setopt(h, CURLOPT_URL, url);
    net_guard_curl(h, g);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, body);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    return rc;
}

static void on_a_transfer(void)
{
    int port;
    pid_t server = serve(&port);
    CHECK(server > 0);
    if (server <= 0) return;
    net_guard g;
    char body[128];
    net_guard_init(&g, NULL);
    CHECK(fetch(&g, port, "/", body) == CURLE_COULDNT_CONNECT);
    CHECK(strstr(g.refused, "127.0.0.1") && strstr(g.refused, "machine elle-même"));
    CHECK(body[0] == 0);
    net_guard_init(&g, "127.0.0.1");
    CHECK(fetch(&g, port, "/", body) == CURLE_OK);
    CHECK_STR(body, "bonjour");
    CHECK(g.refused[0] == 0);
    /* allowed for 127.0.0.1 only: its redirect to 127.0.0.2 is refused */
    CHECK(fetch(&g, port, "/redirect", body) == CURLE_COULDNT_CONNECT);
    CHECK(strstr(g.refused, "127.0.0.2") != NULL);
    /* names are resolved before the check: localhost is the machine */
    net_guard_init(&g, NULL);
    char url[128];
    snprintf(url, sizeof url, "http://localhost:%d/", port);
    CURL *h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, url);
    net_guard_curl(h, &g);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, body);
    CHECK(curl_easy_perform(h) == CURLE_COULDNT_CONNECT);
    curl_easy_cleanup(h);
    kill(server, SIGKILL);
    waitpid(server, NULL, 0);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    classes();
    allow_list();
    on_a_transfer();
    curl_global_cleanup();
    return UNIT_DONE();
}
