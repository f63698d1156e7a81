/* The names the drive accepts and those it refuses, with the reason. */
#include "drive_names.h"
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
    return UNIT_DONE();
}
