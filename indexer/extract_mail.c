/* E-mail (message/rfc822) with GMime: the From, To, Cc, Subject and Date
 * headers (encoded words decoded), the text of its text/plain parts and
 * of its text/html parts (through the HTML reader), inline or attached,
 * transfer encodings and charsets decoded by GMime; the names of all its
 * attachments, and the text of attached text files (a .txt sent as
 * application/octet-stream), PDFs and office documents; mails forwarded
 * inside it, to MAIL_DEPTH_MAX levels. */
#include "extract.h"
#include <errno.h>
#include <fcntl.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MAIL_DEPTH_MAX 3
#define MAIL_PART_MAX (32 << 20)         /* bytes of one text part decoded */

typedef struct {
    extract_sink *s;
    int depth;
} walk;

static void line(extract_sink *s, const char *label, const char *value)
{
    if (!value || !*value) return;
    if (label) sink_text(s, label, strlen(label));
    sink_text(s, value, strlen(value));
    sink_text(s, "\n", 1);
}

static void addresses(extract_sink *s, const char *label, InternetAddressList *list)
{
    if (!list || internet_address_list_length(list) == 0) return;
    char *text = internet_address_list_to_string(list, NULL, FALSE);
    line(s, label, text);
    g_free(text);
}

static void read_message(GMimeMessage *m, walk *w);

/* The decoded text of a text part, to the sink (HTML through its reader). */
static void text_part(GMimePart *part, GMimeContentType *type, extract_sink *s)
{
    GMimeDataWrapper *content = g_mime_part_get_content(part);
    GMimeStream *raw = content ? g_mime_data_wrapper_get_stream(content) : NULL;
    if (!raw || g_mime_stream_length(raw) > MAIL_PART_MAX) return;
    char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(part));   /* decoded, in UTF-8 */
    if (!text) return;
    char why[160];
    if (g_mime_content_type_is_type(type, "text", "html"))
        extract_html_memory(text, strlen(text), "UTF-8", s, why, sizeof why);
    else
        sink_text(s, text, strlen(text));
    sink_text(s, "\n", 1);
    g_free(text);
}

static int ends_with(const char *s, const char *end)
{
    size_t a = strlen(s), b = strlen(end);
    return a >= b && strcasecmp(s + a - b, end) == 0;
}

/* An attachment that is no text part: a text file by its name, a PDF or
 * an office document, decoded into memory and read. */
static void attached_file(GMimePart *part, GMimeContentType *type, const char *name, extract_sink *s)
{
    int text = name && (ends_with(name, ".txt") || ends_with(name, ".csv") || ends_with(name, ".md"));
    int pdf = g_mime_content_type_is_type(type, "application", "pdf") || (name && ends_with(name, ".pdf"));
    int office = name && (ends_with(name, ".docx") || ends_with(name, ".xlsx") || ends_with(name, ".pptx")
                          || ends_with(name, ".odt") || ends_with(name, ".ods") || ends_with(name, ".odp"));
    if (!text && !pdf && !office) return;
    GMimeDataWrapper *content = g_mime_part_get_content(part);
    GMimeStream *raw = content ? g_mime_data_wrapper_get_stream(content) : NULL;
    if (!raw || g_mime_stream_length(raw) > MAIL_PART_MAX) return;
    GMimeStream *mem = g_mime_stream_mem_new();
    GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    char why[160], mime[128];
    if (g_mime_data_wrapper_write_to_stream(content, mem) > 0 && bytes->len <= MAIL_PART_MAX) {
        const char *buf = (const char *)bytes->data;
        if (text) {
            for (guint i = 0; i < bytes->len; i++) if (!bytes->data[i]) bytes->data[i] = ' ';
            sink_text(s, buf, bytes->len);
        } else if (pdf) extract_pdf_memory(buf, bytes->len, s, why, sizeof why);
        else {
            office_sniff(NULL, buf, bytes->len, mime, sizeof mime);
            if (*mime) extract_office_memory(buf, bytes->len, mime, s, why, sizeof why);
        }
        sink_text(s, "\n", 1);
    }
    g_object_unref(mem);
}

static void each_part(GMimeObject *parent, GMimeObject *part, gpointer data)
{
    (void)parent;
    walk *w = data;
    if (sink_full(w->s)) return;
    if (GMIME_IS_MESSAGE_PART(part)) {
        /* a forwarded mail: read as a mail, one level down */
        GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
        if (inner && w->depth + 1 < MAIL_DEPTH_MAX) {
            walk down = { w->s, w->depth + 1 };
            read_message(inner, &down);
        }
        return;
    }
    if (!GMIME_IS_PART(part)) return;
    const char *name = g_mime_part_get_filename(GMIME_PART(part));
    if (name) line(w->s, NULL, name);
    GMimeContentType *type = g_mime_object_get_content_type(part);
    /* text parts are read inline or attached: an attached note is text
     * a person wrote */
    if (GMIME_IS_TEXT_PART(part)
        && (g_mime_content_type_is_type(type, "text", "plain") || g_mime_content_type_is_type(type, "text", "html")))
        text_part(GMIME_PART(part), type, w->s);
    else if (g_mime_part_is_attachment(GMIME_PART(part)) || name)
        attached_file(GMIME_PART(part), type, name, w->s);
}

static void read_message(GMimeMessage *m, walk *w)
{
    addresses(w->s, "From: ", g_mime_message_get_from(m));
    addresses(w->s, "To: ", g_mime_message_get_to(m));
    addresses(w->s, "Cc: ", g_mime_message_get_cc(m));
    line(w->s, "Subject: ", g_mime_message_get_subject(m));
    GDateTime *date = g_mime_message_get_date(m);
    if (date) {
        char *d = g_date_time_format(date, "%Y-%m-%d %H:%M");
        line(w->s, "Date: ", d);
        g_free(d);
    }
    sink_text(w->s, "\n", 1);
    g_mime_message_foreach(m, each_part, w);
}

static int read_stream(GMimeStream *stream, extract_sink *s, char *reason, size_t rlen)
{
    static int ready;
    if (!ready) { g_mime_init(); ready = 1; }   /* once: the child ends anyway */
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    GMimeMessage *m = g_mime_parser_construct_message(parser, NULL);
    int rc = 0;
    if (m) {
        walk w = { s, 0 };
        read_message(m, &w);
        g_object_unref(m);
    } else {
        snprintf(reason, rlen, "not a readable e-mail");
        rc = -1;
    }
    g_object_unref(parser);
    g_object_unref(stream);
    return rc;
}

int extract_mail(const char *path, extract_sink *s, char *reason, size_t rlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { snprintf(reason, rlen, "open: %s", strerror(errno)); return -1; }
    return read_stream(g_mime_stream_fs_new(fd), s, reason, rlen);       /* the stream closes fd */
}

int extract_mail_memory(const char *buf, size_t len, extract_sink *s, char *reason, size_t rlen)
{
    return read_stream(g_mime_stream_mem_new_with_buffer(buf, len), s, reason, rlen);
}
