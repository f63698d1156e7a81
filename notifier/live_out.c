#include "live_out.h"
#include <stdlib.h>
#include <string.h>

/* Room for `want` items in an arena-held array of n `size`-byte items. */
static void *grow_to(arena *a, void *v, int n, int want, int *cap, size_t size)
{
    if (want <= *cap) return v;
    int c = *cap ? *cap : 64;
    while (c < want) c *= 2;
    void *w = arena_alloc(a, size * (size_t)c);
    if (n) memcpy(w, v, size * (size_t)n);
    *cap = c;
    return w;
}

/* Room for one more. */
static void *grow(arena *a, void *v, int n, int *cap, size_t size) { return grow_to(a, v, n, n + 1, cap, size); }

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

/* The n items of `add` after the n0 of v. */
static void *append(arena *a, void *v, int n0, int *cap, const void *add, int n, size_t size)
{
    if (!n) return v;
    v = grow_to(a, v, n0, n0 + n, cap, size);
    memcpy((char *)v + size * (size_t)n0, add, size * (size_t)n);
    return v;
}

void live_out_merge(arena *a, live_out *to, const live_out *from)
{
    to->users = append(a, to->users, to->nusers, &to->capusers, from->users, from->nusers, sizeof *to->users);
    to->nusers += from->nusers;
    to->msgs = append(a, to->msgs, to->nmsgs, &to->capmsgs, from->msgs, from->nmsgs, sizeof *to->msgs);
    to->nmsgs += from->nmsgs;
    to->chat_users = append(a, to->chat_users, to->nchat, &to->capchat, from->chat_users, from->nchat,
                            sizeof *to->chat_users);
    to->nchat += from->nchat;
}

static int by_id(const void *x, const void *y)
{
    long long a = *(const long long *)x, b = *(const long long *)y;
    return (a > b) - (a < b);
}

static int unique(long long *v, int n)
{
    if (n < 2) return n;
    qsort(v, (size_t)n, sizeof *v, by_id);
    int k = 1;
    for (int i = 1; i < n; i++)
        if (v[i] != v[k - 1]) v[k++] = v[i];
    return k;
}

void live_out_settle(live_out *out)
{
    out->nusers = unique(out->users, out->nusers);
    out->nchat = unique(out->chat_users, out->nchat);
}
