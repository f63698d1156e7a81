/* CSV written to a response: every field quoted, quotes doubled, and a
 * field that a spreadsheet would run as a formula (= + - @, a tab or a
 * carriage return first) neutralised by a leading apostrophe (OWASP's
 * advice against CSV injection). Lines end with CRLF (RFC 4180). */
#ifndef PARVIS_CSV_OUT_H
#define PARVIS_CSV_OUT_H

#include "req.h"

/* one field, without its separator; NULL is written as an empty field */
void csv_field(req *r, const char *s);
/* a field's separator, and a line's end */
void csv_comma(req *r);
void csv_end_line(req *r);
/* a whole line of n fields */
void csv_line(req *r, int n, const char *const *fields);

#endif
