/* Unit tests for the office documents' conversion to PDF
 * (previewer/office.c), through office_to_pdf as the previewer calls it
 * (libmagic's type). The documents are made here (Python's zipfile writes
 * a docx, an odt and an xlsx of minimal XML; an RTF is text) or are the
 * protected fixtures of tests/fixtures/ (made by LibreOffice, protect.py);
 * the words looked for are in the documents' text, found in the PDF by
 * pdftotext. Hostile input: a truncated docx, a text file named .docx,
 * protected documents, a conversion stopped by the wall-clock limit (set
 * to 1 s through PARVIS_OFFICE_WALL_SECONDS) — each refused with its
 * reason, and the next conversion still works; a conversion while the
 * kept profile is busy (its lock held by the test). Five LibreOffice runs:
 * ~20 s on a quiet host.
 *
 * test_office FILE...: converts each file and prints its type, result,
 * LibreOffice's start and the child's peak memory (bench/office.sh). */
#include <dirent.h>
#include <fcntl.h>
#include <magic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "office.h"
#include "unit.h"

static char dir[256], work[300];
static magic_t magic;

/* dir/name, and a shell command run in dir (unit.h) */
#define at(name) unit_at(dir, name)
#define sh(...) unit_sh(dir, __VA_ARGS__)

static void put(const char *name, const char *text)
{
    FILE *f = fopen(at(name), "wb");
    if (!f) { perror(name); exit(2); }
    fputs(text, f);
    fclose(f);
}

/* The PDF's text (pdftotext), malloc'd, or NULL. */
static char *pdf_text(const char *pdf)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "pdftotext -q '%s' - 2>/dev/null", pdf);
    FILE *p = popen(cmd, "r");
    if (!p) return NULL;
    size_t cap = 1 << 16, len = 0, n;
    char *buf = malloc(cap + 1);
    while (buf && len < cap && (n = fread(buf + len, 1, cap - len, p)) > 0) len += n;
    pclose(p);
    if (buf) buf[len] = 0;
    return buf;
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000L + (t.tv_nsec - t0->tv_nsec) / 1000000L;
}

/* Converts dir/name as the previewer does (libmagic's type): office_to_pdf's
 * result; the reason into reason. */
static int convert(const char *path, const char *pdf, char *reason, size_t rlen, long *start)
{
    const char *mime = magic_file(magic, path);
    *reason = 0;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = office_to_pdf(path, mime ? mime : "?", pdf, work, reason, rlen, start);
    fprintf(stderr, "  %s (%s): %s in %ld ms%s%s\n", strrchr(path, '/') + 1, mime ? mime : "?",
            rc ? "refused" : "converted", ms_since(&t0), *reason ? ": " : "", reason);
    return rc;
}

/* Whether a LibreOffice of this test is still running (its command line
 * names our work directory). */
static int soffice_left(void)
{
    DIR *d = opendir("/proc");
    if (!d) return 0;
    struct dirent *e;
    int found = 0;
    while (!found && (e = readdir(d))) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        char path[300], cmd[4096];
        snprintf(path, sizeof path, "/proc/%s/cmdline", e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        size_t n = fread(cmd, 1, sizeof cmd - 1, f);
        fclose(f);
        for (size_t i = 0; i < n; i++) if (!cmd[i]) cmd[i] = ' ';
        cmd[n] = 0;
        found = strstr(cmd, work) != NULL;
    }
    closedir(d);
    return found;
}

/* Only the kept profile and its lock remain under work/office: no job
 * directory is left behind. */
static int only_profile_left(void)
{
    char office[400];
    snprintf(office, sizeof office, "%s/office", work);
    DIR *d = opendir(office);
    if (!d) return 0;
    struct dirent *e;
    int ok = 1;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, "profile")
            || !strcmp(e->d_name, "profile.lock")) continue;
        fprintf(stderr, "left in %s: %s\n", office, e->d_name);
        ok = 0;
    }
    closedir(d);
    return ok;
}

