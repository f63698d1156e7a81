/* Text folding for search (see fold.h): a strict hand-written UTF-8 decoder
 * and one small table for U+00C0..U+017F, after Unicode's composition
 * (NFC, by utf8proc) where the text may need it. */
#include "fold.h"

#include <utf8proc.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>

/* Decodes the sequence at s[0..len). On success stores the code point in *cp
 * and returns its length (1..4). On failure returns the negated length of the
 * maximal invalid subpart (at least 1 byte), so that the caller replaces each
 * broken sequence by one space (Unicode's recommended practice). Overlong
 * forms, surrogates and code points above U+10FFFF are invalid. */
static int utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char c = s[0];
    int need;
    uint32_t v;
    unsigned char lo = 0x80, hi = 0xBF;   /* allowed range of the 2nd byte */

    if (c < 0x80) { *cp = c; return 1; }
    if (c < 0xC2) return -1;              /* continuation byte or overlong C0/C1 */
    if (c < 0xE0) { need = 1; v = c & 0x1F; }
    else if (c < 0xF0) {
        need = 2; v = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;         /* overlong */
        else if (c == 0xED) hi = 0x9F;    /* surrogates D800..DFFF */
    } else if (c < 0xF5) {
        need = 3; v = c & 0x07;
        if (c == 0xF0) lo = 0x90;         /* overlong */
        else if (c == 0xF4) hi = 0x8F;    /* above U+10FFFF */
    } else return -1;

    for (int i = 1; i <= need; i++) {
        if ((size_t)i >= len) return -i;  /* truncated */
        unsigned char b = s[i];
        if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return -i;
        v = (v << 6) | (b & 0x3F);
    }
    *cp = v;
    return need + 1;
}

int utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    if (!s) return len == 0;
    while (i < len) {
        uint32_t cp;
        int n = utf8_decode(p + i, len - i, &cp);
        if (n < 0 || cp == 0) return 0;
        i += (size_t)n;
    }
    return 1;
}

/* One character per code point from U+00C0 to U+017F: a lower-case ASCII
 * letter to fold to, '.' to keep the character unchanged, or a digit that
 * names an expansion in `expand`. */
#define FOLD_FIRST 0xC0
#define FOLD_LAST  0x17F
static const char fold_tab[] =
    /* 00C0 */ "aaaaaa1ceeeeiiii"   /* À..Å Æ Ç È..Ë Ì..Ï */
    /* 00D0 */ "dnooooo.ouuuuy53"   /* Ð Ñ Ò..Ö × Ø Ù..Ü Ý Þ ß */
    /* 00E0 */ "aaaaaa1ceeeeiiii"   /* à..å æ ç è..ë ì..ï */
    /* 00F0 */ "dnooooo.ouuuuy5y"   /* ð ñ ò..ö ÷ ø ù..ü ý þ ÿ */
    /* 0100 */ "aaaaaaccccccccdd"   /* Ā..ą Ć..č Ď ď */
    /* 0110 */ "ddeeeeeeeeeegggg"   /* Đ đ Ē..ě Ĝ..ğ */
    /* 0120 */ "gggghhhhiiiiiiii"   /* Ġ..ģ Ĥ..ħ Ĩ..į */
    /* 0130 */ "ii44jjkkklllllll"   /* İ ı Ĳ ĳ Ĵ ĵ Ķ ķ ĸ Ĺ..Ŀ */
    /* 0140 */ "lllnnnnnnnnnoooo"   /* ŀ Ł ł Ń..ŉ Ŋ ŋ Ō..ŏ */
    /* 0150 */ "oo22rrrrrrssssss"   /* Ő ő Œ œ Ŕ..ř Ś..ş */
    /* 0160 */ "ssttttttuuuuuuuu"   /* Š š Ţ..ŧ Ũ..ů */
    /* 0170 */ "uuuuwwyyyzzzzzzs";  /* Ű..ų Ŵ ŵ Ŷ ŷ Ÿ Ź..ž ſ */
_Static_assert(sizeof fold_tab == FOLD_LAST - FOLD_FIRST + 2, "fold table size");
static const char *const expand[] = { "", "ae", "oe", "ss", "ij", "th" };

static char *fold_composed(const char *in, size_t len)
{
    const unsigned char *p = (const unsigned char *)in;
    /* Every rule produces at most as many bytes as it consumes (a 2-byte
     * character gives at most 2 ASCII bytes, a 3-byte apostrophe gives 1, a
     * broken sequence of n >= 1 bytes gives 1), so len + 1 is enough. */
    char *out = malloc(len + 1);
    size_t i = 0, o = 0;
    if (!out) return NULL;
    if (!in) len = 0;
    while (i < len) {
        uint32_t cp;
        int n = utf8_decode(p + i, len - i, &cp);
        if (n < 0) {                       /* invalid: one space */
            out[o++] = ' ';
            i += (size_t)-n;
            continue;
        }
        if (cp < 0x80) {
            char c = (char)cp;
            if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
            else if (c == '\0') c = ' ';   /* keep the result a C string */
            out[o++] = c;
        } else if (cp >= FOLD_FIRST && cp <= FOLD_LAST && fold_tab[cp - FOLD_FIRST] != '.') {
            char t = fold_tab[cp - FOLD_FIRST];
            if (t >= '1' && t <= '9') {
                for (const char *e = expand[t - '0']; *e; e++) out[o++] = *e;
            } else {
                out[o++] = t;
            }
        } else if (cp == 0x2019 || cp == 0x02BC) {
            out[o++] = '\'';
        } else {                           /* anything else: copied as is */
            for (int k = 0; k < n; k++) out[o++] = (char)p[i + (size_t)k];
        }
        i += (size_t)n;
    }
    out[o] = '\0';
    return out;
}

/* Composition can change only text with a code point from U+0300 on
 * (combining marks, jamo, scripts beyond Latin): its UTF-8 has a byte from
 * 0xCC up. Latin text without one (most text) is folded as it is. */
static int may_decompose(const char *in, size_t len)
{
    for (size_t i = 0; i < len; i++) if ((unsigned char)in[i] >= 0xCC) return 1;
    return 0;
}

/* Decomposed text (NFD, as macOS writes names and text: « e » then U+0301)
 * is composed first (NFC), so that it folds as the composed text does.
 * Invalid UTF-8 is first made valid (a space for each broken sequence) by
 * a first folding, then composed and folded again. */
char *fold_text(const char *in, size_t len)
{
    if (!in) len = 0;
    if (!may_decompose(in, len)) return fold_composed(in, len);
    char *clean = NULL;
    const char *src = in;
    if (!utf8_valid(in, len)) {
        if (!(clean = fold_composed(in, len))) return NULL;
        src = clean;
        len = strlen(clean);
    }
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)src, (utf8proc_ssize_t)len, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    char *out = n >= 0 ? fold_composed((const char *)nfc, (size_t)n) : fold_composed(src, len);
    free(nfc);
    free(clean);
    return out;
}

static int letter(char c) { return (c >= 'a' && c <= 'z') || (unsigned char)c >= 0x80 || (c >= '0' && c <= '9'); }

void fold_split_elisions(char *s)
{
    static const char *const elided[] = { "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu" };
    for (char *p = s; *p; p++) {
        if (*p != '\'' || p == s || !letter(p[1])) continue;
        char *w = p;                      /* back to the word's start */
        while (w > s && letter(w[-1])) w--;
        size_t n = (size_t)(p - w);
        for (size_t k = 0; k < sizeof elided / sizeof *elided; k++)
            if (strlen(elided[k]) == n && strncmp(w, elided[k], n) == 0) { *p = ' '; break; }
    }
}
