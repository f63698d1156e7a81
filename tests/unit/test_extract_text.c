/* Unit tests for the indexer's reading of text (indexer/extract_text.c):
 * plain text and HTML in the charsets people really have, each file made by
 * iconv from a known UTF-8 text, read back through extract_file (the
 * limited child) and compared with that text. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extract.h"
#include "index_reason.h"
#include "unit.h"

static char dir[64];

/* `utf8` converted to `charset` by iconv into out; its length, or -1. */
static long convert(const char *utf8, const char *charset, char *out, size_t n)
{
    iconv_t cd = iconv_open(charset, "UTF-8");
    if (cd == (iconv_t)-1) return -1;
    char *ip = (char *)utf8, *op = out;
    size_t il = strlen(utf8), ol = n;
    size_t rc = iconv(cd, &ip, &il, &op, &ol);
    iconv_close(cd);
    return rc == (size_t)-1 ? -1 : (long)(n - ol);
}

static const char *write_file(const char *name, const char *bytes, size_t len)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) return NULL;
    fwrite(bytes, 1, len, f);
    fclose(f);
    return path;
}

/* The text of `bytes` read as `mime`, or NULL (reason in why). */
static char *read_as(const char *name, const char *bytes, size_t len, const char *mime, char *why, size_t wn)
{
    const char *path = write_file(name, bytes, len);
    extract_result x;
    if (!path || extract_file(path, mime, &x) != 0) {
        snprintf(why, wn, "%s", path ? x.reason : "cannot write");
        return NULL;
    }
    return x.text;
}

/* Squeezes runs of white space to one space, trims: HTML adds some. */
static void squeeze(char *s)
{
    char *o = s;
    int space = 1;
    for (char *p = s; *p; p++) {
        int ws = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r';
        if (ws && space) continue;
        *o++ = ws ? ' ' : *p;
        space = ws;
    }
    if (o > s && o[-1] == ' ') o--;
    *o = 0;
}

typedef struct {
    const char *charset, *text;
} sample;

