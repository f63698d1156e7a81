#include "events/event_input.h"
#include "events/events_model.h"
#include "core/acl.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "feed/post_attachments.h"
#include "groups/groups_model.h"
#include "markdown.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The writable fields; a creation requires the title and the start, a
 * change requires nothing. */
#define EVENT_FIELDS(required) \
    { "title", F_STRING, required, EVENT_TITLE_MAX, NULL }, \
    { "description", F_TEXT, 0, EVENT_DESCRIPTION_MAX, NULL }, \
    { "start", F_STRING, required, 40, NULL }, \
    { "end", F_STRING, 0, 40, NULL }, \
    { "all_day", F_BOOL, 0, 0, NULL }, \
    { "tz", F_STRING, 0, TZ_NAME_MAX, NULL }, \
    { "place", F_STRING, 0, EVENT_PLACE_MAX, NULL }, \
    { "url", F_STRING, 0, EVENT_URL_MAX, NULL }, \
    { "rrule", F_STRING, 0, 64, NULL }, \
    { "capacity", F_COUNT, 0, 1000000, NULL }, \
    { "deadline", F_STRING, 0, 40, NULL }, \
    { "reminder_minutes", F_COUNT, 0, EVENT_REMINDER_MAX, NULL }, \
    { NULL, 0, 0, 0, NULL }

static const field_spec create_fields[] = { EVENT_FIELDS(1) };
static const field_spec put_fields[] = { EVENT_FIELDS(0) };

static int bad(req *r, msg_id m, ...)
{
    /* the messages here take at most a string and two ints */
    va_list ap;
    va_start(ap, m);
    const char *s = NULL;
    int a = 0, b = 0;
    switch (m) {
    case M_EVENT_BAD_TIME: case M_EVENT_BAD_TZ: s = va_arg(ap, const char *); break;
    case M_EVENT_TIME_RANGE: s = va_arg(ap, const char *); a = va_arg(ap, int); b = va_arg(ap, int); break;
    default: break;
    }
    va_end(ap);
    if (m == M_EVENT_TIME_RANGE) resp_error(r, 400, "bad_request", m, s, a, b);
    else if (s) resp_error(r, 400, "bad_request", m, s);
    else if (m == M_EVENT_RRULE_TOO_MANY) resp_error(r, 400, "bad_request", m, EVENT_MAX_OCCURRENCES);
    else if (m == M_EVENT_TOO_LONG) resp_error(r, 400, "bad_request", m, EVENT_DURATION_MAX_DAYS);
    else if (m == M_EVENT_BAD_INVITEES) resp_error(r, 400, "bad_request", m, EVENT_INVITEES_MAX);
    else if (m == M_EVENT_REMINDER) resp_error(r, 400, "bad_request", m, EVENT_REMINDER_MAX);
    else resp_error(r, 400, "bad_request", m);
    return -1;
}

static int time_field(req *r, const char *name, const char *s, int all_day, const char *tz, long long *t, ymd *d)
{
    int why = 1;
    int rc = all_day ? parse_date(s, d, &why) : parse_rfc3339(s, tz, t, &why);
    if (rc == 0) return 0;
    if (why == 2) return bad(r, M_EVENT_TIME_RANGE, name, EVENT_YEAR_MIN, EVENT_YEAR_MAX);
    return bad(r, M_EVENT_BAD_TIME, name);
}

