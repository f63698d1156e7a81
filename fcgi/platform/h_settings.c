/* /settings: platform settings — who may create groups, and the portal's
 * header and quick links (administrators change them). */
#include "core/acl.h"
#include "authgen.h"
#include "platform/handlers.h"
#include "core/respond.h"
#include "platform/settings_view.h"
#include "markdown.h"
#include "settings.h"
#include "core/validate.h"
#include "core/worker.h"
#include <stdlib.h>
#include <string.h>

#define MAX_LINKS 12

/* Each worker keeps the settings, valid while no administrator changed
 * them (authgen.h), with the portal's parts already serialised; callers
 * share them and must not change them. */
static struct {
    json_t *all;
    char *organisation, *links;
    uint64_t gen;
} cached;

/* Makes the worker's copy current. 0, or -1 on a database error. */
static int settings_refresh(req *r)
{
    /* the counter first, then the query: see authgen.h */
    uint64_t gen = authgen_global_get(AUTHGEN_SETTINGS);
    if (cached.all && cached.gen == gen) return 0;
    /* every setting in one query */
    db_rows *q = db_query(worker_db(), r->a, STMT_SETTINGS_ALL, "");
    if (!q) return -1;
    const char *creation = "everyone", *name = "Parvis", *logo = "/img/logo.svg", *links = "[]", *video = "";
    long long quota_person = 2048, quota_group = 10240, trash_days = 30, retention = 0;
    for (int i = 0; i < q->nrows; i++) {
        const char *k = db_cell(q, i, 0), *v = db_cell(q, i, 1);
        if (!*v) continue;
        if (strcmp(k, "group_creation") == 0) creation = v;
        else if (strcmp(k, "organisation_name") == 0) name = v;
        else if (strcmp(k, "logo_url") == 0) logo = v;
        else if (strcmp(k, "quick_links") == 0) links = v;
        else if (strcmp(k, "drive_quota_person_mb") == 0) quota_person = strtoll(v, NULL, 10);
        else if (strcmp(k, "drive_quota_group_mb") == 0) quota_group = strtoll(v, NULL, 10);
        else if (strcmp(k, "trash_days") == 0) trash_days = strtoll(v, NULL, 10);
        else if (strcmp(k, "chat_retention_days") == 0) retention = strtoll(v, NULL, 10);
        else if (strcmp(k, "video_url") == 0) video = v;
    }
    /* the organisation's colour (the installed application's theme,
     * h_manifest.c); the brand colour of www/css/app.css by default */
    const char *theme = SETTINGS_THEME_DEFAULT;
    for (int i = 0; i < q->nrows; i++)
        if (strcmp(db_cell(q, i, 0), "theme_colour") == 0 && settings_colour_ok(db_cell(q, i, 1))) theme = db_cell(q, i, 1);
    int guests_news = 0;
    for (int i = 0; i < q->nrows; i++)
        if (strcmp(db_cell(q, i, 0), "guests_see_news") == 0) guests_news = strcmp(db_cell(q, i, 1), "1") == 0;
    json_t *l = json_loads(links, 0, NULL);
    if (!json_is_array(l)) { json_decref(l); l = json_array(); }
    json_t *all = json_pack("{s:s,s:s,s:s,s:o,s:I,s:I,s:I,s:I,s:s}", "group_creation", creation, "organisation_name", name,
                            "logo_url", logo, "quick_links", l, "drive_quota_person_mb", (json_int_t)quota_person,
                            "drive_quota_group_mb", (json_int_t)quota_group, "trash_days", (json_int_t)trash_days,
                            "chat_retention_days", (json_int_t)retention, "video_url", video);
    if (all) json_object_set_new(all, "guests_see_news", json_boolean(guests_news));
    if (all) json_object_set_new(all, "theme_colour", json_string(theme));
    /* the retention settings (docs/gdpr.md, notifier/retention.c), their
     * defaults when never set: the audit log kept 12 months, inactive
     * accounts kept */
    json_t *kept = json_pack("{s:I,s:I}", "audit_retention_months", (json_int_t)12, "inactive_disable_months", (json_int_t)0);
    for (int i = 0; kept && i < q->nrows; i++)
        if (*db_cell(q, i, 1) && json_object_get(kept, db_cell(q, i, 0)))
            json_object_set_new(kept, db_cell(q, i, 0), json_integer(strtoll(db_cell(q, i, 1), NULL, 10)));
    if (all && kept) json_object_update(all, kept);
    json_decref(kept);
    json_t *org = json_pack("{s:s,s:s}", "name", name, "logo_url", logo);
    char *org_text = org ? json_dumps(org, JSON_COMPACT) : NULL;
    char *links_text = all ? json_dumps(json_object_get(all, "quick_links"), JSON_COMPACT) : NULL;
    json_decref(org);
    if (!all || !org_text || !links_text) {
        json_decref(all); free(org_text); free(links_text);
        return -1;
    }
    json_decref(cached.all);
    free(cached.organisation);
    free(cached.links);
    cached.all = all;
    cached.organisation = org_text;
    cached.links = links_text;
    cached.gen = gen;
    return 0;
}

