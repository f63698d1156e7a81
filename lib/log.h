/* Structured logging: one line per event on stderr, `key=value` pairs, UTC
 * time first. Values are quoted and control characters escaped, so text
 * from people can never forge a line. Never log a password or a token. */
#ifndef PARVIS_LOG_H
#define PARVIS_LOG_H

void log_init(const char *program);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One line per request: time, request id, user id (0 = anonymous), method,
 * path (without the query string), status, duration in milliseconds. */
void log_request(const char *request_id, long long user_id, const char *method,
                 const char *path, int status, double ms);

/* Writes `s` into out (size n) with control characters, quotes and
 * backslashes escaped; always NUL-terminates. */
void log_escape(char *out, int n, const char *s);
#endif
