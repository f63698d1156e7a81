/* libFuzzer target: every in-process text reader of the indexer (plain,
 * HTML, XML, office, EPUB, e-mail, archives, PDF, the zip sniffer) on arbitrary
 * bytes (the indexer runs them in a child under limits; here a crash or a
 * leak is what is looked for). The legacy formats' converters are other
 * programs and are not fuzzed here; the OLE readers of extract_ole.c
 * (PowerPoint's records, Outlook .msg, protection flags) and SVG are. The
 * first byte chooses the reader. */
#include "extract.h"
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    static char path[64];
    if (!*path) snprintf(path, sizeof path, "/tmp/parvis-fuzz-extract-%d", (int)getpid());
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return 0;
    if (write(fd, data + 1, size - 1) < 0) { close(fd); return 0; }
    close(fd);
    int out = open("/dev/null", O_WRONLY);
    extract_sink *s = sink_new(out);
    char reason[160], mime[128];
    /* 240 and above: the readers of OLE files (libgsf) and SVG */
    if (data[0] >= 240) {
        switch (data[0] % 4) {
        case 0: ole_ppt_text(path, s, reason, sizeof reason); break;
        case 1: extract_msg(path, s, reason, sizeof reason); break;
        case 2: (void)ole_encrypted(path); (void)ole_is_msg(path); break;
        case 3: extract_svg(path, s, reason, sizeof reason); break;
        }
    } else switch (data[0] % 10) {
    case 0: extract_plain(path, s, reason, sizeof reason); break;
    case 1: extract_html(path, s, reason, sizeof reason); break;
    case 2: extract_office(path, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", s, reason, sizeof reason); break;
    case 3: extract_office(path, "application/vnd.oasis.opendocument.text", s, reason, sizeof reason); break;
    case 4: extract_archive(path, s, reason, sizeof reason); break;
    case 5: extract_pdf_memory((const char *)data + 1, size - 1, s, reason, sizeof reason); break;
    case 6: extract_mail_memory((const char *)data + 1, size - 1, s, reason, sizeof reason); break;
    case 7: extract_office(path, "application/epub+zip", s, reason, sizeof reason); break;
    case 8:
        office_sniff(NULL, (const char *)data + 1, size - 1, mime, sizeof mime);
        if (*mime) extract_office_memory((const char *)data + 1, size - 1, mime, s, reason, sizeof reason);
        break;
    case 9: extract_xml(path, s, reason, sizeof reason); break;
    }
    sink_free(s);
    close(out);
    return 0;
}