static const char *const MAKE_DOCS =
    "import zipfile\n"
    "W = 'http://schemas.openxmlformats.org/'\n"
    "def ooxml(path, main, part, ctype, body, extra={}):\n"
    "    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:\n"
    "        z.writestr('[Content_Types].xml', '<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"' + W + 'package/2006/content-types\">'\n"
    "            '<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>'\n"
    "            '<Default Extension=\"xml\" ContentType=\"application/xml\"/>'\n"
    "            '<Override PartName=\"/' + part + '\" ContentType=\"' + ctype + '\"/>'\n"
    "            + ''.join('<Override PartName=\"/%s\" ContentType=\"%s\"/>' % (k, v[0]) for k, v in extra.items()) + '</Types>')\n"
    "        z.writestr('_rels/.rels', '<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"' + W + 'package/2006/relationships\">'\n"
    "            '<Relationship Id=\"rId1\" Type=\"' + W + 'officeDocument/2006/relationships/officeDocument\" Target=\"' + part + '\"/></Relationships>')\n"
    "        z.writestr(part, body)\n"
    "        for k, v in extra.items(): z.writestr(k, v[1])\n"
    "paras = ['Compte rendu wombatdocx', 'Deuxi\\u00e8me paragraphe quokkaparagraphe'] + ['Ligne %d du relev\\u00e9' % i for i in range(120)]\n"
    "ooxml('doc.docx', None, 'word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',\n"
    "    '<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"' + W + 'wordprocessingml/2006/main\"><w:body>'\n"
    "    + ''.join('<w:p><w:r><w:t>%s</w:t></w:r></w:p>' % p for p in paras) + '</w:body></w:document>')\n"
    "ooxml('sheet.xlsx', None, 'xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',\n"
    "    '<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"' + W + 'spreadsheetml/2006/main\" xmlns:r=\"' + W + 'officeDocument/2006/relationships\">'\n"
    "    '<sheets><sheet name=\"Budget\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>',\n"
    "    {'xl/_rels/workbook.xml.rels': ('application/vnd.openxmlformats-package.relationships+xml',\n"
    "        '<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"' + W + 'package/2006/relationships\">'\n"
    "        '<Relationship Id=\"rId1\" Type=\"' + W + 'officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>'),\n"
    "     'xl/worksheets/sheet1.xml': ('application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',\n"
    "        '<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"' + W + 'spreadsheetml/2006/main\"><sheetData>'\n"
    "        '<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>wombatxl</t></is></c><c r=\"B1\"><v>42</v></c></row>'\n"
    "        '</sheetData></worksheet>')})\n"
    "with zipfile.ZipFile('doc.odt', 'w', zipfile.ZIP_DEFLATED) as z:\n"
    "    z.writestr(zipfile.ZipInfo('mimetype'), 'application/vnd.oasis.opendocument.text')\n"
    "    z.writestr('META-INF/manifest.xml', '<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">'\n"
    "        '<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>'\n"
    "        '<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>')\n"
    "    z.writestr('content.xml', '<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"'\n"
    "        ' xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\"><office:body><office:text>'\n"
    "        '<text:p>Ordre du jour wombatodt</text:p><text:p>R\\u00e9union du comit\\u00e9 numbatsalle</text:p></office:text></office:body></office:document-content>')\n";

