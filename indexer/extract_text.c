/* Plain text (any charset, converted to UTF-8 with iconv from what libmagic
 * says it is), HTML (libxml2's HTML parser, without network; scripts and
 * styles skipped) and XML, which is XHTML (read as HTML) or else text. */
#include "extract.h"
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <limits.h>
#include <libxml/HTMLparser.h>
#include <magic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define PLAIN_READ_MAX (32 << 20)        /* bytes read of a text file */

/* The charset libmagic sees; NULL for UTF-8 and ASCII (nothing to do). */
static const char *charset_of(const char *path)
{
    static char found[64];
    magic_t m = magic_open(MAGIC_MIME_ENCODING);
    const char *e = m && magic_load(m, NULL) == 0 ? magic_file(m, path) : NULL;
    snprintf(found, sizeof found, "%s", e ? e : "utf-8");
    if (m) magic_close(m);
    if (strcasecmp(found, "utf-8") == 0 || strcasecmp(found, "us-ascii") == 0 || strcasecmp(found, "binary") == 0)
        return NULL;
    /* "unknown-8bit" and Latin-1: Windows-1252 is their usual truth */
    if (strcasecmp(found, "iso-8859-1") == 0 || strcasecmp(found, "unknown-8bit") == 0) return "WINDOWS-1252";
    return found;
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
    const char *from = charset_of(path);
    iconv_t cd = from ? iconv_open("UTF-8//IGNORE", from) : (iconv_t)-1;
    static char in[1 << 16], out[1 << 18];
    size_t total = 0, kept = 0;
    ssize_t n;
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
    if (cd != (iconv_t)-1) iconv_close(cd);
    close(fd);
    return 0;
}

/* Text nodes, in document order, but never those of script or style. */
static void html_walk(xmlNode *n, extract_sink *s)
{
    for (; n && !sink_full(s); n = n->next) {
        if (n->type == XML_ELEMENT_NODE && n->name
            && (strcasecmp((const char *)n->name, "script") == 0 || strcasecmp((const char *)n->name, "style") == 0
                || strcasecmp((const char *)n->name, "noscript") == 0))
            continue;
        if (n->type == XML_TEXT_NODE && n->content) {
            sink_text(s, (const char *)n->content, strlen((const char *)n->content));
            sink_text(s, " ", 1);
        }
        html_walk(n->children, s);
    }
}

int extract_html(const char *path, extract_sink *s, char *reason, size_t rlen)
{
    htmlDocPtr doc = htmlReadFile(path, NULL, HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
                                              | HTML_PARSE_RECOVER | HTML_PARSE_NOIMPLIED);
    if (!doc) { snprintf(reason, rlen, "not readable as HTML"); return -1; }
    html_walk(xmlDocGetRootElement(doc), s);
    xmlFreeDoc(doc);
    return 0;
}

int extract_html_memory(const char *buf, size_t len, const char *charset, extract_sink *s, char *reason, size_t rlen)
{
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
    char charset[40] = "UTF-8";
    const char *decl = strstr(head, "<?xml"), *end = decl ? strstr(decl, "?>") : NULL, *enc = decl ? strstr(decl, "encoding=") : NULL;
    if (enc && enc < end && (enc[9] == '"' || enc[9] == '\'')) {
        size_t k = strcspn(enc + 10, "\"'?");
        if (k < sizeof charset) snprintf(charset, sizeof charset, "%.*s", (int)k, enc + 10);
    }
    htmlDocPtr doc = htmlReadFile(path, charset, HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
                                                 | HTML_PARSE_RECOVER | HTML_PARSE_NOIMPLIED);
    if (!doc) { snprintf(reason, rlen, "not readable as XHTML"); return -1; }
    html_walk(xmlDocGetRootElement(doc), s);
    xmlFreeDoc(doc);
    return 0;
}
