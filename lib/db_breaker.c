/* The circuit breaker of MariaDB (db_breaker.h). */
#include "db_breaker.h"
#include "clock.h"
#include "log.h"
#include <mysql.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <time.h>

typedef struct {
    _Atomic int tripped;
    _Atomic long long tripped_at_ms;
} shared_state;

static shared_state *state;
static double last_probe;

int db_breaker_init(void)
{
    void *p = mmap(NULL, sizeof *state, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return -1;
    state = p;
    return 0;
}

int db_breaker_tripped(void)
{
    return state && atomic_load(&state->tripped);
}

void db_breaker_trip(const char *why)
{
    if (!state) return;
    int was = 0;
    if (atomic_compare_exchange_strong(&state->tripped, &was, 1)) {
        atomic_store(&state->tripped_at_ms, (long long)(mono_s() * 1000));
        log_error("MariaDB does not answer (%s): requests answer 503 at once until it does", why);
    }
}

void db_breaker_probe(const config *c)
{
    if (!db_breaker_tripped()) return;
    double t = mono_s();
    if (t - last_probe < 0.5) return;
    last_probe = t;
    MYSQL *m = mysql_init(NULL);
    if (!m) return;
    unsigned int timeout = 1;
    mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    mysql_optionsv(m, MYSQL_OPT_READ_TIMEOUT, &timeout);
    mysql_optionsv(m, MYSQL_OPT_WRITE_TIMEOUT, &timeout);
    int up = mysql_real_connect(m, NULL, c->db_user, NULL, c->db_name, 0, c->db_socket, 0) != NULL
          && mysql_ping(m) == 0;
    mysql_close(m);
    if (!up) return;
    long long since = atomic_load(&state->tripped_at_ms);
    atomic_store(&state->tripped, 0);
    log_info("MariaDB answers again after %.1f s", t - since / 1000.0);
}
