#include "ctl.h"
#include "db.h"
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int valid_identifier(const char *s)
{
    if (!*s || strlen(s) > 64) return 0;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_')) return 0;
    return 1;
}

static int is_migration(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return n > 4 && isdigit((unsigned char)e->d_name[0]) && strcmp(e->d_name + n - 4, ".sql") == 0;
}

/* Runs the statements of one file: each ends with ';' at the end of a line. */
static int apply_file(db *d, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); return -1; }
    size_t cap = 1 << 16, len = 0;
    char *text = malloc(cap), line[4096];
    int rc = text ? 0 : -1;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        char *s = line;
        while (isspace((unsigned char)*s)) s++;
        if (s[0] == '-' && s[1] == '-') continue;
        size_t n = strlen(line);
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            char *bigger = realloc(text, cap);
            if (!bigger) { fprintf(stderr, "%s: out of memory\n", path); rc = -1; break; }
            text = bigger;
        }
        memcpy(text + len, line, n + 1);
        len += n;
        char *e = text + len;
        while (e > text && isspace((unsigned char)e[-1])) e--;
        if (e > text && e[-1] == ';') {
            e[-1] = 0;
            if (db_exec_script(d, text)) {
                fprintf(stderr, "%s: %s\n", path, db_error(d));
                rc = -1;
            }
            len = 0;
        }
    }
    fclose(f);
    free(text);
    return rc;
}

int ctl_migrate(const config *cfg, const char *sql_dir)
{
    char err[512];
    if (!valid_identifier(cfg->db_name)) {
        fprintf(stderr, "db_name must be lower-case letters, digits and _\n");
        return -1;
    }
    db *d = db_open(cfg, NULL, 0, err, sizeof err);
    if (!d) { fprintf(stderr, "%s\n", err); return -1; }
    char sql[256];
    /* lint-allow: sql. An identifier cannot be a parameter: it was validated
     * above, and this is the one statement Parvis builds (lib/stmt.h) */
    snprintf(sql, sizeof sql, "CREATE DATABASE IF NOT EXISTS %s CHARACTER SET utf8mb4 "
             "COLLATE utf8mb4_unicode_520_ci", cfg->db_name);
    int rc = db_exec_script(d, sql);
    if (rc) fprintf(stderr, "cannot create the database: %s\n", db_error(d));
    db_close(d);
    if (rc) return -1;

    d = db_open(cfg, cfg->db_name, 0, err, sizeof err);
    if (!d) { fprintf(stderr, "%s\n", err); return -1; }
    if (db_exec(d, STMT_MIGRATIONS_TABLE_CREATE, "") < 0) {
        fprintf(stderr, "schema_migrations: %s\n", db_error(d));
        db_close(d);
        return -1;
    }
    struct dirent **list;
    int n = scandir(sql_dir, &list, is_migration, alphasort);
    if (n < 0) { perror(sql_dir); db_close(d); return -1; }
    arena *a = arena_new(4096);
    int applied = 0;
    rc = 0;
    for (int i = 0; i < n; i++) {
        const char *name = list[i]->d_name;
        long long version = strtoll(name, NULL, 10);
        if (rc == 0) {
            arena_reset(a);
            db_rows *r = db_query(d, a, STMT_MIGRATION_APPLIED, "i", version);
            if (!r) { fprintf(stderr, "%s\n", db_error(d)); rc = -1; }
            else if (r->nrows == 0) {
                char path[1024];
                snprintf(path, sizeof path, "%s/%s", sql_dir, name);
                if (apply_file(d, path) ||
                    db_exec(d, STMT_MIGRATION_RECORD,
                            "is", version, name) < 0) {
                    fprintf(stderr, "migration %s failed: %s\n", name, db_error(d));
                    rc = -1;
                } else {
                    printf("parvis: applied migration %s\n", name);
                    applied++;
                }
            }
        }
        free(list[i]);
    }
    free(list);
    arena_free(a);
    db_close(d);
    return rc;
}