/* "invitees": {"group": bool, "users": [ids]}, taken out of the body. */
static int read_invitees(req *r, long long group_id, event_input *in)
{
    json_t *v = json_object_get(r->body, "invitees");
    if (!v || json_is_null(v)) { json_object_del(r->body, "invitees"); return 0; }
    if (!json_is_object(v)) return bad(r, M_EVENT_BAD_INVITEES);
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x)
        if (strcmp(k, "group") != 0 && strcmp(k, "users") != 0) return bad(r, M_EVENT_BAD_INVITEES);
    json_t *g = json_object_get(v, "group"), *users = json_object_get(v, "users");
    if (g && !json_is_boolean(g)) return bad(r, M_EVENT_BAD_INVITEES);
    if (users && (!json_is_array(users) || json_array_size(users) > EVENT_INVITEES_MAX))
        return bad(r, M_EVENT_BAD_INVITEES);
    in->invite_group = g ? json_is_true(g) : 1;
    size_t i, n = users ? json_array_size(users) : 0;
    long long *ids = arena_alloc(r->a, (n + 1) * sizeof *ids);
    json_array_foreach(users, i, x) {
        if (!json_is_integer(x) || json_integer_value(x) < 1) return bad(r, M_EVENT_BAD_INVITEES);
        ids[i] = json_integer_value(x);
    }
    in->invitees = db_ids_json(r->a, ids, (int)n);
    if (n) {
        db_rows *q = db_query(worker_db(), r->a, STMT_EVENT_INVITEE_CANDIDATES, "ns", group_id, in->invitees);
        if (!q) { resp_db_error(r); return -1; }
        group_visibility vis = VIS_SECRET;
        if (group_id) {
            group_facts gf;
            if (group_load(r, group_id, NULL, &gf) < 0) { resp_db_error(r); return -1; }
            vis = gf.visibility;
        }
        for (size_t a = 0; a < n; a++) {
            int ok = 0;
            for (int row = 0; row < q->nrows && !ok; row++) {
                if (db_cell_int(q, row, 0) != ids[a]) continue;
                ok = acl_event_invitable(group_id == 0, vis, db_cell_int(q, row, 3) != 0,
                                         strcmp(db_cell(q, row, 2), "guest") == 0,
                                         strcmp(db_cell(q, row, 1), "active") == 0);
            }
            if (!ok) { resp_error(r, 400, "bad_request", M_EVENT_BAD_INVITEE, ids[a]); return -1; }
        }
    }
    json_object_del(r->body, "invitees");
    return 0;
}

/* Fields whose null means « none » in a PUT. */
static int cleared(json_t *body, const char *name)
{
    json_t *v = json_object_get(body, name);
    return v && json_is_null(v);
}

