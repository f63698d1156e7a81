/* What a zip really is: libmagic names a .docx, .xlsx or .odt whose
 * entries are in an unusual order (Apache POI's, LibreOffice's older ones)
 * "application/zip"; their entries' names say (and OpenDocument's and
 * EPUB's "mimetype" entry). Used by the blob store, so that a file is
 * typed once for the drive, the previews and the indexer. */
#ifndef PARVIS_OFFICE_SNIFF_H
#define PARVIS_OFFICE_SNIFF_H
#include <stddef.h>

/* The office type (OOXML, OpenDocument, EPUB) of a zip read from path,
 * else from buf, else from the open descriptor fd (from its start; its
 * offset is moved); "" when it is none of them. */
void office_sniff(const char *path, const char *buf, size_t len, char *mime, size_t mlen);
void office_sniff_fd(int fd, char *mime, size_t mlen);

#endif
