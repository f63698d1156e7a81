#include "outbox.h"
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int outbox_add(db *d, entity kind, long long id)
{
    return db_exec(d, STMT_QUEUE_INSERT, "si", entity_names[kind], id) < 0 ? -1 : 0;
}

void outbox_poke(const char *indexer_socket)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    if (strlen(indexer_socket) >= sizeof sa.sun_path) return;
    memcpy(sa.sun_path, indexer_socket, strlen(indexer_socket) + 1);   /* its length checked above */
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return;
    /* best effort: a full or missing socket only means the poll finds it */
    (void)sendto(fd, "!", 1, MSG_DONTWAIT, (struct sockaddr *)&sa, sizeof sa);
    close(fd);
}

int poke_bind(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof sa.sun_path) return -1;
    memcpy(sa.sun_path, path, strlen(path) + 1);   /* its length checked above */
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    unlink(path);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) { close(fd); return -1; }
    return fd;
}

void poke_wait(int fd)
{
    if (fd < 0) { sleep(1); return; }        /* lint-allow: sleep (no socket: polling) */
    struct pollfd p = { .fd = fd, .events = POLLIN };
    if (poll(&p, 1, 1000) > 0) {
        char buf[64];
        while (recv(fd, buf, sizeof buf, 0) > 0) {}
    }
}
