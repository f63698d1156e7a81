#include "feed_parse.h"
#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---- a growing text, white space collapsed ---- */
typedef struct {
    char *s;
    size_t n, cap;
    int space, breaks;        /* pending: a space, or 1 (line) / 2 (paragraph) breaks */
    int oom;
} text;

static void put(text *t, const char *s, size_t n)
{
    if (t->oom) return;
    if (t->n + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        while (cap < t->n + n + 1) cap *= 2;
        char *b = realloc(t->s, cap);
        if (!b) { t->oom = 1; return; }
        t->s = b;
        t->cap = cap;
    }
    memcpy(t->s + t->n, s, n);
    t->n += n;
    t->s[t->n] = 0;
}

static void put_text(text *t, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') { t->space = 1; continue; }
        if (c < 0x20 || c == 0x7f) continue;                 /* control characters */
        /* U+00A0 (no-break space) as a space */
        if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xa0) { t->space = 1; i++; continue; }
        if (t->n) {
            if (t->breaks) put(t, t->breaks > 1 ? "\n\n" : "\n", (size_t)(t->breaks > 1 ? 2 : 1));
            else if (t->space) put(t, " ", 1);
        }
        t->space = t->breaks = 0;
        put(t, (const char *)&s[i], 1);
    }
}

static void brk(text *t, int k) { if (k > t->breaks) t->breaks = k; }

static char *text_done(text *t)
{
    if (t->oom) { free(t->s); return NULL; }
    if (!t->s) return calloc(1, 1);
    return t->s;
}

/* ---- HTML to text ---- */
static int named(const xmlNode *n, const char *const *names)
{
    for (; *names; names++) if (strcasecmp((const char *)n->name, *names) == 0) return 1;
    return 0;
}

static void html_walk(const xmlNode *n, text *t, int depth)
{
    static const char *const skip[] = { "script", "style", "head", "noscript", "iframe", "object", "embed",
                                        "template", "svg", "math", "select", "button", NULL };
    static const char *const blocks[] = { "p", "div", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                                          "blockquote", "pre", "table", "tr", "section", "article", "header",
                                          "footer", "figure", "figcaption", "dl", "dt", "dd", "hr", "aside",
                                          "main", "nav", "address", NULL };
    if (depth > 64) return;                                   /* deeper than any real summary */
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) put_text(t, (const char *)n->content, strlen((const char *)n->content));
        } else if (n->type == XML_ELEMENT_NODE && n->name) {
            if (named(n, skip)) continue;
            if (strcasecmp((const char *)n->name, "br") == 0) { brk(t, 1); continue; }
            int block = named(n, blocks);
            if (block) brk(t, 2);
            html_walk(n->children, t, depth + 1);
            if (block) brk(t, 2);
        }
    }
}

char *feed_html_text(const char *html, size_t len)
{
    text t = { 0 };
    if (len) {
        htmlDocPtr d = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                                      HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
                                      | HTML_PARSE_RECOVER | HTML_PARSE_NOIMPLIED);
        if (d) {
            html_walk(xmlDocGetRootElement(d) ? d->children : NULL, &t, 0);
            xmlFreeDoc(d);
        }
    }
    return text_done(&t);
}

/* ---- dates ---- */
static long long zone_offset(const char *z)
{
    while (*z == ' ') z++;
    if (*z == '+' || *z == '-') {
        int sign = *z == '-' ? -1 : 1, h = 0, m = 0;
        z++;
        if (isdigit((unsigned char)z[0]) && isdigit((unsigned char)z[1])) {
            h = (z[0] - '0') * 10 + (z[1] - '0');
            z += 2;
            if (*z == ':') z++;
            if (isdigit((unsigned char)z[0]) && isdigit((unsigned char)z[1])) m = (z[0] - '0') * 10 + (z[1] - '0');
        }
        return sign * (h * 3600 + m * 60);
    }
    static const struct { const char *name; int hours; } names[] = {
        { "GMT", 0 }, { "UT", 0 }, { "UTC", 0 }, { "Z", 0 }, { "EST", -5 }, { "EDT", -4 }, { "CST", -6 },
        { "CDT", -5 }, { "MST", -7 }, { "MDT", -6 }, { "PST", -8 }, { "PDT", -7 }, { "CET", 1 }, { "CEST", 2 },
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strncasecmp(z, names[i].name, strlen(names[i].name)) == 0) return names[i].hours * 3600LL;
    return 0;
}

