/* The Markdown renderer: what people write comes out as safe HTML. */
#include "markdown.h"
#include "unit.h"
#include <stdlib.h>

static int only_42(void *ctx, long long id) { (void)ctx; return id == 42; }

/* Renders and returns the HTML (static buffer, for checks). */
static const char *md(const char *src)
{
    static char buf[8192];
    markdown_out o;
    if (markdown_render(src, strlen(src), only_42, NULL, &o)) return "(error)";
    snprintf(buf, sizeof buf, "%s", o.html);
    markdown_free(&o);
    return buf;
}

/* The plain text (static buffer, for checks). */
static const char *plain(const char *src)
{
    static char buf[8192];
    char *s = markdown_plain(src, strlen(src), NULL);
    snprintf(buf, sizeof buf, "%s", s ? s : "(error)");
    free(s);
    return buf;
}

static int contains(const char *hay, const char *needle) { return strstr(hay, needle) != NULL; }

int main(void)
{
    CHECK_STR(md("Bonjour *à tous*"), "<p>Bonjour <em>à tous</em></p>\n");
    CHECK_STR(md("**gras** et `code <b>`"), "<p><strong>gras</strong> et <code>code &lt;b&gt;</code></p>\n");
    CHECK_STR(md("- un\n- deux"), "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>\n");
    CHECK_STR(md("3. trois"), "<ol start=\"3\">\n<li>trois</li>\n</ol>\n");
    CHECK_STR(md("> cité"), "<blockquote>\n<p>cité</p>\n</blockquote>\n");
    CHECK_STR(md("```\n<script>\n```"), "<pre><code>&lt;script&gt;\n</code></pre>\n");
    CHECK_STR(md("[site](https://example.org/a?b=1&c=2)"),
              "<p><a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow noopener noreferrer\">site</a></p>\n");

    /* raw HTML is text, never markup */
    CHECK_STR(md("<script>alert(1)</script>"), "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
    CHECK_STR(md("<img src=x onerror=alert(1)>"), "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n");
    CHECK(!contains(md("<div onmouseover=\"x()\">hi</div>"), "<div"));
    /* dangerous destinations lose their link, keep their text */
    CHECK_STR(md("[clic](javascript:alert(1))"), "<p>clic</p>\n");
    CHECK_STR(md("[clic](JaVaScRiPt:alert(1))"), "<p>clic</p>\n");
    CHECK_STR(md("[clic](data:text/html;base64,PHNjcmlwdD4=)"), "<p>clic</p>\n");
    CHECK_STR(md("[clic](vbscript:x)"), "<p>clic</p>\n");
    CHECK_STR(md("[clic](//evil.example/x)"), "<p>clic</p>\n");
    CHECK_STR(md("[clic](/\\evil.example)"), "<p>clic</p>\n");
    CHECK(!contains(md("[x](<java\tscript:alert(1)>)"), "href"));
    CHECK(!contains(md("[x](\"onmouseover=alert(1))"), "onmouseover=alert(1)\""));
    CHECK_STR(md("[interne](/groupes/3)"), "<p><a href=\"/groupes/3\" rel=\"nofollow noopener noreferrer\">interne</a></p>\n");
    /* images are links, not loaded */
    CHECK_STR(md("![logo](https://example.org/l.png)"),
              "<p><a href=\"https://example.org/l.png\" rel=\"nofollow noopener noreferrer\">logo</a></p>\n");
    CHECK(!contains(md("![x](javascript:alert(1))"), "<a"));
    /* autolinks */
    CHECK(contains(md("voir https://example.org/p"), "<a href=\"https://example.org/p\""));

    /* mentions: a known person becomes a link; an unknown one stays text */
    markdown_out o;
    const char *m = "Merci [@Hélène](mention:42) et [@Inconnu](mention:7) !";
    CHECK(markdown_render(m, strlen(m), only_42, NULL, &o) == 0);
    CHECK_STR(o.html, "<p>Merci <a class=\"mention\" href=\"/personnes/42\">@Hélène</a> et @Inconnu !</p>\n");
    CHECK(o.nmentions == 1 && o.mentions[0] == 42);
    markdown_free(&o);

    /* hashtags: folded, collected once, not inside code or links */
    const char *h = "Fête #Réunion et #réunion, #2026 et `#code` [#lien](/x) a#b";
    CHECK(markdown_render(h, strlen(h), only_42, NULL, &o) == 0);
    CHECK(contains(o.html, "<a class=\"hashtag\" href=\"/tags/reunion\">#Réunion</a>"));
    CHECK(contains(o.html, "<code>#code</code>"));
    CHECK(o.ntags == 2);
    CHECK_STR(o.tags[0], "reunion");
    CHECK_STR(o.tags[1], "2026");
    CHECK(contains(o.html, "a#b"));
    markdown_free(&o);
    CHECK(contains(md("#<script>"), "&lt;script&gt;"));
    CHECK_STR(md("# Titre"), "<h1>Titre</h1>\n");

    /* quotes in text cannot close an attribute */
    CHECK_STR(md("\"'"), "<p>&quot;&#39;</p>\n");
    CHECK_STR(md(""), "");

    /* plain text: what snippets, titles and notifications show */
    CHECK_STR(plain("**Budget** 2027 : [@Julie](mention:10) relit"), "Budget 2027 : @Julie relit");
    CHECK_STR(plain("# Titre\n\nUn *paragraphe*\navec   des\t\tespaces"), "Titre Un paragraphe avec des espaces");
    CHECK_STR(plain("voir [le site](https://example.org/x) et ![logo](https://e.org/l.png)"), "voir le site et logo");
    CHECK_STR(plain("```c\nint x = 1;\n```\nfin"), "int x = 1; fin");
    CHECK_STR(plain("- un\n- deux\n\n> cité\n\n---\n\n1. trois"), "un deux cité trois");
    CHECK_STR(plain("`<b>` & <script>alert(1)</script>"), "<b> & <script>alert(1)</script>");
    CHECK_STR(plain("[clic](javascript:alert(1)) ~~barré~~ #tag"), "clic barré #tag");
    CHECK_STR(plain("ligne\\\nsuivante  \nencore"), "ligne suivante encore");
    CHECK_STR(plain("   \n\n  "), "");
    CHECK_STR(plain(""), "");
    CHECK_STR(plain("a\x01\x7f" "b\rc"), "a b c");
    CHECK_STR(plain("&amp; &#65;"), "&amp; &#65;");         /* as the HTML shows them: typed */
    CHECK_STR(plain("[[[[[[[[[[x](y)"), "[[[[[[[[[x");
    CHECK_STR(plain("***tout** _imbriqué_ **~~ici~~***"), "tout imbriqué ici");
    /* bytes that are not UTF-8, a NUL inside: U+FFFD, never a broken string */
    CHECK_STR(plain("caf\xC3 ok \xFF\xFE fin \xED\xA0\x80"),
              "caf\xEF\xBF\xBD ok \xEF\xBF\xBD\xEF\xBF\xBD fin \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    {
        const char nul[] = "a\0b";
        size_t n;
        char *s = markdown_plain(nul, 3, &n);
        CHECK(s && n == 5 && memcmp(s, "a\xEF\xBF\xBD" "b", 5) == 0);
        free(s);
    }
    /* deep nesting and a long hostile input: no crash, text kept */
    {
        char big[20001];
        for (int i = 0; i < 20000; i++) big[i] = "[*_>`"[i % 5];
        big[20000] = 0;
        char *s = markdown_plain(big, 20000, NULL);
        CHECK(s != NULL && strchr(s, '\n') == NULL);
        free(s);
        for (int i = 0; i < 20000; i++) big[i] = i < 10000 ? '>' : 'x';
        s = markdown_plain(big, 20000, NULL);
        CHECK(s != NULL && strlen(s) == 10000 && s[0] == 'x');
        free(s);
    }
    /* lines kept, for e-mail excerpts: one '\n' per break, never two, none at the ends */
    {
        const char *src = "\n\nRendez-vous **demain**\nà 9 h\n\n- un\n- [@Julie](mention:3)\n\n```\na\n\nb\n```\n";
        char *s = markdown_plain_lines(src, strlen(src), NULL);
        CHECK_STR(s, "Rendez-vous demain\nà 9 h\nun\n@Julie\na\nb");
        free(s);
    }
    /* cut: after a whole word, at a character's boundary, « … » */
    char cb[64];
    CHECK_STR(markdown_plain_cut("court", 20, cb), "court");
    CHECK_STR(markdown_plain_cut("un deux trois quatre", 12, cb), "un deux\xE2\x80\xA6");
    CHECK_STR(markdown_plain_cut("ééééééééé", 5, cb), "éé\xE2\x80\xA6");
    return UNIT_DONE();
}
