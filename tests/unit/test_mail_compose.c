/* E-mail: composing (headers no input can add to, RFC 2047 names and
 * subjects, quoted-printable parts, line lengths, 7 bits, CRLF),
 * unsubscribe tokens, the sealed relay password, the settings' checks. */
#include "crypto.h"
#include "mail_compose.h"
#include "mail_settings.h"
#include "mail_token.h"
#include "unit.h"
#include <sodium.h>
#include <stdlib.h>

static mail_parts base(void)
{
    mail_parts m = {
        .from_address = "parvis@example.org", .from_name = "Mairie de Saint-Étienne",
        .to_address = "alice@example.org", .to_name = "Alice Dupont",
        .subject = "Alice a commenté votre publication « Réunion du 3 mars »",
        .text = "Bonjour,\nAlice a écrit : « d'accord ».\n\nVoir : https://parvis.example.org/publications/12\n",
        .html = "<p>Bonjour,</p><p>Alice a écrit : « d&#39;accord ».</p>",
        .footer_text = "Vous recevez ce message parce que vous suivez cette publication.",
        .footer_html = "Vous recevez ce message parce que vous suivez cette publication.",
        .unsubscribe_url = "https://parvis.example.org/api/v1/unsubscribe?t=abc_-123",
        .locale = "fr",
    };
    return m;
}

/* the header `name` (unfolded), or NULL; in a malloc'd copy */
static char *header(const char *msg, const char *name)
{
    const char *end = strstr(msg, "\r\n\r\n");
    size_t nl = strlen(name);
    for (const char *p = msg; p && p < end; p = strstr(p, "\r\n") ? strstr(p, "\r\n") + 2 : NULL) {
        if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
            const char *v = p + nl + 1;
            while (*v == ' ') v++;
            char *out = malloc(strlen(v) + 1), *o = out;
            for (;;) {
                const char *e = strstr(v, "\r\n");
                memcpy(o, v, (size_t)(e - v));
                o += e - v;
                if (e[2] != ' ' && e[2] != '\t') break;
                v = e + 2;
            }
            *o = 0;
            return out;
        }
    }
    return NULL;
}

/* decodes the =?UTF-8?B?...?= words of a header value (joined, as a
 * reader does between adjacent encoded words) */
static char *decode_words(const char *v)
{
    char *out = calloc(1, strlen(v) + 1), *o = out;
    const char *p = v;
    while (*p) {
        if (strncmp(p, "=?UTF-8?B?", 10) == 0) {
            const char *e = strstr(p + 10, "?=");
            size_t got = 0;
            sodium_base642bin((unsigned char *)o, strlen(v), p + 10, (size_t)(e - p - 10), NULL, &got, NULL,
                              sodium_base64_VARIANT_ORIGINAL);
            o += got;
            p = e + 2;
            if (*p == ' ' && strncmp(p + 1, "=?", 2) == 0) p++;
        } else {
            *o++ = *p++;
        }
    }
    *o = 0;
    return out;
}

/* the decoded quoted-printable body of the part whose type is `type` */
static char *part(const char *msg, const char *type)
{
    char want[80];
    snprintf(want, sizeof want, "Content-Type: %s; charset=UTF-8\r\n", type);
    const char *p = strstr(msg, want);
    if (!p) return NULL;
    p = strstr(p, "\r\n\r\n") + 4;
    const char *end = strstr(p, "\r\n--=_parvis_");
    char *out = calloc(1, (size_t)(end - p) + 1), *o = out;
    while (p < end) {
        if (*p == '=' && p[1] == '\r' && p[2] == '\n') { p += 3; continue; }
        if (*p == '=') { char h[3] = { p[1], p[2], 0 }; *o++ = (char)strtol(h, NULL, 16); p += 3; continue; }
        if (*p == '\r' && p[1] == '\n') { *o++ = '\n'; p += 2; continue; }
        *o++ = *p++;
    }
    *o = 0;
    return out;
}

/* every line ends with CRLF, is at most `max` characters, 7-bit */
static int lines_ok(const char *msg, size_t max)
{
    size_t col = 0;
    for (const char *p = msg; *p; p++) {
        if ((unsigned char)*p > 127) return 0;
        if (*p == '\r') { if (p[1] != '\n') return 0; continue; }
        if (*p == '\n') { if (p == msg || p[-1] != '\r') return 0; col = 0; continue; }
        if (++col > max) return 0;
    }
    return col == 0;
}