int event_input_read(req *r, const db_rows *old, long long group_id, event_input *in)
{
    memset(in, 0, sizeof *in);
    in->invite_group = old ? db_cell_int(old, 0, EV_COL_INVITE_GROUP) != 0 : 1;
    if (attachments_read(r, group_id, &in->attachments) || read_invitees(r, group_id, in)) return -1;
    int clear_place = cleared(r->body, "place"), clear_url = cleared(r->body, "url");
    int clear_cap = cleared(r->body, "capacity"), clear_dl = cleared(r->body, "deadline");
    int clear_rule = cleared(r->body, "rrule");
    if (validate_body(r, old ? put_fields : create_fields)) return -1;

    /* text */
    in->title = body_str(r, "title");
    if (in->title && !(in->title = trim_spaces(r->a, in->title))) {
        resp_error(r, 400, "bad_request", M_FIELD_EMPTY, "title");
        return -1;
    }
    if (!in->title) in->title = db_cell(old, 0, EV_COL_TITLE);
    in->description = body_str(r, "description");
    if (!in->description) in->description = old ? db_cell(old, 0, EV_COL_DESCRIPTION) : "";
    const char *place = body_str(r, "place"), *url = body_str(r, "url");
    if (place) place = trim_spaces(r->a, place);
    else if (old && !clear_place) place = db_cell(old, 0, EV_COL_PLACE);
    in->place = place && *place ? place : NULL;
    if (url) {
        url = trim_spaces(r->a, url);
        if (url && strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0) return bad(r, M_EVENT_BAD_URL);
    } else if (old && !clear_url) url = db_cell(old, 0, EV_COL_URL);
    in->url = url && *url ? url : NULL;
    if (old) in->place_changed = (in->place ? 1 : 0) != (db_cell(old, 0, EV_COL_PLACE) != NULL)
                              || (in->place && strcmp(in->place, db_cell(old, 0, EV_COL_PLACE)) != 0);

    /* capacity, reminder */
    in->capacity = body_int(r, "capacity", -1);
    if (in->capacity == 0) return bad(r, M_EVENT_CAPACITY);
    if (in->capacity < 0) in->capacity = old && !clear_cap && db_cell(old, 0, EV_COL_CAPACITY)
                                       ? db_cell_int(old, 0, EV_COL_CAPACITY) : 0;
    in->reminder_minutes = body_int(r, "reminder_minutes", old ? db_cell_int(old, 0, EV_COL_REMINDER) : 1440);

    /* zone and times */
    event_time ot;
    if (old) event_time_at(old, 0, &ot);
    const char *tz = body_str(r, "tz");
    if (tz && !tz_valid(tz)) return bad(r, M_EVENT_BAD_TZ, tz);
    in->t.tz = tz ? tz : old ? arena_strdup(r->a, ot.tz) : "Europe/Paris";
    in->t.all_day = body_bool(r, "all_day", old ? ot.all_day : 0);
    const char *start = body_str(r, "start"), *end = body_str(r, "end");
    if (old && !start && (in->t.all_day != ot.all_day || (tz && strcmp(tz, ot.tz) != 0))) {
        resp_error(r, 400, "bad_request", M_FIELD_MISSING, "start");
        return -1;
    }
    if (start) {
        if (time_field(r, "start", start, in->t.all_day, in->t.tz, &in->t.start, &in->t.start_date)) return -1;
    } else {
        in->t.start = ot.start;
        in->t.start_date = ot.start_date;
    }
    if (end) {
        if (time_field(r, "end", end, in->t.all_day, in->t.tz, &in->t.end, &in->t.end_date)) return -1;
    } else if (old && !start) {
        in->t.end = ot.end;
        in->t.end_date = ot.end_date;
    } else if (old) {
        /* a new start without an end keeps the duration */
        in->t.end = in->t.start + (ot.end - ot.start);
        in->t.end_date = civil_from_days(days_from_civil(in->t.start_date.y, in->t.start_date.m, in->t.start_date.d)
                                         + days_from_civil(ot.end_date.y, ot.end_date.m, ot.end_date.d)
                                         - days_from_civil(ot.start_date.y, ot.start_date.m, ot.start_date.d));
    } else {
        in->t.end = in->t.start + 3600;
        in->t.end_date = civil_from_days(days_from_civil(in->t.start_date.y, in->t.start_date.m, in->t.start_date.d) + 1);
    }
    if (in->t.all_day) {
        long long sd = days_from_civil(in->t.start_date.y, in->t.start_date.m, in->t.start_date.d);
        long long ed = days_from_civil(in->t.end_date.y, in->t.end_date.m, in->t.end_date.d);
        if (ed <= sd) return bad(r, M_EVENT_END_BEFORE);
        if (ed - sd > EVENT_DURATION_MAX_DAYS) return bad(r, M_EVENT_TOO_LONG);
        in->t.start = local_to_utc(in->t.tz, in->t.start_date.y, in->t.start_date.m, in->t.start_date.d, 0, 0, 0);
        in->t.end = local_to_utc(in->t.tz, in->t.end_date.y, in->t.end_date.m, in->t.end_date.d, 0, 0, 0);
        snprintf(in->start_date, sizeof in->start_date, "%04d-%02d-%02d", in->t.start_date.y % 10000,
                 in->t.start_date.m % 100, in->t.start_date.d % 100);
        snprintf(in->end_date, sizeof in->end_date, "%04d-%02d-%02d", in->t.end_date.y % 10000,
                 in->t.end_date.m % 100, in->t.end_date.d % 100);
    } else {
        if (in->t.end <= in->t.start) return bad(r, M_EVENT_END_BEFORE);
        if (in->t.end - in->t.start > EVENT_DURATION_MAX_DAYS * 86400LL) return bad(r, M_EVENT_TOO_LONG);
        ymd e = local_date(in->t.tz, in->t.end);
        if (e.y > EVENT_YEAR_MAX) return bad(r, M_EVENT_TIME_RANGE, "end", EVENT_YEAR_MIN, EVENT_YEAR_MAX);
    }

    /* the rule */
    const char *rule = body_str(r, "rrule");
    if (!rule && old && !clear_rule) rule = db_cell(old, 0, EV_COL_RRULE);
    switch (rrule_parse(rule, &in->t.rule)) {
    case RRULE_OK: break;
    case RRULE_ENDLESS: return bad(r, M_EVENT_RRULE_ENDLESS);
    case RRULE_TOO_MANY: return bad(r, M_EVENT_RRULE_TOO_MANY);
    default: return bad(r, M_EVENT_RRULE_BAD);
    }
    if (in->t.rule.freq != FREQ_NONE && !in->t.rule.count) {
        ymd sd = in->t.all_day ? in->t.start_date : local_date(in->t.tz, in->t.start);
        if (days_from_civil(in->t.rule.until.y, in->t.rule.until.m, in->t.rule.until.d)
            < days_from_civil(sd.y, sd.m, sd.d)) return bad(r, M_EVENT_UNTIL_BEFORE);
    }
    rrule_format(&in->t.rule, in->rrule);
    long long last_end = 0;
    if (event_occurrences(&in->t, 0, 0, NULL, NULL, &last_end) < 0) return bad(r, M_EVENT_RRULE_TOO_MANY);

    /* the deadline: before the (first) end */
    const char *dl = body_str(r, "deadline");
    if (dl) {
        ymd dd;
        if (time_field(r, "deadline", dl, 0, in->t.tz, &in->deadline, &dd)) return -1;
    } else if (old && !clear_dl && db_cell(old, 0, EV_COL_DEADLINE)) {
        in->deadline = parse_sql_utc(db_cell(old, 0, EV_COL_DEADLINE));
    }
    if (in->deadline && in->deadline > in->t.end) return bad(r, M_EVENT_DEADLINE_AFTER);

    format_sql_utc(in->t.start, in->start_sql);
    format_sql_utc(in->t.end, in->end_sql);
    format_sql_utc(last_end, in->last_end_sql);
    if (in->deadline) format_sql_utc(in->deadline, in->deadline_sql);
    if (old) {
        char ors[64];
        rrule_format(&ot.rule, ors);
        in->time_changed = ot.start != in->t.start || ot.end != in->t.end || ot.all_day != in->t.all_day
                        || strcmp(ot.tz, in->t.tz) != 0 || strcmp(ors, in->rrule) != 0;
    }
    return 0;
}

