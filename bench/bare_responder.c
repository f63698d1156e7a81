/* The yardstick of make bench: a bare libfcgi responder that answers a
 * constant, prefork like parvis-fcgi, on the same socket. Comparing /me
 * with it tells what Parvis itself costs per request on this machine.
 *   bare-responder SOCKET CHILDREN */
#include <fcgiapp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 3) return 2;
    char *end;
    long n = strtol(argv[2], &end, 10);
    if (*end || n < 1 || n > 256) return 2;
    int children = (int)n;
    FCGX_Init();
    unlink(argv[1]);
    int fd = FCGX_OpenSocket(argv[1], 1024);
    if (fd < 0) return 1;
    for (int i = 0; i < children; i++) {
        if (fork() == 0) {
            FCGX_Request r;
            FCGX_InitRequest(&r, fd, 0);
            while (FCGX_Accept_r(&r) >= 0) {
                FCGX_PutS("Status: 200 OK\r\nContent-Type: application/json\r\n\r\n{\"ok\":true}", r.out);
                FCGX_Finish_r(&r);
            }
            _exit(0);
        }
    }
    /* ends with its children: kill the process group */
    while (wait(NULL) > 0) {}
    return 0;
}