/* Known text in each language, and a charset people write it in. */
static const sample SAMPLES[] = {
    { "CP1251", "Протокол заседания правления. Обсуждали бюджет на следующий год, "
                "ремонт здания и новые правила отпусков. Решение принято единогласно." },
    { "KOI8-R", "Протокол заседания правления. Обсуждали бюджет на следующий год, "
                "ремонт здания и новые правила отпусков. Решение принято единогласно." },
    { "CP866", "Протокол заседания правления. Обсуждали бюджет на следующий год, "
               "ремонт здания и новые правила отпусков. Решение принято единогласно." },
    { "ISO-8859-7", "Πρακτικά της συνεδρίασης του διοικητικού συμβουλίου. Συζητήθηκε ο προϋπολογισμός "
                    "του επόμενου έτους και η επισκευή του κτιρίου. Η απόφαση ελήφθη ομόφωνα." },
    { "CP1256", "محضر اجتماع مجلس الإدارة. ناقشنا ميزانية السنة القادمة وإصلاح المبنى "
                "والقواعد الجديدة للإجازات. تم اتخاذ القرار بالإجماع." },
    { "GB18030", "董事会会议纪要。我们讨论了明年的预算、大楼的维修以及新的休假规定。决定获得一致通过。" },
    { "SHIFT_JIS", "取締役会の議事録。来年度の予算、建物の修繕、そして新しい休暇の規則について話し合いました。"
                   "決定は全会一致で採択されました。" },
    { "WINDOWS-1252", "Compte rendu de la réunion du comité. Nous avons discuté du budget de l'année prochaine, "
                      "des travaux du bâtiment et des congés d'été. Décision prise à l'unanimité — « bravo »." },
};

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/parvis-extract-XXXXXX");
    if (!mkdtemp(dir)) { CHECK(0); return UNIT_DONE(); }
    static char bytes[8192], html[16384], why[200];

    /* plain text in each charset: the text comes back in UTF-8 */
    for (size_t i = 0; i < sizeof SAMPLES / sizeof *SAMPLES; i++) {
        long n = convert(SAMPLES[i].text, SAMPLES[i].charset, bytes, sizeof bytes);
        CHECK(n > 0);
        if (n <= 0) continue;
        CHECK(memcmp(bytes, SAMPLES[i].text, (size_t)n) != 0);    /* not UTF-8 any more */
        char *got = read_as("plain.txt", bytes, (size_t)n, "text/plain", why, sizeof why);
        if (!got || strcmp(got, SAMPLES[i].text) != 0)
            fprintf(stderr, "  plain %s: %s\n", SAMPLES[i].charset, got ? got : why);
        CHECK_STR(got, SAMPLES[i].text);
        free(got);

        /* HTML: without a declaration, and declared wrongly (ISO-8859-1
         * for any of them, UTF-8 for any of them) */
        const char *decl[] = { "", "<meta charset=\"iso-8859-1\">",
                               "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">" };
        for (int d = 0; d < 3; d++) {
            if (d == 1 && strcmp(SAMPLES[i].charset, "WINDOWS-1252") == 0) continue;   /* right, not wrong */
            int head = snprintf(html, sizeof html, "<html><head>%s<title>t</title></head><body><p>", decl[d]);
            memcpy(html + head, bytes, (size_t)n);
            int tail = snprintf(html + head + n, sizeof html - (size_t)head - (size_t)n, "</p></body></html>");
            got = read_as("page.html", html, (size_t)head + (size_t)n + (size_t)tail, "text/html", why, sizeof why);
            if (got) squeeze(got);
            char want[4096];
            snprintf(want, sizeof want, "t %s", SAMPLES[i].text);
            if (!got || strcmp(got, want) != 0)
                fprintf(stderr, "  html %s (declaration %d): %s\n", SAMPLES[i].charset, d, got ? got : why);
            CHECK_STR(got, want);
            free(got);
        }
    }

    /* UTF-8 stays UTF-8, even declared ISO-8859-1; and a right declaration
     * of a Latin charset is kept */
    {
        const char *text = SAMPLES[7].text;
        int k = snprintf(html, sizeof html, "<html><head><meta charset=\"iso-8859-1\"></head><body>%s</body></html>", text);
        char *got = read_as("utf8.html", html, (size_t)k, "text/html", why, sizeof why);
        if (got) squeeze(got);
        CHECK_STR(got, text);
        free(got);
        got = read_as("utf8.txt", text, strlen(text), "text/plain", why, sizeof why);
        CHECK_STR(got, text);
        free(got);
        /* « œ » and « € » are where Windows-1252 has other signs */
        text = "L'œuvre du peintre coûte 5 000 € : le comité l'a votée à Besançon.";
        long n = convert(text, "ISO-8859-15", bytes, sizeof bytes);
        k = snprintf(html, sizeof html, "<html><head><meta charset=\"iso-8859-15\"></head><body>");
        if (n > 0) memcpy(html + k, bytes, (size_t)n);
        got = n > 0 ? read_as("latin9.html", html, (size_t)k + (size_t)n, "text/html", why, sizeof why) : NULL;
        if (got) squeeze(got);
        CHECK_STR(got, text);
        free(got);
    }

    /* a word split by inline markup is one word, as the browser shows it
     * (unrtf writes an RTF's runs so: « jams,c<i>oated</i> »); blocks,
     * cells and line breaks still separate words */
    {
        const char *page = "<html><body><p>Apples in <b>pie</b>s, jams,c</font><i>oated</i> in t<span>off</span>ee."
                           "</p><p>Second</p><table><tr><td>left</td><td>right</td></tr></table>one<br>two</body></html>";
        char *got = read_as("inline.html", page, strlen(page), "text/html", why, sizeof why);
        if (got) squeeze(got);
        CHECK_STR(got, "Apples in pies, jams,coated in toffee. Second left right one two");
        free(got);
    }

    /* the reasons of a file that cannot be read */
    {
        extract_result x;
        char missing[128];
        snprintf(missing, sizeof missing, "%s/none.txt", dir);
        CHECK(extract_file(missing, "text/plain", &x) == -1);
        CHECK(strncmp(x.reason, "open:", 5) == 0);
        CHECK_STR(index_reason_code(x.reason), "system");
        CHECK(extract_file(missing, "text/html", &x) == -1);
        CHECK(strncmp(x.reason, "open:", 5) == 0);
    }

    /* the codes administrators count the readers' reasons by */
    {
        static const struct { const char *reason, *code; } codes[] = {
            { "a protected PDF", "protected" },
            { "the converter failed (damaged or protected?)", "damaged" },
            { "no text part (damaged or protected?)", "damaged" },
            { "stopped after 20 s", "time_limit" },
            { "the reader was stopped (CPU limit)", "time_limit" },
            { "OCR: stopped after 60 s (12 pages read)", "ocr_limit" },
            { "OCR: Tesseract or its French and English models are missing", "ocr_failed" },
            { "over 10000 entries", "too_large" },
            { "a part is over 64 MiB", "too_large" },
            { "charset X-UNKNOWN: no converter", "charset" },
            { "broken archive: truncated", "damaged" },
            { "not a readable PDF", "damaged" },
            { "fork: Resource temporarily unavailable", "system" },
            { "", "other" },
            { "something new", "other" },
        };
        for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) CHECK_STR(index_reason_code(codes[i].reason), codes[i].code);
        CHECK_STR(index_reason_code(NULL), "other");
    }

    unit_rm_rf(dir);
    return UNIT_DONE();
}
