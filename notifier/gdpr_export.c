#include "gdpr_export.h"
#include "blobstore.h"
#include "log.h"
#include "notify.h"
#include "clock.h"
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The sections: a file of the zip each, from a statement whose rows are
 * JSON objects (lib/stmt/gdpr.def) and whose parameters are the person. */
static const struct { const char *name; stmt s; int params; int single; } sections[] = {
    { "profile.json", STMT_EXPORT_PROFILE, 1, 1 },
    { "sessions.json", STMT_EXPORT_SESSIONS, 1, 0 },
    { "memberships.json", STMT_EXPORT_MEMBERSHIPS, 1, 0 },
    { "posts.json", STMT_EXPORT_POSTS, 1, 0 },
    { "comments.json", STMT_EXPORT_COMMENTS, 1, 0 },
    { "reactions.json", STMT_EXPORT_REACTIONS, 1, 0 },
    { "must_read_receipts.json", STMT_EXPORT_RECEIPTS, 1, 0 },
    { "notifications.json", STMT_EXPORT_NOTIFICATIONS, 1, 0 },
    { "chat_messages.json", STMT_EXPORT_MESSAGES, 1, 0 },
    { "chat_reactions.json", STMT_EXPORT_CHAT_REACTIONS, 1, 0 },
    { "invitation.json", STMT_EXPORT_INVITATION, 1, 0 },
    { "charter_acceptances.json", STMT_EXPORT_CHARTER_ACCEPTANCES, 1, 0 },
    { "events.json", STMT_EXPORT_EVENTS, 1, 0 },
    { "event_answers.json", STMT_EXPORT_EVENT_ANSWERS, 1, 0 },
    { "poll_votes.json", STMT_EXPORT_POLL_VOTES, 1, 0 },
    { "convocations.json", STMT_EXPORT_CONVOCATIONS, 1, 0 },
    { "welcome.json", STMT_EXPORT_WELCOME, 1, 0 },
    { "audit_log.json", STMT_EXPORT_AUDIT, 3, 0 },
    { "directory.json", STMT_EXPORT_LDAP, 1, 0 },     /* docs/ldap.md */
    { "sso_identities.json", STMT_EXPORT_OIDC_IDENTITIES, 1, 0 },   /* docs/sso.md */
};

static const char README[] =
    "Parvis - export of your data / export de vos donnees\n\n"
    "profile.json: your profile / votre profil\n"
    "sessions.json: your open sessions / vos sessions ouvertes\n"
    "memberships.json: your groups / vos groupes\n"
    "posts.json, comments.json, reactions.json: what you wrote / ce que vous avez ecrit\n"
    "must_read_receipts.json: the must-read posts you confirmed / les lectures confirmees\n"
    "notifications.json: your notifications / vos notifications\n"
    "chat_messages.json, chat_reactions.json: your messages / vos messages\n"
    "invitation.json: the invitation that made your account / l'invitation de votre compte\n"
    "charter_acceptances.json: the charter's versions you accepted / les versions de la charte acceptees\n"
    "events.json, event_answers.json: the events you organised, your answers / vos evenements, vos reponses\n"
    "poll_votes.json: your votes in named polls (anonymous ones are linked to nobody) /"
    " vos votes aux sondages nominatifs (les anonymes ne sont lies a personne)\n"
    "convocations.json: the convocations you received, when they were sent, opened and confirmed /"
    " les convocations recues, leur envoi, ouverture et accuse de reception\n"
    "welcome.json: your answer to the first sign-in's welcome / votre reponse a l'accueil de la premiere connexion\n"
    "audit_log.json: the journal's entries about you / le journal vous concernant\n"
    "directory.json: your entry's name in the organisation's directory (LDAP DN) /"
    " le nom de votre fiche dans l'annuaire de l'organisation (DN LDAP)\n"
    "sso_identities.json: your identities at the single sign-on provider (issuer, subject) /"
    " vos identites chez le fournisseur de connexion unique (emetteur, sujet)\n"
    "files.json and files/: your files, current versions / vos fichiers, versions actuelles\n"
    "photo.jpg: your profile photo, if you set one / votre photo de profil, si vous en avez mis une\n";

