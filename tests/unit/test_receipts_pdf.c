/* Unit tests for lib/receipts_pdf.c: a document of 500 accented names read
 * back with pdftotext (every name, the lines of each page, « page i / n »),
 * pdfinfo's page count and metadata, an empty document, English labels,
 * ellipsised cells, bad UTF-8, a failing writer. Needs poppler-utils. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "receipts_pdf.h"
#include "unit.h"

typedef struct { unsigned char *s; size_t n, cap; } buf;

static int put(void *ctx, const unsigned char *data, size_t len)
{
    buf *b = ctx;
    if (b->n + len > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 65536;
        while (cap < b->n + len) cap *= 2;
        unsigned char *p = realloc(b->s, cap);
        if (!p) return -1;
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, data, len);
    b->n += len;
    return 0;
}

static int refuse(void *ctx, const unsigned char *data, size_t len)
{
    (void)ctx; (void)data; (void)len;
    return -1;
}

static char dir[256];

/* writes b to dir/name.pdf; returns the path (static) */
static const char *save(const buf *b, const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s.pdf", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) { perror(path); exit(1); }
    fwrite(b->s, 1, b->n, f);
    fclose(f);
    return path;
}

/* the output of a command (malloc'ed, NUL-terminated) */
static char *run(const char *cmd)
{
    FILE *f = popen(cmd, "r");
    if (!f) { perror(cmd); exit(1); }
    size_t n = 0, cap = 1 << 16;
    char *s = malloc(cap);
    if (!s) { perror("malloc"); exit(1); }
    size_t got;
    while ((got = fread(s + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 4096) {
            char *more = realloc(s, cap *= 2);
            if (!more) { perror("realloc"); exit(1); }
            s = more;
        }
    }
    s[n] = 0;
    pclose(f);
    return s;
}

static char *text_of(const char *path, int first, int last)
{
    char cmd[1024];
    if (first > 0) snprintf(cmd, sizeof cmd, "pdftotext -layout -enc UTF-8 -f %d -l %d '%s' - 2>&1", first, last, path);
    else snprintf(cmd, sizeof cmd, "pdftotext -layout -enc UTF-8 '%s' - 2>&1", path);
    return run(cmd);
}

static int info_pages(const char *path, char *title, size_t tlen, char *creator, size_t clen)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "pdfinfo -enc UTF-8 '%s' 2>&1", path);
    char *out = run(cmd);
    int pages = -1;
    char *save_ptr = NULL;
    for (char *line = strtok_r(out, "\n", &save_ptr); line; line = strtok_r(NULL, "\n", &save_ptr)) {
        char *v = strchr(line, ':');
        if (!v) continue;
        *v++ = 0;
        while (*v == ' ') v++;
        if (strcmp(line, "Pages") == 0) pages = (int)strtol(v, NULL, 10);
        else if (strcmp(line, "Title") == 0 && title) snprintf(title, tlen, "%s", v);
        else if (strcmp(line, "Creator") == 0 && creator) snprintf(creator, clen, "%s", v);
    }
    free(out);
    return pages;
}

static const char *firsts[] = { "Élodie", "Gaëlle", "Jérôme", "François", "Zoé", "Anaïs", "Benoît", "Cécile", "Loïc", "Hélène" };
static const char *lasts[] = { "Lefèvre", "Dupré", "Müller", "Ægidius", "Østergård", "Nuñez", "Béranger", "Crépeau" };

