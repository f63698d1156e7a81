#include "markdown.h"
#include "fold.h"
#include <ctype.h>
#include <md4c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

typedef struct {
    char *buf;
    size_t len, cap;
    int failed;
    markdown_out *out;
    markdown_mention_fn mention_ok;
    void *ctx;
    /* for each open link (A or IMG span): 1 when an <a> was written */
    unsigned char link_open[MAX_DEPTH];
    int link_depth;
    int in_code, in_link;
} R;

static void put(R *r, const char *s, size_t n)
{
    if (r->failed || n == 0) return;
    if (r->len + n + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 256;
        while (cap < r->len + n + 1) cap *= 2;
        char *b = realloc(r->buf, cap);
        if (!b) { r->failed = 1; return; }
        r->buf = b;
        r->cap = cap;
    }
    memcpy(r->buf + r->len, s, n);
    r->len += n;
    r->buf[r->len] = 0;
}

static void puts_(R *r, const char *s) { put(r, s, strlen(s)); }

static void escaped(R *r, const char *s, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        const char *e = NULL;
        switch (s[i]) {
        case '&': e = "&amp;"; break;
        case '<': e = "&lt;"; break;
        case '>': e = "&gt;"; break;
        case '"': e = "&quot;"; break;
        case '\'': e = "&#39;"; break;
        case '\0': e = "\xEF\xBF\xBD"; break;
        }
        if (!e) continue;
        put(r, s + from, i - from);
        puts_(r, e);
        from = i + 1;
    }
    put(r, s + from, n - from);
}

/* The text of an attribute (an URL), its pieces joined. */
static char *attr_text(const MD_ATTRIBUTE *a)
{
    if (!a->text) return strdup("");
    char *s = malloc(a->size + 1);
    if (!s) return NULL;
    memcpy(s, a->text, a->size);
    s[a->size] = 0;
    return s;
}

/* Only these destinations become links: the web, mail, and the site's own
 * paths. Control characters and spaces are refused (no obfuscated scheme). */
int markdown_url_allowed(const char *u)
{
    for (const unsigned char *p = (const unsigned char *)u; *p; p++)
        if (*p < 0x21 || *p == 0x7f) return 0;
    if (strncasecmp(u, "http://", 7) == 0 || strncasecmp(u, "https://", 8) == 0
        || strncasecmp(u, "mailto:", 7) == 0)
        return 1;
    return (u[0] == '/' && u[1] != '/' && u[1] != '\\') || u[0] == '#';
}

static long long mention_id(const char *u)
{
    if (strncmp(u, "mention:", 8) != 0) return 0;
    char *end;
    long long id = strtoll(u + 8, &end, 10);
    return *end == 0 && id > 0 ? id : 0;
}

static void open_link(R *r, const MD_ATTRIBUTE *href)
{
    char *u = attr_text(href);
    if (!u) { r->failed = 1; return; }     /* out of memory: the whole rendering fails */
    int opened = 0;
    long long mid = u ? mention_id(u) : 0;
    /* a person mentioned twice is asked about once */
    int known = 0;
    for (int i = 0; mid && i < r->out->nmentions; i++) known |= r->out->mentions[i] == mid;
    if (mid && (known || (r->mention_ok && r->mention_ok(r->ctx, mid)))) {
        char tag[96];
        snprintf(tag, sizeof tag, "<a class=\"mention\" href=\"/personnes/%lld\">", mid);
        puts_(r, tag);
        if (!known && r->out->nmentions < MARKDOWN_MAX_MENTIONS) r->out->mentions[r->out->nmentions++] = mid;
        opened = 1;
    } else if (u && !mid && markdown_url_allowed(u)) {
        puts_(r, "<a href=\"");
        escaped(r, u, strlen(u));
        puts_(r, "\" rel=\"nofollow noopener noreferrer\">");
        opened = 1;
    }
    free(u);
    if (r->link_depth < MAX_DEPTH) r->link_open[r->link_depth] = (unsigned char)opened;
    r->link_depth++;
    r->in_link++;
}

