/* OCR: the text of scanned pages and of images, read by Tesseract (French
 * and English models) in the limited extraction child. Limits: OCR_PAGES_MAX
 * pages a file, OCR_PIXELS_MAX pixels a page (an image above it is not
 * decoded at all: its size is read from its header), OCR_SECONDS in all
 * (each page's recognition has the time left as its deadline). A limit
 * that stops the reading leaves a reason beside the text read so far. */
#include "extract.h"
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int extract_ocr_used;
int extract_ocr_allowed;

/* Below this mean confidence (0..100) an image's text is taken for noise:
 * a photograph, a drawing. */
#define IMAGE_CONFIDENCE_MIN 40

struct ocr_run {
    TessBaseAPI *api;
    ETEXT_DESC *monitor;
    struct timespec start;
    int pages;                      /* pages recognised */
};

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

void extract_ocr_one_thread(char *const argv[])
{
    const char *v = getenv("OMP_THREAD_LIMIT");
    if (v && strcmp(v, "1") == 0) return;
    setenv("OMP_THREAD_LIMIT", "1", 1);
    execv("/proc/self/exe", argv);       /* returns only when it failed: OCR then runs as it may */
}

ocr_run *ocr_start(char *reason, size_t rlen)
{
    if (!extract_ocr_allowed) { snprintf(reason, rlen, "OCR: only in the limited reader"); return NULL; }
    extract_ocr_raise_limits();
    setMsgSeverity(L_SEVERITY_NONE);              /* Leptonica's messages: none */
    ocr_run *o = calloc(1, sizeof *o);
    if (!o) { snprintf(reason, rlen, "out of memory"); return NULL; }
    o->api = TessBaseAPICreate();
    o->monitor = TessMonitorCreate();
    if (!o->api || !o->monitor || TessBaseAPIInit3(o->api, NULL, "fra+eng") != 0) {
        snprintf(reason, rlen, "OCR: Tesseract or its French and English models are missing");
        ocr_finish(o);
        return NULL;
    }
    TessBaseAPISetVariable(o->api, "debug_file", "/dev/null");
    clock_gettime(CLOCK_MONOTONIC, &o->start);
    return o;
}

void ocr_finish(ocr_run *o)
{
    if (!o) return;
    if (o->api) { TessBaseAPIEnd(o->api); TessBaseAPIDelete(o->api); }
    if (o->monitor) TessMonitorDelete(o->monitor);
    free(o);
}

int ocr_pages(const ocr_run *o) { return o ? o->pages : 0; }

/* One page of 8-bit gray pixels (gray, or else Leptonica's pix) at `dpi`; min_conf: text below that mean
 * confidence is dropped. 0, 1 when a limit stops the file's reading
 * (reason written), -1 when recognition failed. */
static int recognise(ocr_run *o, const unsigned char *gray, int w, int h, int stride, PIX *pix, int dpi,
                     int min_conf, extract_sink *s, char *reason, size_t rlen)
{
    if (o->pages >= OCR_PAGES_MAX) {
        snprintf(reason, rlen, "OCR: only the first %d pages read", OCR_PAGES_MAX);
        return 1;
    }
    double left = OCR_SECONDS - seconds_since(&o->start);
    if (left <= 0) {
        snprintf(reason, rlen, "OCR: stopped after %d s (%d pages read)", OCR_SECONDS, o->pages);
        return 1;
    }
    if (pix) TessBaseAPISetImage2(o->api, pix);
    else TessBaseAPISetImage(o->api, gray, w, h, 1, stride);
    TessBaseAPISetSourceResolution(o->api, dpi);
    TessMonitorSetDeadlineMSecs(o->monitor, (int)(left * 1000));
    int rc = TessBaseAPIRecognize(o->api, o->monitor);
    o->pages++;
    if (rc != 0) {
        TessBaseAPIClear(o->api);
        if (seconds_since(&o->start) >= OCR_SECONDS - 0.5) {
            snprintf(reason, rlen, "OCR: stopped after %d s (%d pages read)", OCR_SECONDS, o->pages - 1);
            return 1;
        }
        snprintf(reason, rlen, "OCR: a page could not be recognised");
        return -1;
    }
    char *text = TessBaseAPIGetUTF8Text(o->api);
    if (text && *text && TessBaseAPIMeanTextConf(o->api) >= min_conf) {
        sink_text(s, text, strlen(text));
        sink_text(s, "\n", 1);
        extract_ocr_used = 1;
    }
    TessDeleteText(text);
    TessBaseAPIClear(o->api);
    return 0;
}

