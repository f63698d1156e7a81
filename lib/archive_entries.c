/* libarchive's walk, warnings kept as warnings (archive_entries.h). */
#include "archive_entries.h"
#include <locale.h>

/* ARCHIVE_RETRY means: ask again; not for ever */
#define RETRIES 3

int archive_next_entry(struct archive *a, struct archive_entry **e)
{
    for (int attempt = 0; attempt < RETRIES; attempt++) {
        switch (archive_read_next_header(a, e)) {
        case ARCHIVE_OK:
        case ARCHIVE_WARN:       /* the entry is there: a name not converted, an odd field */
            return 1;
        case ARCHIVE_EOF:
            return 0;
        case ARCHIVE_RETRY:
            continue;
        default:                 /* ARCHIVE_FAILED, ARCHIVE_FATAL: no further entry can be trusted */
            return -1;
        }
    }
    return -1;
}

/* Whether s is valid UTF-8 (overlongs and surrogates aside). */
static int valid_utf8(const unsigned char *s)
{
    while (*s) {
        int n = *s < 0x80 ? 0 : (*s & 0xe0) == 0xc0 ? 1 : (*s & 0xf0) == 0xe0 ? 2 : (*s & 0xf8) == 0xf0 ? 3 : -1;
        if (n < 0) return 0;
        s++;
        for (; n > 0; n--, s++) if ((*s & 0xc0) != 0x80) return 0;
    }
    return 1;
}

/* IBM PC code page 437, 0x80 to 0xFF: the names of a zip made on Windows
 * without the UTF-8 flag (APPNOTE's default). */
static const unsigned short cp437[128] = {
    0xc7, 0xfc, 0xe9, 0xe2, 0xe4, 0xe0, 0xe5, 0xe7, 0xea, 0xeb, 0xe8, 0xef, 0xee, 0xec, 0xc4, 0xc5,
    0xc9, 0xe6, 0xc6, 0xf4, 0xf6, 0xf2, 0xfb, 0xf9, 0xff, 0xd6, 0xdc, 0xa2, 0xa3, 0xa5, 0x20a7, 0x192,
    0xe1, 0xed, 0xf3, 0xfa, 0xf1, 0xd1, 0xaa, 0xba, 0xbf, 0x2310, 0xac, 0xbd, 0xbc, 0xa1, 0xab, 0xbb,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255d, 0x255c, 0x255b, 0x2510,
    0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x255e, 0x255f, 0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256b, 0x256a, 0x2518, 0x250c, 0x2588, 0x2584, 0x258c, 0x2590, 0x2580,
    0x3b1, 0xdf, 0x393, 0x3c0, 0x3a3, 0x3c3, 0xb5, 0x3c4, 0x3a6, 0x398, 0x3a9, 0x3b4, 0x221e, 0x3c6, 0x3b5, 0x2229,
    0x2261, 0xb1, 0x2265, 0x2264, 0x2320, 0x2321, 0xf7, 0x2248, 0xb0, 0x2219, 0xb7, 0x221a, 0x207f, 0xb2, 0x25a0, 0xa0,
};

const char *archive_entry_name(struct archive_entry *e)
{
    const char *name = archive_entry_pathname_utf8(e);
    if (name) return name;
    name = archive_entry_pathname(e);
    if (!name || valid_utf8((const unsigned char *)name)) return name;
    /* not UTF-8 and not converted (a zip from Windows, names in its OEM
     * code page): read as CP437, as zip's specification says */
    static char out[4096];
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && n + 4 < sizeof out; p++) {
        unsigned c = *p < 0x80 ? *p : cp437[*p - 0x80];
        if (c < 0x80) out[n++] = (char)c;
        else if (c < 0x800) { out[n++] = (char)(0xc0 | c >> 6); out[n++] = (char)(0x80 | (c & 0x3f)); }
        else { out[n++] = (char)(0xe0 | c >> 12); out[n++] = (char)(0x80 | (c >> 6 & 0x3f)); out[n++] = (char)(0x80 | (c & 0x3f)); }
    }
    out[n] = 0;
    return out;
}

void archive_entries_locale(void)
{
    /* any UTF-8 locale: C.UTF-8 is in every glibc since 2.35, Debian's
     * older ones too */
    if (!setlocale(LC_CTYPE, "C.UTF-8")) setlocale(LC_CTYPE, "en_US.UTF-8");
}
