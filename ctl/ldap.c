/* parvis-ctl ldap-sync run|force|preview: one directory sync now
 * (docs/ldap.md), recorded with the others (run, force: the safety limit
 * waived) or a dry run; prints the report as JSON. The schedule itself is
 * parvis-notifier's (lib/ldap_sync.h ldap_sync_tick). */
#include "ctl.h"
#include "authgen.h"
#include "crypto.h"
#include "db.h"
#include "ldap_sync.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ctl_ldap_sync(const config *c, const char *mode)
{
    int dry = strcmp(mode, "preview") == 0, force = strcmp(mode, "force") == 0;
    if (!dry && !force && strcmp(mode, "run") != 0) {
        fputs("usage: parvis-ctl ldap-sync run|force|preview\n", stderr);
        return -1;
    }
    char err[512];
    unsigned char secret[32];
    if (secret_load_or_create(c->secret_file, secret, err, sizeof err)) { fprintf(stderr, "%s\n", err); return -1; }
    /* the workers' cached sessions end with the accounts disabled */
    if (authgen_open(c->authgen_file, err, sizeof err)) fprintf(stderr, "%s (sessions end at their next check)\n", err);
    db *d = db_open(c, c->db_name, 0, err, sizeof err);
    if (!d) { fprintf(stderr, "%s\n", err); return -1; }
    arena *a = arena_new(1 << 20);
    ldap_report r;
    int rc = dry ? ldap_sync_run(d, a, secret, 1, 0, 0, &r) : ldap_sync_record(d, a, secret, "ctl", 0, force, &r);
    json_t *out = json_pack("{s:s,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:I,s:I,s:b,s:s,s:O}",
        "status", rc ? "failed" : r.refused ? "refused" : "done", "entries", r.entries, "created", r.created,
        "updated", r.updated, "disabled", r.disabled, "enabled", r.enabled, "unchanged", r.unchanged,
        "skipped", r.skipped, "members_added", (json_int_t)r.members_added,
        "members_removed", (json_int_t)r.members_removed, "refused", r.refused, "message", r.message,
        "errors", r.errors ? r.errors : json_null());
    if (out && r.preview) json_object_set(out, "preview", r.preview);
    char *text = out ? json_dumps(out, JSON_INDENT(1)) : NULL;
    if (text) puts(text);
    free(text);
    json_decref(out);
    json_decref(r.errors);
    json_decref(r.preview);
    arena_free(a);
    db_close(d);
    return rc || r.refused ? -1 : 0;
}
