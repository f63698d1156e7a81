/* Unit tests for lib/csv_read.c: encodings, separators, quotes. */
#include <stdlib.h>
#include <string.h>

#include "csv_read.h"
#include "unit.h"

typedef struct {
    char *buf;
    csv_reader r;
    char *f[8];
    csv_record rec;
} reading;

/* decodes `in` (len bytes) and starts reading it */
static void start(reading *g, const char *in, size_t len, csv_encoding *enc)
{
    size_t n = 0;
    g->buf = csv_decode(in, len, &n, enc);
    CHECK(g->buf != NULL);
    if (!g->buf) exit(1);
    csv_reader_init(&g->r, g->buf, n, csv_detect_separator(g->buf, n));
}

static csv_status next(reading *g) { return csv_next(&g->r, g->f, 8, &g->rec); }

int main(void)
{
    reading g;
    csv_encoding enc;

    /* UTF-8 with a BOM, commas, CRLF */
    const char bom[] = "\xEF\xBB\xBF" "email,nom\r\nana@x.fr,Ana Lefèvre\r\n";
    start(&g, bom, sizeof bom - 1, &enc);
    CHECK(enc == CSV_UTF8_BOM);
    CHECK(g.r.sep == ',');
    CHECK(next(&g) == CSV_RECORD);
    CHECK(g.rec.nfields == 2 && g.rec.line == 1);
    CHECK_STR(g.f[0], "email");                 /* no BOM left in the first name */
    CHECK(next(&g) == CSV_RECORD);
    CHECK(g.rec.line == 2 && g.rec.nfields == 2);
    CHECK_STR(g.f[1], "Ana Lefèvre");
    CHECK(next(&g) == CSV_END);
    free(g.buf);

    /* Windows-1252 (Excel in France): é is 0xE9, € is 0x80, ’ is 0x92; semicolons */
    const char cp[] = "courriel;nom;fonction\nzoe@x.fr;Zo\xE9 L\x92H\xF4te;Tr\xE9sori\xE8re \x80\n";
    start(&g, cp, sizeof cp - 1, &enc);
    CHECK(enc == CSV_CP1252);
    CHECK(g.r.sep == ';');
    CHECK(next(&g) == CSV_RECORD);
    CHECK(next(&g) == CSV_RECORD);
    CHECK(g.rec.nfields == 3);
    CHECK_STR(g.f[1], "Zoé L’Hôte");
    CHECK_STR(g.f[2], "Trésorière €");
    free(g.buf);
    /* a byte Windows-1252 leaves undefined, and a NUL: refused */
    size_t n;
    CHECK(csv_decode("a\x81" "b", 3, &n, &enc) == NULL);
    CHECK(csv_decode("a\0b", 3, &n, &enc) == NULL);
    /* plain UTF-8 stays as it is */
    char *u = csv_decode("é", 2, &n, &enc);
    CHECK(u && enc == CSV_UTF8 && n == 2);
    free(u);

    /* quotes: the separator, "" and newlines inside a field; line numbers
     * count physical lines */
    const char q[] = "email;name;groups\n"
                     "\"a@x.fr\";\"Dupont; \"\"Jo\"\"\";\"Com|RH\"\n"
                     "b@x.fr;\"Deux\nlignes\r\nici\";\n"
                     "c@x.fr;C;\n";
    start(&g, q, sizeof q - 1, &enc);
    CHECK(next(&g) == CSV_RECORD);
    CHECK(next(&g) == CSV_RECORD);
    CHECK(g.rec.line == 2 && g.rec.nfields == 3);
    CHECK_STR(g.f[0], "a@x.fr");
    CHECK_STR(g.f[1], "Dupont; \"Jo\"");
    CHECK_STR(g.f[2], "Com|RH");
    CHECK(!g.rec.other_sep);
    CHECK(next(&g) == CSV_RECORD);
    CHECK(g.rec.line == 3 && g.rec.nfields == 3);
    CHECK_STR(g.f[1], "Deux\nlignes\nici");
    CHECK_STR(g.f[2], "");
    CHECK(next(&g) == CSV_RECORD);
    CHECK(g.rec.line == 6);                     /* after the two newlines inside */
    CHECK_STR(g.f[1], "C");
    CHECK(next(&g) == CSV_END);
    free(g.buf);

    /* mixed separators: the other one outside quotes is noticed; empty
     * lines and lines of separators only are blank */
    const char m[] = "email;name\n\na@x.fr,A\n;\n\"b,c@x.fr\";B\n";
    start(&g, m, sizeof m - 1, &enc);
    CHECK(next(&g) == CSV_RECORD);
    CHECK(next(&g) == CSV_RECORD);
    CHECK(g.rec.blank && g.rec.line == 2);
    CHECK(next(&g) == CSV_RECORD);
    CHECK(g.rec.line == 3 && g.rec.nfields == 1 && g.rec.other_sep && !g.rec.blank);
    CHECK(next(&g) == CSV_RECORD);
    CHECK(g.rec.blank && g.rec.nfields == 2);
    CHECK(next(&g) == CSV_RECORD);
    CHECK(g.rec.nfields == 2 && !g.rec.other_sep);   /* a comma inside quotes is text */
    CHECK(next(&g) == CSV_END);
    free(g.buf);

    /* an unterminated quote: an error at the line where it starts, then the end */
    const char t[] = "email,name\na@x.fr,\"A\nb@x.fr,B\n";
    start(&g, t, sizeof t - 1, &enc);
    CHECK(next(&g) == CSV_RECORD);
    CHECK(next(&g) == CSV_UNTERMINATED);
    CHECK(g.rec.line == 2);
    CHECK(next(&g) == CSV_END);
    free(g.buf);

    /* more fields than room: counted, not stored; no newline at the end;
     * a quote inside an unquoted field is kept */
    const char w[] = "a,b,c,d,e,f,g,h,i,j\nx,y\"z";
    start(&g, w, sizeof w - 1, &enc);
    CHECK(next(&g) == CSV_RECORD);
    CHECK(g.rec.nfields == 10);
    CHECK_STR(g.f[7], "h");
    CHECK(next(&g) == CSV_RECORD);
    CHECK(g.rec.nfields == 2);
    CHECK_STR(g.f[1], "y\"z");
    CHECK(next(&g) == CSV_END);
    free(g.buf);

    /* a header with as many commas as semicolons: commas */
    CHECK(csv_detect_separator("a;b,c", 5) == ',');
    CHECK(csv_detect_separator("\"a;b\";c;d,e", 11) == ';');
    CHECK(csv_detect_separator("", 0) == ',');
    return UNIT_DONE();
}
