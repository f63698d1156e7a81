/* SVG: the words a person sees or a reader of the image is told, the text
 * of <text>, <tspan>, <textPath>, <title> and <desc> (and Inkscape's
 * <flowPara>), in document order. Parsed by libxml2 as data only: no
 * network (XML_PARSE_NONET), no external DTD or entity loaded, entities
 * never substituted (an entity bomb stays one reference; a loop libxml2
 * detects is skipped, the rest read), no XInclude processed;
 * libxml2's own limits on depth and sizes apply (no XML_PARSE_HUGE).
 * Nothing in the file is run: scripts, links and styles are not text. */
#include "extract.h"
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>

static int is_text_element(const xmlNode *n)
{
    static const char *const names[] = { "text", "tspan", "textPath", "title", "desc", "flowPara", "flowRoot", NULL };
    if (n->type != XML_ELEMENT_NODE || !n->name) return 0;
    for (const char *const *p = names; *p; p++) if (strcmp((const char *)n->name, *p) == 0) return 1;
    return 0;
}

/* Every text node under n (inside a text element). */
static void all_text(const xmlNode *n, extract_sink *s)
{
    for (; n && !sink_full(s); n = n->next) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
            sink_text(s, (const char *)n->content, strlen((const char *)n->content));
            sink_text(s, " ", 1);
        } else if (n->type == XML_ELEMENT_NODE) {
            all_text(n->children, s);
        }
    }
}

static void walk(const xmlNode *n, extract_sink *s)
{
    for (; n && !sink_full(s); n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (strcmp((const char *)n->name, "script") == 0 || strcmp((const char *)n->name, "style") == 0) continue;
        if (is_text_element(n)) { all_text(n->children, s); sink_text(s, "\n", 1); }
        else walk(n->children, s);
    }
}

int extract_svg(const char *path, extract_sink *s, char *reason, size_t rlen)
{
    /* recovering: what comes before and after an error is read (libxml2
     * stops an entity loop where it is, and goes on) */
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING
                                | XML_PARSE_NOCDATA | XML_PARSE_RECOVER);
    if (!doc) { snprintf(reason, rlen, "not a readable SVG (not well-formed XML)"); return -1; }
    walk(xmlDocGetRootElement(doc), s);
    xmlFreeDoc(doc);
    return 0;
}