int event_input_save_lists(db *d, long long id, const event_input *in)
{
    if (in->invitees && (db_exec(d, STMT_EVENT_INVITEES_DELETE, "i", id) < 0
                         || db_exec(d, STMT_EVENT_INVITEES_INSERT, "is", id, in->invitees) < 0)) return -1;
    if (in->attachments && (db_exec(d, STMT_EVENT_ATTACHMENTS_DELETE, "i", id) < 0
                            || db_exec(d, STMT_EVENT_ATTACHMENTS_INSERT, "is", id, in->attachments) < 0)) return -1;
    return 0;
}

int event_input_read_json(req *r, json_t *obj, const db_rows *old, long long group_id, event_input *in)
{
    json_t *body = r->body;
    r->body = obj;
    int rc = event_input_read(r, old, group_id, in);
    r->body = body;
    return rc;
}

int event_input_insert(db *d, long long group_id, long long organizer, const event_input *in, const char *html,
                       long long *id)
{
    if (db_exec(d, STMT_EVENT_INSERT, "nisssisssssssssnsii",
                group_id, organizer, in->title, in->description, html, (long long)in->t.all_day, in->t.tz,
                in->start_sql, in->end_sql, in->t.all_day ? in->start_date : NULL,
                in->t.all_day ? in->end_date : NULL, in->last_end_sql, in->rrule[0] ? in->rrule : NULL,
                in->place, in->url, in->capacity, in->deadline ? in->deadline_sql : NULL,
                in->reminder_minutes, (long long)in->invite_group) < 0)
        return -1;
    *id = db_last_id(d);
    return event_input_save_lists(d, *id, in);
}

int event_input_update(db *d, long long id, const event_input *in, const char *html, int bump)
{
    if (db_exec(d, STMT_EVENT_UPDATE, "sssisssssssssnsiiii",
                in->title, in->description, html, (long long)in->t.all_day, in->t.tz,
                in->start_sql, in->end_sql, in->t.all_day ? in->start_date : NULL,
                in->t.all_day ? in->end_date : NULL, in->last_end_sql, in->rrule[0] ? in->rrule : NULL,
                in->place, in->url, in->capacity, in->deadline ? in->deadline_sql : NULL,
                in->reminder_minutes, (long long)in->invite_group, (long long)(bump != 0), id) < 0)
        return -1;
    return event_input_save_lists(d, id, in);
}
