#include "csv_out.h"

#include <string.h>

void csv_field(req *r, const char *s)
{
    if (!s) s = "";
    resp_write(r, "\"", 1);
    if (strchr("=+-@\t\r", *s) && *s) resp_write(r, "'", 1);
    const char *run = s;
    for (const char *p = s; *p; p++) {
        if (*p != '"') continue;
        resp_write(r, run, (size_t)(p - run + 1));   /* up to and with the quote */
        resp_write(r, "\"", 1);                        /* doubled */
        run = p + 1;
    }
    resp_write(r, run, strlen(run));
    resp_write(r, "\"", 1);
}

void csv_comma(req *r) { resp_write(r, ",", 1); }

void csv_end_line(req *r) { resp_write(r, "\r\n", 2); }

void csv_line(req *r, int n, const char *const *fields)
{
    for (int i = 0; i < n; i++) {
        if (i) csv_comma(r);
        csv_field(r, fields[i]);
    }
    csv_end_line(r);
}
