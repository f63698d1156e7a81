/* parvis-ctl: the administration commands the `parvis` script runs.
 *   parvis-ctl init SQL_DIR   secret, database, migrations, first administrator
 *   parvis-ctl migrate SQL_DIR
 *   parvis-ctl config KEY     prints one configuration value
 *   parvis-ctl reindex -      queues the removal of orphans, then every person,
 *                             group, post, comment and file, for the indexer
 *   parvis-ctl reconcile -    queues a reconciliation of the index with MariaDB
 *   parvis-ctl sweep SECONDS  removes the blob files no row names, last written
 *                             over SECONDS ago (an upload's killed worker left them)
 *   parvis-ctl ldap-sync run|force|preview
 *                             one directory sync now (ldap.c, docs/ldap.md)
 *   parvis-ctl supervise RUN_DIR @name ... program ...
 *                             starts the services and keeps them running
 *                             (supervise.c)
 */
#include "ctl.h"
#include "config.h"
#include "crypto.h"
#include "log.h"
#include "supervise_main.h"
#include <stdio.h>
#include <string.h>

static int usage(void)
{
    fputs("usage: parvis-ctl init SQL_DIR | migrate SQL_DIR | config KEY | reindex - | reconcile - | sweep SECONDS\n"
          "       parvis-ctl ldap-sync run|force|preview\n"
          "       parvis-ctl supervise RUN_DIR SERVICES...\n", stderr);
    return 2;
}

int main(int argc, char **argv)
{
    log_init("parvis-ctl");
    if (argc >= 2 && strcmp(argv[1], "supervise") == 0) return ctl_supervise(argc - 2, argv + 2);
    if (argc < 3) return usage();
    config cfg;
    char err[512];
    if (config_load(&cfg, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
    if (crypto_setup()) { fputs("libsodium failed to start\n", stderr); return 1; }

    if (strcmp(argv[1], "config") == 0) {
        char buf[600];
        const char *v = config_get(&cfg, argv[2], buf, sizeof buf);
        if (!v) { fprintf(stderr, "unknown key %s\n", argv[2]); return 2; }
        puts(v);
        return 0;
    }
    if (strcmp(argv[1], "migrate") == 0) return ctl_migrate(&cfg, argv[2]) ? 1 : 0;
    if (strcmp(argv[1], "reindex") == 0) return ctl_reindex(&cfg) ? 1 : 0;
    if (strcmp(argv[1], "reconcile") == 0) return ctl_reconcile(&cfg) ? 1 : 0;
    if (strcmp(argv[1], "ldap-sync") == 0) return ctl_ldap_sync(&cfg, argv[2]) ? 1 : 0;
    if (strcmp(argv[1], "sweep") == 0) return ctl_sweep(&cfg, argv[2]) ? 1 : 0;
    if (strcmp(argv[1], "init") == 0) {
        unsigned char key[32];
        if (secret_load_or_create(cfg.secret_file, key, err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        if (ctl_migrate(&cfg, argv[2])) return 1;
        return ctl_first_admin(&cfg) ? 1 : 0;
    }
    return usage();
}