static int add_entry(struct archive *ar, const char *name, long long size, int store)
{
    struct archive_entry *e = archive_entry_new();
    if (!e) return -1;
    archive_entry_set_pathname_utf8(e, name);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, size);
    archive_entry_set_mtime(e, time(NULL), 0);
    /* already compressed (the files): stored; the JSON: deflated */
    int rc = (store ? archive_write_zip_set_compression_store(ar) : archive_write_zip_set_compression_deflate(ar)) < ARCHIVE_WARN
          || archive_write_header(ar, e) != ARCHIVE_OK ? -1 : 0;
    archive_entry_free(e);
    return rc;
}

static int add_text(struct archive *ar, const char *name, const char *text, size_t len)
{
    if (add_entry(ar, name, (long long)len, 0)) return -1;
    return len && archive_write_data(ar, text, len) != (la_ssize_t)len ? -1 : 0;
}

/* The rows of `q` (column 0) as a JSON array, one object a line; an
 * object alone for `single`. */
static char *rows_json(arena *a, const db_rows *q, int single, size_t *len)
{
    if (single) {
        *len = q->nrows ? q->lens[0] : 2;
        return q->nrows ? q->cells[0] : arena_strdup(a, "{}");
    }
    size_t cap = 4;
    for (int i = 0; i < q->nrows; i++) cap += q->lens[(size_t)i * (size_t)q->ncols] + 3;
    char *out = arena_alloc(a, cap), *p = out;
    *p++ = '[';
    for (int i = 0; i < q->nrows; i++) {
        if (i) *p++ = ',';
        *p++ = '\n';
        size_t n = q->lens[(size_t)i * (size_t)q->ncols];
        memcpy(p, q->cells[(size_t)i * (size_t)q->ncols], n);
        p += n;
    }
    if (q->nrows) *p++ = '\n';
    *p++ = ']';
    *p = 0;
    *len = (size_t)(p - out);
    return out;
}

static int copy_blob(struct archive *ar, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    static char buf[1 << 20];
    ssize_t n;
    int rc = 0;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        if (archive_write_data(ar, buf, (size_t)n) != n) { rc = -1; break; }
    if (n < 0) rc = -1;
    close(fd);
    return rc;
}

/* Writes the zip of `user` at `path`: 0, or -1. *size, *files. */
static int write_zip(db *d, arena *a, const config *c, long long user, const char *path, long long *files)
{
    struct archive *ar = archive_write_new();
    if (!ar) return -1;
    int rc = archive_write_set_format_zip(ar) != ARCHIVE_OK || archive_write_open_filename(ar, path) != ARCHIVE_OK
          || add_text(ar, "README.txt", README, sizeof README - 1) ? -1 : 0;
    for (size_t i = 0; !rc && i < sizeof sections / sizeof sections[0]; i++) {
        db_rows *q = sections[i].params == 3 ? db_query(d, a, sections[i].s, "iii", user, user, user)
                                             : db_query(d, a, sections[i].s, "i", user);
        size_t len;
        char *json = q ? rows_json(a, q, sections[i].single, &len) : NULL;
        if (!json || add_text(ar, sections[i].name, json, len)) rc = -1;
    }
    db_rows *f = rc ? NULL : db_query(d, a, STMT_EXPORT_FILES, "ii", user, user);
    if (!rc && !f) rc = -1;
    if (!rc) {
        size_t len;
        char *json = rows_json(a, f, 0, &len);
        rc = add_text(ar, "files.json", json, len);
    }
    char root[600], blob[800];
    snprintf(root, sizeof root, "%s/blobs", c->var_dir);
    for (int i = 0; !rc && i < f->nrows; i++) {
        blob_path(root, db_cell(f, i, 1), blob, sizeof blob);
        struct stat st;
        if (stat(blob, &st) != 0) { log_error("export of %lld: blob %s missing", user, db_cell(f, i, 1)); continue; }
        /* a name with '/' would make folders: it cannot (drive names have none) */
        if (add_entry(ar, db_cell(f, i, 2), (long long)st.st_size, 1) || copy_blob(ar, blob)) rc = -1;
        else (*files)++;
    }
    /* the person's photo, its large size (docs/viewer.md) */
    db_rows *av = rc ? NULL : db_query(d, a, STMT_EXPORT_AVATAR, "i", user);
    if (!rc && !av) rc = -1;
    if (!rc && av->nrows) {
        blob_path(root, db_cell(av, 0, 0), blob, sizeof blob);
        struct stat st;
        if (stat(blob, &st) != 0) log_error("export of %lld: photo %s missing", user, db_cell(av, 0, 0));
        else if (add_entry(ar, "photo.jpg", (long long)st.st_size, 1) || copy_blob(ar, blob)) rc = -1;
    }
    if (rc) log_error("export of %lld: %s", user, archive_error_string(ar) ? archive_error_string(ar) : db_error(d));
    if (archive_write_close(ar) != ARCHIVE_OK) rc = -1;
    archive_write_free(ar);
    return rc;
}