json_t *settings_json(req *r)
{
    return settings_refresh(r) ? NULL : json_incref(cached.all);
}

int settings_portal_json(req *r, const char **organisation, const char **links)
{
    if (settings_refresh(r)) return -1;
    *organisation = arena_strdup(r->a, cached.organisation);
    *links = arena_strdup(r->a, cached.links);
    return 0;
}

int settings_colour_ok(const char *s)
{
    if (!s || s[0] != '#' || strlen(s) != 7) return 0;
    for (int i = 1; i < 7; i++)
        if (!strchr("0123456789abcdefABCDEF", s[i])) return 0;
    return 1;
}

int h_settings_get(req *r)
{
    json_t *s = settings_json(r);
    return s ? resp_json(r, 200, s) : resp_db_error(r);
}

static const field_spec fields[] = {
    { "group_creation", F_STRING, 0, 0, "everyone|admins" },
    { "organisation_name", F_STRING, 0, 100, NULL },
    { "logo_url", F_STRING, 0, 500, NULL },
    { "video_url", F_STRING, 0, 400, NULL },
    { "guests_see_news", F_BOOL, 0, 0, NULL },
    { "theme_colour", F_STRING, 0, 7, NULL },
    { NULL, 0, 0, 0, NULL },
};

static const field_spec link_fields[] = {
    { "title", F_STRING, 1, 80, NULL },
    { "url", F_STRING, 1, 500, NULL },
    { NULL, 0, 0, 0, NULL },
};

/* {"quick_links": [{"title","url"}]}: checked, removed from the body, and
 * returned serialised; NULL after answering 400. "" when absent. */
static const char *read_links(req *r)
{
    json_t *links = json_object_get(r->body, "quick_links");
    if (!links) return "";
    size_t i;
    json_t *v;
    if (!json_is_array(links) || json_array_size(links) > MAX_LINKS) {
        resp_error(r, 400, "bad_request", M_BAD_LINK, 0, MAX_LINKS);
        return NULL;
    }
    json_array_foreach(links, i, v) {
        validation_error e;
        if (!json_is_object(v) || validate_fields(v, link_fields, r->a, &e)
            || !trim_spaces(r->a, json_string_value(json_object_get(v, "title")))
            || !markdown_url_allowed(json_string_value(json_object_get(v, "url")))) {
            resp_error(r, 400, "bad_request", M_BAD_LINK, (int)i + 1, MAX_LINKS);
            return NULL;
        }
    }
    char *text = json_dumps(links, JSON_COMPACT);
    const char *out = arena_strdup(r->a, text ? text : "[]");
    free(text);
    json_object_del(r->body, "quick_links");
    return out;
}