#define N 500

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/receipts_pdf.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) { perror(dir); return 1; }

    static char names[N][96], emails[N][96];
    static receipt_row rows[N];
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "%s %s n°%03d", firsts[i % 10], lasts[i % 8], i);
        snprintf(emails[i], sizeof emails[i], "personne%03d@exemple.fr", i);
        rows[i] = (receipt_row){
            .name = names[i], .email = emails[i],
            .sent = "03/12/2026 09:30",
            .relay = i % 7 == 0 ? "refusé — 550 5.1.1 <personne@exemple.fr>: Recipient address rejected: User unknown in virtual mailbox table"
                                : "accepté — 250 2.0.0 Ok",
            .opened = i % 2 ? "03/12/2026 10:02" : "",
            .confirmed = i % 3 == 0 ? "03/12/2026 10:05 (courriel)" : "",
            .answer = i % 4 == 0 ? "Oui" : i % 4 == 1 ? "Peut-être" : "",
        };
    }
    /* a name far too long for its column: ellipsised, never over the next one */
    static char longname[256];
    snprintf(longname, sizeof longname, "Marie-Bérénice de la Tour d'Auvergne-Châteaubriand-Montmorency FINDUNOM");
    rows[N - 1].name = longname;
    /* bytes that are not UTF-8 and a newline: drawn as '?' and a space, the document still made */
    rows[N - 2].email = "bad\xff\xfe" "byte\nline@exemple.fr";

    receipts_doc doc = {
        .organisation = "Mairie de Saint-Étienne-du-Rouvray", .group = "Conseil d'administration",
        .title = "Assemblée générale extraordinaire", .when = "jeudi 10 décembre 2026, 18:00 – 20:00",
        .place = "Salle des fêtes, 2 rue de l'Église", .dispatched = "03/12/2026 09:30", .version = 2,
        .generated = "03/12/2026 11:00", .locale = "fr", .rows = rows, .n = N,
    };
    buf b = { 0 };
    CHECK(receipts_pdf(&doc, put, &b) == 0);
    CHECK(b.n > 1000 && memcmp(b.s, "%PDF-", 5) == 0);
    const char *path = save(&b, "five_hundred");

    int pages = receipts_pdf_pages(N);
    char title[256] = "", creator[64] = "";
    CHECK(info_pages(path, title, sizeof title, creator, sizeof creator) == pages);
    CHECK(pages > 10 && pages < 30);
    CHECK_STR(title, "Accusés de réception — Assemblée générale extraordinaire");
    CHECK_STR(creator, "Parvis");

    /* the whole text: every name (the long one ellipsised), the labels, accents */
    char *all = text_of(path, 0, 0);
    int missing = 0;
    for (int i = 0; i < N - 1; i++) if (!strstr(all, names[i])) { missing++; if (missing < 5) fprintf(stderr, "missing %s\n", names[i]); }
    CHECK(missing == 0);
    CHECK(strstr(all, "Marie-Bérénice de la Tour") != NULL);
    CHECK(strstr(all, "FINDUNOM") == NULL);
    CHECK(strstr(all, "…") != NULL);
    CHECK(strstr(all, "Accusés de réception") != NULL);
    CHECK(strstr(all, "Mairie de Saint-Étienne-du-Rouvray") != NULL);
    CHECK(strstr(all, "Salle des fêtes, 2 rue de l'Église") != NULL);
    CHECK(strstr(all, "personne042@exemple.fr") != NULL);
    CHECK(strstr(all, "Destinataires : 500 — ouvertes : 250 — confirmées : 167") != NULL);
    CHECK(strstr(all, "Peut-être") != NULL);
    CHECK(strstr(all, "bad??byte line@exemple.fr") != NULL);
    free(all);

    /* each page: its number, the headers, and as many lines as the layout says */
    int seen = 0, per_page_first = 0, per_page_next = 0, layout_ok = 1;
    for (int pg = 1; pg <= pages; pg++) {
        char *t = text_of(path, pg, pg);
        char want[64];
        snprintf(want, sizeof want, "page %d / %d", pg, pages);
        if (!strstr(t, want)) { layout_ok = 0; fprintf(stderr, "page %d: no « %s »\n", pg, want); }
        if (!strstr(t, "Destinataire") || !strstr(t, "Confirmée") || !strstr(t, "Relais")) {
            layout_ok = 0;
            fprintf(stderr, "page %d: no table header\n", pg);
        }
        int here = 0;
        for (int i = 0; i < N; i++) if (strstr(t, emails[i])) here++;
        if (pg == 1) per_page_first = here;
        else if (pg == 2) per_page_next = here;
        else if (pg < pages && here != per_page_next) { layout_ok = 0; fprintf(stderr, "page %d: %d lines\n", pg, here); }
        seen += here;
        free(t);
    }
    CHECK(layout_ok);
    /* the bad e-mail is not found as written: 499 found by e-mail */
    CHECK(seen == N - 1);
    CHECK(per_page_first > 10 && per_page_next > per_page_first);
    CHECK(pages == 1 + (N - per_page_first + per_page_next - 1) / per_page_next);
    CHECK(receipts_pdf_pages((size_t)per_page_first) == 1);
    CHECK(receipts_pdf_pages((size_t)per_page_first + 1) == 2);
    CHECK(receipts_pdf_pages((size_t)(per_page_first + per_page_next)) == 2);
    CHECK(receipts_pdf_pages((size_t)(per_page_first + per_page_next) + 1) == 3);

    /* no recipients: a valid document of one page that says so */
    receipts_doc none = doc;
    none.rows = NULL;
    none.n = 0;
    buf e = { 0 };
    CHECK(receipts_pdf(&none, put, &e) == 0);
    path = save(&e, "empty");
    CHECK(info_pages(path, NULL, 0, NULL, 0) == 1);
    char *t = text_of(path, 0, 0);
    CHECK(strstr(t, "Aucun destinataire.") != NULL);
    CHECK(strstr(t, "page 1 / 1") != NULL);
    CHECK(strstr(t, "Destinataires : 0") != NULL);
    free(t);

    /* English labels; NULL fields are empty */
    receipts_doc en = { .title = "Board meeting", .locale = "en", .version = 1, .rows = rows, .n = 3 };
    buf g = { 0 };
    CHECK(receipts_pdf(&en, put, &g) == 0);
    path = save(&g, "english");
    t = text_of(path, 0, 0);
    CHECK(strstr(t, "Receipts") != NULL);
    CHECK(strstr(t, "Recipient") != NULL && strstr(t, "Confirmed") != NULL);
    CHECK(strstr(t, "Accusés") == NULL);
    CHECK(strstr(t, names[2]) != NULL);
    CHECK(strstr(t, "page 1 / 1") != NULL);
    free(t);

    /* a writer that fails: -1 */
    CHECK(receipts_pdf(&doc, refuse, NULL) == -1);
    CHECK(receipts_pdf(NULL, put, &g) == -1);

    free(b.s);
    free(e.s);
    free(g.s);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    receipts_pdf_release();
    return UNIT_DONE();
}
