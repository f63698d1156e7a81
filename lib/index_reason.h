/* Why a file's text could not be read (or was cut), as a short stable code
 * for counting: the indexer's readers write reasons in words (« a protected
 * PDF », « OCR: only the first 20 pages read »...); administrators see
 * counts by code (GET /search/status, « Administration › Recherche »),
 * labelled in French and English by the browser. */
#ifndef PARVIS_INDEX_REASON_H
#define PARVIS_INDEX_REASON_H

/* The codes, in the order they are shown. */
#define INDEX_REASON_CODES \
    X(protected) X(ocr_limit) X(ocr_failed) X(time_limit) X(too_large) X(no_text) X(charset) \
    X(damaged) X(system) X(other)

/* The code of a reason: one of INDEX_REASON_CODES' names ("other" when no
 * rule knows it; never NULL). */
const char *index_reason_code(const char *reason);
#endif
