/* Unit tests for the indexer's readers (indexer/extract*.c), through
 * extract_file as the indexer calls it (libmagic's type, the limited
 * child). Each file is made here by a real tool (Python's zipfile, bsdtar,
 * 7z, zip, qpdf, libgsf's OLE writer...) or is a fixture of
 * tests/fixtures/ made by LibreOffice (its README says how); the words
 * looked for are in the file's text, never only in its name. Needs the
 * Debian packages of scripts/deps.sh. */
#include <ctype.h>
#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-stdio.h>
#include <gsf/gsf-utils.h>
#include <magic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extract.h"
#include "unit.h"

static char dir[256];
static magic_t magic;

/* dir/name, and a shell command run in dir (unit.h) */
#define at(name) unit_at(dir, name)
#define sh(...) unit_sh(dir, __VA_ARGS__)

/* Writes text to dir/name. */
static void put(const char *name, const char *text, size_t len)
{
    FILE *f = fopen(at(name), "wb");
    if (!f) { perror(name); exit(2); }
    fwrite(text, 1, len, f);
    fclose(f);
}

/* The file's text as the indexer gets it (libmagic's type), or NULL; its
 * reason into reason, its type into mime. */
static char *read_as_indexer(const char *path, char *mime, size_t mlen, char *reason, size_t rlen)
{
    const char *m = magic_file(magic, path);
    snprintf(mime, mlen, "%s", m ? m : "?");
    extract_result x;
    int rc = extract_file(path, mime, &x);
    snprintf(reason, rlen, "%s", x.reason);
    if (rc) { free(x.text); return NULL; }
    return x.text;
}

/* Whether word is in text as a term of its own: what is on either side is
 * no letter or digit (a byte over 127 counts as a letter). */
static int has_term(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = text; p && (p = strstr(p, word)); p++) {
        int before = p == text ? 0 : (isalnum((unsigned char)p[-1]) || (unsigned char)p[-1] > 127);
        /* a comma or a dot between a digit and a digit or letter joins */
        int after = isalnum((unsigned char)p[n]) || (unsigned char)p[n] > 127
                    || ((p[n] == ',' || p[n] == '.') && isalnum((unsigned char)p[n + 1]));
        if (!before && !after) return 1;
    }
    return 0;
}

#define CHECK_TERM(text, word) do { \
        const char *t_ = (text); \
        if (t_ && has_term(t_, word)) unit_passed++; \
        else { unit_failed++; fprintf(stderr, "FAIL %s:%d: term \"%s\" not in the text of %s:\n%.600s\n", \
                __FILE__, __LINE__, word, #text, t_ ? t_ : "(none)"); } \
    } while (0)

/* 1. Archives whose entries' names are not ASCII: every entry read, its
 * name and its text. */
static void test_archive_names(void)
{
    char mime[128], reason[160];
    /* Python's zipfile (the UTF-8 flag), a Windows-style zip (names in
     * CP437, no flag), Info-ZIP's zip and a 7z (bsdtar's writer) */
    if (sh("mkdir -p 'src/Dossier réunion' && printf 'ordre du jour phacochere\\n' > 'src/Dossier réunion/compte-rendu été.txt'"
           " && printf 'budget ornithorynque\\n' > 'src/Dossier réunion/zz-après.txt'"
           " && printf 'dernier pangolin\\n' > src/zz-last.txt")) { CHECK(0); return; }
    if (sh("/usr/bin/python3 - <<'EOF'\n"
           "import zipfile\n"
           "with zipfile.ZipFile('utf8.zip', 'w', zipfile.ZIP_DEFLATED) as z:\n"
           "    z.write('src/Dossier réunion/compte-rendu été.txt', 'Dossier réunion/compte-rendu été.txt')\n"
           "    z.write('src/Dossier réunion/zz-après.txt', 'Dossier réunion/zz-après.txt')\n"
           "    z.write('src/zz-last.txt', 'zz-last.txt')\n"
           "class Win(zipfile.ZipInfo):\n"
           "    def _encodeFilenameFlags(self):\n"
           "        return self.filename.encode('cp437'), self.flag_bits\n"
           "with zipfile.ZipFile('cp437.zip', 'w', zipfile.ZIP_DEFLATED) as z:\n"
           "    for src, name in (('src/Dossier réunion/compte-rendu été.txt', 'Dossier réunion/compte-rendu été.txt'),\n"
           "                      ('src/Dossier réunion/zz-après.txt', 'Dossier réunion/zz-après.txt'), ('src/zz-last.txt', 'zz-last.txt')):\n"
           "        z.writestr(Win(name), open(src, 'rb').read())\n"
           "EOF")) { CHECK(0); return; }
    if (sh("cd src && LC_ALL=C.UTF-8 zip -qr ../infozip.zip . && bsdtar --format 7zip -cf ../names.7z .")) { CHECK(0); return; }
    const char *const files[] = { "utf8.zip", "cp437.zip", "infozip.zip", "names.7z" };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char *text = read_as_indexer(at(files[i]), mime, sizeof mime, reason, sizeof reason);
        if (!text) fprintf(stderr, "%s (%s): %s\n", files[i], mime, reason);
        CHECK(text != NULL);
        CHECK_TERM(text, "phacochere");
        CHECK_TERM(text, "ornithorynque");
        CHECK_TERM(text, "pangolin");          /* after the entries with accents */
        CHECK(text && strstr(text, "Dossier réunion"));
        CHECK(text && strstr(text, "compte-rendu été.txt"));
        free(text);
    }
}

