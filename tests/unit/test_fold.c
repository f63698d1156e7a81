/* Unit tests for lib/fold.c: folding and strict UTF-8 validation. */
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "unit.h"
#include <utf8proc.h>

/* Decomposed text (NFD) folds as its composed form (NFC): the NFD form is
 * made by utf8proc from the composed text, not written by hand. */
static void check_nfd(const char *nfc, int line)
{
    char *nfd = (char *)utf8proc_NFD((const utf8proc_uint8_t *)nfc);
    CHECK(nfd && strcmp(nfd, nfc) != 0);                  /* it really is decomposed */
    char *a = fold_text(nfc, strlen(nfc)), *b = nfd ? fold_text(nfd, strlen(nfd)) : NULL;
    if (!a || !b || strcmp(a, b) != 0) fprintf(stderr, "  (NFD case at line %d)\n", line);
    CHECK_STR(b, a);
    free(a);
    free(b);
    free(nfd);
}
#define NFD_SAME(nfc) check_nfd((nfc), __LINE__)

static void check_fold(const char *in, const char *want, int line)
{
    char *got = fold_text(in, strlen(in));
    if (!got || strcmp(got, want) != 0)
        fprintf(stderr, "  (fold case at line %d)\n", line);
    CHECK_STR(got, want);
    free(got);
}
#define FOLD(in, want) check_fold((in), (want), __LINE__)

static int valid(const char *s) { return utf8_valid(s, strlen(s)); }

int main(void)
{
    /* The cases the search relies on. */
    FOLD("Hélène", "helene");
    FOLD("ÉVÉNEMENT", "evenement");
    FOLD("Œuvre", "oeuvre");
    FOLD("l’école", "l'ecole");            /* U+2019 */
    FOLD("l\xca\xbc" "ecole", "l'ecole");  /* U+02BC */
    FOLD("\xff", " ");

    /* ASCII, Latin-1, Latin Extended-A, ligatures. */
    FOLD("", "");
    FOLD("Hello, World 42!", "hello, world 42!");
    FOLD("Ça déjà où", "ca deja ou");
    FOLD("àâä îï ôö ùûü ÿŸ ñÑ", "aaa ii oo uuu yy nn");
    FOLD("ÀÁÂÃÄÅ ÈÉÊË ÌÍÎÏ ÒÓÔÕÖØ ÙÚÛÜ Ý", "aaaaaa eeee iiii oooooo uuuu y");
    FOLD("Æsop æther œil Straße", "aesop aether oeil strasse");
    FOLD("Łódź Škoda Čapek Ğ İ ı ſ", "lodz skoda capek g i i s");
    FOLD("Ĳssel", "ijssel");
    FOLD("2×3÷4", "2×3÷4");                /* signs are not letters: kept */
    FOLD("Ωμέγα 東京 😀", "Ωμέγα 東京 😀"); /* outside the table: kept */

    /* NFD (macOS): composed before folding, whatever the script. */
    NFD_SAME("Réunion du comité à Besançon");
    NFD_SAME("ÉVÉNEMENT Hélène Noël");
    NFD_SAME("Tiếng Việt");                       /* two marks on one letter */
    NFD_SAME("Ελληνικά άέή");                     /* Greek tonos */
    NFD_SAME("йогурт Йошкар-Ола");                /* Cyrillic short i */
    NFD_SAME("がぎぐ パピプ");                     /* Japanese (han)dakuten */
    NFD_SAME("한국어");                            /* Hangul syllables from jamo */
    {
        char *nfd = (char *)utf8proc_NFD((const utf8proc_uint8_t *)"Résumé");
        char *f = nfd ? fold_text(nfd, strlen(nfd)) : NULL;
        CHECK_STR(f, "resume");                   /* and then folded as ever */
        free(f);
        /* invalid bytes amid decomposed text: each a space, the rest composed */
        char buf[64];
        snprintf(buf, sizeof buf, "%s\xff%s", nfd ? nfd : "", nfd ? nfd : "");
        f = fold_text(buf, strlen(buf));
        CHECK_STR(f, "resume resume");
        free(f);
        free(nfd);
    }

    /* Invalid input: each broken sequence becomes one space. */
    FOLD("a\xffz", "a z");
    FOLD("a\xc3", "a ");                   /* truncated at the end */
    FOLD("\xc3(x", " (x");                 /* bad continuation: '(' kept */
    FOLD("\xc0\xaf", "  ");                /* overlong '/' */
    FOLD("\xed\xa0\x80", "   ");           /* surrogate D800 */
    FOLD("\xf4\x90\x80\x80", "    ");      /* above U+10FFFF */
    FOLD("\xe2\x80", " ");                 /* truncated 3-byte sequence */

    /* An embedded NUL cannot survive in a C string: it becomes a space. */
    {
        char *got = fold_text("A\0B", 3);
        CHECK_STR(got, "a b");
        free(got);
    }
    /* len, not the NUL, bounds the input. */
    {
        char *got = fold_text("ABCDEF", 3);
        CHECK_STR(got, "abc");
        free(got);
    }

    /* utf8_valid */
    CHECK(valid("") == 1);
    CHECK(valid("plain ascii") == 1);
    CHECK(valid("Hélène Œuvre l’école") == 1);
    CHECK(valid("東京 😀 \xf4\x8f\xbf\xbf") == 1);   /* U+10FFFF is fine */
    CHECK(valid("\xef\xbf\xbf") == 1);               /* U+FFFF */
    CHECK(valid("\xc0\xaf") == 0);                   /* overlong */
    CHECK(valid("\xe0\x80\xaf") == 0);               /* overlong, 3 bytes */
    CHECK(valid("\xf0\x80\x80\xaf") == 0);           /* overlong, 4 bytes */
    CHECK(valid("\xed\xa0\x80") == 0);               /* surrogate */
    CHECK(valid("\xed\xbf\xbf") == 0);               /* surrogate */
    CHECK(valid("\xc3") == 0);                       /* truncated */
    CHECK(valid("\xe2\x80") == 0);                   /* truncated */
    CHECK(valid("\xf4\x90\x80\x80") == 0);           /* > U+10FFFF */
    CHECK(valid("\xf5\x80\x80\x80") == 0);
    CHECK(valid("\xff") == 0);
    CHECK(valid("\x80") == 0);                       /* lone continuation */
    CHECK(utf8_valid("a\0b", 3) == 0);               /* NUL */
    CHECK(utf8_valid("\xc3\xa9", 1) == 0);           /* cut by len */
    CHECK(utf8_valid("\xc3\xa9", 2) == 1);
    CHECK(utf8_valid(NULL, 0) == 1);

    /* French elisions, split after folding */
    static const char *const elisions[][2] = {
        { "l'ecole", "l ecole" }, { "d'ecole", "d ecole" }, { "qu'il", "qu il" }, { "jusqu'ici", "jusqu ici" },
        { "aujourd'hui", "aujourd'hui" }, { "o'brien", "o'brien" }, { "l'", "l'" }, { "'ecole", "'ecole" },
        { "dans l'ecole d'ete", "dans l ecole d ete" },
    };
    for (size_t i = 0; i < sizeof elisions / sizeof *elisions; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s", elisions[i][0]);
        fold_split_elisions(buf);
        CHECK_STR(buf, elisions[i][1]);
    }
    char *typo = fold_text("L\xe2\x80\x99\xc3\x89" "cole", 10);   /* L’École */
    if (typo) fold_split_elisions(typo);
    CHECK_STR(typo, "l ecole");
    free(typo);
    return UNIT_DONE();
}
