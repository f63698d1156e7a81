/* The index's vocabulary (index_terms.h). */
#include "index_terms.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const entity_names[ENTITY__MAX] = {
    [ENTITY_PERSON] = "person",
    [ENTITY_GROUP] = "group",
    [ENTITY_POST] = "post",
    [ENTITY_COMMENT] = "comment",
    [ENTITY_FILE] = "file",
    [ENTITY_MESSAGE] = "message",
    [ENTITY_FOLDER] = "folder",
    [ENTITY_FILE_SCOPES] = "file_scopes",
    [ENTITY_GROUP_CONTENT] = "group_content",
    [ENTITY_RECONCILE] = "reconcile",
    [ENTITY_ORPHANS] = "orphans",
};

int entity_parse(const char *name, entity *out)
{
    for (int i = 0; name && i < ENTITY__MAX; i++)
        if (strcmp(name, entity_names[i]) == 0) { *out = (entity)i; return 0; }
    return -1;
}

char *term_unique(char out[TERM_MAX], entity kind, long long id)
{
    snprintf(out, TERM_MAX, "Q%s:%lld", entity_names[kind], id);
    return out;
}

int term_unique_parse(const char *term, entity *kind, long long *id)
{
    const char *colon = term[0] == 'Q' ? strchr(term, ':') : NULL;
    if (!colon || colon - term - 1 >= 16) return -1;
    char name[16];
    memcpy(name, term + 1, (size_t)(colon - term - 1));
    name[colon - term - 1] = 0;
    char *end;
    long long n = strtoll(colon + 1, &end, 10);
    if (entity_parse(name, kind) || *kind >= ENTITY_DOCUMENTS || end == colon + 1 || *end || n <= 0) return -1;
    *id = n;
    return 0;
}

char *term_kind(char out[TERM_MAX], entity kind) { snprintf(out, TERM_MAX, "XK%s", entity_names[kind]); return out; }
char *term_kind_named(char out[TERM_MAX], const char *kind) { snprintf(out, TERM_MAX, "XK%s", kind); return out; }
char *term_file_family(char out[TERM_MAX], const char *family) { snprintf(out, TERM_MAX, "XF%s", family); return out; }
char *term_file_type(char *out, size_t n, const char *mime) { snprintf(out, n, "XT%s", mime); return out; }
char *term_group(char out[TERM_MAX], long long group) { snprintf(out, TERM_MAX, "XG%lld", group); return out; }
char *term_author(char out[TERM_MAX], long long user) { snprintf(out, TERM_MAX, "XA%lld", user); return out; }
char *term_post_author(char out[TERM_MAX], long long user) { snprintf(out, TERM_MAX, "XP%lld", user); return out; }
char *scope_members(char out[TERM_MAX], long long group) { snprintf(out, TERM_MAX, "G%lld", group); return out; }
char *scope_person(char out[TERM_MAX], long long user) { snprintf(out, TERM_MAX, "U%lld", user); return out; }
char *scope_conversation(char out[TERM_MAX], long long conversation) { snprintf(out, TERM_MAX, "C%lld", conversation); return out; }

static int by_bytes(const void *x, const void *y) { return strcmp(x, y); }

/* `terms` (nterms of TERM_MAX bytes) sorted, repeats dropped, joined by
 * spaces into out. */
static int join(char (*terms)[TERM_MAX], int nterms, char *out, size_t n)
{
    qsort(terms, (size_t)nterms, TERM_MAX, by_bytes);
    size_t len = 0;
    if (n) out[0] = 0;
    for (int i = 0; i < nterms; i++) {
        if (i && strcmp(terms[i], terms[i - 1]) == 0) continue;
        int w = snprintf(out + len, n - len, "%s%s", len ? " " : "", terms[i]);
        if (w < 0 || (size_t)w >= n - len) return -1;
        len += (size_t)w;
    }
    return 0;
}

int scopes_of_person(char *out, size_t n)
{
    char t[1][TERM_MAX] = { SCOPE_SIGNED_IN };
    return join(t, 1, out, n);
}

int scopes_of_group(long long group, int secret, char *out, size_t n)
{
    char t[2][TERM_MAX] = { SCOPE_SIGNED_IN };
    if (!secret) return join(t, 1, out, n);
    snprintf(t[0], TERM_MAX, "%s", SCOPE_ADMINS);
    scope_members(t[1], group);
    return join(t, 2, out, n);
}

int scopes_of_content(long long group, const char *visibility, char *out, size_t n)
{
    char t[3][TERM_MAX] = { SCOPE_SIGNED_IN };
    if (!group) return join(t, 1, out, n);
    int k = 0;
    if (visibility && strcmp(visibility, "public") == 0) snprintf(t[k++], TERM_MAX, "%s", SCOPE_SIGNED_IN);
    snprintf(t[k++], TERM_MAX, "%s", SCOPE_ADMINS);
    scope_members(t[k++], group);
    return join(t, k, out, n);
}

int scopes_of_personal_file(long long owner, const long long *shared, int nshared, char *out, size_t n)
{
    char (*t)[TERM_MAX] = malloc((size_t)(nshared + 1) * TERM_MAX);
    if (!t) return -1;
    int k = 0;
    if (owner) scope_person(t[k++], owner);
    for (int i = 0; i < nshared; i++) scope_person(t[k++], shared[i]);
    int rc = join(t, k, out, n);
    free(t);
    return rc;
}

int scopes_of_message(long long conversation, char *out, size_t n)
{
    char t[1][TERM_MAX];
    scope_conversation(t[0], conversation);
    return join(t, 1, out, n);
}