int ocr_page(ocr_run *o, const unsigned char *gray, int w, int h, int stride, int dpi,
             extract_sink *s, char *reason, size_t rlen)
{
    return recognise(o, gray, w, h, stride, NULL, dpi, 0, s, reason, rlen);
}

/* One decoded image: gray, then recognised. */
static int image_page(ocr_run *o, PIX *pix, extract_sink *s, char *reason, size_t rlen)
{
    PIX *gray = pixGetDepth(pix) == 8 && !pixGetColormap(pix) ? pixClone(pix) : pixConvertTo8(pix, 0);
    if (!gray) { snprintf(reason, rlen, "OCR: an image Leptonica cannot convert"); return -1; }
    l_int32 xres = 0, yres = 0;
    pixGetResolution(pix, &xres, &yres);
    int dpi = xres >= 70 && xres <= 1200 ? xres : 300;
    int rc = recognise(o, NULL, 0, 0, 0, gray, dpi, IMAGE_CONFIDENCE_MIN, s, reason, rlen);
    pixDestroy(&gray);
    return rc;
}

int extract_image(const char *path, extract_sink *s, char *reason, size_t rlen)
{
    l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
    setMsgSeverity(L_SEVERITY_NONE);              /* a broken image: our reason, not Leptonica's messages */
    if (pixReadHeader(path, &format, &w, &h, &bps, &spp, &cmap) != 0 || w <= 0 || h <= 0) {
        snprintf(reason, rlen, "not a readable image");
        return -1;
    }
    if ((double)w * (double)h > OCR_PIXELS_MAX) {
        snprintf(reason, rlen, "OCR: an image of %d x %d pixels, over %d million: not read", w, h, OCR_PIXELS_MAX / 1000000);
        return -1;
    }
    ocr_run *o = ocr_start(reason, rlen);
    if (!o) return -1;
    int pages = 1;
    if (format == IFF_TIFF || format == IFF_TIFF_G4 || format == IFF_TIFF_G3 || format == IFF_TIFF_LZW
        || format == IFF_TIFF_ZIP || format == IFF_TIFF_PACKBITS || format == IFF_TIFF_RLE || format == IFF_TIFF_JPEG) {
        FILE *f = fopen(path, "rb");
        if (f) { if (tiffGetCount(f, &pages) != 0) pages = 1; fclose(f); }
    }
    int rc = 0;
    char note[160] = "";
    for (int i = 0; i < pages && !sink_full(s); i++) {
        PIX *pix = pages > 1 ? pixReadTiff(path, i) : pixRead(path);
        if (!pix) { snprintf(reason, rlen, "not a readable image"); rc = -1; break; }
        if ((double)pixGetWidth(pix) * pixGetHeight(pix) > OCR_PIXELS_MAX) {
            snprintf(note, sizeof note, "OCR: a page over %d million pixels: not read", OCR_PIXELS_MAX / 1000000);
            pixDestroy(&pix);
            continue;
        }
        int k = image_page(o, pix, s, reason, rlen);
        pixDestroy(&pix);
        if (k) { rc = k < 0 ? -1 : 0; break; }     /* a limit: the text so far, and the reason */
    }
    ocr_finish(o);
    if (!rc && *note && !*reason) snprintf(reason, rlen, "%s", note);
    return rc;
}
