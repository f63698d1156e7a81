/* What the notifier knows of a conversation when it decides who may be
 * told of its events: the conversation's own facts, loaded once, and for
 * each person the facts fcgi/core/acl.c decides on (their participation,
 * their place in a room's group), then acl_conversation's verdict. The
 * notifier never decides a right itself. */
#ifndef PARVIS_NOTIFIER_CHAT_FACTS_H
#define PARVIS_NOTIFIER_CHAT_FACTS_H
#include "core/acl.h"
#include "db.h"

typedef struct {
    long long id, group;         /* group: a room's (0: none) */
    conversation_kind kind;
    int enabled, closed;
    const char *name;            /* a room's: its group's; "" for a direct conversation */
    group_facts gfacts;          /* a room's group (for its managers) */
} conv_info;

typedef struct {
    auth_user user;              /* id, role, status, display_name */
    int muted;
    long long last_read_seq;     /* 0 without a row */
    acl_verdict read;            /* acl_conversation(CA_READ): ALLOW takes part; HIDDEN may not know it */
} chat_person;

typedef struct {
    chat_person *v;
    int n;
} chat_people;

/* 1 found, 0 gone, -1 MariaDB. */
int conv_info_load(db *d, arena *a, long long id, conv_info *c);
/* Everyone who may take part now, each with their verdict (the caller
 * keeps those it needs: ALLOW for what people wrote, not HIDDEN to say
 * that the conversation changed). 0 or -1. */
int chat_people_load(db *d, arena *a, const conv_info *c, chat_people *out);
/* One person's verdict on reading conversation `c`: 0 or -1; *p filled
 * (an unknown person: HIDDEN). */
int chat_person_load(db *d, arena *a, const conv_info *c, long long user, chat_person *p);
/* The person `user` among `ps`, or NULL. */
const chat_person *chat_people_find(const chat_people *ps, long long user);
#endif
