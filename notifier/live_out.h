/* What an event has to publish once its transaction commits: the people
 * whose bell count changed, chat's messages to people's channels, and the
 * people whose chat header count changed (notifier/main.c publishes them
 * in that order). Everything lives in the event's arena. */
#ifndef PARVIS_NOTIFIER_LIVE_OUT_H
#define PARVIS_NOTIFIER_LIVE_OUT_H
#include "arena.h"

typedef struct {
    long long user;
    const char *json;
} live_msg;

typedef struct {
    long long *users;            /* bell counts */
    int nusers, capusers;
    live_msg *msgs;              /* chat: a message to a person's channel u<id> */
    int nmsgs, capmsgs;
    long long *chat_users;       /* chat header counts */
    int nchat, capchat;
} live_out;

/* Whether this event already told `user` (one notification per person
 * and event: a person mentioned is not also told of the comment). */
int live_out_told(const live_out *out, long long user);
/* `user`'s bell count changed (once per person). */
void live_out_user(arena *a, live_out *out, long long user);
/* `json` for `user`'s channel. */
void live_out_message(arena *a, live_out *out, long long user, const char *json);
/* `user`'s chat header count may have changed (once per person). */
void live_out_chat_count(arena *a, live_out *out, long long user);
/* Appends what `from` has to publish to `to` (the events of one
 * transaction): people may then appear twice, until live_out_settle. */
void live_out_merge(arena *a, live_out *to, const live_out *from);
/* Each person once in the bell and chat counts (sorted). */
void live_out_settle(live_out *out);
#endif
