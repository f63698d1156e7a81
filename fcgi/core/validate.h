/* Checks a JSON body against a list of fields before a handler uses it:
 * unknown fields, missing required ones, types, lengths (in characters),
 * control characters and allowed values. On the first problem the 400
 * answer is sent and -1 returned. */
#ifndef PARVIS_VALIDATE_H
#define PARVIS_VALIDATE_H
#include "core/req.h"

/* F_TEXT allows newlines and tabs; F_SECRET (passwords) any character;
 * F_ID is a positive integer (an identifier); F_COUNT an integer from 0
 * to max_chars */
typedef enum { F_STRING, F_TEXT, F_SECRET, F_BOOL, F_ID, F_COUNT } field_type;

typedef struct {
    const char *name;
    field_type type;
    int required;
    int max_chars;            /* strings: at most this many characters */
    const char *allowed;      /* strings: "a|b|c" or NULL */
} field_spec;

/* What is wrong with a body: the message, the field, and its argument
 * (a length limit or the list of allowed values). */
typedef struct {
    msg_id msg;
    const char *field;
    int limit;
    const char *allowed;       /* "a, b, c" (arena) */
} validation_error;

/* Checks without answering: 0, or -1 with *e filled. "null" fields are
 * removed from the body (null means absent). */
int validate_fields(json_t *body, const field_spec *specs, arena *a, validation_error *e);
/* Checks and, on a problem, answers 400: returns -1 then. */
int validate_body(req *r, const field_spec *specs);   /* specs end with {NULL} */

const char *body_str(req *r, const char *name);        /* NULL when absent */
int body_bool(req *r, const char *name, int dflt);
long long body_int(req *r, const char *name, long long dflt);

/* A one-line name without its leading and trailing spaces (arena copy), or
 * NULL when nothing is left. */
const char *trim_spaces(arena *a, const char *s);
/* Counts the characters (code points) of valid UTF-8. */
int utf8_chars(const char *s);
/* Lower-cases and checks an e-mail address: one @, no spaces or control
 * characters, something on both sides, a dot-free-or-not domain of valid
 * characters. Returns the arena copy or NULL. */
char *email_normalize(arena *a, const char *s);
#endif
