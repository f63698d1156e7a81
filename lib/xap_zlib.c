/* Reading back what Xapian compressed, on Debian 12.
 *
 * Xapian 1.4.22 (Debian 12's) cannot read some of its own compressed
 * entries: its CompressionStream::decompress_chunk() inflates into an
 * 8 KiB buffer and gives up on a chunk once zlib has consumed all of its
 * input, even when zlib still has output to give because the buffer was
 * full. The last bytes of an entry that unpack to more than 8 KiB — a
 * document's data or term list made of repeated text, a column of zeros,
 * many numbers — then read as "DatabaseCorruptError: Too few chunks of
 * compressed data", although the database is whole: searches failed, and
 * the indexer could no longer replace or delete such a document (found by
 * tests/torture/crash.mjs; reproduced with Xapian alone in test_xap).
 *
 * zlib's inflate() is called by libxapian through the dynamic linker, so
 * this program's own inflate() comes first. For the calls libxapian makes,
 * and only for them, it keeps Xapian asking while zlib has output pending:
 * when an inflate ends with its output full and its input consumed, it
 * shows Xapian one placeholder byte of input, so that Xapian calls again;
 * that next call drains zlib's pending output with no input at all.
 * Every other caller (libarchive, libxml2, poppler) reaches zlib as is. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

typedef int (*inflate_fn)(z_streamp, int);

/* found once, by whichever thread inflates first (a search and its
 * facets thread may both be first) */
static pthread_once_t located = PTHREAD_ONCE_INIT;
static inflate_fn real_inflate;
static uintptr_t xapian_lo, xapian_hi;   /* libxapian's loaded segments */
static Bytef placeholder;

static int find_xapian(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size; (void)data;
    if (!info->dlpi_name || !strstr(info->dlpi_name, "libxapian")) return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD) continue;
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
        if (!xapian_lo || lo < xapian_lo) xapian_lo = lo;
        if (hi > xapian_hi) xapian_hi = hi;
    }
    return 1;
}

static void locate(void)
{
    real_inflate = (inflate_fn)dlsym(RTLD_NEXT, "inflate");
    dl_iterate_phdr(find_xapian, NULL);
}

static int from_xapian(const void *caller)
{
    uintptr_t a = (uintptr_t)caller;
    return a >= xapian_lo && a < xapian_hi;
}

int inflate(z_streamp s, int flush)
{
    pthread_once(&located, locate);
    if (!from_xapian(__builtin_return_address(0))) return real_inflate(s, flush);
    /* the call that follows a placeholder: no input, the pending output */
    int drain = s->next_in == &placeholder;
    if (drain) {
        s->next_in = &placeholder + 1;
        s->avail_in = 0;
    }
    uLong out_before = s->total_out;
    int r = real_inflate(s, flush);
    /* nothing was pending after all: ask for the next chunk */
    if (drain && r == Z_BUF_ERROR && s->total_out == out_before) r = Z_OK;
    if (r == Z_OK && s->avail_out == 0 && s->avail_in == 0) {
        s->next_in = &placeholder;
        s->avail_in = 1;
    }
    return r;
}
