/* The names the drive accepts and those it refuses, with the reason. */
#include "drive/drive_names.h"
#include "unit.h"

#define NAME(s, m) CHECK(drive_name_check(s, strlen(s)) == (m))

int main(void)
{
    NAME("Compte rendu.pdf", 0);
    NAME("réunion du 12 mars (v2).docx", 0);
    NAME(".bashrc", 0);
    NAME("a..b", 0);
    NAME("日本語.txt", 0);
    NAME("", M_NAME_EMPTY);
    NAME("a/b", M_NAME_SLASH);
    NAME("a\\b", M_NAME_SLASH);
    NAME("..", M_NAME_DOTS);
    NAME(".", M_NAME_DOTS);
    NAME("rapport.", M_NAME_TRAILING);
    NAME("rapport ", M_NAME_TRAILING);
    NAME(" rapport", M_NAME_TRAILING);
    NAME("a\tb", M_NAME_CONTROL);
    NAME("a\nb", M_NAME_CONTROL);
    NAME("a\x7f", M_NAME_CONTROL);
    NAME("a\xc2\x85" "b", M_NAME_CONTROL);        /* U+0085, next line */
    NAME("photo\xe2\x80\xaegpj.exe", M_NAME_BIDI); /* right-to-left override */
    NAME("x\xe2\x81\xa6y", M_NAME_BIDI);           /* left-to-right isolate */
    NAME("\xff\xfe.txt", M_NAME_UTF8);
    CHECK(drive_name_check("a\0b", 3) == M_NAME_CONTROL);
    char longname[300];
    memset(longname, 'a', 256);
    longname[256] = 0;
    NAME(longname, M_NAME_TOO_LONG);
    longname[255] = 0;
    NAME(longname, 0);

    /* invisible characters that make two names look alike */
    NAME("a\xe2\x80\x8b" "b", M_NAME_INVISIBLE);     /* zero-width space */
    NAME("a\xe2\x80\x8d" "b", M_NAME_INVISIBLE);     /* zero-width joiner */
    NAME("a\xe2\x81\xa0" "b", M_NAME_INVISIBLE);     /* word joiner */
    NAME("\xef\xbb\xbfrapport", M_NAME_INVISIBLE);   /* byte order mark */
    NAME("rap\xc2\xadport", M_NAME_INVISIBLE);        /* soft hyphen */
    NAME("\xe2\x80\x94 tiret", 0);                    /* an em dash is visible */

    /* one name whatever the Unicode form it is typed in: NFC kept */
    arena *a = arena_new(1024);
    msg_id why;
    const char *composed = drive_name_accept(a, "caf\xc3\xa9.txt", &why);       /* é */
    const char *decomposed = drive_name_accept(a, "cafe\xcc\x81.txt", &why);   /* e + U+0301 */
    CHECK_STR(composed, "caf\xc3\xa9.txt");
    CHECK_STR(decomposed, "caf\xc3\xa9.txt");
    CHECK(drive_name_accept(a, "a\xe2\x80\x8b" "b", &why) == NULL && why == M_NAME_INVISIBLE);
    CHECK(drive_name_accept(a, "\xff", &why) == NULL && why == M_NAME_UTF8);
    CHECK(drive_name_accept(a, "..", &why) == NULL && why == M_NAME_DOTS);
    arena_free(a);
    return UNIT_DONE();
}
