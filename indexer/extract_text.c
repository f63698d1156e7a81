/* Plain text (any charset, converted to UTF-8 with iconv), HTML (libxml2's
 * HTML parser, without network; scripts and styles skipped) and XML, which
 * is XHTML (read as HTML) or else text. The charset of text that is not
 * UTF-8 is found by uchardet (Cyrillic, Greek, Arabic, Chinese, Japanese,
 * Western...); an HTML page's declared charset is kept unless its bytes
 * contradict it. */
#include "extract.h"
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <limits.h>
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uchardet.h>
#include <unistd.h>

#define PLAIN_READ_MAX (32 << 20)        /* bytes read of a text file */
#define SNIFF_MAX (256 << 10)            /* bytes the charset is guessed from */

/* 1 when the bytes are UTF-8 (a sequence cut at the end of a sample is
 * fine when cut_ok). */
static int utf8_ok(const unsigned char *p, size_t len, int cut_ok)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        size_t need;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xC2 && c < 0xE0) need = 1;
        else if (c >= 0xE0 && c < 0xF0) need = 2;
        else if (c >= 0xF0 && c < 0xF5) need = 3;
        else return 0;
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= len) return cut_ok;
            if ((p[i + k] & 0xC0) != 0x80) return 0;
        }
        i += need + 1;
    }
    return 1;
}

static int ascii_only(const unsigned char *p, size_t len)
{
    for (size_t i = 0; i < len; i++) if (p[i] >= 0x80) return 0;
    return 1;
}

/* Latin charsets a declaration often names wrongly: the bytes may say
 * better. */
static int latin(const char *cs)
{
    static const char *const names[] = { "iso-8859-1", "iso8859-1", "latin1", "latin-1", "windows-1252", "cp1252",
        "us-ascii", "ascii", "iso-8859-15", NULL };
    for (const char *const *n = names; *n; n++) if (strcasecmp(cs, *n) == 0) return 1;
    return 0;
}

/* The charset of `len` bytes of text into out: "" for UTF-8 (or ASCII:
 * nothing to convert), else an iconv name. `declared` (an HTML page's or an
 * XML declaration's, or NULL) is kept unless the bytes contradict it:
 * valid UTF-8 with non-ASCII bytes is UTF-8 whatever is declared, bytes that
 * are not UTF-8 are not, and a Latin declaration gives way to a non-Latin
 * charset uchardet recognises (a Cyrillic page declared ISO-8859-1). Text
 * that uchardet cannot name is read as Windows-1252, the usual truth of
 * unnamed 8-bit Western text. */
void extract_charset(const char *buf, size_t len, const char *declared, char *out, size_t n)
{
    const unsigned char *p = (const unsigned char *)buf;
    if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
        snprintf(out, n, "%s", p[0] == 0xFF ? "UTF-16LE" : "UTF-16BE");
        return;
    }
    if (declared && (!*declared || strcasecmp(declared, "utf8") == 0)) declared = NULL;
    if (declared) {
        iconv_t cd = iconv_open("UTF-8", declared);        /* a name iconv does not know is no declaration */
        if (cd == (iconv_t)-1) declared = NULL;
        else iconv_close(cd);
    }
    out[0] = 0;
    if (ascii_only(p, len)) return;
    int utf8 = utf8_ok(p, len, len >= SNIFF_MAX);
    if (utf8) return;
    if (declared && strcasecmp(declared, "utf-8") == 0) declared = NULL;   /* contradicted */
    char found[64] = "";
    uchardet_t ud = uchardet_new();
    if (ud) {
        uchardet_handle_data(ud, buf, len);
        uchardet_data_end(ud);
        const char *cs = uchardet_get_charset(ud);
        snprintf(found, sizeof found, "%s", cs ? cs : "");
        uchardet_delete(ud);
    }
    if (strcasecmp(found, "ascii") == 0 || strcasecmp(found, "utf-8") == 0) found[0] = 0;
    if (*found) {                                          /* a name iconv knows */
        iconv_t cd = iconv_open("UTF-8", found);
        if (cd == (iconv_t)-1) found[0] = 0;
        else iconv_close(cd);
    }
    if (declared && (!latin(declared) || !*found || latin(found))) { snprintf(out, n, "%s", declared); return; }
    if (!*found || latin(found)) { snprintf(out, n, "WINDOWS-1252"); return; }   /* Latin-1 is a subset */
    snprintf(out, n, "%s", found);
}

/* Writes text to the sink without NUL bytes. */
static void sink_clean(extract_sink *s, char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) if (!text[i]) text[i] = ' ';
    sink_text(s, text, len);
}