static void test_types(void)
{
    static const char *const yes[] = {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation", "application/msword", "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint", "text/rtf", NULL };
    static const char *const no[] = { "text/plain", "application/pdf", "image/png", "application/zip",
        "application/octet-stream", "text/html", "", NULL };
    for (const char *const *m = yes; *m; m++) CHECK(office_is_convertible(*m));
    for (const char *const *m = no; *m; m++) CHECK(!office_is_convertible(*m));
    CHECK(!office_is_convertible(NULL));
    /* libmagic names the legacy fixtures with types that are converted */
    static const char *const legacy[] = { "tests/fixtures/legacy.doc", "tests/fixtures/legacy.xls",
                                          "tests/fixtures/cells.ods", "tests/fixtures/cells.xlsx" };
    for (size_t i = 0; i < sizeof legacy / sizeof *legacy; i++) {
        const char *mime = magic_file(magic, legacy[i]);
        if (!mime || !office_is_convertible(mime)) fprintf(stderr, "%s: %s not convertible\n", legacy[i], mime ? mime : "(none)");
        CHECK(mime && office_is_convertible(mime));
    }
}

/* One file of each family made here: its words in the PDF. */
static void test_families(void)
{
    if (sh("/usr/bin/python3 - <<'EOF'\n%sEOF", MAKE_DOCS)) { CHECK(0); return; }
    put("note.rtf", "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times;}}\\f0\\fs24 Note de service wombatrtf\\par "
                    "Objet : d\\'e9m\\'e9nagement quokkartf\\par}");
    static const struct { const char *file, *mime, *words[2]; } cases[] = {
        { "doc.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          { "wombatdocx", "quokkaparagraphe" } },
        { "doc.odt", "application/vnd.oasis.opendocument.text", { "wombatodt", "numbatsalle" } },
        { "note.rtf", "text/rtf", { "wombatrtf", "déménagement" } },
    };
    /* the job directory of a process that died mid-conversion (a pid no
     * process has): removed by the first conversion */
    char stale[400];
    snprintf(stale, sizeof stale, "%s/office/job-2147483646-1/in", work);
    if (sh("mkdir -p '%s' && echo secret > '%s/document.docx'", stale, stale)) CHECK(0);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *mime = magic_file(magic, at(cases[i].file));
        CHECK_STR(mime, cases[i].mime);
        char reason[200], pdf[600];
        long start = -1;
        snprintf(pdf, sizeof pdf, "%s.pdf", at(cases[i].file));
        /* the RTF while another conversion holds the kept profile: it uses
         * a profile of its own, and the kept one stays */
        int held = -1;
        if (i == 2) {
            char lock[400];
            snprintf(lock, sizeof lock, "%s/office/profile.lock", work);
            held = open(lock, O_RDWR | O_CLOEXEC);
            CHECK(held >= 0 && flock(held, LOCK_EX | LOCK_NB) == 0);
        }
        CHECK(convert(at(cases[i].file), pdf, reason, sizeof reason, &start) == 0);
        if (held >= 0) {
            char profile[400];
            snprintf(profile, sizeof profile, "%s/office/profile/user", work);
            CHECK(access(profile, F_OK) == 0);
            close(held);
        }
        CHECK(start > 0);
        char *text = pdf_text(pdf);
        for (int w = 0; w < 2; w++) {
            int found = text && strstr(text, cases[i].words[w]);
            if (!found) fprintf(stderr, "%s: \"%s\" not in its PDF: %.300s\n", cases[i].file, cases[i].words[w], text ? text : "");
            CHECK(found);
        }
        free(text);
    }
    CHECK(!soffice_left());
    CHECK(only_profile_left());
}

/* Bad input: each refused with its reason, no PDF written, nothing left. */
static void test_bad_input(void)
{
    char reason[200], pdf[600];
    long start;
    snprintf(pdf, sizeof pdf, "%s", at("bad.pdf"));

    /* a docx cut in its middle: libmagic still says docx, LibreOffice cannot read it */
    if (sh("head -c 1200 doc.docx > coupe.docx")) CHECK(0);
    CHECK(convert(at("coupe.docx"), pdf, reason, sizeof reason, &start) == -1);
    CHECK(strstr(reason, "fichier illisible") != NULL);
    CHECK(access(pdf, F_OK) != 0);

    /* a file named .docx that is not one: its type is not converted */
    put("faux.docx", "Ceci n'est pas un document Word, seulement du texte.\n");
    CHECK(!office_is_convertible(magic_file(magic, at("faux.docx"))));
    CHECK(convert(at("faux.docx"), pdf, reason, sizeof reason, &start) == -1);
    CHECK(strstr(reason, "type non pris en charge") != NULL);

    /* protected documents (LibreOffice's own, password « motdepasse »):
     * recognised before LibreOffice starts */
    static const char *const protected[] = { "tests/fixtures/protege.odt", "tests/fixtures/protege.doc",
                                             "tests/fixtures/protege.xls" };
    for (size_t i = 0; i < sizeof protected / sizeof *protected; i++) {
        CHECK(convert(protected[i], pdf, reason, sizeof reason, &start) == -1);
        CHECK_STR(reason, "protégé par un mot de passe");
        CHECK(start == 0);                /* LibreOffice never started */
    }
    CHECK(access(pdf, F_OK) != 0);
    CHECK(!soffice_left());
    CHECK(only_profile_left());
}

/* A conversion that takes too long: the whole group killed at the wall
 * limit, and the next conversion (a new profile) still works. */
static void test_wall_limit(void)
{
    char reason[200], pdf[600];
    long start;
    snprintf(pdf, sizeof pdf, "%s", at("lent.pdf"));
    setenv("PARVIS_OFFICE_WALL_SECONDS", "1", 1);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK(convert(at("doc.docx"), pdf, reason, sizeof reason, &start) == -1);
    long took = ms_since(&t0);
    unsetenv("PARVIS_OFFICE_WALL_SECONDS");
    CHECK(strstr(reason, "délai dépassé") != NULL);
    CHECK(took < 5000);                 /* killed at 1 s, not left to finish */
    CHECK(access(pdf, F_OK) != 0);
    CHECK(!soffice_left());
    CHECK(only_profile_left());

    /* (with the fallback that machines refusing namespaces get: the
     * seccomp filter refusing Internet sockets) */
    snprintf(pdf, sizeof pdf, "%s", at("sheet.pdf"));
    setenv("PARVIS_OFFICE_NETNS", "0", 1);
    CHECK(convert(at("sheet.xlsx"), pdf, reason, sizeof reason, &start) == 0);
    unsetenv("PARVIS_OFFICE_NETNS");
    char *text = pdf_text(pdf);
    CHECK(text && strstr(text, "wombatxl") && strstr(text, "42"));
    free(text);
    CHECK(!soffice_left());
}

/* test_office FILE...: each file converted, for the benchmark. */
static int show(int argc, char **argv)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(work, sizeof work, "%s/test_office_work", tmp && *tmp ? tmp : "/tmp");
    for (int i = 1; i < argc; i++) {
        const char *mime = magic_file(magic, argv[i]);
        char reason[200] = "", pdf[600];
        snprintf(pdf, sizeof pdf, "%s.pdf", argv[i]);
        long start = -1;
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        int rc = office_to_pdf(argv[i], mime ? mime : "?", pdf, work, reason, sizeof reason, &start);
        long took = ms_since(&t0);
        struct rusage ru;
        getrusage(RUSAGE_CHILDREN, &ru);
        long cpu = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000L + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000L;
        printf("%s\t%s\trc=%d\ttotal_ms=%ld\tstart_ms=%ld\tmaxrss_kb=%ld\tcpu_ms=%ld\t%s\n", argv[i], mime ? mime : "?", rc,
               took, start, ru.ru_maxrss, cpu, reason);
    }
    return 0;
}

int main(int argc, char **argv)
{
    magic = magic_open(MAGIC_MIME_TYPE);
    if (!magic || magic_load(magic, NULL)) { fprintf(stderr, "libmagic\n"); return 2; }
    if (argc > 1) return show(argc, argv);
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/test_office.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 2; }
    snprintf(work, sizeof work, "%s/work", dir);
    unsetenv("PARVIS_OFFICE_WALL_SECONDS");
    test_types();
    test_families();
    test_bad_input();
    test_wall_limit();
    magic_close(magic);
    if (!unit_failed) unit_rm_rf(dir);
    return UNIT_DONE();
}
