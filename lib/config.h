/* Configuration: one file of `key = value` lines, then environment
 * overrides PARVIS_<KEY> (upper case). Paths default to places under the
 * var directory, so PARVIS_VAR alone is enough to run a private stack. */
#ifndef PARVIS_CONFIG_H
#define PARVIS_CONFIG_H

typedef struct {
    char var_dir[512];
    char db_socket[512];
    char db_name[64];
    char db_user[64];
    char fcgi_socket[512];
    char fcgi_chat_socket[512]; /* the chat's lane: the same program, workers of its own */
    char indexer_socket[512];
    char notifier_socket[512]; /* parvis-notifier's poke socket (its events) */
    char mailer_socket[512];   /* and its mail sender's */
    char live_socket[512];     /* nginx's nchan publisher (a unix socket) */
    char mail_dir[512];        /* mails written as .eml files when no relay is set */
    char xapian_path[512];
    char secret_file[512];
    char authgen_file[512];
    char password_list[512];   /* the common and breached passwords (lib/password_policy.h) */
    char public_url[256];
    int workers;               /* FastCGI workers; 0 = two per core */
    int chat_workers;          /* more workers, for the chat's requests only; 0 = four per core */
    int workers_nice;          /* nice steps below the chat's lane for the other workers (lib/priority.h) */
    int background_nice;       /* and for the indexer, previewer, feeds and the notifier's mail,
                                  housekeeping and webhooks (not its live events) */
    int session_idle;          /* seconds without a request before sign-out */
    int session_lifetime;      /* absolute lifetime of a session, seconds */
    int login_max_account;     /* failures per account from one address within login_window */
    int login_max_account_all; /* failures per account from every address, after which
                                  only addresses it signed in from before may try */
    int login_max_address;     /* failures per address within login_window */
    int login_window;          /* seconds */
    int reset_max_address;     /* password reset requests per address within reset_window */
    int reset_max_account;     /* reset mails per account within reset_window (more are not sent) */
    int reset_window;          /* seconds */
    int indexer_batch;         /* queue rows per batch */
    int disk_reserve_mb;       /* MiB an upload must leave free on the disk of var/ */
    int mail_retry_seconds;    /* the first retry's delay after a temporary failure (doubling) */
    int mail_retry_hours;      /* how long a mail is retried before it is marked failed */
    int mail_timeout;          /* seconds a relay may take to answer */
    int chat_mail_delay_seconds; /* a chat notification is mailed when still unread this long after it was written */
    int chat_retention_seconds;  /* how often the chat's retention runs (notifier/chat_retention.c) */
    int account_expiry_seconds;  /* how often the notifier disables the accounts whose end passed (docs/guests.md) */
} config;

/* Fills *c with defaults, then the file (PARVIS_CONFIG, else
 * <var>/parvis.conf when present), then the environment. Returns 0, or -1
 * with a message in err for an unreadable file or an invalid value. */
int config_load(config *c, char *err, int errlen);

/* The value of one key, as text, for `parvis-ctl config KEY`; NULL if unknown. */
const char *config_get(const config *c, const char *key, char *buf, int buflen);
#endif