int gdpr_export_next(db *d, arena *a, const config *c)
{
    arena_reset(a);
    db_rows *q = db_query(d, a, STMT_EXPORT_NEXT, "");
    if (!q) return -1;
    if (!q->nrows) return 0;
    long long id = db_cell_int(q, 0, 0), user = db_cell_int(q, 0, 1);
    if (db_exec(d, STMT_EXPORT_SET_STATE, "si", "building", id) < 0) return -1;
    char dir[600], tmp[700], path[700];
    snprintf(dir, sizeof dir, "%s/exports", c->var_dir);
    if (mkdir(dir, 0750) != 0 && errno != EEXIST) { log_error("export: %s: %s", dir, strerror(errno)); return -1; }
    snprintf(tmp, sizeof tmp, "%s/%lld.zip.tmp", dir, id);
    snprintf(path, sizeof path, "%s/%lld.zip", dir, id);
    double t0 = mono_s();
    long long files = 0;
    int rc = write_zip(d, a, c, user, tmp, &files);
    struct stat st;
    if (rc || stat(tmp, &st) != 0 || rename(tmp, path) != 0) {
        log_error("export %lld of account %lld failed: %s", id, user, db_error(d));
        unlink(tmp);
        db_exec(d, STMT_EXPORT_SET_STATE, "si", "failed", id);
        return -1;
    }
    /* ready, and the person told, in one transaction */
    if (db_begin(d)) return -1;
    long long n = db_exec(d, STMT_EXPORT_SET_READY, "iii", (long long)st.st_size, files, id);
    if (n < 0 || (n > 0 && notify_add(d, NOTIFY_EXPORT_READY, id, 0, user, NULL)) || db_commit(d)) {
        db_rollback(d);
        return -1;
    }
    if (n > 0) notify_poke(c);
    else unlink(path);                         /* asked again or erased meanwhile */
    log_info("export %lld of account %lld: %lld files, %lld bytes, in %.1f s", id, user, files,
             (long long)st.st_size, mono_s() - t0);
    return 1;
}

int gdpr_export_sweep(db *d, arena *a, const config *c)
{
    arena_reset(a);
    int removed = 0;
    db_rows *q = db_query(d, a, STMT_EXPORTS_EXPIRED, "");
    if (!q) return -1;
    for (int i = 0; i < q->nrows; i++)
        if (db_exec(d, STMT_EXPORT_DELETE, "i", db_cell_int(q, i, 0)) > 0) removed++;
    char dir[600];
    snprintf(dir, sizeof dir, "%s/exports", c->var_dir);
    DIR *dh = opendir(dir);
    if (!dh) return removed;
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.') continue;
        char *end;
        long long id = strtoll(e->d_name, &end, 10);
        /* a .zip.tmp is never being written here: the sweep and the builder
         * are this same process, one after the other */
        if ((strcmp(end, ".zip") == 0 || strcmp(end, ".zip.tmp") == 0) && id > 0) {
            arena_reset(a);
            db_rows *k = db_query(d, a, STMT_EXPORT_KEEP_FILE, "i", id);
            if (!k || db_cell_int(k, 0, 0) > 0) continue;
        }
        char path[900];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (unlink(path) == 0) removed++;
    }
    closedir(dh);
    if (removed) log_info("exports: %d expired or replaced removed", removed);
    return removed;
}