int extract_plain(const char *path, extract_sink *s, char *reason, size_t rlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { snprintf(reason, rlen, "open: %s", strerror(errno)); return -1; }
    static char in[1 << 16], out[1 << 18], sample[SNIFF_MAX];
    /* the charset from the beginning of the file, then the whole file */
    ssize_t n;
    size_t got = 0;
    while (got < sizeof sample && (n = read(fd, sample + got, sizeof sample - got)) > 0) got += (size_t)n;
    if (lseek(fd, 0, SEEK_SET) < 0) { snprintf(reason, rlen, "seek: %s", strerror(errno)); close(fd); return -1; }
    char from[64];
    extract_charset(sample, got, NULL, from, sizeof from);
    iconv_t cd = *from ? iconv_open("UTF-8//IGNORE", from) : (iconv_t)-1;
    if (*from && cd == (iconv_t)-1) {
        snprintf(reason, rlen, "charset %s: no converter", from);
        close(fd);
        return -1;
    }
    size_t total = 0, kept = 0;
    while (!sink_full(s) && total < PLAIN_READ_MAX && (n = read(fd, in + kept, sizeof in - kept)) > 0) {
        total += (size_t)n;
        size_t have = kept + (size_t)n;
        if (cd == (iconv_t)-1) { sink_clean(s, in, have); kept = 0; continue; }
        char *ip = in, *op = out;
        size_t il = have, ol = sizeof out;
        if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 && errno != EINVAL && errno != EILSEQ && errno != E2BIG) break;
        sink_clean(s, out, sizeof out - ol);
        /* an incomplete sequence at the end waits for the next read */
        memmove(in, ip, il);
        kept = il;
    }
    int failed = n < 0 ? errno : 0;
    if (cd != (iconv_t)-1) iconv_close(cd);
    close(fd);
    if (failed && sink_written(s) == 0) { snprintf(reason, rlen, "read: %s", strerror(failed)); return -1; }
    return 0;
}

/* <meta name="author|description|keywords" content="...">: what the page
 * says of itself, as a reader sees it in the browser's page information */
static void html_meta(xmlNode *n, extract_sink *s)
{
    xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
    if (name && (!strcasecmp((const char *)name, "author") || !strcasecmp((const char *)name, "description")
                 || !strcasecmp((const char *)name, "keywords"))) {
        xmlChar *content = xmlGetProp(n, (const xmlChar *)"content");
        if (content) {
            sink_text(s, (const char *)content, strlen((const char *)content));
            sink_text(s, "\n", 1);
            xmlFree(content);
        }
    }
    xmlFree(name);
}

/* Whether an element flows within its line: the text on either side of
 * it is one word when nothing separates them (« jams,c<i>oated</i> », as
 * unrtf writes an RTF's runs, is « coated » in the browser). */
static int html_inline(const char *name)
{
    static const char *const names[] = { "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "dfn", "em",
        "font", "i", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time",
        "tt", "u", "var", NULL };
    for (int i = 0; names[i]; i++)
        if (strcasecmp(name, names[i]) == 0) return 1;
    return 0;
}

/* Text nodes, in document order, but never those of script or style; a
 * space after every element that is not inline (a paragraph, a cell, a
 * line break), none within a line. */
static void html_walk(xmlNode *n, extract_sink *s)
{
    for (; n && !sink_full(s); n = n->next) {
        if (n->type == XML_ELEMENT_NODE && n->name
            && (strcasecmp((const char *)n->name, "script") == 0 || strcasecmp((const char *)n->name, "style") == 0
                || strcasecmp((const char *)n->name, "noscript") == 0))
            continue;
        if (n->type == XML_ELEMENT_NODE && n->name && strcasecmp((const char *)n->name, "meta") == 0) html_meta(n, s);
        if (n->type == XML_TEXT_NODE && n->content)
            sink_text(s, (const char *)n->content, strlen((const char *)n->content));
        html_walk(n->children, s);
        if (n->type == XML_ELEMENT_NODE && n->name && !html_inline((const char *)n->name)) sink_text(s, " ", 1);
    }
}

/* The charset an HTML page declares in its first bytes (<meta charset>,
 * <meta http-equiv content="...; charset=...">, or an XML declaration's
 * encoding), into out; "" when none. */
static void declared_charset(const char *buf, size_t len, char *out, size_t n)
{
    char head[4097];
    size_t k = len < sizeof head - 1 ? len : sizeof head - 1;
    for (size_t i = 0; i < k; i++) head[i] = buf[i] ? buf[i] : ' ';
    head[k] = 0;
    out[0] = 0;
    const char *at = strcasestr(head, "charset=");
    size_t skip = 8;
    const char *decl = strstr(head, "<?xml"), *enc = decl ? strstr(decl, "encoding=") : NULL;
    if (!at && enc) { at = enc; skip = 9; }
    if (!at) return;
    at += skip;
    while (*at == '"' || *at == '\'' || *at == ' ') at++;
    size_t m = strcspn(at, "\"'; />?");
    if (m && m < n) snprintf(out, n, "%.*s", (int)m, at);
}

