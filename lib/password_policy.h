/* What a new password must be (docs/passwords.md): at least PASSWORD_MIN
 * characters, and not one of the common and breached passwords of
 * data/common-passwords.txt (case ignored). The list is a sorted text file
 * of lower-cased entries, one a line, mapped read-only once (the FastCGI
 * master maps it before forking its workers, which share the pages) and
 * searched by bisection: no copy, no parsing, a lookup is about twenty
 * comparisons. Used wherever a password is set: one's own change, a reset
 * link, an account created with a chosen password, the first
 * administrator. */
#ifndef PARVIS_PASSWORD_POLICY_H
#define PARVIS_PASSWORD_POLICY_H
#include <stddef.h>

#define PASSWORD_MIN 12               /* characters (UTF-8 code points) */
#define PASSWORD_RESET_SECONDS 3600   /* a reset link works for an hour */

typedef enum { PASSWORD_OK, PASSWORD_TOO_SHORT, PASSWORD_COMMON } password_verdict;

/* Maps the list at `path` and checks it (sorted strictly, bytewise, no
 * empty line, ends with a newline): 0, or -1 with a message in err. A
 * second call replaces the first mapping. */
int password_list_open(const char *path, char *err, size_t errlen);
/* The number of entries (0 before a successful open). */
long password_list_count(void);
/* 1 when the password, lower-cased (ASCII letters), is an entry of the
 * list; 0 otherwise, and always 0 before a successful open. */
int password_list_contains(const char *password);
/* The verdict on a password someone chose: too short first, then common. */
password_verdict password_check(const char *password);
#endif