long long feed_date(const char *s)
{
    if (!s) return 0;
    while (isspace((unsigned char)*s)) s++;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end;
    if ((end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) || (end = strptime(s, "%Y-%m-%d %H:%M:%S", &tm))) {
        if (*end == '.') { end++; while (isdigit((unsigned char)*end)) end++; }
    } else if ((end = strptime(s, "%Y-%m-%d", &tm))) {
        /* a day alone: midnight UTC */
    } else {
        const char *p = s;
        /* RFC 822: an optional day name, then "03 Dec 2026 10:00[:00] zone" */
        if (isalpha((unsigned char)*p)) {
            while (*p && *p != ',' && *p != ' ') p++;
            if (*p == ',') p++;
            while (*p == ' ') p++;
        }
        memset(&tm, 0, sizeof tm);
        end = strptime(p, "%d %b %Y %H:%M:%S", &tm);
        if (!end) { memset(&tm, 0, sizeof tm); end = strptime(p, "%d %b %Y %H:%M", &tm); }
        if (!end) { memset(&tm, 0, sizeof tm); end = strptime(p, "%d %b %y %H:%M:%S", &tm); }
        if (!end) return 0;
    }
    long long t = (long long)timegm(&tm);
    if (t <= 0) return 0;
    return t - zone_offset(end);
}

/* ---- the document ---- */
static int is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

static int in_ns(const xmlNode *n, const char *uri)
{
    return n->ns && n->ns->href && strcmp((const char *)n->ns->href, uri) == 0;
}

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

/* the text of an element, trimmed, malloc'd */
static char *plain_of(const xmlNode *n)
{
    text t = { 0 };
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            put_text(&t, (const char *)c->content, strlen((const char *)c->content));
    return text_done(&t);
}

/* the raw text (HTML as sent), malloc'd */
static char *raw_of(const xmlNode *n)
{
    xmlChar *c = xmlNodeGetContent(n);
    char *s = strdup(c ? (const char *)c : "");
    xmlFree(c);
    return s;
}

/* An Atom text construct (type text, html or xhtml), or an RSS
 * description (always read as HTML: plain text reads the same). */
static char *text_construct(const xmlNode *n, int rss)
{
    if (!n) return calloc(1, 1);
    xmlChar *type = rss ? NULL : xmlGetProp(n, (const xmlChar *)"type");
    char *out;
    if (type && strcmp((const char *)type, "xhtml") == 0) {
        text t = { 0 };
        html_walk(n->children, &t, 0);
        out = text_done(&t);
    } else if (rss || (type && (strcmp((const char *)type, "html") == 0 || strcmp((const char *)type, "text/html") == 0))) {
        char *raw = raw_of(n);
        out = raw ? feed_html_text(raw, strlen(raw)) : NULL;
        free(raw);
    } else {
        out = plain_of(n);
    }
    xmlFree(type);
    return out;
}

/* an Atom link's href: rel alternate (or none), the first otherwise */
static char *atom_link(const xmlNode *parent)
{
    char *first = NULL;
    for (const xmlNode *c = parent->children; c; c = c->next) {
        if (!is(c, "link") || !in_ns(c, NS_ATOM)) continue;
        xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel"), *href = xmlGetProp(c, (const xmlChar *)"href");
        int alternate = !rel || strcmp((const char *)rel, "alternate") == 0;
        char *h = href ? strdup((const char *)href) : NULL;
        xmlFree(rel);
        xmlFree(href);
        if (!h) continue;
        if (alternate) { free(first); return h; }
        if (!first) first = h; else free(h);
    }
    return first;
}

static char *trimmed_or_null(char *s)
{
    if (s && !*s) { free(s); return NULL; }
    return s;
}

/* the summary kept: at most FEED_SUMMARY_MAX bytes, cut after a word */
static char *cut_summary(char *s)
{
    if (!s || strlen(s) <= FEED_SUMMARY_MAX) return s;
    size_t at = FEED_SUMMARY_MAX - 5;                                  /* room for " …" */
    while (at > 0 && ((unsigned char)s[at] & 0xc0) == 0x80) at--;      /* a character's start */
    size_t word = at;
    while (word > FEED_SUMMARY_MAX / 2 && s[word] != ' ' && s[word] != '\n') word--;
    if (word > FEED_SUMMARY_MAX / 2) at = word;
    while (at > 0 && (s[at - 1] == ' ' || s[at - 1] == '\n')) at--;
    memcpy(s + at, " …", sizeof " …");                                /* 5 bytes, room left by the cut */
    return s;
}

