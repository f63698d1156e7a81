/* CSV files as spreadsheets save them (csv_read.h, docs/imports.md). */
#include "csv_read.h"
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* Well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF)
 * and no NUL byte. */
static int utf8_ok(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c == 0) return 0;
        if (c < 0x80) { i++; continue; }
        size_t k;
        unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) { k = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { k = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { k = 3; cp = c & 0x07; }
        else return 0;
        if (n - i <= k) return 0;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return 0;
        i += k + 1;
    }
    return 1;
}

char *csv_decode(const char *in, size_t len, size_t *out_len, csv_encoding *enc)
{
    if (len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
        in += 3;
        len -= 3;
        *enc = CSV_UTF8_BOM;
        if (!utf8_ok((const unsigned char *)in, len)) return NULL;   /* a BOM then not UTF-8: refused */
    } else if (utf8_ok((const unsigned char *)in, len)) {
        *enc = CSV_UTF8;
    } else {
        *enc = CSV_CP1252;
        if (memchr(in, 0, len)) return NULL;
        iconv_t cd = iconv_open("UTF-8", "CP1252");
        if (cd == (iconv_t)-1) return NULL;
        size_t cap = len * 3 + 1;               /* a CP1252 byte is 3 UTF-8 bytes at most */
        char *out = malloc(cap), *o = out;
        char *i = (char *)in;
        size_t il = len, ol = cap - 1;
        if (out && iconv(cd, &i, &il, &o, &ol) == (size_t)-1) {   /* the 5 bytes CP1252 leaves undefined */
            free(out);
            out = NULL;
        }
        iconv_close(cd);
        if (!out) return NULL;
        *o = 0;
        *out_len = (size_t)(o - out);
        return out;
    }
    char *out = malloc(len + 1);
    if (!out) return NULL;
    memcpy(out, in, len);
    out[len] = 0;
    *out_len = len;
    return out;
}

char csv_detect_separator(const char *buf, size_t len)
{
    size_t commas = 0, semis = 0;
    int quoted = 0;
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (c == '"') quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r')) break;
        else if (!quoted && c == ',') commas++;
        else if (!quoted && c == ';') semis++;
    }
    return semis > commas ? ';' : ',';
}

void csv_reader_init(csv_reader *r, char *buf, size_t len, char sep)
{
    r->buf = buf;
    r->len = len;
    r->pos = 0;
    r->sep = sep;
    r->line = 1;
}

csv_status csv_next(csv_reader *r, char **fields, int max, csv_record *rec)
{
    char *b = r->buf;
    size_t p = r->pos, n = r->len;
    if (p >= n) return CSV_END;
    char other = r->sep == ';' ? ',' : ';';
    rec->line = r->line;
    rec->nfields = 0;
    rec->other_sep = 0;
    rec->blank = 1;
    for (;;) {
        size_t w = p, start = p;
        if (p < n && b[p] == '"') {
            p++;
            for (;;) {
                if (p >= n) {                   /* no closing quote: the rest of the file is lost */
                    r->pos = n;
                    return CSV_UNTERMINATED;
                }
                char c = b[p];
                if (c == '"') {
                    if (p + 1 < n && b[p + 1] == '"') { b[w++] = '"'; p += 2; continue; }
                    p++;
                    break;
                }
                if (c == '\n') r->line++;
                if (c == '\r' && p + 1 < n && b[p + 1] == '\n') { p++; continue; }   /* CRLF inside: LF */
                b[w++] = c;
                p++;
            }
        }
        /* unquoted text, or what follows a closing quote (kept, as spreadsheets do) */
        while (p < n && b[p] != r->sep && b[p] != '\n' && b[p] != '\r') {
            if (b[p] == other) rec->other_sep = 1;
            b[w++] = b[p++];
        }
        char t = p < n ? b[p] : 0;
        b[w] = 0;
        if (w > start) rec->blank = 0;
        if (rec->nfields < max) fields[rec->nfields] = b + start;
        if (rec->nfields < 1 << 20) rec->nfields++;
        if (t == r->sep) { p++; continue; }
        if (t == '\r') {                        /* CRLF, or a lone CR (old Macs) */
            p++;
            if (p < n && b[p] == '\n') p++;
        } else if (t == '\n') {
            p++;                                /* b[p] may be the NUL just written */
        }
        if (t) r->line++;
        break;
    }
    r->pos = p;
    return CSV_RECORD;
}
