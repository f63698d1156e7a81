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

const char *archive_entry_name(struct archive_entry *e)
{
    const char *name = archive_entry_pathname_utf8(e);
    return name ? name : archive_entry_pathname(e);
}

void archive_entries_locale(void)
{
    /* any UTF-8 locale: C.UTF-8 is in every glibc since 2.35, Debian's
     * older ones too */
    if (!setlocale(LC_CTYPE, "C.UTF-8")) setlocale(LC_CTYPE, "en_US.UTF-8");
}