/* a title on one line: its breaks as single spaces */
static char *one_line(char *s)
{
    if (!s) return s;
    char *w = s;
    for (char *p = s; *p; p++) {
        if (*p == '\n') { if (w > s && w[-1] != ' ') *w++ = ' '; continue; }
        *w++ = *p;
    }
    *w = 0;
    return s;
}

static int add_item(feed_doc *doc, const xmlNode *n, int atom, int rdf)
{
    if (doc->nitems >= FEED_MAX_ITEMS) return 0;
    feed_item it = { 0 };
    const xmlNode *summary = NULL, *content = NULL, *date = NULL, *updated = NULL, *title = NULL;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        const char *name = (const char *)c->name;
        if (strcmp(name, "title") == 0 && !title) title = c;
        else if (atom && strcmp(name, "id") == 0 && !it.id) it.id = trimmed_or_null(plain_of(c));
        else if (!atom && strcmp(name, "guid") == 0 && !it.id) it.id = trimmed_or_null(plain_of(c));
        else if (!atom && strcmp(name, "link") == 0 && !it.link && !in_ns(c, NS_ATOM)) it.link = trimmed_or_null(plain_of(c));
        else if (strcmp(name, "summary") == 0 || strcmp(name, "description") == 0) { if (!summary) summary = c; }
        else if (strcmp(name, "content") == 0 || (strcmp(name, "encoded") == 0 && in_ns(c, NS_CONTENT))) { if (!content) content = c; }
        else if (strcmp(name, "published") == 0 || strcmp(name, "pubDate") == 0
                 || (strcmp(name, "date") == 0 && in_ns(c, NS_DC))) { if (!date) date = c; }
        else if (strcmp(name, "updated") == 0 || strcmp(name, "issued") == 0) { if (!updated) updated = c; }
    }
    if (atom) it.link = atom_link(n);
    if (rdf && !it.id) {
        xmlChar *about = xmlGetNsProp(n, (const xmlChar *)"about", (const xmlChar *)NS_RDF);
        if (about) it.id = trimmed_or_null(strdup((const char *)about));
        xmlFree(about);
    }
    /* RSS titles: sometimes entity-escaped HTML, read as such */
    it.title = one_line(atom ? text_construct(title, 0) : title ? text_construct(title, 1) : calloc(1, 1));
    it.summary = cut_summary(text_construct(summary ? summary : content, !atom));
    char *d = date ? plain_of(date) : updated ? plain_of(updated) : NULL;
    it.date = feed_date(d);
    free(d);
    if (!it.title || !it.summary) {
        free(it.id); free(it.link); free(it.title); free(it.summary);
        return -1;
    }
    if (!it.id && !it.link && !*it.title) {        /* nothing to know it by again */
        free(it.title); free(it.summary);
        return 0;
    }
    if (!doc->items) {
        doc->items = calloc(FEED_MAX_ITEMS, sizeof *doc->items);
        if (!doc->items) { free(it.id); free(it.link); free(it.title); free(it.summary); return -1; }
    }
    doc->items[doc->nitems++] = it;
    return 0;
}

/* The channel's title and site (RSS, RDF), the feed's (Atom). */
static void head_of(feed_doc *doc, const xmlNode *n, int atom)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is(c, "title") && !*doc->title) { free(doc->title); doc->title = one_line(atom ? text_construct(c, 0) : plain_of(c)); }
        else if (!atom && is(c, "link") && !in_ns(c, NS_ATOM) && !*doc->site) { free(doc->site); doc->site = plain_of(c); }
    }
    if (atom) {
        char *l = atom_link(n);
        if (l) { free(doc->site); doc->site = l; }
    }
    if (!doc->title) doc->title = calloc(1, 1);
    if (!doc->site) doc->site = calloc(1, 1);
}

static xmlParserInputPtr no_entities(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url; (void)id; (void)ctxt;
    return NULL;                      /* no DTD or external entity is ever read */
}

/* the encoding to pass when the document does not declare one */
static const char *encoding_for(const char *body, size_t len, const char *charset)
{
    if (!charset || !*charset) return NULL;
    if (len > 5 && memcmp(body, "<?xml", 5) == 0) {
        const char *end = memchr(body, '>', len < 200 ? len : 200);
        if (end) {
            for (const char *p = body; p + 8 < end; p++)
                if (memcmp(p, "encoding", 8) == 0) return NULL;    /* the document says */
        }
    }
    return charset;
}

