/* RSS and Atom documents read with libxml2 (docs/feeds.md): RSS 0.9x and
 * 2.0, RSS 1.0 (RDF), Atom 1.0, in the encoding they declare (or the
 * HTTP answer's charset). The parser never reads the network nor any file
 * (XML_PARSE_NONET, an entity loader that refuses everything), expands no
 * entity (a document declaring one is refused), and keeps libxml2's
 * depth and size limits (no XML_PARSE_HUGE).
 *
 * Every text comes out as plain UTF-8 text: HTML (RSS descriptions, Atom
 * html and xhtml content) is read by libxml2's HTML parser and only its
 * text kept, paragraphs as blank lines; scripts and styles dropped. */
#ifndef PARVIS_FEED_PARSE_H
#define PARVIS_FEED_PARSE_H
#include <stddef.h>

#define FEED_MAX_ITEMS 200           /* items read from one document */
#define FEED_SUMMARY_MAX 1500        /* bytes of a summary kept (cut after a word) */

typedef struct {
    char *id;                        /* guid, atom:id or rdf:about; NULL when none */
    char *link;                      /* NULL when none */
    char *title;                     /* plain text, "" when none */
    char *summary;                   /* plain text, "" when none */
    long long date;                  /* seconds since 1970 UTC; 0 when unknown */
} feed_item;

typedef struct {
    char *title;                     /* the feed's name, "" when none */
    char *site;                      /* its site's address, "" when none */
    feed_item *items;                /* in the document's order */
    int nitems;
    char error[200];                 /* why it could not be read */
} feed_doc;

/* 0, or -1 with doc->error (« flux illisible : ... »). charset: the HTTP
 * answer's, NULL when none. */
int feed_parse(const char *body, size_t len, const char *charset, feed_doc *doc);
void feed_doc_free(feed_doc *doc);

/* HTML to plain text (as above), malloc'd; NULL when memory ran out. */
char *feed_html_text(const char *html, size_t len);
/* Dates of feeds: RFC 822 (RSS: "Tue, 03 Dec 2026 10:00:00 +0100", zone
 * names GMT, UT, EST...) and RFC 3339 (Atom, dc:date). 0 when unreadable. */
long long feed_date(const char *s);

/* The Markdown body of an item's post: its summary with every Markdown
 * character escaped (no link, mention, hashtag or markup can come from a
 * feed), then its link. malloc'd. */
char *feed_item_markdown(const feed_item *it);
#endif
