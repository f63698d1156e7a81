/* OLE compound files read with libgsf (Debian's libgsf-1): what the
 * converters of extract_legacy.c cannot read or do not say.
 * - PowerPoint 97-2003: the text atoms of the "PowerPoint Document" stream
 *   (TextCharsAtom in UTF-16, TextBytesAtom in Latin-1), wherever they are:
 *   in the slide list (where catppt looks) or in the shapes' text boxes
 *   (where LibreOffice writes them, and catppt finds nothing), and on the
 *   masters: their footers and titles show on every slide, and their
 *   placeholders' prompts (« Click to edit Master title style ») are read
 *   too, as Recoll and Tika read them.
 * - Excel 97-2003 and 5/95: the sheets' names (BOUNDSHEET records of the
 *   Workbook stream), which xls2csv does not print.
 * - Outlook messages (.msg): subject, sender, recipients, the body (plain,
 *   else HTML through the HTML reader), attachments' names and the text of
 *   attached text files: the __substg1.0_ property streams of MS-OXMSG.
 * - Protected files: an OOXML document encrypted into an OLE container
 *   (EncryptionInfo, EncryptedPackage), a Word file with fEncrypted set in
 *   its FIB, an Excel workbook with a FILEPASS record, a PowerPoint file
 *   with an encrypted session.
 * - The summary of any OLE file (title, subject, author, keywords,
 *   comments, last author; company, manager, category), protected or not.
 * Streams are read whole into memory, up to OLE_STREAM_MAX each. */
#include "extract.h"
#include <gsf/gsf-doc-meta-data.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-meta-names.h>
#include <gsf/gsf-msole-utils.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-utils.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define OLE_STREAM_MAX (64 << 20)        /* bytes read of one stream */
#define MSG_CHILDREN_MAX 2000            /* recipients and attachments walked */

static void quiet(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
    (void)domain; (void)level; (void)message; (void)data;
}

static GsfInfile *ole_open(const char *path)
{
    static int ready;
    if (!ready) {                                /* once: the child ends anyway */
        gsf_init();
        /* a damaged file makes libgsf cry on stderr (the indexer's log):
         * what it could not read is said by the reason */
        g_log_set_handler("libgsf:msole", G_LOG_LEVEL_MASK, quiet, NULL);
        ready = 1;
    }
    GError *err = NULL;
    GsfInput *in = gsf_input_stdio_new(path, &err);
    if (!in) { if (err) g_error_free(err); return NULL; }
    GsfInfile *ole = gsf_infile_msole_new(in, &err);
    g_object_unref(in);
    if (err) g_error_free(err);
    return ole;
}

/* A stream's bytes, malloc'd (NUL after them), or NULL; its length in *len. */
static unsigned char *stream_bytes(GsfInfile *dir, const char *name, size_t *len)
{
    GsfInput *in = gsf_infile_child_by_name(dir, name);
    if (!in) return NULL;
    gsf_off_t size = gsf_input_size(in);
    unsigned char *buf = NULL;
    if (size >= 0 && size <= OLE_STREAM_MAX && (buf = malloc((size_t)size + 2))) {
        if (size > 0 && !gsf_input_read(in, (size_t)size, buf)) { free(buf); buf = NULL; }
        else { buf[size] = buf[size + 1] = 0; *len = (size_t)size; }
    }
    g_object_unref(in);
    return buf;
}

static int has_stream(GsfInfile *dir, const char *name)
{
    GsfInput *in = gsf_infile_child_by_name(dir, name);
    if (in) g_object_unref(in);
    return in != NULL;
}