static void close_link(R *r)
{
    if (r->link_depth > 0) {
        r->link_depth--;
        if (r->link_depth < MAX_DEPTH && r->link_open[r->link_depth]) puts_(r, "</a>");
    }
    if (r->in_link > 0) r->in_link--;
}

static int word_byte(unsigned char c) { return isalnum(c) || c == '_' || c >= 0x80; }

/* Running text: escaped, with #hashtags made links. */
static void normal_text(R *r, const char *s, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '#' || r->in_link || (i > 0 && word_byte((unsigned char)s[i - 1]))) continue;
        size_t j = i + 1;
        while (j < n && word_byte((unsigned char)s[j]) && j - i <= MARKDOWN_TAG_MAX) j++;
        if (j == i + 1 || j - i > MARKDOWN_TAG_MAX) continue;
        char *folded = fold_text(s + i + 1, j - i - 1);
        if (!folded) { r->failed = 1; return; }   /* out of memory: never a tag silently lost */
        if (!*folded || strlen(folded) > MARKDOWN_TAG_MAX) { free(folded); continue; }
        escaped(r, s + from, i - from);
        puts_(r, "<a class=\"hashtag\" href=\"/tags/");
        escaped(r, folded, strlen(folded));
        puts_(r, "\">");
        escaped(r, s + i, j - i);
        puts_(r, "</a>");
        int known = 0;
        for (int k = 0; k < r->out->ntags; k++) known |= strcmp(r->out->tags[k], folded) == 0;
        if (!known && r->out->ntags < MARKDOWN_MAX_TAGS)
            snprintf(r->out->tags[r->out->ntags++], sizeof r->out->tags[0], "%s", folded);
        free(folded);
        from = j;
        i = j - 1;
    }
    escaped(r, s + from, n - from);
}

static int enter_block(MD_BLOCKTYPE t, void *detail, void *u)
{
    R *r = u;
    char tag[32];
    switch (t) {
    case MD_BLOCK_QUOTE: puts_(r, "<blockquote>\n"); break;
    case MD_BLOCK_UL: puts_(r, "<ul>\n"); break;
    case MD_BLOCK_OL: {
        unsigned start = ((MD_BLOCK_OL_DETAIL *)detail)->start;
        if (start == 1) puts_(r, "<ol>\n");
        else { snprintf(tag, sizeof tag, "<ol start=\"%u\">\n", start); puts_(r, tag); }
        break;
    }
    case MD_BLOCK_LI: puts_(r, "<li>"); break;
    case MD_BLOCK_HR: puts_(r, "<hr>\n"); break;
    case MD_BLOCK_H:
        snprintf(tag, sizeof tag, "<h%u>", ((MD_BLOCK_H_DETAIL *)detail)->level);
        puts_(r, tag);
        break;
    case MD_BLOCK_CODE: puts_(r, "<pre><code>"); r->in_code++; break;
    case MD_BLOCK_P: puts_(r, "<p>"); break;
    default: break;            /* DOC; HTML and tables are not enabled */
    }
    return 0;
}

static int leave_block(MD_BLOCKTYPE t, void *detail, void *u)
{
    R *r = u;
    char tag[16];
    switch (t) {
    case MD_BLOCK_QUOTE: puts_(r, "</blockquote>\n"); break;
    case MD_BLOCK_UL: puts_(r, "</ul>\n"); break;
    case MD_BLOCK_OL: puts_(r, "</ol>\n"); break;
    case MD_BLOCK_LI: puts_(r, "</li>\n"); break;
    case MD_BLOCK_H:
        snprintf(tag, sizeof tag, "</h%u>\n", ((MD_BLOCK_H_DETAIL *)detail)->level);
        puts_(r, tag);
        break;
    case MD_BLOCK_CODE: puts_(r, "</code></pre>\n"); r->in_code--; break;
    case MD_BLOCK_P: puts_(r, "</p>\n"); break;
    default: break;
    }
    return 0;
}

