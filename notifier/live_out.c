#include "live_out.h"
#include <string.h>

/* Room for one more in an arena-held array of `size`-byte items. */
static void *grow(arena *a, void *v, int n, int *cap, size_t size)
{
    if (n < *cap) return v;
    int c = *cap ? *cap * 2 : 64;
    void *w = arena_alloc(a, size * (size_t)c);
    if (n) memcpy(w, v, size * (size_t)n);
    *cap = c;
    return w;
}

static int has(const long long *v, int n, long long user)
{
    for (int i = 0; i < n; i++)
        if (v[i] == user) return 1;
    return 0;
}

int live_out_told(const live_out *out, long long user) { return has(out->users, out->nusers, user); }

void live_out_user(arena *a, live_out *out, long long user)
{
    if (has(out->users, out->nusers, user)) return;
    out->users = grow(a, out->users, out->nusers, &out->capusers, sizeof *out->users);
    out->users[out->nusers++] = user;
}

void live_out_message(arena *a, live_out *out, long long user, const char *json)
{
    out->msgs = grow(a, out->msgs, out->nmsgs, &out->capmsgs, sizeof *out->msgs);
    out->msgs[out->nmsgs++] = (live_msg){ user, json };
}

void live_out_chat_count(arena *a, live_out *out, long long user)
{
    if (has(out->chat_users, out->nchat, user)) return;
    out->chat_users = grow(a, out->chat_users, out->nchat, &out->capchat, sizeof *out->chat_users);
    out->chat_users[out->nchat++] = user;
}
