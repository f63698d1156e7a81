/* Live updates: messages published to nginx's nchan module (its
 * publisher location listens on a unix socket only the platform's
 * processes reach, config live_socket), one channel per person (u<id>),
 * per group's feed (g<id>, news) and per post (p<id>). Publishing is
 * best effort: a page that misses a message catches up on its next
 * request, and nchan keeps recent messages for reconnecting tabs. */
#ifndef PARVIS_NOTIFIER_LIVE_H
#define PARVIS_NOTIFIER_LIVE_H

int live_init(const char *socket_path);     /* 0, or -1 (libcurl) */
void live_close(void);
/* Publishes `json` to `channels`: one channel, or several separated by
 * commas (nchan's publisher splits them: one request for all, at most
 * LIVE_CHANNELS_PER_PUBLISH). 0, or -1 (nginx away). */
#define LIVE_CHANNELS_PER_PUBLISH 200
int live_publish(const char *channels, const char *json);
#endif
