/* Markdown of posts and comments to safe HTML: md4c parses (raw HTML off);
 * this renderer writes only the elements it knows, escapes every text, and
 * keeps only links to http(s), mailto and the site's own paths, so no
 * script, event attribute or javascript: link can come out. Images become
 * links (no remote image is loaded into a reader's page).
 *
 * Two things of Parvis's own: mentions, written [@Name](mention:42) by the
 * composer, become links to the person when `mention_ok` accepts the id
 * (otherwise their text stays as text); #hashtags in running text become
 * links to /tags/<tag>. The tags (folded) and accepted mentions are
 * returned. */
#ifndef PARVIS_MARKDOWN_H
#define PARVIS_MARKDOWN_H
#include <stddef.h>

#define MARKDOWN_MAX_TAGS 20
#define MARKDOWN_MAX_MENTIONS 50
#define MARKDOWN_TAG_MAX 64          /* bytes of a folded tag */

typedef struct {
    char *html;                      /* malloc'd, NUL-terminated */
    size_t html_len;
    char tags[MARKDOWN_MAX_TAGS][MARKDOWN_TAG_MAX + 1];
    int ntags;
    long long mentions[MARKDOWN_MAX_MENTIONS];
    int nmentions;
} markdown_out;

/* mention_ok(ctx, id): 1 when that person exists and may be linked. */
typedef int (*markdown_mention_fn)(void *ctx, long long id);

/* 0, or -1 when the text is not valid Markdown input or memory ran out. */
int markdown_render(const char *text, size_t len, markdown_mention_fn mention_ok, void *ctx, markdown_out *out);
void markdown_free(markdown_out *out);
/* The links the renderer keeps (http, https, mailto, the site's paths):
 * also what the portal's quick links and logo may point to. */
int markdown_url_allowed(const char *url);

/* The same Markdown as plain text, for search snippets and titles,
 * notifications and e-mail excerpts: no markup at all; a mention as its
 * text (« @Julie »), a link or an image as its text, code as typed; blocks,
 * line breaks and every run of white space or control characters as one
 * space, none at either end; bytes that are not UTF-8 as U+FFFD. malloc'd
 * (*len its length when len is not NULL), NULL when memory ran out. */
char *markdown_plain(const char *text, size_t len, size_t *out_len);
/* The same, but a line break, a paragraph or an item starts a new line
 * ('\n', never two in a row): for a message's excerpt in an e-mail. */
char *markdown_plain_lines(const char *text, size_t len, size_t *out_len);
/* At most `max` bytes of plain text `s`, cut after a whole word when it
 * can (a character's boundary otherwise) and followed by « … » when cut,
 * in `buf` (max + 4 bytes). */
const char *markdown_plain_cut(const char *s, size_t max, char *buf);
#endif
