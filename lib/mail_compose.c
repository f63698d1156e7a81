#include "mail_compose.h"
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A growing text; `oom` once an allocation failed (then everything is
 * dropped and the result is NULL). */
typedef struct { char *p; size_t len, cap; int oom; } buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) { b->oom = 1; return; }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

static void putf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) { b->oom = 1; return; }
    put(b, tmp, (size_t)n);
}

static int utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        int n;
        unsigned min;
        if (c < 0x80) { p++; continue; }
        if ((c & 0xE0) == 0xC0) { n = 1; c &= 0x1F; min = 0x80; }
        else if ((c & 0xF0) == 0xE0) { n = 2; c &= 0x0F; min = 0x800; }
        else if ((c & 0xF8) == 0xF0) { n = 3; c &= 0x07; min = 0x10000; }
        else return 0;
        p++;
        for (int i = 0; i < n; i++, p++) {
            if ((*p & 0xC0) != 0x80) return 0;
            c = (c << 6) | (*p & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    }
    return 1;
}

/* printable ASCII without spaces, and none of `banned` */
static int token_ok(const char *s, const char *banned, size_t max)
{
    size_t n = 0;
    for (; *s; s++, n++)
        if (*s <= ' ' || *s > '~' || strchr(banned, *s)) return 0;
    return n > 0 && n <= max;
}

int mail_address_ok(const char *a)
{
    if (!a || !token_ok(a, "<>()[]\\,;:\"", 254)) return 0;
    const char *at = strchr(a, '@');
    return at && at != a && at[1] && !strchr(at + 1, '@') && at[1] != '.' && a[strlen(a) - 1] != '.';
}

/* a one-line copy of a name or subject: control characters become spaces */
static char *one_line(const char *s)
{
    char *out = strdup(s ? s : "");
    if (!out) return NULL;
    for (char *p = out; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = ' ';
    return out;
}

static int printable_ascii(const char *s)
{
    for (; *s; s++)
        if (*s < ' ' || *s > '~') return 0;
    return 1;
}

/* RFC 2047 encoded words (B, UTF-8), each at most 68 characters, folded
 * onto continuation lines; never splits a character */
static void put_encoded_words(buf *b, const char *s)
{
    size_t n = strlen(s), i = 0;
    int first = 1;
    while (i < n || first) {
        size_t take = n - i > 42 ? 42 : n - i;
        /* back off to the start of a character */
        while (take > 0 && i + take < n && ((unsigned char)s[i + take] & 0xC0) == 0x80) take--;
        char b64[64];
        sodium_bin2base64(b64, sizeof b64, (const unsigned char *)s + i, take, sodium_base64_VARIANT_ORIGINAL);
        if (!first) puts_(b, "\r\n ");
        puts_(b, "=?UTF-8?B?");
        puts_(b, b64);
        puts_(b, "?=");
        i += take;
        first = 0;
    }
}

/* A display name: a quoted string when short printable ASCII, else
 * encoded words */
static void put_phrase(buf *b, const char *name)
{
    if (printable_ascii(name) && strlen(name) <= 60) {
        puts_(b, "\"");
        for (const char *p = name; *p; p++) {
            if (*p == '"' || *p == '\\') puts_(b, "\\");
            put(b, p, 1);
        }
        puts_(b, "\"");
    } else {
        put_encoded_words(b, name);
    }
}

static void put_mailbox(buf *b, const char *header, const char *name, const char *addr)
{
    puts_(b, header);
    if (name && *name) {
        put_phrase(b, name);
        puts_(b, "\r\n <");
    } else {
        puts_(b, "<");
    }
    puts_(b, addr);
    puts_(b, ">\r\n");
}

/* Quoted-printable of UTF-8 text with \n line ends (\r dropped): lines of
 * at most 76 characters, CRLF, trailing blanks and a leading dot encoded. */
static void put_qp(buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    int col = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned c = *p;
        if (c == '\r') continue;
        if (c == '\n') { puts_(b, "\r\n"); col = 0; continue; }
        int at_end = p[1] == 0 || p[1] == '\n' || (p[1] == '\r' && (p[2] == '\n' || p[2] == 0));
        char tok[4];
        int tn;
        if ((c >= 33 && c <= 126 && c != '=' && !(c == '.' && col == 0))
            || ((c == ' ' || c == '\t') && !at_end)) {
            tok[0] = (char)c;
            tn = 1;
        } else {
            tok[0] = '=';
            tok[1] = hex[c >> 4];
            tok[2] = hex[c & 15];
            tn = 3;
        }
        /* room for the token and, unless the line ends after it, a soft break */
        if (col + tn > (at_end ? 76 : 75)) {
            puts_(b, "=\r\n");
            col = 0;
            if (tn == 1 && c == '.') { tok[0] = '='; tok[1] = '2'; tok[2] = 'E'; tn = 3; }
        }
        put(b, tok, (size_t)tn);
        col += tn;
    }
    if (col) puts_(b, "\r\n");
}

