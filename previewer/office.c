/* Placeholder until the conversion lands (it replaces this file whole):
 * no office document is converted, and each says so. */
#include "office.h"
#include <stdio.h>

int office_is_convertible(const char *mime)
{
    (void)mime;
    return 0;
}

int office_to_pdf(const char *src, const char *mime, const char *out_pdf, const char *work_dir,
                  char *reason, size_t rlen, long *started_ms)
{
    (void)src; (void)mime; (void)out_pdf; (void)work_dir;
    if (started_ms) *started_ms = 0;
    snprintf(reason, rlen, "office conversion not available");
    return -1;
}
