/* Configuration: defaults, the file, environment overrides, bad values. */
#include "config.h"
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *write_conf(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/parvis-conf-XXXXXX");
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

int main(void)
{
    config c;
    char err[512];
    unsetenv("PARVIS_CONFIG");
    unsetenv("PARVIS_WORKERS");
    unsetenv("PARVIS_CHAT_WORKERS");
    unsetenv("PARVIS_WORKERS_NICE");
    unsetenv("PARVIS_BACKGROUND_NICE");
    setenv("PARVIS_VAR", "/tmp/parvis-no-such-dir", 1);

    CHECK(config_load(&c, err, sizeof err) == 0);
    CHECK_STR(c.var_dir, "/tmp/parvis-no-such-dir");
    CHECK_STR(c.db_socket, "/tmp/parvis-no-such-dir/run/mysqld.sock");
    CHECK_STR(c.xapian_path, "/tmp/parvis-no-such-dir/xapian");
    CHECK_STR(c.db_name, "parvis");
    CHECK(c.workers == 2 * sysconf(_SC_NPROCESSORS_ONLN));
    /* the chat's lane: workers of its own on a socket of its own */
    CHECK(c.chat_workers == 4 * sysconf(_SC_NPROCESSORS_ONLN));
    CHECK_STR(c.fcgi_chat_socket, "/tmp/parvis-no-such-dir/run/fcgi-chat.sock");
    /* who goes first (lib/priority.h): the other workers, then the background */
    CHECK(c.workers_nice == 5 && c.background_nice == 10);
    CHECK(c.session_idle == 8 * 3600);
    CHECK(c.login_max_account == 5);

    const char *path = write_conf("# comment\n\n workers = 3 \ndb_name=other\nxapian_path = /srv/index\n");
    setenv("PARVIS_CONFIG", path, 1);
    CHECK(config_load(&c, err, sizeof err) == 0);
    CHECK(c.workers == 3);
    CHECK_STR(c.db_name, "other");
    CHECK_STR(c.xapian_path, "/srv/index");
    CHECK_STR(c.db_socket, "/tmp/parvis-no-such-dir/run/mysqld.sock");

    /* the environment wins over the file */
    setenv("PARVIS_WORKERS", "7", 1);
    CHECK(config_load(&c, err, sizeof err) == 0);
    CHECK(c.workers == 7);
    setenv("PARVIS_CHAT_WORKERS", "1", 1);
    CHECK(config_load(&c, err, sizeof err) == 0);
    CHECK(c.chat_workers == 1 && c.workers == 7);
    unsetenv("PARVIS_CHAT_WORKERS");
    /* nice goes no further than 19 */
    setenv("PARVIS_BACKGROUND_NICE", "40", 1);
    CHECK(config_load(&c, err, sizeof err) == 0);
    CHECK(c.background_nice == 19 && c.workers_nice == 5);
    unsetenv("PARVIS_BACKGROUND_NICE");
    char buf[64];
    CHECK_STR(config_get(&c, "workers", buf, sizeof buf), "7");
    CHECK(config_get(&c, "nope", buf, sizeof buf) == NULL);

    setenv("PARVIS_WORKERS", "seven", 1);
    CHECK(config_load(&c, err, sizeof err) == -1);
    CHECK(strstr(err, "workers") != NULL);
    setenv("PARVIS_WORKERS", "-2", 1);
    CHECK(config_load(&c, err, sizeof err) == -1);
    unsetenv("PARVIS_WORKERS");
    unlink(path);

    path = write_conf("unknown_key = 1\n");
    setenv("PARVIS_CONFIG", path, 1);
    CHECK(config_load(&c, err, sizeof err) == -1);
    CHECK(strstr(err, "unknown key unknown_key") != NULL);
    unlink(path);

    path = write_conf("just text\n");
    setenv("PARVIS_CONFIG", path, 1);
    CHECK(config_load(&c, err, sizeof err) == -1);
    CHECK(strstr(err, ":1:") != NULL);
    unlink(path);

    setenv("PARVIS_CONFIG", "/tmp/parvis-no-such-file.conf", 1);
    CHECK(config_load(&c, err, sizeof err) == -1);
    return UNIT_DONE();
}
