/* Text folding for search: lower case, accents removed, so that "helene"
 * finds "Hélène" and "evenement" finds "Événement". The same function is
 * applied to indexed text and to queries. */
#ifndef PARVIS_FOLD_H
#define PARVIS_FOLD_H
#include <stddef.h>

/* Returns a malloc'd, NUL-terminated folded copy of the UTF-8 text `in`
 * (`len` bytes), or NULL on allocation failure. Invalid UTF-8 sequences are
 * replaced by a space. Characters are folded one to one where a table says
 * how (Latin-1, Latin Extended-A, common ligatures expand: œ→oe, æ→ae, ß→ss);
 * other characters are lower-cased when ASCII and kept as they are otherwise.
 * Typographic apostrophes (U+2019, U+02BC) become "'". Decomposed text
 * (NFD: « e » followed by U+0301, as macOS writes it) is composed (NFC,
 * utf8proc) before folding, so it folds as the composed text: a document
 * or a query in either form gives the same words. The result may then be
 * a few bytes longer than `len` (a rare composition that expands). */
char *fold_text(const char *in, size_t len);

/* French elisions split, in place, in folded text: « l'ecole », « d'ecole »,
 * « qu'il » become « l ecole », « d ecole », « qu il », so that « ecole »
 * finds them (the elided word is kept, a short word among others). */
void fold_split_elisions(char *folded);

/* 1 if the `len` bytes at `s` are valid UTF-8 with no NUL and no overlong or
 * surrogate sequence, else 0. */
int utf8_valid(const char *s, size_t len);
#endif
