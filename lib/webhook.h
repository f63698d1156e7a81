/* Outgoing webhooks (docs/webhooks.md): what the API and the notifier
 * share — the events a subscription may ask for, the checks of its URL,
 * the signature of a delivery, and the poke of the notifier's sender. */
#ifndef PARVIS_WEBHOOK_H
#define PARVIS_WEBHOOK_H
#include "config.h"
#include <stddef.h>

/* The events, in the order the API lists them. */
#define WEBHOOK_EVENTS(X) \
    X(POST_CREATED,   "post.created")   \
    X(POST_DELETED,   "post.deleted")   \
    X(COMMENT_CREATED, "comment.created") \
    X(FILE_ADDED,     "file.added")     \
    X(MEMBER_JOINED,  "member.joined")  \
    X(MEMBER_LEFT,    "member.left")    \
    X(EVENT_CREATED,  "event.created")

typedef enum {
#define X(name, text) WH_##name,
    WEBHOOK_EVENTS(X)
#undef X
    WH__MAX
} webhook_event;
extern const char *const webhook_event_names[WH__MAX];
/* The event of a name, or -1. */
int webhook_event_parse(const char *s);

/* Why a URL cannot be a subscription's, or NULL when it can: "url" (not an
 * absolute http(s) URL with a host, or too long), "https" (plain http to a
 * host that is not in the administrators' outgoing_allow list), or
 * "unsafe" (an address of the server's own networks that the list does
 * not allow: *cls is its net_class). allow: the setting outgoing_allow. */
const char *webhook_url_problem(const char *url, const char *allow, int *cls);

/* The secret of a new subscription: "whsec_" and 43 base64url characters. */
#define WEBHOOK_SECRET_LEN 49
void webhook_secret_new(char out[WEBHOOK_SECRET_LEN + 1]);
/* A delivery's identity: 32 hexadecimal characters. */
void webhook_uid_new(char out[33]);

/* The value of the Parvis-Signature header: "t=<unix time>,v1=<hex of
 * HMAC-SHA256(secret, "<t>.<body>")>". out needs 96 bytes. */
void webhook_sign(const char *secret, long long t, const char *body, size_t len, char *out, size_t outlen);

/* The delay before attempt n+1 after n failed attempts (n >= 1), in ms:
 * base * 2^(n-1), at most an hour, times a jitter in [0.8, 1.2)
 * (jitter01 in [0, 1)). */
long long webhook_backoff_ms(long long base_ms, int n, double jitter01);

/* The notifier's webhooks sender is woken (a datagram on
 * <notifier_socket>-webhooks; a lost one waits for its next second). */
void webhook_poke(const config *c);
void webhook_socket_path(const config *c, char *out, size_t outlen);
#endif
