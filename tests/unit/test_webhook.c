/* lib/webhook.c: the events' names, the URL checks of a subscription
 * (https, the allow list, addresses of the server's own networks), the
 * signature (against openssl dgst -sha256 -hmac), the back-off. */
#include "crypto.h"
#include "net_guard.h"
#include "unit.h"
#include "webhook.h"
#include <string.h>

static const char *problem(const char *url, const char *allow)
{
    int cls;
    const char *p = webhook_url_problem(url, allow, &cls);
    return p ? p : "ok";
}

int main(void)
{
    crypto_setup();
    CHECK(webhook_event_parse("post.created") == WH_POST_CREATED);
    CHECK(webhook_event_parse("member.left") == WH_MEMBER_LEFT);
    CHECK(webhook_event_parse("post.exploded") == -1);
    CHECK(webhook_event_parse(NULL) == -1);

    CHECK_STR(problem("https://hooks.example.org/parvis", NULL), "ok");
    CHECK_STR(problem("http://hooks.example.org/parvis", NULL), "https");
    CHECK_STR(problem("http://hooks.example.org/parvis", "intranet.local, hooks.example.org"), "ok");
    CHECK_STR(problem("HTTPS://Hooks.Example.org:8443/x?y=1", ""), "ok");
    CHECK_STR(problem("ftp://example.org/", NULL), "url");
    CHECK_STR(problem("file:///etc/passwd", NULL), "url");
    CHECK_STR(problem("not a url", NULL), "url");
    CHECK_STR(problem("https://", NULL), "url");
    CHECK_STR(problem(NULL, NULL), "url");
    CHECK_STR(problem("https://169.254.169.254/latest/meta-data/", NULL), "unsafe");
    CHECK_STR(problem("https://127.0.0.1:9/", NULL), "unsafe");
    CHECK_STR(problem("https://10.0.0.7/", NULL), "unsafe");
    CHECK_STR(problem("https://[::1]/", NULL), "unsafe");
    CHECK_STR(problem("https://[::ffff:192.168.1.1]/", NULL), "unsafe");
    CHECK_STR(problem("https://93.184.216.34/", NULL), "ok");
    CHECK_STR(problem("http://93.184.216.34/", NULL), "https");
    /* allowed explicitly: by address or by range; http to it as well */
    CHECK_STR(problem("http://127.0.0.1:8080/in", "127.0.0.1"), "ok");
    CHECK_STR(problem("http://10.2.3.4/in", "10.0.0.0/8"), "ok");
    CHECK_STR(problem("https://10.2.3.4/in", "192.168.0.0/16"), "unsafe");
    int cls;
    webhook_url_problem("https://169.254.169.254/", NULL, &cls);
    CHECK(cls == NET_LINK_LOCAL);
    char long_url[2100];
    memset(long_url, 'a', sizeof long_url - 1);
    memcpy(long_url, "https://x.org/", 14);
    long_url[sizeof long_url - 1] = 0;
    CHECK_STR(problem(long_url, NULL), "url");

    /* openssl: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test */
    char sig[128];
    webhook_sign("whsec_test", 1700000000LL, "{\"a\":1}", 7, sig, sizeof sig);
    CHECK_STR(sig, "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789");

    char s1[WEBHOOK_SECRET_LEN + 1], s2[WEBHOOK_SECRET_LEN + 1], u[33];
    webhook_secret_new(s1);
    webhook_secret_new(s2);
    CHECK(strncmp(s1, "whsec_", 6) == 0 && strlen(s1) == WEBHOOK_SECRET_LEN && strcmp(s1, s2) != 0);
    webhook_uid_new(u);
    CHECK(strlen(u) == 32 && strspn(u, "0123456789abcdef") == 32);

    /* 30 s, 60 s, 120 s... at most an hour, ±20 % */
    CHECK(webhook_backoff_ms(30000, 1, 0.5) == 30000);
    CHECK(webhook_backoff_ms(30000, 2, 0.5) == 60000);
    CHECK(webhook_backoff_ms(30000, 4, 0.5) == 240000);
    CHECK(webhook_backoff_ms(30000, 40, 0.5) == 3600000);
    CHECK(webhook_backoff_ms(30000, 1, 0.0) == 24000);
    CHECK(webhook_backoff_ms(30000, 1, 0.999) < 36000);
    return UNIT_DONE();
}