int feed_parse(const char *body, size_t len, const char *charset, feed_doc *doc)
{
    memset(doc, 0, sizeof *doc);
    doc->title = calloc(1, 1);
    doc->site = calloc(1, 1);
    if (!doc->title || !doc->site) { snprintf(doc->error, sizeof doc->error, "mémoire insuffisante"); return -1; }
    if (len > (size_t)1 << 30) { snprintf(doc->error, sizeof doc->error, "flux illisible : trop grand"); return -1; }
    if (memmem(body, len, "<!ENTITY", 8)) {
        snprintf(doc->error, sizeof doc->error, "flux refusé : il déclare des entités XML");
        return -1;
    }
    xmlSetExternalEntityLoader(no_entities);
    xmlResetLastError();
    xmlDocPtr d = xmlReadMemory(body, (int)len, NULL, encoding_for(body, len, charset),
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (!d) {
        const xmlError *e = xmlGetLastError();
        char msg[120] = "document XML mal formé";
        if (e && e->message) {
            snprintf(msg, sizeof msg, "%s", e->message);
            size_t k = strlen(msg);
            while (k && (msg[k - 1] == '\n' || msg[k - 1] == ' ')) msg[--k] = 0;
        }
        snprintf(doc->error, sizeof doc->error, "flux illisible : ligne %d : %s", e ? e->line : 0, msg);
        return -1;
    }
    const xmlNode *root = xmlDocGetRootElement(d);
    int rc = 0;
    if (is(root, "feed") && in_ns(root, NS_ATOM)) {
        head_of(doc, root, 1);
        for (const xmlNode *c = root->children; c && !rc; c = c->next)
            if (is(c, "entry") && in_ns(c, NS_ATOM)) rc = add_item(doc, c, 1, 0);
    } else if (is(root, "rss")) {
        const xmlNode *ch = root->children;
        while (ch && !is(ch, "channel")) ch = ch->next;
        if (!ch) { snprintf(doc->error, sizeof doc->error, "flux illisible : RSS sans <channel>"); rc = -1; }
        else {
            head_of(doc, ch, 0);
            for (const xmlNode *c = ch->children; c && !rc; c = c->next)
                if (is(c, "item")) rc = add_item(doc, c, 0, 0);
        }
    } else if (is(root, "RDF")) {
        /* RSS 1.0 and 0.90: the items are the channel's siblings */
        for (const xmlNode *c = root->children; c && !rc; c = c->next) {
            if (is(c, "channel")) head_of(doc, c, 0);
            else if (is(c, "item")) rc = add_item(doc, c, 0, 1);
        }
    } else {
        snprintf(doc->error, sizeof doc->error, "ni RSS ni Atom : l'élément racine est <%.60s>",
                 root && root->name ? (const char *)root->name : "?");
        rc = -1;
    }
    xmlFreeDoc(d);
    if (rc && !doc->error[0]) snprintf(doc->error, sizeof doc->error, "mémoire insuffisante");
    return rc;
}

void feed_doc_free(feed_doc *doc)
{
    for (int i = 0; i < doc->nitems; i++) {
        free(doc->items[i].id);
        free(doc->items[i].link);
        free(doc->items[i].title);
        free(doc->items[i].summary);
    }
    free(doc->items);
    free(doc->title);
    free(doc->site);
    memset(doc, 0, sizeof *doc);
}

/* ---- the post's Markdown ---- */
char *feed_item_markdown(const feed_item *it)
{
    text t = { 0 };
    const char *s = it->summary ? it->summary : "";
    int line_digits = 1;                  /* only digits since the line's start */
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\n') { put(&t, "\n", 1); line_digits = 1; continue; }
        int punct = ispunct(c) && !strchr(",;:'\"?/%", c);
        if ((c == '.' || c == ')') && !line_digits) punct = 0;
        if (punct) put(&t, "\\", 1);
        put(&t, p, 1);
        line_digits = line_digits && isdigit(c);
    }
    if (it->link && (strncmp(it->link, "http://", 7) == 0 || strncmp(it->link, "https://", 8) == 0)) {
        if (t.n) put(&t, "\n\n", 2);
        /* <...> around the address; the characters it may not hold encoded */
        put(&t, "<", 1);
        for (const char *p = it->link; *p; p++) {
            unsigned char c = (unsigned char)*p;
            if (c <= 0x20 || c == '<' || c == '>' || c == '\\' || c == 0x7f) {
                char enc[4];
                snprintf(enc, sizeof enc, "%%%02X", c);
                put(&t, enc, 3);
            } else put(&t, p, 1);
        }
        put(&t, ">", 1);
    }
    if (!t.n) put(&t, "\\-", 2);          /* a post has a body */
    return text_done(&t);
}
