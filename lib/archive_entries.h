/* Walking the entries of an archive with libarchive, its warnings taken as
 * warnings. libarchive answers ARCHIVE_WARN for an entry it read but could
 * not convert entirely (a name in a charset the locale cannot show:
 * « café.txt » in a zip, read without a UTF-8 locale): the entry is there,
 * and so are the ones after it. Stopping at anything but ARCHIVE_OK cut
 * listings and indexing at the first such name. */
#ifndef PARVIS_ARCHIVE_ENTRIES_H
#define PARVIS_ARCHIVE_ENTRIES_H
#include <archive.h>
#include <archive_entry.h>

/* The next entry into *e: 1, or 0 at the end of the archive, or -1 when it
 * cannot be read further (archive_error_string(a) says why). */
int archive_next_entry(struct archive *a, struct archive_entry **e);
/* The entry's name as UTF-8, or NULL: libarchive's conversion, else the
 * raw name when it is UTF-8, else the raw name read as CP437 (a zip made
 * on Windows without the UTF-8 flag), in a static buffer that the next
 * call overwrites. */
const char *archive_entry_name(struct archive_entry *e);
/* Names are converted for a UTF-8 locale: call once in a process that
 * reads archives (a child, before anything else runs in it). */
void archive_entries_locale(void);
#endif