/* 2. Spreadsheets: a text cell ending in a digit and a number after it
 * never make one term. */
static void test_spreadsheet_cells(void)
{
    char mime[128], reason[160];
    static const char *const fixtures[] = { "tests/fixtures/cells.xls", "tests/fixtures/cells.xlsx", "tests/fixtures/cells.ods" };
    for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++) {
        if (access(fixtures[i], R_OK)) { fprintf(stderr, "missing %s\n", fixtures[i]); CHECK(0); continue; }
        char *text = read_as_indexer(fixtures[i], mime, sizeof mime, reason, sizeof reason);
        if (!text) fprintf(stderr, "%s (%s): %s\n", fixtures[i], mime, reason);
        CHECK_TERM(text, "mot2");
        CHECK(text && !strstr(text, "mot26"));
        CHECK_TERM(text, "wombatcell");
        if (i == 0) CHECK_TERM(text, "cells");    /* the legacy workbook's sheet name (xls2csv omits it) */
        free(text);
    }
}

/* The file's text, checking its reason (NULL: none wanted). */
static char *read_checked(const char *path, const char *want_reason, int line)
{
    char mime[128], reason[160];
    char *text = read_as_indexer(path, mime, sizeof mime, reason, sizeof reason);
    if (want_reason ? strcmp(reason, want_reason) != 0 : *reason != 0) {
        unit_failed++;
        fprintf(stderr, "FAIL %s:%d: %s (%s): reason \"%s\", want \"%s\"\n", __FILE__, line, path, mime, reason,
                want_reason ? want_reason : "");
    } else unit_passed++;
    return text;
}
#define READ(path, reason) read_checked(path, reason, __LINE__)

/* 3. Legacy PowerPoint: LibreOffice's .ppt, where catppt finds nothing;
 * and a reader that finds no text in a file of some size says so. */
static void test_ppt_and_empty(void)
{
    if (sh("gunzip -c '%s/tests/fixtures/slides.ppt.gz' > slides.ppt", getenv("PWD") ? getenv("PWD") : ".")) { CHECK(0); return; }
    char *text = READ(at("slides.ppt"), NULL);
    CHECK_TERM(text, "wombatppt");
    CHECK_TERM(text, "ornithoppt");          /* a second box, the accents in Latin-1 */
    CHECK_TERM(text, "pangolinppt");         /* the second slide */
    CHECK(text && strstr(text, "Assemblée générale"));
    /* the master's text too: footers and titles show on every slide */
    CHECK(text && strstr(text, "Click to edit the title text format"));
    free(text);
    /* a document with no text: the reason, not a silent name-only index */
    text = READ("tests/fixtures/vide.docx", REASON_EMPTY);
    CHECK(text == NULL || strspn(text, " \t\r\n") == strlen(text));
    free(text);
}