/* HTML in memory: its charset chosen (extract_charset), converted to UTF-8
 * and parsed as UTF-8 whatever it declares. */
static int html_parse(const char *buf, size_t len, extract_sink *s, char *reason, size_t rlen)
{
    char declared[64], cs[64];
    declared_charset(buf, len, declared, sizeof declared);
    extract_charset(buf, len < SNIFF_MAX ? len : SNIFF_MAX, *declared ? declared : NULL, cs, sizeof cs);
    char *utf8 = NULL;
    if (*cs) {
        iconv_t cd = iconv_open("UTF-8//IGNORE", cs);
        if (cd == (iconv_t)-1) { snprintf(reason, rlen, "charset %s: no converter", cs); return -1; }
        size_t cap = len * 3 + 16, left = cap;          /* UTF-8 takes at most 3 bytes an input byte */
        utf8 = malloc(cap);
        if (!utf8) { iconv_close(cd); snprintf(reason, rlen, "out of memory"); return -1; }
        char *ip = (char *)buf, *op = utf8;
        size_t il = len;
        /* a byte the charset has not is skipped (//IGNORE may have skipped
         * it already, and the rest with it) */
        while (il > 0 && iconv(cd, &ip, &il, &op, &left) == (size_t)-1 && errno == EILSEQ && il > 0) { ip++; il--; }
        iconv_close(cd);
        len = cap - left;
        buf = utf8;
    }
    if (len > INT_MAX) len = INT_MAX;
    htmlDocPtr doc = htmlReadMemory(buf, (int)len, NULL, "UTF-8", HTML_PARSE_NONET | HTML_PARSE_NOERROR
                                    | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER | HTML_PARSE_NOIMPLIED
                                    | HTML_PARSE_IGNORE_ENC);
    free(utf8);
    if (!doc) { snprintf(reason, rlen, "not readable as HTML"); return -1; }
    html_walk(xmlDocGetRootElement(doc), s);
    xmlFreeDoc(doc);
    return 0;
}

/* A whole file (up to PLAIN_READ_MAX) in memory: malloc'd, or NULL with the
 * reason. */
static char *slurp(const char *path, size_t *len, char *reason, size_t rlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { snprintf(reason, rlen, "open: %s", strerror(errno)); return NULL; }
    size_t cap = 1 << 16, got = 0;
    char *buf = malloc(cap);
    ssize_t n = 0;
    while (buf && got < PLAIN_READ_MAX) {
        if (got == cap) {
            char *more = realloc(buf, cap * 2);
            if (!more) { free(buf); buf = NULL; break; }
            buf = more;
            cap *= 2;
        }
        n = read(fd, buf + got, cap - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    if (!buf) snprintf(reason, rlen, "out of memory");
    else if (n < 0) { snprintf(reason, rlen, "read: %s", strerror(errno)); free(buf); buf = NULL; }
    close(fd);
    *len = got;
    return buf;
}

int extract_html(const char *path, extract_sink *s, char *reason, size_t rlen)
{
    size_t len;
    char *buf = slurp(path, &len, reason, rlen);
    if (!buf) return -1;
    int rc = html_parse(buf, len, s, reason, rlen);
    free(buf);
    return rc;
}

int extract_html_memory(const char *buf, size_t len, const char *charset, extract_sink *s, char *reason, size_t rlen)
{
    if (!charset) return html_parse(buf, len, s, reason, rlen);   /* found as a file's */
    if (len > INT_MAX) len = INT_MAX;
    htmlDocPtr doc = htmlReadMemory(buf, (int)len, NULL, charset, HTML_PARSE_NONET | HTML_PARSE_NOERROR
                                    | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER | HTML_PARSE_NOIMPLIED);
    if (!doc) { snprintf(reason, rlen, "not readable as HTML"); return -1; }
    html_walk(xmlDocGetRootElement(doc), s);
    xmlFreeDoc(doc);
    return 0;
}

/* XML: XHTML goes to the HTML parser, told the XML declaration's charset
 * (UTF-8 by default: the HTML parser would assume Latin-1); other XML is
 * read as text. */
int extract_xml(const char *path, extract_sink *s, char *reason, size_t rlen)
{
    char head[4097];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { snprintf(reason, rlen, "open: %s", strerror(errno)); return -1; }
    ssize_t n = read(fd, head, sizeof head - 1);
    close(fd);
    head[n > 0 ? n : 0] = 0;
    if (!strcasestr(head, "<html")) return extract_plain(path, s, reason, rlen);
    /* XHTML: UTF-8 unless its XML declaration says otherwise (the
     * HTML parser alone would assume Latin-1), or its bytes do */
    size_t len;
    char *buf = slurp(path, &len, reason, rlen);
    if (!buf) return -1;
    int rc = html_parse(buf, len, s, reason, rlen);
    free(buf);
    return rc;
}
