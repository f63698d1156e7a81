#include "groups/group_cache.h"
#include "arena.h"
#include "authgen.h"
#include "fold.h"
#include "log.h"
#include "core/worker.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static struct {
    int loaded;
    uint64_t gen;
    arena *a;                  /* every string of the catalogue */
    cached_group *groups;      /* in name order */
    size_t n;
    size_t *slots;             /* open addressing: id -> position + 1 */
    size_t nslots;
} C;

static void drop(void)
{
    for (size_t i = 0; i < C.n; i++) json_decref(C.groups[i].managers);
    free(C.groups);
    free(C.slots);
    if (C.a) arena_free(C.a);
    memset(&C, 0, sizeof C);
}

static size_t hash_id(long long id) { return (size_t)((unsigned long long)id * 0x9E3779B97F4A7C15ull); }

/* An object serialised by jansson, without its closing brace, in the
 * catalogue's arena; releases the object. */
static int head_of(arena *a, json_t *object, const char **head, size_t *len)
{
    char *text = object ? json_dumps(object, JSON_COMPACT) : NULL;
    json_decref(object);
    size_t n = text ? strlen(text) : 0;
    if (n < 2) { free(text); return -1; }
    *head = arena_strndup(a, text, n - 1);
    *len = n - 1;
    free(text);
    return 0;
}

static int load(uint64_t gen)
{
    arena *a = arena_new(256 * 1024);
    db *d = worker_db();
    db_rows *q = d ? db_query(d, a, STMT_GROUP_CATALOGUE, "") : NULL;
    db_rows *m = q ? db_query(d, a, STMT_GROUP_CATALOGUE_MANAGERS, "") : NULL;
    if (!m) { arena_free(a); return -1; }
    drop();
    C.a = a;
    C.gen = gen;
    C.n = (size_t)q->nrows;
    C.groups = calloc(C.n ? C.n : 1, sizeof *C.groups);
    C.nslots = 16;
    while (C.nslots < 2 * C.n) C.nslots *= 2;
    C.slots = calloc(C.nslots, sizeof *C.slots);
    if (!C.groups || !C.slots) { drop(); return -1; }
    for (size_t i = 0; i < C.n; i++) {
        cached_group *g = &C.groups[i];
        int r = (int)i;
        g->id = db_cell_int(q, r, 0);
        g->name = db_cell(q, r, 1);
        char *folded = fold_text(g->name, strlen(g->name));
        g->folded_name = arena_strdup(a, folded ? folded : "");
        free(folded);
        g->description = db_cell(q, r, 2);
        g->visibility = db_cell(q, r, 3);
        g->vis = strcmp(g->visibility, "public") == 0 ? VIS_PUBLIC
               : strcmp(g->visibility, "private") == 0 ? VIS_PRIVATE : VIS_SECRET;
        g->posting = db_cell(q, r, 4);
        g->posting_managers_only = strcmp(g->posting, "managers") == 0;
        g->archived = db_cell_int(q, r, 5) != 0;
        g->is_default = db_cell_int(q, r, 6) != 0;
        g->member_count = db_cell_int(q, r, 7);
        g->created_at = db_cell(q, r, 8);
        g->follow_default = db_cell(q, r, 9);
        g->must_read_reminder_days = (int)db_cell_int(q, r, 10);
        g->managers = json_array();
        json_t *own = json_pack("{s:I,s:s,s:s,s:s,s:s,s:b,s:b,s:I,s:s,s:s,s:I}",
            "id", (json_int_t)g->id, "name", g->name, "description", g->description,
            "visibility", g->visibility, "posting", g->posting, "archived", g->archived,
            "default", g->is_default, "member_count", (json_int_t)g->member_count, "created_at", g->created_at,
            "follow_default", db_cell(q, r, 9), "must_read_reminder_days", (json_int_t)db_cell_int(q, r, 10));
        json_t *brief = json_pack("{s:I,s:s,s:b}", "id", (json_int_t)g->id, "name", g->name, "archived", g->archived);
        int failed = head_of(a, own, &g->json_head, &g->json_head_len);
        failed |= head_of(a, brief, &g->json_brief, &g->json_brief_len);
        if (failed) { drop(); return -1; }                   /* drop() frees a */
        size_t h = hash_id(g->id) & (C.nslots - 1);
        while (C.slots[h]) h = (h + 1) & (C.nslots - 1);
        C.slots[h] = i + 1;
    }
    for (int r = 0; r < m->nrows; r++) {
        size_t i = group_cache_index(db_cell_int(m, r, 0));
        if (i == (size_t)-1) continue;
        json_array_append_new(C.groups[i].managers, json_pack("{s:I,s:s}",
            "id", (json_int_t)db_cell_int(m, r, 1), "display_name", db_cell(m, r, 2)));
    }
    C.loaded = 1;
    return 0;
}

int group_cache_refresh(void)
{
    /* the generation is read before the query: a change committed during
     * the load bumps it again, and the next request reloads */
    uint64_t gen = authgen_global_get(AUTHGEN_GROUPS);
    if (C.loaded && gen == C.gen) return 0;
    if (load(gen)) {
        log_error("group catalogue: load failed");
        return -1;
    }
    return 0;
}

size_t group_cache_count(void) { return C.n; }

const cached_group *group_cache_at(size_t i) { return i < C.n ? &C.groups[i] : NULL; }

size_t group_cache_index(long long id)
{
    if (!C.nslots) return (size_t)-1;
    for (size_t h = hash_id(id) & (C.nslots - 1); C.slots[h]; h = (h + 1) & (C.nslots - 1))
        if (C.groups[C.slots[h] - 1].id == id) return C.slots[h] - 1;
    return (size_t)-1;
}

void group_cache_changed(void)
{
    authgen_global_bump(AUTHGEN_GROUPS);
}