static uint16_t u16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t u32(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

/* One code point as UTF-8 into out (4 bytes at most); its length. */
static size_t utf8(uint32_t c, char *out)
{
    if (c < 0x80) { out[0] = (char)c; return 1; }
    if (c < 0x800) { out[0] = (char)(0xc0 | c >> 6); out[1] = (char)(0x80 | (c & 0x3f)); return 2; }
    if (c < 0x10000) {
        out[0] = (char)(0xe0 | c >> 12); out[1] = (char)(0x80 | (c >> 6 & 0x3f)); out[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | c >> 18); out[1] = (char)(0x80 | (c >> 12 & 0x3f));
    out[2] = (char)(0x80 | (c >> 6 & 0x3f)); out[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

/* UTF-16LE (wide) or Latin-1 bytes to the sink as UTF-8; control
 * characters (PowerPoint's \r and \v line breaks) as spaces; a lone
 * surrogate as U+FFFD. */
static void sink_units(extract_sink *s, const unsigned char *p, size_t len, int wide)
{
    char out[1024];
    size_t n = 0;
    for (size_t i = 0; i + (wide ? 1 : 0) < len && !sink_full(s); i += wide ? 2 : 1) {
        uint32_t c = wide ? u16(p + i) : p[i];
        if (wide && c >= 0xd800 && c < 0xdc00 && i + 3 < len && u16(p + i + 2) >= 0xdc00 && u16(p + i + 2) < 0xe000) {
            c = 0x10000 + ((c - 0xd800) << 10) + (u16(p + i + 2) - 0xdc00);
            i += 2;
        } else if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
        if (c == 0) break;                       /* a string's end */
        if (c < 0x20 || c == 0x7f) c = ' ';
        n += utf8(c, out + n);
        if (n > sizeof out - 8) { sink_text(s, out, n); n = 0; }
    }
    sink_text(s, out, n);
    sink_text(s, "\n", 1);
}

/* PowerPoint's records: an 8-byte header (version and instance, type,
 * length); a container (version 0xF) holds records, walked in place. */
#define PPT_TEXT_CHARS 0x0fa0
#define PPT_TEXT_BYTES 0x0fa8

static void ppt_records(const unsigned char *p, size_t len, extract_sink *s)
{
    size_t pos = 0;
    while (pos + 8 <= len && !sink_full(s)) {
        unsigned ver = u16(p + pos) & 0xf, type = u16(p + pos + 2);
        size_t body = pos + 8, rlen = u32(p + pos + 4);
        if (rlen > len - body) rlen = len - body;            /* cut: what is there is read */
        if (ver == 0xf) { pos = body; continue; }   /* into the container */
        if (type == PPT_TEXT_CHARS) sink_units(s, p + body, rlen, 1);
        else if (type == PPT_TEXT_BYTES) sink_units(s, p + body, rlen, 0);
        pos = body + rlen;
    }
}

int ole_ppt_text(const char *path, extract_sink *s, char *reason, size_t rlen)
{
    GsfInfile *ole = ole_open(path);
    if (!ole) { snprintf(reason, rlen, "not a readable OLE file"); return -1; }
    size_t len = 0;
    unsigned char *doc = stream_bytes(ole, "PowerPoint Document", &len);
    g_object_unref(ole);
    if (!doc) { snprintf(reason, rlen, "no PowerPoint Document stream"); return -1; }
    ppt_records(doc, len, s);
    free(doc);
    return 0;
}

/* Excel's records: a 2-byte type and a 2-byte length. BOUNDSHEET (0x85):
 * the sheet's position (4), state (1), type (1), then its name: in BIFF8
 * a length, a flag (1: UTF-16) and the characters; in BIFF5 a length and
 * bytes of the workbook's code page (read as Latin-1). The globals end at
 * the first EOF (0x0A). */
#define XLS_BOUNDSHEET 0x0085
#define XLS_EOF 0x000a

void ole_xls_sheet_names(const char *path, extract_sink *s)
{
    GsfInfile *ole = ole_open(path);
    if (!ole) return;
    size_t len = 0;
    int biff8 = 1;
    unsigned char *wb = stream_bytes(ole, "Workbook", &len);
    if (!wb) { wb = stream_bytes(ole, "Book", &len); biff8 = 0; }
    g_object_unref(ole);
    if (!wb) return;
    for (size_t pos = 0; pos + 4 <= len && !sink_full(s);) {
        unsigned type = u16(wb + pos), rlen = u16(wb + pos + 2);
        const unsigned char *body = wb + pos + 4;
        if (rlen > len - pos - 4) break;
        if (type == XLS_EOF && pos > 0) break;
        if (type == XLS_BOUNDSHEET && rlen >= 8) {
            size_t cch = body[6], avail = rlen - 7;
            if (biff8) {
                int wide = body[7] & 1;
                avail = rlen - 8;
                if (cch * (wide ? 2 : 1) <= avail) sink_units(s, body + 8, cch * (wide ? 2 : 1), wide);
            } else if (cch <= avail) sink_units(s, body + 7, cch, 0);
        }
        pos += 4 + rlen;
    }
    free(wb);
}

/* Outlook: a property's string (PT_UNICODE 001F, else PT_STRING8 001E)
 * of the storage dir, to the sink after label. */
static void msg_prop(GsfInfile *dir, unsigned tag, const char *label, extract_sink *s)
{
    char name[40];
    size_t len = 0;
    snprintf(name, sizeof name, "__substg1.0_%04X001F", tag);
    unsigned char *v = stream_bytes(dir, name, &len);
    int wide = v != NULL;
    if (!v) {
        snprintf(name, sizeof name, "__substg1.0_%04X001E", tag);
        v = stream_bytes(dir, name, &len);
    }
    if (!v) return;
    if (len) {
        if (label) sink_text(s, label, strlen(label));
        /* 8-bit strings are in the message's code page: most often
         * Windows-1252, read as Latin-1 here */
        sink_units(s, v, len, wide);
    }
    free(v);
}

static int msg_has(GsfInfile *dir, unsigned tag)
{
    char name[40];
    snprintf(name, sizeof name, "__substg1.0_%04X001F", tag);
    if (has_stream(dir, name)) return 1;
    snprintf(name, sizeof name, "__substg1.0_%04X001E", tag);
    return has_stream(dir, name);
}

static int ends_with(const char *s, const char *end)
{
    size_t a = strlen(s), b = strlen(end);
    return a >= b && strcasecmp(s + a - b, end) == 0;
}

/* An attachment: its name, and its bytes when it is a text file. */
static void msg_attachment(GsfInfile *att, extract_sink *s)
{
    char name[512] = "";
    size_t len = 0;
    unsigned char *v = stream_bytes(att, "__substg1.0_3707001F", &len);     /* PidTagAttachLongFilename */
    if (!v) v = stream_bytes(att, "__substg1.0_3704001F", &len);           /* PidTagAttachFilename */
    if (v) {
        size_t n = 0;
        for (size_t i = 0; i + 1 < len && n + 4 < sizeof name; i += 2) {
            uint32_t c = u16(v + i);
            if (!c) break;
            if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
            if (c < 0x20) c = ' ';
            n += utf8(c, name + n);
        }
        name[n] = 0;
        free(v);
        sink_text(s, name, n);
        sink_text(s, "\n", 1);
    } else msg_prop(att, 0x3001, NULL, s);                                  /* its display name */
    if (ends_with(name, ".txt") || ends_with(name, ".csv") || ends_with(name, ".md")) {
        unsigned char *data = stream_bytes(att, "__substg1.0_37010102", &len);   /* PidTagAttachDataBinary */
        if (data) {
            for (size_t i = 0; i < len; i++) if (!data[i]) data[i] = ' ';
            sink_text(s, (const char *)data, len);
            sink_text(s, "\n", 1);
            free(data);
        }
    }
}

int ole_is_msg(const char *path)
{
    GsfInfile *ole = ole_open(path);
    if (!ole) return 0;
    int yes = has_stream(ole, "__properties_version1.0") || msg_has(ole, 0x0037) || msg_has(ole, 0x1000);
    g_object_unref(ole);
    return yes;
}

int extract_msg(const char *path, extract_sink *s, char *reason, size_t rlen)
{
    GsfInfile *ole = ole_open(path);
    if (!ole) { snprintf(reason, rlen, "not a readable Outlook message"); return -1; }
    msg_prop(ole, 0x0c1a, "From: ", s);          /* PidTagSenderName */
    msg_prop(ole, 0x0c1f, "From: ", s);          /* PidTagSenderEmailAddress */
    msg_prop(ole, 0x5d01, "From: ", s);          /* PidTagSenderSmtpAddress */
    msg_prop(ole, 0x0e04, "To: ", s);            /* PidTagDisplayTo */
    msg_prop(ole, 0x0e03, "Cc: ", s);            /* PidTagDisplayCc */
    msg_prop(ole, 0x0037, "Subject: ", s);       /* PidTagSubject */
    int n = gsf_infile_num_children(ole);
    for (int i = 0; i < n && i < MSG_CHILDREN_MAX && !sink_full(s); i++) {
        const char *name = gsf_infile_name_by_index(ole, i);
        if (!name || strncmp(name, "__recip_version1.0_", 19)) continue;
        GsfInput *child = gsf_infile_child_by_index(ole, i);
        if (!child) continue;
        if (GSF_IS_INFILE(child)) {
            msg_prop(GSF_INFILE(child), 0x3001, "To: ", s);     /* PidTagDisplayName */
            msg_prop(GSF_INFILE(child), 0x39fe, "To: ", s);     /* PidTagSmtpAddress */
        }
        g_object_unref(child);
    }
    sink_text(s, "\n", 1);
    if (msg_has(ole, 0x1000)) msg_prop(ole, 0x1000, NULL, s);  /* PidTagBody */
    else {
        size_t len = 0;
        unsigned char *html = stream_bytes(ole, "__substg1.0_10130102", &len);   /* PidTagHtml */
        char why[160];
        if (html) { extract_html_memory((const char *)html, len, NULL, s, why, sizeof why); free(html); }
    }
    for (int i = 0; i < n && i < MSG_CHILDREN_MAX && !sink_full(s); i++) {
        const char *name = gsf_infile_name_by_index(ole, i);
        if (!name || strncmp(name, "__attach_version1.0_", 20)) continue;
        GsfInput *child = gsf_infile_child_by_index(ole, i);
        if (!child) continue;
        if (GSF_IS_INFILE(child)) msg_attachment(GSF_INFILE(child), s);
        g_object_unref(child);
    }
    g_object_unref(ole);
    return 0;
}

/* Whether the OLE file is a protected document: 1 yes, 0 no (or not an
 * OLE file). */
int ole_encrypted(const char *path)
{
    GsfInfile *ole = ole_open(path);
    if (!ole) return 0;
    int yes = has_stream(ole, "EncryptedPackage") || has_stream(ole, "EncryptionInfo");
    size_t len = 0;
    unsigned char *b;
    if (!yes && (b = stream_bytes(ole, "WordDocument", &len))) {
        /* the FIB: wIdent 0xA5EC (Word 97 and later) or 0xA5DC (Word 6/95),
         * flags at 0x0A, fEncrypted 0x0100 */
        if (len >= 12 && (u16(b) == 0xa5ec || u16(b) == 0xa5dc) && (u16(b + 10) & 0x0100)) yes = 1;
        free(b);
    }
    if (!yes && ((b = stream_bytes(ole, "Workbook", &len)) || (b = stream_bytes(ole, "Book", &len)))) {
        /* the globals' first records: FILEPASS (0x002F) right after BOF
         * and a few others, before any sheet */
        size_t pos = 0;
        for (int k = 0; k < 64 && pos + 4 <= len; k++) {
            unsigned type = u16(b + pos), size = u16(b + pos + 2);
            if (type == 0x002f) { yes = 1; break; }
            if (type == 0x0085 || type == 0x000a) break;            /* BOUNDSHEET, EOF */
            pos += 4 + size;
        }
        free(b);
    }
    if (!yes && (b = stream_bytes(ole, "PowerPoint Document", &len))) {
        /* an encrypted presentation carries a CryptSession10Container (0x2F14) */
        for (size_t pos = 0; pos + 8 <= len; ) {
            unsigned ver = u16(b + pos) & 0xf, type = u16(b + pos + 2);
            size_t rl = u32(b + pos + 4);
            if (type == 0x2f14) { yes = 1; break; }
            if (ver == 0xf) { pos += 8; continue; }
            if (rl > len - pos - 8) break;
            pos += 8 + rl;
        }
        free(b);
    }
    g_object_unref(ole);
    return yes;
}

/* The summary a person sees in a file's properties (the \005SummaryInformation
 * property set, never encrypted by Office): title, subject, author,
 * keywords, comments. */
/* The string properties of one property set stream, to the sink. */
static void summary_stream(GsfInfile *ole, const char *stream, const char *const *names, extract_sink *s)
{
    GsfInput *in = gsf_infile_child_by_name(ole, stream);
    if (!in) return;
    GsfDocMetaData *meta = gsf_doc_meta_data_new();
    GError *err = gsf_doc_meta_data_read_from_msole(meta, in);
    if (err) g_error_free(err);
    for (const char *const *n = names; *n; n++) {
        GsfDocProp *prop = gsf_doc_meta_data_lookup(meta, *n);
        GValue const *v = prop ? gsf_doc_prop_get_val(prop) : NULL;
        if (v && G_VALUE_HOLDS_STRING(v) && g_value_get_string(v)) {
            const char *t = g_value_get_string(v);
            /* libgsf converts from the property set's code page to UTF-8 */
            if (g_utf8_validate(t, -1, NULL)) { sink_text(s, t, strlen(t)); sink_text(s, "\n", 1); }
        }
    }
    g_object_unref(meta);
    g_object_unref(in);
}

void ole_summary(const char *path, extract_sink *s)
{
    GsfInfile *ole = ole_open(path);
    if (!ole) return;
    static const char *const summary[] = { GSF_META_NAME_TITLE, GSF_META_NAME_SUBJECT, GSF_META_NAME_CREATOR,
                                           GSF_META_NAME_KEYWORDS, GSF_META_NAME_DESCRIPTION,
                                           GSF_META_NAME_LAST_SAVED_BY, NULL };
    static const char *const document[] = { GSF_META_NAME_COMPANY, GSF_META_NAME_MANAGER,
                                            GSF_META_NAME_CATEGORY, NULL };
    summary_stream(ole, "\005SummaryInformation", summary, s);
    summary_stream(ole, "\005DocumentSummaryInformation", document, s);
    g_object_unref(ole);
}