static int has_line(const char *msg, const char *start)
{
    size_t n = strlen(start);
    if (strncmp(msg, start, n) == 0) return 1;
    for (const char *p = strstr(msg, "\r\n"); p; p = strstr(p + 2, "\r\n"))
        if (strncmp(p + 2, start, n) == 0) return 1;
    return 0;
}

static void test_compose(void)
{
    mail_parts m = base();
    char *msg = mail_compose(&m, "abc123@parvis.example.org", 1772611200);   /* 2026-03-04 08:00 UTC */
    CHECK(msg != NULL);
    if (!msg) return;
    CHECK(lines_ok(msg, 78));
    char *v;
    CHECK_STR((v = header(msg, "Date")), "Wed, 04 Mar 2026 08:00:00 +0000"); free(v);
    CHECK_STR((v = header(msg, "Message-ID")), "<abc123@parvis.example.org>"); free(v);
    CHECK_STR((v = header(msg, "MIME-Version")), "1.0"); free(v);
    CHECK_STR((v = header(msg, "Auto-Submitted")), "auto-generated"); free(v);
    CHECK_STR((v = header(msg, "List-Unsubscribe")), "<https://parvis.example.org/api/v1/unsubscribe?t=abc_-123>"); free(v);
    CHECK_STR((v = header(msg, "List-Unsubscribe-Post")), "List-Unsubscribe=One-Click"); free(v);
    v = header(msg, "Subject");
    char *d = decode_words(v);
    CHECK_STR(d, m.subject);
    free(v); free(d);
    v = header(msg, "From");
    d = decode_words(v);
    CHECK_STR(d, "Mairie de Saint-Étienne <parvis@example.org>");
    free(v); free(d);
    CHECK_STR((v = header(msg, "To")), "\"Alice Dupont\" <alice@example.org>"); free(v);
    v = header(msg, "Content-Type");
    CHECK(v && strncmp(v, "multipart/alternative; boundary=\"=_parvis_", 42) == 0);
    free(v);
    /* text first, then HTML */
    char *tp = strstr(msg, "text/plain"), *hp = strstr(msg, "text/html");
    CHECK(tp && hp && tp < hp);
    char *text = part(msg, "text/plain"), *html = part(msg, "text/html");
    CHECK(text && strncmp(text, m.text, strlen(m.text)) == 0);
    CHECK(text && strstr(text, "-- \nVous recevez ce message parce que"));
    CHECK(text && strstr(text, "Se désabonner de ces e-mails : https://parvis.example.org/api/v1/unsubscribe?t=abc_-123"));
    CHECK(html && strstr(html, "<html lang=\"fr\">"));
    CHECK(html && strstr(html, m.html));
    CHECK(html && strstr(html, "href=\"https://parvis.example.org/api/v1/unsubscribe?t=abc_-123\""));
    CHECK(html && strstr(html, "<title>Alice a commenté votre publication « Réunion du 3 mars »</title>"));
    free(text); free(html);
    free(msg);

    /* no unsubscribe address (a test mail), English, plain ASCII subject */
    m.unsubscribe_url = NULL;
    m.locale = "en";
    m.subject = "Parvis: test message";
    m.from_name = NULL;
    msg = mail_compose(&m, "x@h", 0);
    CHECK(msg && !strstr(msg, "List-Unsubscribe"));
    CHECK_STR((v = header(msg, "Subject")), "Parvis: test message"); free(v);
    CHECK_STR((v = header(msg, "From")), "<parvis@example.org>"); free(v);
    CHECK(msg && strstr(msg, "<html lang=3D\"en\">"));
    free(msg);
}

