#include "core/validate.h"
#include <ctype.h>
#include <string.h>

int utf8_chars(const char *s)
{
    int n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int has_control(const char *s, int allow_newlines)
{
    const unsigned char *p = (const unsigned char *)s;
    for (; *p; p++) {
        if (*p == 0x7f) return 1;
        if (*p < 0x20 && !(allow_newlines && (*p == '\n' || *p == '\t' || *p == '\r'))) return 1;
        if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) return 1;   /* C1 controls */
    }
    return 0;
}

static int allowed_value(const char *allowed, const char *v)
{
    size_t n = strlen(v);
    for (const char *p = allowed; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t k = bar ? (size_t)(bar - p) : strlen(p);
        if (k == n && strncmp(p, v, n) == 0) return 1;
        p = bar ? bar + 1 : NULL;
    }
    return 0;
}

static int fail(validation_error *e, msg_id m, const char *field)
{
    e->msg = m;
    e->field = field;
    return -1;
}

int validate_fields(json_t *body, const field_spec *specs, arena *a, validation_error *e)
{
    memset(e, 0, sizeof *e);
    const char *key;
    json_t *val;
    json_object_foreach(body, key, val) {
        const field_spec *f = specs;
        while (f->name && strcmp(f->name, key) != 0) f++;
        if (!f->name) return fail(e, M_FIELD_UNKNOWN, arena_strdup(a, key));
    }
    for (const field_spec *f = specs; f->name; f++) {
        json_t *v = json_object_get(body, f->name);
        if (!v || json_is_null(v)) {
            if (f->required) return fail(e, M_FIELD_MISSING, f->name);
            if (v) json_object_del(body, f->name);
            continue;
        }
        if (f->type == F_BOOL) {
            if (!json_is_boolean(v)) return fail(e, M_FIELD_TYPE_BOOL, f->name);
            continue;
        }
        if (f->type == F_COUNT) {
            if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > f->max_chars) {
                e->limit = f->max_chars;
                return fail(e, M_FIELD_RANGE, f->name);
            }
            continue;
        }
        if (f->type == F_ID) {
            if (!json_is_integer(v) || json_integer_value(v) <= 0) return fail(e, M_FIELD_TYPE_ID, f->name);
            continue;
        }
        if (!json_is_string(v)) return fail(e, M_FIELD_TYPE_STRING, f->name);
        const char *s = json_string_value(v);
        if (f->allowed) {
            if (allowed_value(f->allowed, s)) continue;
            char *list = arena_alloc(a, 2 * strlen(f->allowed) + 1), *o = list;
            for (const char *p = f->allowed; *p; p++) {
                if (*p == '|') { *o++ = ','; *o++ = ' '; } else *o++ = *p;
            }
            e->allowed = list;
            return fail(e, M_FIELD_ENUM, f->name);
        }
        if (f->type != F_SECRET && has_control(s, f->type == F_TEXT)) return fail(e, M_FIELD_CONTROL, f->name);
        if (f->max_chars && utf8_chars(s) > f->max_chars) {
            e->limit = f->max_chars;
            return fail(e, M_FIELD_TOO_LONG, f->name);
        }
    }
    return 0;
}

int validate_body(req *r, const field_spec *specs)
{
    validation_error e;
    if (validate_fields(r->body, specs, r->a, &e) == 0) return 0;
    if (e.msg == M_FIELD_ENUM) resp_error(r, 400, "bad_request", e.msg, e.field, e.allowed);
    else if (e.msg == M_FIELD_TOO_LONG || e.msg == M_FIELD_RANGE) resp_error(r, 400, "bad_request", e.msg, e.field, e.limit);
    else resp_error(r, 400, "bad_request", e.msg, e.field);
    return -1;
}

const char *body_str(req *r, const char *name)
{
    json_t *v = r->body ? json_object_get(r->body, name) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

long long body_int(req *r, const char *name, long long dflt)
{
    json_t *v = r->body ? json_object_get(r->body, name) : NULL;
    return json_is_integer(v) ? (long long)json_integer_value(v) : dflt;
}

int body_bool(req *r, const char *name, int dflt)
{
    json_t *v = r->body ? json_object_get(r->body, name) : NULL;
    return json_is_boolean(v) ? json_is_true(v) : dflt;
}

char *email_normalize(arena *a, const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 254) return NULL;
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || !at[1]) return NULL;
    char *out = arena_strndup(a, s, n);
    for (char *p = out; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';'
            || c == '"' || c == '(' || c == ')' || c == '[' || c == ']' || c == '\\')
            return NULL;
        *p = (char)tolower(c);
    }
    /* the domain: letters, digits, dots and hyphens (IDN in punycode) */
    for (const char *p = out + (at - s) + 1; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '.' || *p == '-')) return NULL;
    const char *dom = out + (at - s) + 1;
    if (dom[0] == '.' || dom[strlen(dom) - 1] == '.' || strstr(dom, "..")) return NULL;
    return out;
}

const char *trim_spaces(arena *a, const char *s)
{
    while (*s == ' ') s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ') n--;
    return n ? arena_strndup(a, s, n) : NULL;
}
