/* The answer to a preview's request once the asker's right to it is
 * settled (drive/h_preview.c): the thumbnail of a content, its page count
 * or one page, made on demand (202) or said impossible (415). Who may ask
 * is each source's affair: a drive's file, a post's attachment, a
 * conversation's attachment. */
#ifndef PARVIS_PREVIEW_ANSWER_H
#define PARVIS_PREVIEW_ANSWER_H

#include "core/req.h"

typedef enum {
    ASK_THUMBNAIL,      /* ?size=small|large */
    ASK_PAGE_COUNT,     /* {"count"} of a document's pages */
    ASK_PAGE,           /* one page, 1 to count */
} preview_ask;

/* Answers for content `sha` of type `mime`; `page` for ASK_PAGE. */
int preview_answer(req *r, const char *sha, const char *mime, preview_ask ask, long long page);

#endif
