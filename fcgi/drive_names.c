#include "drive_names.h"
#include "fold.h"
#include <string.h>

/* U+200E, U+200F, U+202A..U+202E, U+2066..U+2069 in UTF-8 */
static int is_bidi(const unsigned char *p, size_t left)
{
    if (left < 3 || p[0] != 0xE2) return 0;
    if (p[1] == 0x80) return p[2] == 0x8E || p[2] == 0x8F || (p[2] >= 0xAA && p[2] <= 0xAE);
    if (p[1] == 0x81) return p[2] >= 0xA6 && p[2] <= 0xA9;
    return 0;
}

msg_id drive_name_check(const char *name, size_t len)
{
    if (!name || len == 0) return M_NAME_EMPTY;
    if (len > 255) return M_NAME_TOO_LONG;
    if (memchr(name, 0, len) || strnlen(name, len) != len) return M_NAME_CONTROL;
    if (!utf8_valid(name, len)) return M_NAME_UTF8;
    if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.')) return M_NAME_DOTS;
    const unsigned char *p = (const unsigned char *)name;
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '/' || p[i] == '\\') return M_NAME_SLASH;
        if (p[i] < 0x20 || p[i] == 0x7F) return M_NAME_CONTROL;
        /* C1 controls U+0080..U+009F: C2 80..C2 9F */
        if (p[i] == 0xC2 && i + 1 < len && p[i + 1] <= 0x9F) return M_NAME_CONTROL;
        if (is_bidi(p + i, len - i)) return M_NAME_BIDI;
    }
    if (name[0] == ' ' || name[len - 1] == ' ' || name[len - 1] == '.') return M_NAME_TRAILING;
    return 0;
}
