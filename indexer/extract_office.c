/* Office documents (OOXML, OpenDocument) and EPUB: the parts that hold text, read
 * from the zip with libarchive into bounded buffers (caps per part, per
 * document and on the number of entries: a zip bomb stops at the cap) and
 * parsed by libxml2 without network, entity substitution or DTD (EPUB's
 * XHTML chapters by its HTML parser, which never reads a DTD and knows
 * HTML's entities). Nothing is written to disk. OpenDocument's meta.xml
 * and OOXML's docProps/core.xml give title, subject, keywords, authors; an OpenDocument file
 * whose manifest declares encryption-data is protected: its metadata and
 * name are indexed and REASON_ENCRYPTED recorded. */
#include "archive_entries.h"
#include "extract.h"
#include <archive.h>
#include <archive_entry.h>
#include <fnmatch.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PART_MAX (32 << 20)              /* bytes of one part */
#define DOCUMENT_MAX (96 << 20)          /* bytes of all parts read */
#define ENTRIES_MAX 20000
#define META_MAX (256 << 10)             /* bytes of meta.xml, manifest.xml read */

/* The parts of each family that carry text. */
static const char *const *parts_of(const char *mime)
{
    static const char *const docx[] = { "word/document.xml", "word/header*.xml", "word/footer*.xml",
        "word/footnotes.xml", "word/endnotes.xml", "word/comments.xml", NULL };
    static const char *const xlsx[] = { "xl/sharedStrings.xml", "xl/worksheets/sheet*.xml", NULL };
    static const char *const pptx[] = { "ppt/slides/slide*.xml", "ppt/notesSlides/notesSlide*.xml", NULL };
    static const char *const odf[] = { "content.xml", "styles.xml", NULL };
    /* the package (title, author) and the chapters, in the zip's order */
    static const char *const epub[] = { "*.opf", "*.xhtml", "*.html", "*.htm", NULL };
    if (strcmp(mime, "application/epub+zip") == 0) return epub;
    if (strstr(mime, "wordprocessingml")) return docx;
    if (strstr(mime, "spreadsheetml")) return xlsx;
    if (strstr(mime, "presentationml")) return pptx;
    return odf;
}

static int wanted(const char *name, const char *const *parts)
{
    /* a pattern without a folder matches in any folder */
    for (; *parts; parts++) if (fnmatch(*parts, name, strchr(*parts, '/') ? FNM_PATHNAME : 0) == 0) return 1;
    return 0;
}

/* A spreadsheet's header or footer (xlsx: <oddHeader> and the like) without
 * its codes: &L &C &R (where), &P &N &D &T &F &A (page, date, sheet...),
 * &12 (a size), &"Times New Roman,Bold" (a font), && (an ampersand). */
static void header_footer(const char *t, extract_sink *s)
{
    char out[512];
    size_t n = 0;
    while (*t && n + 2 < sizeof out) {
        if (*t != '&') { out[n++] = *t++; continue; }
        t++;
        if (*t == '&') { out[n++] = *t++; continue; }
        if (*t == '"') { const char *end = strchr(t + 1, '"'); t = end ? end + 1 : t + strlen(t); }
        else if (*t >= '0' && *t <= '9') while (*t >= '0' && *t <= '9') t++;
        else if (*t) t++;
        out[n++] = ' ';
    }
    sink_text(s, out, n);
    sink_text(s, " ", 1);
}

static int is_header_footer(const xmlNode *n)
{
    static const char *const names[] = { "oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter", NULL };
    for (const char *const *p = names; *p; p++) if (strcmp((const char *)n->name, *p) == 0) return 1;
    return 0;
}

static void xml_walk(xmlNode *n, extract_sink *s)
{
    for (; n && !sink_full(s); n = n->next) {
        if (n->type == XML_ELEMENT_NODE && is_header_footer(n)) {
            for (xmlNode *t = n->children; t; t = t->next)
                if (t->type == XML_TEXT_NODE && t->content) header_footer((const char *)t->content, s);
            continue;
        }
        /* a cell of a shared string: its value is the string's number
         * (the string itself is read in sharedStrings.xml) */
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "c") == 0 && n->ns && n->ns->href
            && strstr((const char *)n->ns->href, "spreadsheetml")) {
            xmlChar *t = xmlGetProp(n, (const xmlChar *)"t");
            int shared = t && strcmp((const char *)t, "s") == 0;
            xmlFree(t);
            if (shared) continue;
        }
        if (n->type == XML_TEXT_NODE && n->content) {
            sink_text(s, (const char *)n->content, strlen((const char *)n->content));
            sink_text(s, " ", 1);
        }
        xml_walk(n->children, s);
    }
}

static int is_html(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (strcasecmp(dot, ".xhtml") == 0 || strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0);
}

