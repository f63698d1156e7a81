/* The family of a file's type, as search results are counted and filtered
 * by (« PDF », « Documents », « Tableurs »...): from libmagic's MIME type. */
#ifndef PARVIS_FILE_FAMILY_H
#define PARVIS_FILE_FAMILY_H

/* The families, "|"-separated, as the API accepts them. */
#define FILE_FAMILIES "pdf|document|spreadsheet|presentation|text|image|audio|video|archive|email|other"

/* The family of `mime` (never NULL: "other" when none fits). */
const char *file_family(const char *mime);
/* 1 when `name` is one of FILE_FAMILIES. */
int file_family_valid(const char *name);
#endif
