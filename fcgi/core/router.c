#include "core/router.h"
#include <string.h>

/* Compares one pattern with a path, segment by segment. */
static int pattern_match(const char *pat, const char *path, long long ids[MAX_ROUTE_IDS], int *nids)
{
    int n = 0;
    while (*pat && *path) {
        if (*pat != '/' || *path != '/') return 0;
        pat++; path++;
        const char *pe = strchr(pat, '/'), *se = strchr(path, '/');
        size_t pl = pe ? (size_t)(pe - pat) : strlen(pat);
        size_t sl = se ? (size_t)(se - path) : strlen(path);
        if (pl == 4 && memcmp(pat, "{id}", 4) == 0) {
            if (sl == 0 || sl > 16 || n == MAX_ROUTE_IDS) return 0;
            long long v = 0;
            for (size_t i = 0; i < sl; i++) {
                if (path[i] < '0' || path[i] > '9') return 0;
                v = v * 10 + (path[i] - '0');
            }
            if (v < 1) return 0;
            ids[n++] = v;
        } else if (pl == 6 && memcmp(pat, "{name}", 6) == 0) {
            /* the rest of the path, which the handler decodes and checks */
            if (sl == 0) return 0;
            sl = strlen(path);
        } else if (pl != sl || memcmp(pat, path, pl) != 0) {
            return 0;
        }
        pat += pl;
        path += sl;
    }
    if (*pat || *path) return 0;
    *nids = n;
    return 1;
}

int route_match(const route *routes, const char *method, const char *path,
                long long ids[MAX_ROUTE_IDS], int *nids, const route **found,
                char *allowed, size_t n)
{
    int path_known = 0;
    size_t used = 0;
    allowed[0] = 0;
    for (const route *rt = routes; rt->pattern; rt++) {
        long long tmp[MAX_ROUTE_IDS];
        int k = 0;
        if (!pattern_match(rt->pattern, path, tmp, &k)) continue;
        if (strcmp(rt->method, method) == 0) {
            memcpy(ids, tmp, sizeof tmp);
            *nids = k;
            *found = rt;
            return MATCH_FOUND;
        }
        path_known = 1;
        size_t m = strlen(rt->method);
        if (used + m + 3 < n && !strstr(allowed, rt->method)) {
            if (used) { memcpy(allowed + used, ", ", 2); used += 2; }
            memcpy(allowed + used, rt->method, m + 1);
            used += m;
        }
    }
    return path_known ? MATCH_NO_METHOD : MATCH_NO_PATH;
}