char *mail_html_escape(const char *s)
{
    buf b = { 0 };
    puts_(&b, "");
    for (; s && *s; s++) {
        switch (*s) {
        case '&': puts_(&b, "&amp;"); break;
        case '<': puts_(&b, "&lt;"); break;
        case '>': puts_(&b, "&gt;"); break;
        case '"': puts_(&b, "&quot;"); break;
        case '\'': puts_(&b, "&#39;"); break;
        default: put(&b, s, 1);
        }
    }
    if (b.oom) { free(b.p); return NULL; }
    return b.p;
}

void mail_url_host(char *out, size_t outlen, const char *url)
{
    if (!outlen) return;
    out[0] = 0;
    if (!url) return;
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    const char *end = p + strcspn(p, "/?#");
    const char *at = memchr(p, '@', (size_t)(end - p));
    if (at) p = at + 1;
    size_t n = 0;
    for (; p < end && *p != ':' && n + 1 < outlen; p++) {
        char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-')
            out[n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    out[n] = 0;
}

void mail_message_id(char *out, size_t outlen, const char *public_url)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    char host[256], rnd[27];
    for (int i = 0; i < 26; i++) rnd[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    rnd[26] = 0;
    mail_url_host(host, sizeof host, public_url);
    snprintf(out, outlen, "%s@%s", rnd, *host ? host : "parvis.invalid");
}

static void put_date(buf *b, long long epoch)
{
    static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    time_t t = (time_t)epoch;
    struct tm tm;
    if (!gmtime_r(&t, &tm)) { b->oom = 1; return; }
    putf(b, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
         tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static int url_ok(const char *u)
{
    return (strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0) && token_ok(u, "<>\"'`\\{}|^", 900);
}

char *mail_compose(const mail_parts *m, const char *message_id, long long date_epoch)
{
    if (!m || !mail_address_ok(m->from_address) || !mail_address_ok(m->to_address)
        || !message_id || !token_ok(message_id, "<>()[]\\,;:\"", 200) || !strchr(message_id, '@')
        || (m->unsubscribe_url && !url_ok(m->unsubscribe_url)))
        return NULL;
    const char *texts[] = { m->from_name, m->to_name, m->subject, m->text, m->html, m->footer_text, m->footer_html };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (texts[i] && !utf8_ok(texts[i])) return NULL;
    int en = m->locale && strcmp(m->locale, "en") == 0;
    char *from_name = one_line(m->from_name), *to_name = one_line(m->to_name), *subject = one_line(m->subject);
    char *esc_subject = subject ? mail_html_escape(subject) : NULL;
    char *esc_url = m->unsubscribe_url ? mail_html_escape(m->unsubscribe_url) : NULL;
    unsigned char rnd[12];
    char boundary[64], hexs[25];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(hexs, sizeof hexs, rnd, sizeof rnd);
    /* "=_" never occurs in quoted-printable text */
    snprintf(boundary, sizeof boundary, "=_parvis_%s", hexs);
    buf b = { 0 };
    if (!from_name || !to_name || !subject || !esc_subject || (m->unsubscribe_url && !esc_url)) b.oom = 1;

    put_date(&b, date_epoch);
    put_mailbox(&b, "From: ", from_name, m->from_address);
    put_mailbox(&b, "To: ", to_name, m->to_address);
    puts_(&b, "Subject: ");
    if (subject && printable_ascii(subject) && strlen(subject) <= 69 && !strstr(subject, "=?")) puts_(&b, subject);
    else if (subject) put_encoded_words(&b, subject);
    puts_(&b, "\r\n");
    putf(&b, "Message-ID: <%s>\r\n", message_id);
    puts_(&b, "MIME-Version: 1.0\r\n");
    putf(&b, "Content-Language: %s\r\n", en ? "en" : "fr");
    puts_(&b, "Auto-Submitted: auto-generated\r\n");
    puts_(&b, "X-Auto-Response-Suppress: All\r\n");
    if (m->unsubscribe_url) {
        puts_(&b, "List-Unsubscribe: <");
        puts_(&b, m->unsubscribe_url);
        puts_(&b, ">\r\n");
        puts_(&b, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
    }
    putf(&b, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n", boundary);
    puts_(&b, "\r\n");
    puts_(&b, "This is a multi-part message in MIME format.\r\n");

    /* the text part */
    putf(&b, "\r\n--%s\r\n", boundary);
    puts_(&b, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
    buf t = { 0 };
    puts_(&t, m->text ? m->text : "");
    while (t.len && (t.p[t.len - 1] == '\n' || t.p[t.len - 1] == '\r')) t.p[--t.len] = 0;
    puts_(&t, "\n");
    if ((m->footer_text && *m->footer_text) || m->unsubscribe_url) puts_(&t, "\n-- \n");
    if (m->footer_text && *m->footer_text) { puts_(&t, m->footer_text); puts_(&t, "\n"); }
    if (m->unsubscribe_url) {
        puts_(&t, en ? "Unsubscribe from these e-mails: " : "Se désabonner de ces e-mails : ");
        puts_(&t, m->unsubscribe_url);
        puts_(&t, "\n");
    }
    if (t.oom) b.oom = 1;
    else put_qp(&b, t.p);
    free(t.p);

    /* the HTML part: a small layout of tables and inline styles, which
     * mail clients render alike */
    putf(&b, "\r\n--%s\r\n", boundary);
    puts_(&b, "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
    buf h = { 0 };
    puts_(&h, "<!DOCTYPE html>\n<html lang=\"");
    puts_(&h, en ? "en" : "fr");
    puts_(&h, "\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    puts_(&h, esc_subject ? esc_subject : "");
    puts_(&h, "</title>\n</head>\n<body style=\"margin:0;padding:0;background:#f4f5f7;\">\n"
              "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background:#f4f5f7;\">\n"
              "<tr><td align=\"center\" style=\"padding:24px 12px;\">\n"
              "<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\""
              " style=\"width:100%;max-width:600px;background:#ffffff;border:1px solid #e1e4e8;border-radius:6px;\">\n"
              "<tr><td style=\"padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;\">\n");
    puts_(&h, m->html ? m->html : "");
    puts_(&h, "\n</td></tr>\n</table>\n");
    if ((m->footer_html && *m->footer_html) || m->unsubscribe_url) {
        puts_(&h, "<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;max-width:600px;\">\n"
                  "<tr><td style=\"padding:12px 24px;font-family:Arial,Helvetica,sans-serif;font-size:12px;line-height:1.5;color:#6a737d;\">\n");
        if (m->footer_html && *m->footer_html) { puts_(&h, m->footer_html); puts_(&h, "\n"); }
        if (m->unsubscribe_url) {
            if (m->footer_html && *m->footer_html) puts_(&h, "<br>\n");
            puts_(&h, "<a href=\"");
            puts_(&h, esc_url ? esc_url : "");
            puts_(&h, "\" style=\"color:#6a737d;\">");
            puts_(&h, en ? "Unsubscribe from these e-mails" : "Se désabonner de ces e-mails");
            puts_(&h, "</a>\n");
        }
        puts_(&h, "</td></tr>\n</table>\n");
    }
    puts_(&h, "</td></tr>\n</table>\n</body>\n</html>\n");
    if (h.oom) b.oom = 1;
    else put_qp(&b, h.p);
    free(h.p);

    /* the event, for calendars: base64 keeps its CRLF lines intact */
    if (m->calendar && m->calendar_method && printable_ascii(m->calendar_method)) {
        putf(&b, "\r\n--%s\r\n", boundary);
        putf(&b, "Content-Type: text/calendar; charset=UTF-8; method=%s\r\n"
                 "Content-Transfer-Encoding: base64\r\n\r\n", m->calendar_method);
        size_t n = strlen(m->calendar);
        for (size_t i = 0; i < n; i += 57) {
            char line[80];
            size_t k = n - i < 57 ? n - i : 57;
            sodium_bin2base64(line, sizeof line, (const unsigned char *)m->calendar + i, k,
                              sodium_base64_VARIANT_ORIGINAL);
            puts_(&b, line);
            puts_(&b, "\r\n");
        }
    }
    putf(&b, "\r\n--%s--\r\n", boundary);

    free(from_name);
    free(to_name);
    free(subject);
    free(esc_subject);
    free(esc_url);
    if (b.oom) { free(b.p); return NULL; }
    return b.p;
}
