/* Reading CSV files as spreadsheets save them (docs/imports.md): UTF-8
 * with or without a BOM, or Windows-1252 (Excel in France); fields
 * separated by commas or semicolons (the header line says which); fields
 * in double quotes may hold the separator, newlines and "" for a quote.
 *
 * The reader works in place on a buffer it owns (csv_decode makes it):
 * fields are unescaped and NUL-terminated where they lie, so reading a
 * 10 MiB file allocates nothing more. */
#ifndef PARVIS_CSV_READ_H
#define PARVIS_CSV_READ_H
#include <stddef.h>

typedef enum { CSV_UTF8, CSV_UTF8_BOM, CSV_CP1252 } csv_encoding;

/* The bytes as UTF-8 without a BOM, in a new malloc'ed buffer of *out_len
 * bytes (plus a NUL), or NULL (out of memory, or bytes that are neither
 * UTF-8 nor Windows-1252, or a NUL byte). Valid UTF-8 is taken as UTF-8;
 * anything else is converted from Windows-1252 with iconv. */
char *csv_decode(const char *in, size_t len, size_t *out_len, csv_encoding *enc);

/* The separator of the first line: ';' when it holds more semicolons
 * than commas outside quotes, ',' otherwise. */
char csv_detect_separator(const char *buf, size_t len);

typedef enum {
    CSV_RECORD,        /* a record was read */
    CSV_END,           /* nothing more */
    CSV_UNTERMINATED,  /* a quoted field runs to the end of the file */
} csv_status;

typedef struct {
    char *buf;
    size_t len, pos;
    char sep;
    int line;          /* the physical line (1-based) where the next record starts */
} csv_reader;

/* buf holds len bytes and one more (a NUL, as csv_decode leaves it). */
void csv_reader_init(csv_reader *r, char *buf, size_t len, char sep);

typedef struct {
    int line;          /* the physical line where the record starts */
    int nfields;       /* fields read (the first `max` are in fields[]) */
    int other_sep;     /* the other separator (, or ;) seen outside quotes */
    int blank;         /* every field empty (an empty line, or ;;;) */
} csv_record;

/* Reads the next record: up to `max` fields into fields[] (pointers into
 * the buffer), the count of all of them in rec->nfields. Empty lines are
 * records with rec->blank set. After CSV_UNTERMINATED the reader is at
 * the end. */
csv_status csv_next(csv_reader *r, char **fields, int max, csv_record *rec);
#endif
