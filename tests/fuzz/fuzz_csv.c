/* libFuzzer target: the CSV reader of the people import (lib/csv_read.c)
 * on arbitrary bytes — decoding (BOM, UTF-8 or Windows-1252 through
 * iconv), the separator of the first line, then every record until the
 * end. Nothing may crash, leak, read or write out of the buffer; every
 * field must lie inside the buffer and be NUL-terminated there; and the
 * reader must move forward (no record without progress). */
#include "csv_read.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n = 0;
    csv_encoding enc;
    char *buf = csv_decode((const char *)data, size, &n, &enc);
    if (!buf) return 0;
    csv_reader r;
    csv_reader_init(&r, buf, n, csv_detect_separator(buf, n));
    char *f[16];
    csv_record rec;
    csv_status st;
    size_t last = 0;
    while ((st = csv_next(&r, f, 16, &rec)) == CSV_RECORD) {
        if (r.pos <= last) abort();                            /* no progress */
        last = r.pos;
        for (int i = 0; i < rec.nfields && i < 16; i++) {
            if (f[i] < buf || f[i] > buf + n) abort();
            if (strlen(f[i]) > n) abort();
        }
        if (rec.nfields < 1) abort();
    }
    if (st == CSV_UNTERMINATED && csv_next(&r, f, 16, &rec) != CSV_END) abort();
    free(buf);
    return 0;
}
