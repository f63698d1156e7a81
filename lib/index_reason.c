/* Reasons to codes (see index_reason.h): the first rule whose words the
 * reason contains (case ignored) gives the code. */
#include "index_reason.h"
#include <string.h>
#include <strings.h>

typedef struct {
    const char *code;
    const char *const *words;
} rule;

static int has(const char *s, const char *word)
{
    return strcasestr(s, word) != NULL;
}

const char *index_reason_code(const char *reason)
{
    /* the readers' « damaged or protected? »: they could not tell */
    static const char *const unsure[] = { "or protected?", "(or protected)", NULL };
    static const char *const protect[] = { "protected", "password", "encrypted", "protégé", NULL };
    static const char *const ocr_limit[] = { "OCR: only", "OCR: stopped", "OCR: a page of", "OCR: an image of",
                                             "OCR: a page over", NULL };
    static const char *const ocr_failed[] = { "OCR:", NULL };
    static const char *const time_limit[] = { "stopped after", "CPU limit", "timed out", "time limit", NULL };
    static const char *const too_large[] = { "over ", "too large", "too big", NULL };
    static const char *const no_text[] = { "no text", "empty", NULL };
    static const char *const charset[] = { "charset", NULL };
    static const char *const system[] = { "open:", "read:", "seek:", "pipe:", "fork:", "out of memory",
                                          "could not run", NULL };
    static const char *const damaged[] = { "not a readable", "not readable", "broken", "not well-formed", "damaged",
                                           "failed", "crashed", "unreadable", "DTD", "not a ", "could not", NULL };
    static const rule rules[] = {
        { "damaged", unsure }, { "protected", protect }, { "ocr_limit", ocr_limit }, { "ocr_failed", ocr_failed },
        { "time_limit", time_limit }, { "too_large", too_large }, { "no_text", no_text },
        { "charset", charset }, { "system", system }, { "damaged", damaged },
    };
    if (!reason || !*reason) return "other";
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++)
        for (const char *const *w = rules[i].words; *w; w++)
            if (has(reason, *w)) return rules[i].code;
    return "other";
}