/* Legacy files inside an archive: given to their converters as files in
 * memory. */
static void test_legacy_in_archive(void)
{
    if (sh("cp '%s/tests/fixtures/short.doc' '%s/tests/fixtures/cells.xls' . && bsdtar --format zip -cf anciens.zip slides.ppt short.doc cells.xls",
           getenv("PWD") ? getenv("PWD") : ".", getenv("PWD") ? getenv("PWD") : ".")) { CHECK(0); return; }
    char *text = READ(at("anciens.zip"), NULL);
    CHECK_TERM(text, "wombatppt");
    CHECK_TERM(text, "wombatcourt");
    CHECK_TERM(text, "wombatcell");
    free(text);
}

/* 4. Word: antiword refuses (a short document, Word 6/95): catdoc reads it. */
static void test_word_fallback(void)
{
    char *text = READ("tests/fixtures/short.doc", NULL);
    CHECK_TERM(text, "wombatcourt");
    CHECK(text && strstr(text, "brève"));
    free(text);
    /* a real Word 6 document, where the shared corpus is there */
    const char *word6 = "../shared/corpus/real/tika/testWORD6.doc";
    if (access(word6, R_OK) == 0) {
        text = READ(word6, NULL);
        CHECK_TERM(text, "fox");
        free(text);
    }
}

/* 5. E-mail: text parts attached, a .txt sent as octet-stream, every
 * attachment's name. */
static void test_mail_attachments(void)
{
    const char *eml =
        "From: Zelie <zelie@example.org>\r\nTo: Bob <bob@example.org>\r\nSubject: Notes\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
        "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nCorps du message.\r\n"
        "--b1\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Disposition: attachment; filename=\"notes.txt\"\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\nPi=E8ce jointe wombatjointe.\r\n"
        "--b1\r\nContent-Type: application/octet-stream; name=\"liste.txt\"\r\nContent-Disposition: attachment; filename=\"liste.txt\"\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\nTGlzdGUgZGVzIGludml0w6lzIHBhbmdvbGluam9pbnQK\r\n"
        "--b1\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename=\"photo-ornithojointe.png\"\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b1--\r\n";
    put("notes.eml", eml, strlen(eml));
    char *text = READ(at("notes.eml"), NULL);
    CHECK_TERM(text, "wombatjointe");        /* text/plain, attached, Latin-1 */
    CHECK(text && strstr(text, "Pièce"));
    CHECK_TERM(text, "pangolinjoint");       /* the .txt sent as octet-stream */
    CHECK(text && strstr(text, "notes.txt") && strstr(text, "liste.txt") && strstr(text, "photo-ornithojointe.png"));
    free(text);
}

/* A UTF-8 string as a property stream (UTF-16LE) of an OLE storage. */
static void ole_put(GsfOutfile *dir, const char *name, const char *utf8, int wide)
{
    GsfOutput *o = gsf_outfile_new_child(dir, name, FALSE);
    if (wide) {
        glong n = 0;
        gunichar2 *w = g_utf8_to_utf16(utf8, -1, NULL, &n, NULL);
        gsf_output_write(o, (size_t)n * 2, (const guint8 *)w);
        g_free(w);
    } else gsf_output_write(o, strlen(utf8), (const guint8 *)utf8);
    gsf_output_close(o);
    g_object_unref(o);
}

static GsfOutfile *ole_new(const char *path, GsfOutput **out)
{
    *out = gsf_output_stdio_new(path, NULL);
    return *out ? gsf_outfile_msole_new(*out) : NULL;
}

static void ole_end(GsfOutfile *ole, GsfOutput *out)
{
    gsf_output_close(GSF_OUTPUT(ole));      /* closes out too */
    g_object_unref(ole);
    g_object_unref(out);
}

/* 6. Outlook .msg, written with libgsf's OLE writer as Outlook lays it out
 * (MS-OXMSG): the properties' streams, a recipient's and an attachment's
 * storages. */
