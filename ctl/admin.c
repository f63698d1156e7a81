#include "account.h"
#include "crypto.h"
#include "ctl.h"
#include "db.h"
#include "password_policy.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The first administrator: PARVIS_ADMIN_EMAIL / PARVIS_ADMIN_PASSWORD when
 * set; otherwise a generated password, printed once and kept in
 * <var>/initial-admin.txt (0600) for the person who ran `make run`. */
int ctl_first_admin(const config *cfg)
{
    char err[512];
    db *d = db_open(cfg, cfg->db_name, 0, err, sizeof err);
    if (!d) { fprintf(stderr, "%s\n", err); return -1; }
    arena *a = arena_new(4096);
    int rc = -1;
    db_rows *r = db_query(d, a, STMT_ADMINS_COUNT, "");
    if (!r) { fprintf(stderr, "%s\n", db_error(d)); goto out; }
    if (db_cell_int(r, 0, 0) > 0) { rc = 0; goto out; }

    const char *email = getenv("PARVIS_ADMIN_EMAIL");
    const char *given = getenv("PARVIS_ADMIN_PASSWORD");
    char generated[24];
    if (!email || !*email) email = "admin@parvis.local";
    if (!given || !*given) password_generate(generated, 20);
    const char *password = given && *given ? given : generated;
    if (given && *given) {                  /* the rules of every password (docs/passwords.md) */
        char why[600];
        if (password_list_open(cfg->password_list, why, sizeof why)) { fprintf(stderr, "%s\n", why); goto out; }
        password_verdict v = password_check(password);
        if (v == PASSWORD_TOO_SHORT) {
            fprintf(stderr, "PARVIS_ADMIN_PASSWORD must have at least %d characters\n", PASSWORD_MIN);
            goto out;
        }
        if (v == PASSWORD_COMMON) {
            fputs("PARVIS_ADMIN_PASSWORD is one of the most common or leaked passwords: choose another one\n", stderr);
            goto out;
        }
    }
    char lower[256];
    size_t n = strlen(email);
    if (n >= sizeof lower || !strchr(email, '@')) { fputs("PARVIS_ADMIN_EMAIL is not an e-mail address\n", stderr); goto out; }
    for (size_t i = 0; i <= n; i++) lower[i] = (char)((email[i] >= 'A' && email[i] <= 'Z') ? email[i] + 32 : email[i]);

    long long id = account_create(d, lower, "Administrateur", password, "admin", NULL, 0);
    if (id <= 0) { fprintf(stderr, "cannot create the administrator: %s\n", db_error(d)); goto out; }
    if (!(given && *given)) {
        char path[600];
        snprintf(path, sizeof path, "%s/initial-admin.txt", cfg->var_dir);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!f) { fprintf(stderr, "%s: %s\n", path, strerror(errno)); if (fd >= 0) close(fd); goto out; }
        fprintf(f, "email=%s\npassword=%s\n", lower, password);
        fclose(f);
    }
    printf("parvis: created the first administrator %s\n", lower);
    rc = 0;
out:
    arena_free(a);
    db_close(d);
    return rc;
}
