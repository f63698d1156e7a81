/* An RTF file's {\info} group (the document's properties: title, author,
 * company...), which unrtf leaves out: read here from the file's first
 * megabyte (the group comes before the body). Characters come as the
 * file writes them: plain, \'hh bytes of the document's code page
 * (\ansicpgN, Windows-1252 by default; pairs for Japanese and Chinese
 * pages, converted together with iconv) or \uN code points followed by
 * \ucN replacement characters, which are skipped. */
#include "extract.h"
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RTF_INFO_READ (1 << 20)

static const char *const FIELDS[] = { "title", "subject", "author", "manager", "company", "operator",
                                      "category", "keywords", "comment", "doccomm", NULL };

typedef struct {
    iconv_t cd;                 /* the code page to UTF-8, or (iconv_t)-1 */
    char out[2048];
    size_t n;
    unsigned char bytes[256];   /* \'hh bytes waiting to be converted together */
    size_t nbytes;
} field;

static void put(field *f, const char *p, size_t len)
{
    if (len > sizeof f->out - 1 - f->n) len = sizeof f->out - 1 - f->n;
    memcpy(f->out + f->n, p, len);
    f->n += len;
}

/* the waiting bytes through iconv (Latin-1 when the code page is unknown) */
static void flush_bytes(field *f)
{
    if (!f->nbytes) return;
    char conv[1024], *in = (char *)f->bytes, *outp = conv;
    size_t inleft = f->nbytes, outleft = sizeof conv;
    if (f->cd != (iconv_t)-1) {
        iconv(f->cd, NULL, NULL, NULL, NULL);
        while (inleft && iconv(f->cd, &in, &inleft, &outp, &outleft) == (size_t)-1) {
            if (outleft < 4) break;
            in++; inleft--;                           /* a byte the page has not: skipped */
        }
    } else {
        for (size_t i = 0; i < f->nbytes && outleft >= 2; i++) {
            unsigned char c = f->bytes[i];
            if (c < 0x80) { *outp++ = (char)c; outleft--; }
            else { *outp++ = (char)(0xc0 | c >> 6); *outp++ = (char)(0x80 | (c & 0x3f)); outleft -= 2; }
        }
    }
    put(f, conv, sizeof conv - outleft);
    f->nbytes = 0;
}

static void put_codepoint(field *f, long c)
{
    char u[4];
    size_t n;
    if (c < 0x20) c = ' ';
    if (c < 0x80) { u[0] = (char)c; n = 1; }
    else if (c < 0x800) { u[0] = (char)(0xc0 | c >> 6); u[1] = (char)(0x80 | (c & 0x3f)); n = 2; }
    else { u[0] = (char)(0xe0 | c >> 12); u[1] = (char)(0x80 | (c >> 6 & 0x3f)); u[2] = (char)(0x80 | (c & 0x3f)); n = 3; }
    put(f, u, n);
}

static int hex(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* One field's text, from p (just after its control word) to its group's
 * closing brace; returns where it stopped. */
static const char *read_field(const char *p, const char *end, iconv_t cd, extract_sink *s)
{
    field f = { .cd = cd };
    int depth = 1, uc = 1, skip = 0;
    while (p < end && depth > 0) {
        char c = *p;
        if (c == '{') { depth++; p++; continue; }
        if (c == '}') { depth--; p++; continue; }
        if (c == '\r' || c == '\n') { p++; continue; }
        if (c != '\\') {
            if (skip) skip--;
            else { flush_bytes(&f); put(&f, p, 1); }
            p++;
            continue;
        }
        p++;
        if (p >= end) break;
        if (*p == '\'' && p + 2 < end && hex(p[1]) >= 0 && hex(p[2]) >= 0) {
            if (skip) skip--;
            else if (f.nbytes < sizeof f.bytes) f.bytes[f.nbytes++] = (unsigned char)(hex(p[1]) << 4 | hex(p[2]));
            p += 3;
            continue;
        }
        if (*p == '\\' || *p == '{' || *p == '}') {
            if (skip) skip--;
            else { flush_bytes(&f); put(&f, p, 1); }
            p++;
            continue;
        }
        /* a control word and its number */
        char word[32];
        size_t n = 0;
        while (p < end && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) { if (n < sizeof word - 1) word[n++] = *p; p++; }
        word[n] = 0;
        long num = 0;
        int neg = 0, has = 0;
        if (p < end && *p == '-') { neg = 1; p++; }
        while (p < end && *p >= '0' && *p <= '9') { num = num * 10 + (*p - '0'); p++; has = 1; if (num > 1000000) num = 1000000; }
        if (neg) num = -num;
        if (p < end && *p == ' ') p++;
        if (!strcmp(word, "u") && has) {
            flush_bytes(&f);
            put_codepoint(&f, num < 0 ? num + 65536 : num);
            skip = uc;
        } else if (!strcmp(word, "uc") && has) uc = (int)(num < 0 ? 0 : num > 4 ? 4 : num);
        else if (!n) p++;                                   /* a control symbol: \~ \- ... */
    }
    flush_bytes(&f);
    f.out[f.n] = 0;
    if (f.n) { sink_text(s, f.out, f.n); sink_text(s, "\n", 1); }
    return p;
}

void rtf_info(const char *path, extract_sink *s)
{
    FILE *in = fopen(path, "rb");
    if (!in) return;
    char *buf = malloc(RTF_INFO_READ + 1);
    size_t len = buf ? fread(buf, 1, RTF_INFO_READ, in) : 0;
    fclose(in);
    if (!buf) return;
    buf[len] = 0;
    const char *info = strstr(buf, "{\\info");
    if (!info) { free(buf); return; }
    /* the code page the \'hh bytes are in */
    iconv_t cd = (iconv_t)-1;
    const char *cpg = strstr(buf, "\\ansicpg");
    long page = cpg && cpg < info ? strtol(cpg + 8, NULL, 10) : 1252;
    char name[16];
    snprintf(name, sizeof name, "CP%ld", page > 0 && page < 100000 ? page : 1252);
    cd = iconv_open("UTF-8", name);
    const char *p = info + 6, *end = buf + len;
    int depth = 1;
    while (p < end && depth > 0) {
        if (*p == '}') { depth--; p++; continue; }
        if (*p == '\\' && p + 1 < end && (p[1] == '{' || p[1] == '}' || p[1] == '\\')) { p += 2; continue; }
        if (*p != '{') { p++; continue; }
        p++;
        const char *field_start = NULL;
        if (*p == '\\') {
            for (const char *const *f = FIELDS; *f; f++) {
                size_t n = strlen(*f);
                if (!strncmp(p + 1, *f, n) && !((p[1 + n] >= 'a' && p[1 + n] <= 'z') || (p[1 + n] >= 'A' && p[1 + n] <= 'Z'))) {
                    field_start = p + 1 + n;
                    if (*field_start == ' ') field_start++;
                    break;
                }
            }
        }
        if (field_start) p = read_field(field_start, end, cd, s);
        else depth++;                                        /* another group: walked into */
    }
    if (cd != (iconv_t)-1) iconv_close(cd);
    free(buf);
}
