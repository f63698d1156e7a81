/* E-mail messages: a whole RFC 5322 message (multipart/alternative, a
 * text and an HTML part, UTF-8, quoted-printable, 7-bit clean, CRLF) from
 * its parts, as stored in mail_queue.message and sent as is. Nothing a
 * caller passes can add a header: addresses, the Message-ID and the
 * unsubscribe address with a CR, LF or other control character are
 * refused; names and the subject have theirs replaced by spaces. */
#ifndef PARVIS_MAIL_COMPOSE_H
#define PARVIS_MAIL_COMPOSE_H
#include <stddef.h>

typedef struct {
    const char *from_address, *from_name, *to_address, *to_name;  /* names may be NULL */
    const char *subject;                   /* UTF-8 */
    const char *text;                      /* the text part, UTF-8, \n line ends */
    const char *html;                      /* the HTML fragment of the body (wrapped in the layout) */
    const char *footer_text, *footer_html; /* why this mail was sent (NULL: none) */
    const char *unsubscribe_url;           /* NULL for none (test mails) */
    const char *locale;                    /* "fr" or "en" */
    /* an iCalendar object (lib/ics.h, CRLF lines) sent as a third
     * alternative, text/calendar with its METHOD (REQUEST, CANCEL), so
     * that mail clients offer to add it (docs/events.md); NULL: none */
    const char *calendar, *calendar_method;
} mail_parts;

/* The message, malloc'd (the caller frees it), or NULL when a part is
 * refused (an address that is not one, a control character where none
 * may be, invalid UTF-8) or memory ran out. date_epoch: its Date. */
char *mail_compose(const mail_parts *m, const char *message_id, long long date_epoch);

/* A new Message-ID (without its <>): 26 random characters @ the host of
 * public_url ("parvis.invalid" without one). */
void mail_message_id(char *out, size_t outlen, const char *public_url);

/* The host of public_url (no scheme, port or path; letters, digits, dots
 * and dashes only), or "" when it has none. */
void mail_url_host(char *out, size_t outlen, const char *public_url);

/* An address usable in a header and an SMTP envelope: local@domain,
 * printable ASCII, no space, quote, angle bracket, comma or semicolon, at
 * most 254 characters. 1 or 0. */
int mail_address_ok(const char *addr);

/* Text escaped for HTML (& < > " '), malloc'd; NULL when out of memory. */
char *mail_html_escape(const char *s);
#endif