/* One part: refused when it declares a DTD (entity bombs live there). */
static int read_part(const char *name, const char *buf, size_t len, extract_sink *s, char *reason, size_t rlen)
{
    if (is_html(name)) return extract_html_memory(buf, len, "UTF-8", s, reason, rlen);
    if (memmem(buf, len, "<!DOCTYPE", 9) || memmem(buf, len, "<!ENTITY", 8)) {
        snprintf(reason, rlen, "a part declares a DTD: refused");
        return -1;
    }
    xmlDocPtr doc = xmlReadMemory(buf, (int)len, NULL, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (!doc) { snprintf(reason, rlen, "a part is not well-formed XML"); return -1; }
    xml_walk(xmlDocGetRootElement(doc), s);
    xmlFreeDoc(doc);
    return 0;
}

static int read_office(struct archive *a, const char *mime, extract_sink *s, char *reason, size_t rlen);

/* The fields of a metadata part a person sees in a document's properties,
 * to depth levels down. */
static void meta_fields(xmlNode *n, int depth, extract_sink *s)
{
    static const char *const keep[] = { "title", "subject", "description", "keyword", "keywords",
                                        "initial-creator", "creator", "lastModifiedBy", "category", NULL };
    for (; n && depth > 0; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        int found = 0;
        for (const char *const *k = keep; *k && !found; k++) found = strcmp((const char *)n->name, *k) == 0;
        if (found) { xml_walk(n->children, s); sink_text(s, "\n", 1); }
        else meta_fields(n->children, depth - 1, s);
    }
}

/* OpenDocument's meta.xml, OOXML's docProps/core.xml. */
static void doc_meta(const char *buf, size_t len, extract_sink *s)
{
    if (memmem(buf, len, "<!DOCTYPE", 9) || memmem(buf, len, "<!ENTITY", 8)) return;
    xmlDocPtr doc = xmlReadMemory(buf, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) return;
    meta_fields(xmlDocGetRootElement(doc), 3, s);
    xmlFreeDoc(doc);
}

int extract_office(const char *path, const char *mime, extract_sink *s, char *reason, size_t rlen)
{
    struct archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
        snprintf(reason, rlen, "not a readable zip: %s", archive_error_string(a) ? archive_error_string(a) : "?");
        archive_read_free(a);
        return -1;
    }
    return read_office(a, mime, s, reason, rlen);
}

int extract_office_memory(const char *buf, size_t len, const char *mime, extract_sink *s, char *reason, size_t rlen)
{
    struct archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    if (archive_read_open_memory(a, buf, len) != ARCHIVE_OK) {
        snprintf(reason, rlen, "not a readable zip");
        archive_read_free(a);
        return -1;
    }
    return read_office(a, mime, s, reason, rlen);
}

/* Reads the parts of an opened zip, then frees it. */
static int read_office(struct archive *a, const char *mime, extract_sink *s, char *reason, size_t rlen)
{
    const char *const *parts = parts_of(mime);
    int odf = strncmp(mime, "application/vnd.oasis.opendocument.", 35) == 0;
    char *buf = malloc(PART_MAX);
    size_t total = 0;
    int entries = 0, rc = 0, found = 0, encrypted = 0, bad = 0;
    char bad_reason[160] = "";
    struct archive_entry *e;
    while (buf && !sink_full(s) && archive_next_entry(a, &e) == 1) {
        if (++entries > ENTRIES_MAX) { snprintf(reason, rlen, "over %d entries", ENTRIES_MAX); rc = -1; break; }
        const char *name = archive_entry_pathname(e);
        if (name && ((odf && (strcmp(name, "meta.xml") == 0 || strcmp(name, "META-INF/manifest.xml") == 0))
                     || (!odf && strcmp(name, "docProps/core.xml") == 0))) {
            la_ssize_t n;
            size_t len = 0;
            while (len < META_MAX && (n = archive_read_data(a, buf + len, META_MAX - len)) > 0) len += (size_t)n;
            if (name[0] == 'm' || name[0] == 'd') doc_meta(buf, len, s);
            else if (memmem(buf, len, "encryption-data", 15)) encrypted = 1;
            continue;
        }
        if (!name || !wanted(name, parts)) continue;
        size_t len = 0;
        la_ssize_t n;
        while (len < PART_MAX && (n = archive_read_data(a, buf + len, PART_MAX - len)) > 0) len += (size_t)n;
        if (len == PART_MAX) { snprintf(reason, rlen, "a part is over %d MiB", PART_MAX >> 20); rc = -1; break; }
        total += len;
        if (total > DOCUMENT_MAX) { snprintf(reason, rlen, "over %d MiB of text parts", DOCUMENT_MAX >> 20); rc = -1; break; }
        found = 1;
        /* OpenDocument: an encrypted part is not XML, and the manifest
         * that says so may come after it */
        if (read_part(name, buf, len, s, odf ? bad_reason : reason, odf ? sizeof bad_reason : rlen)) {
            if (!odf) { rc = -1; break; }
            bad = 1;
        }
    }
    if (!rc && encrypted) snprintf(reason, rlen, "%s", REASON_ENCRYPTED);   /* the metadata is kept */
    else if (!rc && bad) { snprintf(reason, rlen, "%s", bad_reason); rc = -1; }
    else if (!rc && !found) { snprintf(reason, rlen, "no text part (damaged or protected?)"); rc = -1; }
    free(buf);
    archive_read_free(a);
    return rc;
}