static void test_outlook_msg(void)
{
    GsfOutput *out;
    GsfOutfile *ole = ole_new(at("message.msg"), &out);
    if (!ole) { CHECK(0); return; }
    static const guint8 clsid[16] = { 0x0b, 0x0d, 0x02, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46 };
    gsf_outfile_msole_set_class_id(GSF_OUTFILE_MSOLE(ole), clsid);
    guint8 header[32] = { 0 };
    GsfOutput *props = gsf_outfile_new_child(ole, "__properties_version1.0", FALSE);
    gsf_output_write(props, sizeof header, header);
    gsf_output_close(props);
    g_object_unref(props);
    ole_put(ole, "__substg1.0_0037001F", "Réunion du bureau wombatsujet", 1);
    ole_put(ole, "__substg1.0_0C1A001F", "Zélie Martin", 1);
    ole_put(ole, "__substg1.0_0C1F001F", "zelie@example.org", 1);
    ole_put(ole, "__substg1.0_0E04001F", "Bob Dupont", 1);
    ole_put(ole, "__substg1.0_1000001F", "Bonjour, voici l'ordre du jour : pangolinmsg et budget.", 1);
    GsfOutfile *recip = GSF_OUTFILE(gsf_outfile_new_child(ole, "__recip_version1.0_#00000000", TRUE));
    ole_put(recip, "__substg1.0_3001001F", "Bob Dupont", 1);
    ole_put(recip, "__substg1.0_39FE001F", "bob.ornithomsg@example.org", 1);
    gsf_output_close(GSF_OUTPUT(recip));
    g_object_unref(recip);
    GsfOutfile *att = GSF_OUTFILE(gsf_outfile_new_child(ole, "__attach_version1.0_#00000000", TRUE));
    ole_put(att, "__substg1.0_3707001F", "compte-rendu-lemurmsg.txt", 1);
    ole_put(att, "__substg1.0_37010102", "Texte joint tapirmsg", 0);
    gsf_output_close(GSF_OUTPUT(att));
    g_object_unref(att);
    ole_end(ole, out);
    char *text = READ(at("message.msg"), NULL);
    CHECK_TERM(text, "wombatsujet");
    CHECK(text && strstr(text, "Réunion") && strstr(text, "Zélie Martin") && strstr(text, "zelie@example.org"));
    CHECK_TERM(text, "pangolinmsg");         /* the body */
    CHECK(text && strstr(text, "bob.ornithomsg@example.org"));
    CHECK(text && strstr(text, "compte-rendu-lemurmsg.txt"));
    CHECK_TERM(text, "tapirmsg");            /* the attached text file */
    free(text);
    const char *real = "../shared/corpus/real/tika/testMSG.msg";
    if (access(real, R_OK) == 0) {
        text = READ(real, NULL);
        CHECK(text && strstr(text, "Jukka Zitting"));
        free(text);
    }
}

/* 7. Protected files: the reason, and the names of a zip's entries. */
static void test_protected(void)
{
    static const char *const fixtures[] = { "tests/fixtures/protege.odt", "tests/fixtures/protege.doc",
                                            "tests/fixtures/protege.xls" };
    for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++) {
        char *text = READ(fixtures[i], REASON_ENCRYPTED);
        CHECK(!text || (!strstr(text, "wombatsix") && !strstr(text, "wombatcell")));   /* the protected text */
        /* Word and Excel keep the summary unencrypted: its title is read
         * (LibreOffice encrypts an OpenDocument's meta.xml) */
        if (i > 0) CHECK_TERM(text, "wombattitre");
        free(text);
    }
    /* an OOXML document encrypted into an OLE container (MS-OFFCRYPTO) */
    GsfOutput *out;
    GsfOutfile *ole = ole_new(at("chiffre.docx"), &out);
    if (!ole) { CHECK(0); return; }
    ole_put(ole, "EncryptionInfo", "\x04\x00\x04\x00\x40\x00\x00\x00<?xml version=\"1.0\"?><encryption/>", 0);
    ole_put(ole, "EncryptedPackage", "\x10\x00\x00\x00\x00\x00\x00\x00 0123456789abcdef", 0);
    ole_end(ole, out);
    free(READ(at("chiffre.docx"), REASON_ENCRYPTED));
    /* a PDF with a user password */
    if (sh("qpdf --empty --encrypt lecture proprietaire 256 -- protege.pdf") == 0)
        free(READ(at("protege.pdf"), REASON_ENCRYPTED));
    else CHECK(0);
    /* zips and 7z: the names of the entries, not their text */
    put("secret.txt", "le code est wombatsecret\n", 25);
    if (sh("zip -q -P motdepasse infozip-chiffre.zip secret.txt && 7zz a -bd -bso0 -pmotdepasse noms-clairs.7z secret.txt"
           " && 7zz a -bd -bso0 -pmotdepasse -mhe=on noms-chiffres.7z secret.txt")) { CHECK(0); return; }
    static const char *const archives[] = { "infozip-chiffre.zip", "noms-clairs.7z" };
    for (size_t i = 0; i < sizeof archives / sizeof *archives; i++) {
        char *text = READ(at(archives[i]), REASON_ENCRYPTED);
        CHECK(text && strstr(text, "secret.txt"));
        CHECK(text && !strstr(text, "wombatsecret"));
        free(text);
    }
    char *text = READ(at("noms-chiffres.7z"), REASON_ENCRYPTED);     /* its names are encrypted too */
    CHECK(!text || !strstr(text, "wombatsecret"));
    free(text);
}

