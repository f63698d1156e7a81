/* lib/feed_parse.c: RSS 2.0, RSS 1.0 (RDF), Atom 1.0 in real-world shapes
 * (CDATA and HTML in descriptions, xhtml content, ISO-8859-1 declared),
 * what is refused (entities, malformed, neither RSS nor Atom), dates, and
 * the posts' escaped Markdown. */
#include "feed_parse.h"
#include "unit.h"
#include <stdlib.h>
#include <string.h>

static int parse(const char *xml, feed_doc *d) { return feed_parse(xml, strlen(xml), NULL, d); }

static void rss2(void)
{
    feed_doc d;
    const char *xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">"
        "<channel><title>Ministère — Actualités</title><link>https://www.example.gouv.fr/</link>"
        "<item><title>Premier &amp; second</title><link>https://www.example.gouv.fr/a1</link>"
        "<guid isPermaLink=\"false\">a-1</guid><pubDate>Tue, 01 Dec 2026 10:00:00 +0100</pubDate>"
        "<description><![CDATA[<p>Un <b>texte</b> riche<script>alert(1)</script></p><p>Second paragraphe</p>]]></description></item>"
        "<item><title>Sans guid</title><link>https://www.example.gouv.fr/a2</link>"
        "<description>&lt;p&gt;Échappé &lt;a href=\"javascript:x\"&gt;lien&lt;/a&gt;&lt;/p&gt;</description>"
        "<pubDate>Wed, 02 Dec 2026 08:30:00 GMT</pubDate></item>"
        "</channel></rss>";
    CHECK(parse(xml, &d) == 0);
    CHECK_STR(d.title, "Ministère — Actualités");
    CHECK_STR(d.site, "https://www.example.gouv.fr/");
    CHECK(d.nitems == 2);
    if (d.nitems == 2) {
        CHECK_STR(d.items[0].id, "a-1");
        CHECK_STR(d.items[0].title, "Premier & second");
        CHECK_STR(d.items[0].summary, "Un texte riche\n\nSecond paragraphe");
        CHECK(d.items[0].date == 1796115600LL);           /* 2026-12-01T09:00:00Z */
        CHECK(d.items[1].id == NULL);
        CHECK_STR(d.items[1].link, "https://www.example.gouv.fr/a2");
        CHECK_STR(d.items[1].summary, "Échappé lien");
        CHECK(d.items[1].date == 1796200200LL);           /* 2026-12-02T08:30:00Z */
    }
    feed_doc_free(&d);
}

static void rdf(void)
{
    feed_doc d;
    const char *xml =
        "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\""
        " xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
        "<channel rdf:about=\"https://r.example/\"><title>RDF</title><link>https://r.example/</link></channel>"
        "<item rdf:about=\"https://r.example/1\"><title>Un</title><link>https://r.example/1</link>"
        "<description>d1</description><dc:date>2026-12-01T09:00:00+01:00</dc:date></item>"
        "</rdf:RDF>";
    CHECK(parse(xml, &d) == 0);
    CHECK_STR(d.title, "RDF");
    CHECK(d.nitems == 1);
    if (d.nitems == 1) {
        CHECK_STR(d.items[0].id, "https://r.example/1");
        CHECK(d.items[0].date == 1796112000LL);           /* 08:00Z */
    }
    feed_doc_free(&d);
}

static void atom(void)
{
    feed_doc d;
    const char *xml =
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"text\">Atom &lt;3</title>"
        "<link rel=\"self\" href=\"https://a.example/feed\"/><link href=\"https://a.example/\"/>"
        "<entry><id>tag:a.example,2026:1</id><title type=\"html\">&lt;em&gt;Titre&lt;/em&gt; long</title>"
        "<link rel=\"alternate\" href=\"https://a.example/1\"/><updated>2026-12-03T12:00:00.5Z</updated>"
        "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Para <strong>un</strong></p><ul><li>point</li></ul></div></content>"
        "</entry></feed>";
    CHECK(parse(xml, &d) == 0);
    CHECK_STR(d.title, "Atom <3");
    CHECK_STR(d.site, "https://a.example/");
    CHECK(d.nitems == 1);
    if (d.nitems == 1) {
        CHECK_STR(d.items[0].title, "Titre long");
        CHECK_STR(d.items[0].summary, "Para un\n\npoint");
        CHECK_STR(d.items[0].link, "https://a.example/1");
        CHECK(d.items[0].date == 1796299200LL);
    }
    feed_doc_free(&d);
}

static void latin1(void)
{
    feed_doc d;
    const char xml[] = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"0.91\"><channel>"
                       "<title>R\xe9sum\xe9s</title><item><title>\xc9t\xe9</title><link>https://l.example/1</link></item>"
                       "</channel></rss>";
    CHECK(feed_parse(xml, sizeof xml - 1, NULL, &d) == 0);
    CHECK_STR(d.title, "Résumés");
    if (d.nitems == 1) CHECK_STR(d.items[0].title, "Été");
    feed_doc_free(&d);
}

static void refused(void)
{
    feed_doc d;
    CHECK(parse("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaa\">]><rss><channel/></rss>", &d) == -1);
    CHECK(strstr(d.error, "entités") != NULL);
    feed_doc_free(&d);
    CHECK(parse("<rss><channel><item><title>x</titl></item></channel></rss>", &d) == -1);
    CHECK(strncmp(d.error, "flux illisible : ligne 1", 24) == 0);
    feed_doc_free(&d);
    CHECK(parse("<html><body>not a feed</body></html>", &d) == -1);
    CHECK(strstr(d.error, "ni RSS ni Atom") != NULL);
    feed_doc_free(&d);
    /* an external entity is never read */
    CHECK(parse("<?xml version=\"1.0\"?><!DOCTYPE rss SYSTEM \"file:///etc/passwd\"><rss><channel><title>t</title></channel></rss>", &d) == 0);
    CHECK_STR(d.title, "t");
    feed_doc_free(&d);
}

static void dates(void)
{
    CHECK(feed_date("Thu, 03 Dec 2026 10:00:00 GMT") == 1796292000LL);
    CHECK(feed_date("03 Dec 2026 05:00:00 EST") == 1796292000LL);
    CHECK(feed_date("2026-12-03T11:00:00+01:00") == 1796292000LL);
    CHECK(feed_date("n'importe quoi") == 0);
    CHECK(feed_date(NULL) == 0);
}

static void markdown(void)
{
    feed_item it = { .summary = "Un *gras* [lien](javascript:x) #tag <b>\n1. pas une liste", .link = "https://x.example/a b" };
    char *md = feed_item_markdown(&it);
    CHECK_STR(md, "Un \\*gras\\* \\[lien\\]\\(javascript:x) \\#tag \\<b\\>\n1\\. pas une liste\n\n<https://x.example/a%20b>");
    free(md);
    feed_item none = { .summary = "", .link = "javascript:alert(1)" };
    md = feed_item_markdown(&none);
    CHECK_STR(md, "\\-");
    free(md);
}

int main(void)
{
    rss2();
    rdf();
    atom();
    latin1();
    refused();
    dates();
    markdown();
    return UNIT_DONE();
}