static void test_injection(void)
{
    mail_parts m = base();
    /* names and subjects: CR and LF become spaces, no header is added */
    m.subject = "Hello\r\nBcc: victim@example.org";
    m.from_name = "Eve\nX-Evil: 1";
    m.to_name = "Bob\r\n\r\n<b>body</b>";
    char *msg = mail_compose(&m, "id@h", 0);
    CHECK(msg != NULL);
    if (msg) {
        CHECK(!has_line(msg, "Bcc:"));
        CHECK(!has_line(msg, "X-Evil:"));
        CHECK(!has_line(msg, "<b>body</b>"));
        char *v = header(msg, "Subject"), *d = decode_words(v);
        CHECK_STR(d, "Hello  Bcc: victim@example.org");
        free(v); free(d);
        CHECK(lines_ok(msg, 78));
        free(msg);
    }
    /* addresses, the Message-ID and the unsubscribe address: refused */
    m = base(); m.to_address = "alice@example.org\r\nBcc: victim@example.org";
    CHECK(mail_compose(&m, "id@h", 0) == NULL);
    m = base(); m.to_address = "Alice <alice@example.org>";
    CHECK(mail_compose(&m, "id@h", 0) == NULL);
    m = base(); m.from_address = "a@b\n";
    CHECK(mail_compose(&m, "id@h", 0) == NULL);
    m = base(); m.from_address = "nobody";
    CHECK(mail_compose(&m, "id@h", 0) == NULL);
    m = base();
    CHECK(mail_compose(&m, "id@h>\r\nBcc: x@y", 0) == NULL);
    CHECK(mail_compose(&m, "no-at-sign", 0) == NULL);
    m.unsubscribe_url = "https://x.org/u?t=1>\r\nBcc: x@y";
    CHECK(mail_compose(&m, "id@h", 0) == NULL);
    m.unsubscribe_url = "javascript:alert(1)";
    CHECK(mail_compose(&m, "id@h", 0) == NULL);
    /* invalid UTF-8 */
    m = base(); m.text = "caf\xe9";
    CHECK(mail_compose(&m, "id@h", 0) == NULL);
    m = base(); m.subject = "\xc3";
    CHECK(mail_compose(&m, "id@h", 0) == NULL);
}

static void test_lengths(void)
{
    /* long lines, long words, long subjects and names, trailing blanks, dots */
    static char text[20000], subject[1200], name[400];
    size_t n = 0;
    for (int i = 0; i < 300; i++) n += (size_t)snprintf(text + n, sizeof text - n, "é%d=", i);
    n += (size_t)snprintf(text + n, sizeof text - n, "\n.\n.starts with a dot\nends with blanks  \t\nfin");
    n = 0;
    for (int i = 0; i < 100; i++) n += (size_t)snprintf(subject + n, sizeof subject - n, "Réu%d ", i);
    n = 0;
    for (int i = 0; i < 40; i++) n += (size_t)snprintf(name + n, sizeof name - n, "Zoë%d ", i);
    mail_parts m = base();
    m.text = text;
    m.html = text;
    m.subject = subject;
    m.from_name = name;
    char *msg = mail_compose(&m, "id@h", 0);
    CHECK(msg && lines_ok(msg, 78));
    /* the body's lines stay within quoted-printable's 76 */
    const char *body = msg ? strstr(msg, "quoted-printable\r\n\r\n") : NULL;
    CHECK(body && lines_ok(body, 76));
    CHECK(msg && !has_line(msg, ".starts"));
    char *t = msg ? part(msg, "text/plain") : NULL;
    CHECK(t && strncmp(t, text, strlen(text)) == 0);
    char *v = msg ? header(msg, "Subject") : NULL, *d = v ? decode_words(v) : NULL;
    CHECK_STR(d, subject);
    free(v); free(d); free(t);
    v = msg ? header(msg, "From") : NULL;
    d = v ? decode_words(v) : NULL;
    char want[500];
    snprintf(want, sizeof want, "%s <parvis@example.org>", name);
    CHECK_STR(d, want);
    free(v); free(d);
    free(msg);
}

