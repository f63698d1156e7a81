/* The common-password list (lib/password_policy.c): the bisection over the
 * mapped file agrees with a plain scan, on small lists built here (first
 * and last lines, neighbours, prefixes, case) and on the shipped list
 * (every one of its entries found, in any case, and nothing else); files
 * that are not sorted, have an empty line or no final newline are refused;
 * the verdicts: too short, then common. */
#include "password_policy.h"
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];

static const char *write_list(const char *text)
{
    snprintf(path, sizeof path, "/tmp/parvis-pwlist-XXXXXX");
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

/* a plain scan of the same text, lower-casing the key */
static int scan(const char *text, const char *key)
{
    char low[300];
    size_t n = strlen(key);
    if (n >= sizeof low) return 0;
    for (size_t i = 0; i <= n; i++) low[i] = (char)(key[i] >= 'A' && key[i] <= 'Z' ? key[i] + 32 : key[i]);
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        if ((size_t)(e - p) == n && memcmp(p, low, n) == 0) return 1;
        p = e + 1;
    }
    return 0;
}

static void small_lists(void)
{
    char err[256];
    const char *text = "123456789012\nazerty\nazertyuiop\nazertyuiop123\nmotdepasse\nmotdepasse!\nzzzzzzzzzzzz\n";
    CHECK(password_list_open(write_list(text), err, sizeof err) == 0);
    unlink(path);
    CHECK(password_list_count() == 7);
    const char *probe[] = { "123456789012", "zzzzzzzzzzzz", "azerty", "AZERTY", "AzErTyUiOp", "azertyuiop123",
                            "azertyuio", "azertyuiop1", "azertyuiop1234", "motdepasse", "MotDePasse!", "motdepasse!!",
                            "", "0", "{", "zzzzzzzzzzzzz", "zzzzzzzzzzz", "mot de passe", "motdepassé", NULL };
    for (int i = 0; probe[i]; i++) {
        int want = scan(text, probe[i]);
        if (password_list_contains(probe[i]) != want) fprintf(stderr, "  probe \"%s\"\n", probe[i]);
        CHECK(password_list_contains(probe[i]) == want);
    }
    /* random keys of the list's alphabet agree with the scan */
    srand(7);
    int agree = 1;
    for (int i = 0; i < 20000 && agree; i++) {
        char key[16];
        int n = 1 + rand() % 14;
        for (int k = 0; k < n; k++) key[k] = "azertyuiopAZ12!"[rand() % 15];
        key[n] = 0;
        agree = password_list_contains(key) == scan(text, key);
        if (!agree) fprintf(stderr, "  random key \"%s\"\n", key);
    }
    CHECK(agree);

    /* one line, and a list whose lines are all one length */
    CHECK(password_list_open(write_list("solo\n"), err, sizeof err) == 0);
    unlink(path);
    CHECK(password_list_contains("SOLO") && !password_list_contains("sol") && !password_list_contains("soloo"));
    CHECK(password_list_open(write_list("aa\nab\nac\nad\nae\n"), err, sizeof err) == 0);
    unlink(path);
    CHECK(password_list_contains("aa") && password_list_contains("ae") && password_list_contains("AC"));
    CHECK(!password_list_contains("a") && !password_list_contains("af") && !password_list_contains("a\n"));

    /* what the bisection cannot work on is refused, and the list in use kept */
    CHECK(password_list_open(write_list("b\na\n"), err, sizeof err) == -1);
    unlink(path);
    CHECK(strstr(err, "line 2") != NULL);
    CHECK(password_list_open(write_list("a\na\n"), err, sizeof err) == -1);   /* a duplicate */
    unlink(path);
    CHECK(password_list_open(write_list("a\n\nb\n"), err, sizeof err) == -1);
    unlink(path);
    CHECK(strstr(err, "empty") != NULL);
    CHECK(password_list_open(write_list("a\nb"), err, sizeof err) == -1);
    unlink(path);
    CHECK(strstr(err, "newline") != NULL);
    CHECK(password_list_open(write_list(""), err, sizeof err) == -1);
    unlink(path);
    CHECK(password_list_open("/nonexistent/list.txt", err, sizeof err) == -1);
    CHECK(strstr(err, "/nonexistent/list.txt") != NULL);
    CHECK(password_list_contains("ae"));
}

/* The shipped list: each entry found, in upper case too; each entry with
 * one more character found only when that is an entry as well. */
static void shipped_list(void)
{
    const char *file = getenv("PARVIS_PASSWORD_LIST");
    if (!file || !*file) file = "data/common-passwords.txt";
    char err[256];
    int opened = password_list_open(file, err, sizeof err) == 0;
    if (!opened) fprintf(stderr, "  %s (run from the source tree)\n", err);
    CHECK(opened);
    if (!opened) return;
    CHECK(password_list_count() > 400000);
    FILE *f = fopen(file, "r");
    char line[300], upper[300], longer[302];
    long lines = 0, found = 0, upper_found = 0, longer_right = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        lines++;
        found += password_list_contains(line);
        size_t n = strlen(line);
        for (size_t i = 0; i <= n; i++) upper[i] = (char)(line[i] >= 'a' && line[i] <= 'z' ? line[i] - 32 : line[i]);
        upper_found += password_list_contains(upper);
        if (lines % 97 == 0) {                          /* a sample: a lookup is cheap, a scan is not */
            snprintf(longer, sizeof longer, "%s~", line);
            longer_right += !password_list_contains(longer);
        } else longer_right++;
    }
    fclose(f);
    CHECK(lines == password_list_count());
    CHECK(found == lines);
    CHECK(upper_found == lines);
    CHECK(longer_right == lines);
    CHECK(password_list_contains("password1234"));
    CHECK(password_list_contains("PASSWORD1234"));
    CHECK(password_list_contains("AzertyUiop123"));
    CHECK(!password_list_contains("correct horse battery staple"));
    CHECK(!password_list_contains("Pv-3kq8ZxW2yTm4-9a"));

    CHECK(password_check("short") == PASSWORD_TOO_SHORT);
    CHECK(password_check("password") == PASSWORD_TOO_SHORT);          /* in the list, but short first */
    CHECK(password_check("éééééééééé") == PASSWORD_TOO_SHORT);        /* 10 characters, 20 bytes */
    CHECK(password_check("éééééééééééé") == PASSWORD_OK);
    CHECK(password_check("Password1234") == PASSWORD_COMMON);
    CHECK(password_check("correct horse battery staple") == PASSWORD_OK);
}

int main(void)
{
    small_lists();
    shipped_list();
    return UNIT_DONE();
}
