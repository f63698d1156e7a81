#include "drive/drive_names.h"
#include "fold.h"
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* U+200E, U+200F, U+202A..U+202E, U+2066..U+2069 in UTF-8 */
static int is_bidi(const unsigned char *p, size_t left)
{
    if (left < 3 || p[0] != 0xE2) return 0;
    if (p[1] == 0x80) return p[2] == 0x8E || p[2] == 0x8F || (p[2] >= 0xAA && p[2] <= 0xAE);
    if (p[1] == 0x81) return p[2] >= 0xA6 && p[2] <= 0xA9;
    return 0;
}

/* Invisible characters that make two names look alike: U+00AD (soft
 * hyphen: C2 AD), U+200B..U+200D (zero-width space, non-joiner, joiner),
 * U+2060..U+2064 (word joiner, invisible operators), U+FEFF (BOM). */
static int is_invisible(const unsigned char *p, size_t left)
{
    if (left >= 2 && p[0] == 0xC2 && p[1] == 0xAD) return 1;
    if (left < 3) return 0;
    if (p[0] == 0xE2 && p[1] == 0x80) return p[2] >= 0x8B && p[2] <= 0x8D;
    if (p[0] == 0xE2 && p[1] == 0x81) return p[2] >= 0xA0 && p[2] <= 0xA4;
    return p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF;
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
        if (is_invisible(p + i, len - i)) return M_NAME_INVISIBLE;
    }
    if (name[0] == ' ' || name[len - 1] == ' ' || name[len - 1] == '.') return M_NAME_TRAILING;
    return 0;
}

const char *drive_name_accept(arena *a, const char *name, msg_id *why)
{
    size_t len = name ? strlen(name) : 0;
    /* the checks that need no normal form first: NUL, bad UTF-8 */
    *why = drive_name_check(name, len);
    if (*why) return NULL;
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)name);
    if (!nfc) { *why = M_NAME_UTF8; return NULL; }
    /* composing changes the length (most often shortens): checked again */
    const char *kept = arena_strdup(a, (const char *)nfc);
    free(nfc);
    *why = drive_name_check(kept, strlen(kept));
    return *why ? NULL : kept;
}