static void test_helpers(void)
{
    char *e = mail_html_escape("<a href=\"x\">Tom & Jerry's</a>");
    CHECK_STR(e, "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
    free(e);
    char id[128], host[64];
    mail_message_id(id, sizeof id, "https://User@Parvis.Example.org:8443/base");
    CHECK(strlen(id) == 26 + 1 + strlen("parvis.example.org") && strstr(id, "@parvis.example.org"));
    mail_message_id(id, sizeof id, "");
    CHECK(strstr(id, "@parvis.invalid") != NULL);
    mail_url_host(host, sizeof host, "http://127.0.0.1:8080");
    CHECK_STR(host, "127.0.0.1");
    CHECK(mail_address_ok("a.b+c@d-e.fr"));
    CHECK(!mail_address_ok("a b@c.fr") && !mail_address_ok("@c.fr") && !mail_address_ok("a@") && !mail_address_ok("a@b@c"));
    CHECK(mail_relay_ok("smtp://mail.example.org:587") && mail_relay_ok("smtps://mail.example.org")
          && mail_relay_ok("smtp://127.0.0.1:2525") && mail_relay_ok("smtp://[::1]:25"));
    CHECK(!mail_relay_ok("http://mail.example.org") && !mail_relay_ok("smtp://") && !mail_relay_ok("smtp://h:0")
          && !mail_relay_ok("smtp://h:70000") && !mail_relay_ok("smtp://u:p@h:25") && !mail_relay_ok("smtp://h:25/x")
          && !mail_relay_ok("smtp://-h:25") && !mail_relay_ok("smtp://h_1:25") && !mail_relay_ok("smtp://h:25?a")
          && !mail_relay_ok("smtp://h:2 5") && !mail_relay_ok("smtp://h..x:25"));
    CHECK(mail_hhmm_ok("00:00") && mail_hhmm_ok("23:59") && !mail_hhmm_ok("24:00") && !mail_hhmm_ok("7:00")
          && !mail_hhmm_ok("07:60") && !mail_hhmm_ok("07h00"));
}

static void test_tokens(void)
{
    unsigned char secret[32], other[32];
    randombytes_buf(secret, sizeof secret);
    randombytes_buf(other, sizeof other);
    char t[MAIL_TOKEN_MAX], kind[MAIL_KIND_MAX + 1];
    long long uid = 0;
    CHECK(mail_token_make(secret, 4242, "mention", t, sizeof t) == 0);
    CHECK(mail_token_check(secret, t, &uid, kind, sizeof kind) == 0 && uid == 4242);
    CHECK_STR(kind, "mention");
    for (const char *p = t; *p; p++)
        CHECK((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_');
    CHECK(mail_token_check(other, t, &uid, kind, sizeof kind) == -1);
    /* every character changed in turn: refused */
    int refused = 1;
    for (size_t i = 0; t[i]; i++) {
        char c = t[i];
        t[i] = c == 'A' ? 'B' : 'A';
        if (mail_token_check(secret, t, &uid, kind, sizeof kind) == 0) refused = 0;
        t[i] = c;
    }
    CHECK(refused);
    CHECK(mail_token_check(secret, "", &uid, kind, sizeof kind) == -1);
    CHECK(mail_token_check(secret, "garbage!!", &uid, kind, sizeof kind) == -1);
    CHECK(mail_token_check(secret, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &uid, kind, sizeof kind) == -1);
    CHECK(mail_token_make(secret, 1, "Mention", t, sizeof t) == -1);
    CHECK(mail_token_make(secret, 1, "a_kind_far_too_long", t, sizeof t) == -1);
    CHECK(mail_token_make(secret, 0, "mention", t, sizeof t) == -1);
    config c;
    memset(&c, 0, sizeof c);
    snprintf(c.public_url, sizeof c.public_url, "https://parvis.example.org/");
    char url[300];
    CHECK(mail_unsubscribe_url(&c, secret, 7, "digest", url, sizeof url) == 0);
    CHECK(strncmp(url, "https://parvis.example.org/api/v1/unsubscribe?t=", 48) == 0);
    CHECK(mail_token_check(secret, url + 48, &uid, kind, sizeof kind) == 0 && uid == 7 && strcmp(kind, "digest") == 0);
}

static void test_password(void)
{
    unsigned char secret[32], other[32];
    randombytes_buf(secret, sizeof secret);
    randombytes_buf(other, sizeof other);
    char sealed[400], open[MAIL_PASSWORD_MAX + 1];
    CHECK(mail_password_seal(secret, "s3cr3t pässword", sealed, sizeof sealed) == 0);
    CHECK(strncmp(sealed, "sb1:", 4) == 0 && !strstr(sealed, "s3cr3t"));
    CHECK(mail_password_open(secret, sealed, open, sizeof open) == 0);
    CHECK_STR(open, "s3cr3t pässword");
    CHECK(mail_password_open(other, sealed, open, sizeof open) == -1 && open[0] == 0);
    CHECK(mail_password_open(secret, "plain", open, sizeof open) == -1);
    char big[MAIL_PASSWORD_MAX + 2];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    CHECK(mail_password_seal(secret, big, sealed, sizeof sealed) == -1);
    big[MAIL_PASSWORD_MAX] = 0;
    CHECK(mail_password_seal(secret, big, sealed, sizeof sealed) == 0);
    CHECK(mail_password_open(secret, sealed, open, sizeof open) == 0 && strlen(open) == MAIL_PASSWORD_MAX);
}

int main(void)
{
    if (crypto_setup()) return 1;
    test_compose();
    test_injection();
    test_lengths();
    test_helpers();
    test_tokens();
    test_password();
    return UNIT_DONE();
}
