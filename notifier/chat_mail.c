#include "chat_mail.h"
#include "chat_facts.h"
#include "mail_compose.h"
#include "markdown.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A message's text in a mail: at most this many bytes (cut on a
 * character's boundary) */
#define EXCERPT_BYTES 1000

static const char *cut(arena *a, const char *s)
{
    size_t n = strlen(s);
    if (n <= EXCERPT_BYTES) return s;
    n = EXCERPT_BYTES;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;     /* not inside a character */
    return arena_printf(a, "%.*s…", (int)n, s);
}

/* HTML-escaped, its line breaks kept */
static const char *html_lines(arena *a, const char *s)
{
    char *e = mail_html_escape(s);
    if (!e) return "";
    size_t breaks = 0;
    for (const char *p = e; *p; p++) breaks += *p == '\n';
    char *out = arena_alloc(a, strlen(e) + breaks * 4 + 1), *o = out;
    for (const char *p = e; *p; p++) {
        if (*p == '\n') { memcpy(o, "<br>", 4); o += 4; } else *o++ = *p;
    }
    *o = 0;
    free(e);
    return out;
}

int chat_mail_excerpt(db *d, arena *a, long long user, long long conversation, int mentions_only, int en,
                      const char **text, const char **html)
{
    *text = *html = "";
    db_rows *q = db_query(d, a, STMT_CHAT_MAIL_MESSAGES, "iiiii", user, conversation, user,
                          (long long)(mentions_only != 0), user);
    if (!q) return -1;
    const char *t = "", *h = "";
    for (int i = 0; i < q->nrows; i++) {
        const char *who = db_cell(q, i, 0), *kind = db_cell(q, i, 1), *body = db_cell(q, i, 2);
        long long files = db_cell_int(q, i, 3);
        /* its Markdown as text: « @Julie », not « [@Julie](mention:10) » */
        char *plain = markdown_plain_lines(body, strlen(body), NULL);
        body = plain ? arena_strdup(a, plain) : body;
        free(plain);
        if (strcmp(kind, "meeting") == 0) body = en ? "(started a video meeting)" : "(a lancé une visio)";
        else if (!*body && files)
            body = en ? arena_printf(a, "(%lld attached file%s)", files, files > 1 ? "s" : "")
                      : arena_printf(a, "(%lld fichier%s joint%s)", files, files > 1 ? "s" : "", files > 1 ? "s" : "");
        body = cut(a, body);
        t = arena_printf(a, en ? "%s%s%s:\n%s" : "%s%s%s :\n%s", t, *t ? "\n\n" : "", *who ? who : "?", body);
        char *hw = mail_html_escape(*who ? who : "?");
        h = arena_printf(a, "%s<p style=\"margin:0 0 12px 0\"><strong>%s</strong><br>%s</p>", h, hw ? hw : "",
                         html_lines(a, body));
        free(hw);
    }
    if (q->nrows) {
        *text = t;
        *html = arena_printf(a, "<div style=\"border-left:3px solid #d0d7de;padding-left:12px\">%s</div>", h);
    }
    return 0;
}

int chat_mail_visible(db *d, arena *a, long long user, long long conversation)
{
    conv_info c;
    int found = conv_info_load(d, a, conversation, &c);
    if (found <= 0) return found;
    chat_person p;
    if (chat_person_load(d, a, &c, user, &p)) return -1;
    return p.read == ACL_ALLOW;
}