/* 8. SVG: the text elements, nothing else; no entity expanded, nothing
 * fetched. */
static void test_svg(void)
{
    const char *svg =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!DOCTYPE svg [\n"
        "  <!ENTITY a \"ha\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        "  <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
        "  <!ENTITY secret SYSTEM \"file:///etc/hostname\">\n"
        "]>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\">\n"
        "  <title>Plan de la salle wombatsvg</title>\n"
        "  <desc>Schéma des tables ornithosvg</desc>\n"
        "  <style>.x { fill: red; } stylesvgword</style>\n"
        "  <script>var scriptsvgword = 1;</script>\n"
        "  <rect x=\"0\" y=\"0\" width=\"10\" height=\"10\" id=\"rectsvgword\"/>\n"
        "  <text x=\"10\" y=\"20\">Entrée <tspan font-weight=\"bold\">pangolinsvg</tspan> &e; &secret;</text>\n"
        "</svg>\n";
    put("plan.svg", svg, strlen(svg));
    char *text = READ(at("plan.svg"), NULL);
    CHECK_TERM(text, "wombatsvg");
    CHECK_TERM(text, "ornithosvg");
    CHECK_TERM(text, "pangolinsvg");
    CHECK(text && strstr(text, "Entrée") && strstr(text, "Schéma"));
    CHECK(text && !strstr(text, "stylesvgword") && !strstr(text, "scriptsvgword") && !strstr(text, "rectsvgword"));
    CHECK(text && !strstr(text, "hahaha"));   /* the entities stay references */
    char host[256] = "";
    FILE *f = fopen("/etc/hostname", "r");
    if (f) { if (!fgets(host, sizeof host, f)) *host = 0; fclose(f); }
    host[strcspn(host, "\n")] = 0;
    CHECK(text && (strlen(host) < 4 || !strstr(text, host)));
    free(text);
}

/* test_extract FILE...: each file's type, reason and text (a tool for
 * trying the readers on real files; bench/coverage.sh uses it). */
static int show(int argc, char **argv)
{
    magic = magic_open(MAGIC_MIME_TYPE);
    if (!magic || magic_load(magic, NULL)) return 2;
    for (int i = 1; i < argc; i++) {
        char mime[128], reason[160];
        char *text = read_as_indexer(argv[i], mime, sizeof mime, reason, sizeof reason);
        printf("=== %s\t%s\t%s\t%zu\n%s\n", argv[i], mime, reason, text ? strlen(text) : 0, text ? text : "");
        free(text);
    }
    return 0;
}

/* The properties of RTF, PDF and HTML files, which their text leaves out: an RTF
 * {\info} group in Windows-1252 bytes and \u code points, and a PDF's
 * information dictionary (both written here by hand). */
static void write_file(const char *name, const char *text)
{
    FILE *f = fopen(at(name), "w");
    if (!f) { CHECK(0); return; }
    fputs(text, f);
    fclose(f);
}

static void test_properties(void)
{
    write_file("proprietes.rtf",
               "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times;}}"
               "{\\info{\\title R\\u233?union du conseil}{\\author Gw\\'e9na\\'eblle Kerdrel}"
               "{\\company Mairie de Plouzan\\'e9}{\\creatim\\yr2026\\mo12\\dy3}}"
               "\\pard Le corps du texte wombatrtf.\\par}");
    char *text = READ(at("proprietes.rtf"), NULL);
    CHECK_TERM(text, "wombatrtf");
    CHECK(text && strstr(text, "Gwénaëlle Kerdrel"));
    CHECK(text && strstr(text, "Mairie de Plouzané"));
    CHECK(text && strstr(text, "Réunion du conseil"));
    CHECK(text && !strstr(text, "2026"));             /* dates are not words */
    free(text);
    /* a PDF whose xref poppler rebuilds: only its /Info says who made it */
    write_file("proprietes.pdf",
               "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
               "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
               "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
               "4 0 obj << /Title (Budget primitif) /Author (Yannick Wombatpdf) /Creator (Traitement Ornithopdf) >> endobj\n"
               "trailer << /Root 1 0 R /Info 4 0 R /Size 5 >>\n%%EOF\n");
    text = READ(at("proprietes.pdf"), NULL);
    CHECK_TERM(text, "Wombatpdf");
    CHECK_TERM(text, "Ornithopdf");
    CHECK(text && strstr(text, "Budget primitif"));
    free(text);
    /* an HTML page's author, description and keywords; not its viewport */
    write_file("page.html", "<html><head><meta name=\"author\" content=\"Maëlys Wombathtml\">"
               "<meta name=\"viewport\" content=\"width=device-width\"></head><body><p>Corps</p></body></html>");
    text = READ(at("page.html"), NULL);
    CHECK_TERM(text, "Wombathtml");
    CHECK(text && !strstr(text, "device"));
    free(text);
}

/* A PDF in two columns, a word hyphenated at a line's end: read in reading
 * order, each column whole and the word joined (the physical layout gave
 * « con- » and « struit », lines of both columns interleaved). */
static void test_pdf_reading_order(void)
{
    static const char stream[] =
        "BT /F1 12 Tf 20 700 Td (Le budget primitif est con-) Tj 0 -15 Td (struit par le conseil municipal) Tj ET "
        "BT /F1 12 Tf 330 700 Td (Colonne droite wombatdroite) Tj 0 -15 Td (encore la colonne droite) Tj ET";
    char pdf[2048];
    snprintf(pdf, sizeof pdf, "%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
             "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
             "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
             " /Resources << /Font << /F1 5 0 R >> >> >> endobj\n"
             "4 0 obj << /Length %zu >> stream\n%s\nendstream endobj\n"
             "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n"
             "trailer << /Root 1 0 R /Size 6 >>\n%%%%EOF\n", sizeof stream - 1, stream);
    write_file("colonnes.pdf", pdf);
    char *text = READ(at("colonnes.pdf"), NULL);
    CHECK_TERM(text, "construit");
    CHECK(text && strstr(text, "Le budget primitif est construit par le conseil municipal"));
    CHECK(text && strstr(text, "Colonne droite wombatdroite"));
    free(text);
}

int main(int argc, char **argv)
{
    if (argc > 1) return show(argc, argv);
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/test_extract.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 2; }
    magic = magic_open(MAGIC_MIME_TYPE);
    if (!magic || magic_load(magic, NULL)) { fprintf(stderr, "libmagic\n"); return 2; }
    test_archive_names();
    test_spreadsheet_cells();
    test_ppt_and_empty();
    test_legacy_in_archive();               /* after: slides.ppt is there */
    test_word_fallback();
    test_mail_attachments();
    test_outlook_msg();
    test_protected();
    test_svg();
    test_properties();
    test_pdf_reading_order();
    magic_close(magic);
    if (!unit_failed) sh("cd / && rm -rf '%s'", dir);
    return UNIT_DONE();
}
