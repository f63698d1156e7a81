/* The platform's e-mail settings (table settings, changed by
 * administrators through /admin/mail and read again by the notifier on
 * each pass): the relay, its login (the password sealed with a key derived
 * from the platform secret), the sender, the quiet hours; and their
 * checks. */
#ifndef PARVIS_MAIL_SETTINGS_H
#define PARVIS_MAIL_SETTINGS_H
#include "db.h"

#define MAIL_PASSWORD_MAX 200        /* bytes, before sealing */

typedef struct {
    char relay[300];                 /* "" (files under mail_dir), smtp://host:port, smtps://host:port */
    int starttls;                    /* smtp://: STARTTLS required */
    char username[200];
    char password[MAIL_PASSWORD_MAX + 1];  /* opened; "" when none or unreadable */
    int password_set;
    char from_address[256];          /* "" until an administrator sets one */
    char from_name[200];
    char quiet_start[6], quiet_end[6];     /* "HH:MM" */
} mail_settings;

/* Reads them all (one query). secret NULL: the password is left sealed
 * out (only password_set is filled). 0, or -1 (MariaDB). */
int mail_settings_load(db *d, arena *a, const unsigned char *secret, mail_settings *out);

/* "sb1:" base64url(nonce | secretbox): 0, or -1 (too long, out too small). */
int mail_password_seal(const unsigned char secret[32], const char *password, char *out, size_t outlen);
/* The password, or -1 when the text is not one this secret sealed. */
int mail_password_open(const unsigned char secret[32], const char *sealed, char *out, size_t outlen);

/* smtp://host[:port] or smtps://host[:port]: a host name or an IPv4
 * address, or an IPv6 one in brackets; a port 1..65535; nothing else. */
int mail_relay_ok(const char *url);
/* "HH:MM", 00:00 to 23:59 */
int mail_hhmm_ok(const char *s);
/* The envelope sender and From: address: the setting, or
 * noreply@<public_url's host> when none is set. */
void mail_sender(const mail_settings *s, const char *public_url, char *out, size_t outlen);
#endif