int h_settings_patch(req *r)
{
    if (!acl_can_edit_settings(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    if (req_read_json(r)) return 0;
    const char *links = read_links(r);
    if (!links) return 0;
    /* the drive's numbers: quotas in MiB (0: none), the trash's days */
    static const struct { const char *name; long long min, max; } numbers[] = {
        { "drive_quota_person_mb", 0, 100LL * 1024 * 1024 },
        { "drive_quota_group_mb", 0, 100LL * 1024 * 1024 },
        { "trash_days", 1, 3650 },
        { "chat_retention_days", 0, 3650 },     /* 0: messages are kept */
        { "audit_retention_months", 0, 120 },   /* 0: the audit log is kept (docs/gdpr.md) */
        { "inactive_disable_months", 0, 120 },  /* 0: inactive accounts are kept */
    };
    enum { NUMBERS = sizeof numbers / sizeof numbers[0] };
    const char *number_text[NUMBERS] = { NULL };
    for (int i = 0; i < NUMBERS; i++) {
        json_t *v = json_object_get(r->body, numbers[i].name);
        if (!v) continue;
        if (!json_is_integer(v) || json_integer_value(v) < numbers[i].min || json_integer_value(v) > numbers[i].max)
            return resp_error(r, 400, "bad_request", M_BAD_FIELD, numbers[i].name);
        number_text[i] = arena_printf(r->a, "%lld", (long long)json_integer_value(v));
        json_object_del(r->body, numbers[i].name);
    }
    if (validate_body(r, fields)) return 0;
    const char *creation = body_str(r, "group_creation"), *logo = body_str(r, "logo_url");
    const char *name = body_str(r, "organisation_name"), *video = body_str(r, "video_url");
    int guests_news = body_bool(r, "guests_see_news", -1);
    /* the organisation's colour: #rrggbb, kept in lower case */
    const char *theme = body_str(r, "theme_colour");
    if (theme && !settings_colour_ok(theme)) return resp_error(r, 400, "bad_request", M_BAD_COLOUR);
    if (theme) {
        char *low = arena_strdup(r->a, theme);
        for (char *c = low; *c; c++) if (*c >= 'A' && *c <= 'F') *c = (char)(*c - 'A' + 'a');
        theme = low;
    }
    /* « Lancer une visio » makes rooms under it: the organisation's Jitsi or BigBlueButton */
    if (video && *video && (strncmp(video, "https://", 8) != 0 || !markdown_url_allowed(video) || strpbrk(video, " \"<>?#")))
        return resp_error(r, 400, "bad_request", M_CHAT_BAD_VIDEO_URL);
    if (name && !(name = trim_spaces(r->a, name))) return resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "organisation_name");
    /* a path of the site: the Content-Security-Policy loads images from it only */
    if (logo && !(logo[0] == '/' && markdown_url_allowed(logo))) return resp_error(r, 400, "bad_request", M_BAD_FIELD, "logo_url");
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    for (int i = 0; i < NUMBERS; i++)
        if (number_text[i] && settings_set(d, numbers[i].name, number_text[i])) { db_rollback(d); return resp_db_error(r); }
    if ((creation && settings_set(d, "group_creation", creation))
        || (name && settings_set(d, "organisation_name", name))
        || (logo && settings_set(d, "logo_url", logo))
        || (video && settings_set(d, "video_url", video))
        || (*links && settings_set(d, "quick_links", links))
        || (guests_news >= 0 && settings_set(d, "guests_see_news", guests_news ? "1" : "0"))
        || (theme && settings_set(d, "theme_colour", theme))
        || db_exec(d, STMT_AUDIT_SETTINGS_UPDATE, "is", r->user->id,
                   arena_printf(r->a, "group_creation=%s name=%s logo=%s links=%s%s%s%s", creation ? creation : "-",
                                name ? "changed" : "-", logo ? "changed" : "-", *links ? "changed" : "-",
                                guests_news < 0 ? "" : guests_news ? " guests_see_news=yes" : " guests_see_news=no",
                                theme ? " theme_colour=" : "", theme ? theme : "")) < 0) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (db_commit(d)) return resp_db_error(r);
    authgen_global_bump(AUTHGEN_SETTINGS);
    return h_settings_get(r);
}