static int enter_span(MD_SPANTYPE t, void *detail, void *u)
{
    R *r = u;
    switch (t) {
    case MD_SPAN_EM: puts_(r, "<em>"); break;
    case MD_SPAN_STRONG: puts_(r, "<strong>"); break;
    case MD_SPAN_CODE: puts_(r, "<code>"); r->in_code++; break;
    case MD_SPAN_DEL: puts_(r, "<del>"); break;
    case MD_SPAN_A: open_link(r, &((MD_SPAN_A_DETAIL *)detail)->href); break;
    case MD_SPAN_IMG: open_link(r, &((MD_SPAN_IMG_DETAIL *)detail)->src); break;
    default: break;
    }
    return 0;
}

static int leave_span(MD_SPANTYPE t, void *detail, void *u)
{
    R *r = u;
    (void)detail;
    switch (t) {
    case MD_SPAN_EM: puts_(r, "</em>"); break;
    case MD_SPAN_STRONG: puts_(r, "</strong>"); break;
    case MD_SPAN_CODE: puts_(r, "</code>"); r->in_code--; break;
    case MD_SPAN_DEL: puts_(r, "</del>"); break;
    case MD_SPAN_A: case MD_SPAN_IMG: close_link(r); break;
    default: break;
    }
    return 0;
}

static int text(MD_TEXTTYPE t, const MD_CHAR *s, MD_SIZE n, void *u)
{
    R *r = u;
    switch (t) {
    case MD_TEXT_NORMAL: if (r->in_code) escaped(r, s, n); else normal_text(r, s, n); break;
    case MD_TEXT_NULLCHAR: puts_(r, "\xEF\xBF\xBD"); break;
    case MD_TEXT_BR: puts_(r, "<br>\n"); break;
    case MD_TEXT_SOFTBR: puts_(r, "\n"); break;
    default: escaped(r, s, n); break;      /* code, entities (shown as typed), anything else */
    }
    return 0;
}

int markdown_render(const char *src, size_t len, markdown_mention_fn mention_ok, void *ctx, markdown_out *out)
{
    memset(out, 0, sizeof *out);
    R r = { .out = out, .mention_ok = mention_ok, .ctx = ctx };
    MD_PARSER p = {
        .abi_version = 0,
        .flags = MD_FLAG_NOHTML | MD_FLAG_PERMISSIVEURLAUTOLINKS | MD_FLAG_PERMISSIVEWWWAUTOLINKS
               | MD_FLAG_PERMISSIVEEMAILAUTOLINKS | MD_FLAG_STRIKETHROUGH,
        .enter_block = enter_block, .leave_block = leave_block,
        .enter_span = enter_span, .leave_span = leave_span, .text = text,
    };
    put(&r, "", 0);
    int rc = md_parse(src, (MD_SIZE)len, &p, &r);
    if (rc != 0 || r.failed) { free(r.buf); memset(out, 0, sizeof *out); return -1; }
    if (!r.buf) r.buf = calloc(1, 1);
    out->html = r.buf;
    out->html_len = r.len;
    return out->html ? 0 : -1;
}

void markdown_free(markdown_out *out)
{
    free(out->html);
    out->html = NULL;
}

/* ---- plain text ------------------------------------------------------- */

typedef struct {
    char *buf;
    size_t len, cap;
    int failed, space;
    int lines, newline;              /* markdown_plain_lines: breaks kept as '\n' */
} P;

static void p_byte(P *p, char c)
{
    if (p->failed) return;
    if (p->len + 2 > p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 256;
        char *b = realloc(p->buf, cap);
        if (!b) { p->failed = 1; return; }
        p->buf = b;
        p->cap = cap;
    }
    p->buf[p->len++] = c;
    p->buf[p->len] = 0;
}

/* Text as it is, every run of white space or control characters one space
 * (written only before what follows it: none at either end). */
static void p_break(P *p)
{
    if (p->lines) p->newline = 1; else p->space = 1;
}

static void p_text(P *p, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') { p_break(p); continue; }
        if (c <= 0x20 || c == 0x7f) { p->space = 1; continue; }
        if (p->newline && p->len) p_byte(p, '\n');
        else if (p->space && p->len) p_byte(p, ' ');
        p->space = p->newline = 0;
        p_byte(p, (char)c);
    }
}

static int p_block(MD_BLOCKTYPE t, void *detail, void *u)
{
    (void)t; (void)detail;
    p_break(u);                      /* a paragraph, a heading, an item: words apart */
    return 0;
}

static int p_span(MD_SPANTYPE t, void *detail, void *u)
{
    (void)t; (void)detail; (void)u;  /* emphasis, links, images, mentions: their text only */
    return 0;
}

static int p_textcb(MD_TEXTTYPE t, const MD_CHAR *s, MD_SIZE n, void *u)
{
    P *p = u;
    switch (t) {
    case MD_TEXT_NULLCHAR: p_text(p, "\xEF\xBF\xBD", 3); break;
    case MD_TEXT_BR: case MD_TEXT_SOFTBR: p_break(p); break;
    default: p_text(p, s, n); break;   /* text, code, entities as typed (as the HTML shows them) */
    }
    return 0;
}

/* The length of the valid UTF-8 character at s (n bytes left), or 0. */
static size_t utf8_char(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t k = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!k || k > n) return 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    else if (c == 0xED) hi = 0x9F;
    else if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;
    if (s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < k; i++) if ((s[i] & 0xC0) != 0x80) return 0;
    return k;
}

static char *plain_text(const char *src, size_t len, size_t *out_len, int lines)
{
    P p = { .lines = lines };
    MD_PARSER parser = {
        .abi_version = 0,
        .flags = MD_FLAG_NOHTML | MD_FLAG_PERMISSIVEURLAUTOLINKS | MD_FLAG_PERMISSIVEWWWAUTOLINKS
               | MD_FLAG_PERMISSIVEEMAILAUTOLINKS | MD_FLAG_STRIKETHROUGH,
        .enter_block = p_block, .leave_block = p_block,
        .enter_span = p_span, .leave_span = p_span, .text = p_textcb,
    };
    int rc = md_parse(src ? src : "", (MD_SIZE)(src ? len : 0), &parser, &p);
    if (rc != 0 || p.failed) { free(p.buf); return NULL; }
    /* what is not UTF-8 becomes U+FFFD (never a broken JSON string) */
    char *out = malloc(p.len * 3 + 1);
    if (!out) { free(p.buf); return NULL; }
    size_t o = 0;
    for (size_t i = 0; i < p.len;) {
        size_t k = utf8_char((const unsigned char *)p.buf + i, p.len - i);
        if (k) { memcpy(out + o, p.buf + i, k); o += k; i += k; }
        else { memcpy(out + o, "\xEF\xBF\xBD", 3); o += 3; i++; }
    }
    out[o] = 0;
    free(p.buf);
    if (out_len) *out_len = o;
    return out;
}

char *markdown_plain(const char *src, size_t len, size_t *out_len) { return plain_text(src, len, out_len, 0); }
char *markdown_plain_lines(const char *src, size_t len, size_t *out_len) { return plain_text(src, len, out_len, 1); }

const char *markdown_plain_cut(const char *s, size_t max, char *buf)
{
    size_t n = strlen(s);
    if (n <= max) return s;
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;       /* not inside a character */
    size_t word = n;
    while (word > 0 && s[word] != ' ') word--;
    if (word > max / 2) n = word;                                    /* after a whole word */
    while (n > 0 && s[n - 1] == ' ') n--;
    memcpy(buf, s, n);
    memcpy(buf + n, "\xE2\x80\xA6", 4);
    return buf;
}
