#include "events/events_model.h"
#include "core/respond.h"
#include "core/worker.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void event_facts_at(req *r, const db_rows *q, int row, event_facts *f)
{
    memset(f, 0, sizeof *f);
    f->org = db_cell(q, row, EV_COL_GROUP_ID) == NULL;
    f->organizer_id = db_cell_int(q, row, EV_COL_ORGANIZER);
    int member = 0;
    if (!f->org) {
        const char *vis = db_cell(q, row, EV_COL_VISIBILITY), *role = db_cell(q, row, EV_COL_ROLE);
        group_facts *g = &f->group;
        g->id = db_cell_int(q, row, EV_COL_GROUP_ID);
        g->visibility = vis && strcmp(vis, "public") == 0 ? VIS_PUBLIC
                      : vis && strcmp(vis, "private") == 0 ? VIS_PRIVATE : VIS_SECRET;
        g->posting_managers_only = db_cell(q, row, EV_COL_POSTING) && strcmp(db_cell(q, row, EV_COL_POSTING), "managers") == 0;
        g->archived = db_cell_int(q, row, EV_COL_ARCHIVED) != 0;
        g->role = !role ? ROLE_NONE : strcmp(role, "manager") == 0 ? ROLE_MANAGER : ROLE_MEMBER;
        g->drive_manager = role && db_cell_int(q, row, EV_COL_DRIVE_MANAGER) != 0;
        g->feed_moderator = role && db_cell_int(q, row, EV_COL_FEED_MODERATOR) != 0;
        member = role != NULL;
    }
    int whole = db_cell_int(q, row, EV_COL_INVITE_GROUP) != 0;
    f->invited = db_cell_int(q, row, EV_COL_INVITED_BY_NAME) != 0
              || (whole && (f->org ? !r->user->guest : member));
}

static ymd cell_date(const db_rows *q, int row, int col)
{
    ymd d = { 2000, 1, 1 };
    const char *s = db_cell(q, row, col);
    if (s) sscanf(s, "%d-%d-%d", &d.y, &d.m, &d.d);
    return d;
}

void event_time_at(const db_rows *q, int row, event_time *t)
{
    memset(t, 0, sizeof *t);
    t->tz = db_cell(q, row, EV_COL_TZ);
    t->all_day = db_cell_int(q, row, EV_COL_ALL_DAY) != 0;
    t->start = parse_sql_utc(db_cell(q, row, EV_COL_START));
    t->end = parse_sql_utc(db_cell(q, row, EV_COL_END));
    if (t->all_day) {
        t->start_date = cell_date(q, row, EV_COL_START_DATE);
        t->end_date = cell_date(q, row, EV_COL_END_DATE);
    }
    rrule_parse(db_cell(q, row, EV_COL_RRULE), &t->rule);
}

void event_wire_time(const event_time *t, long long instant, char out[48])
{
    if (t->all_day) {
        ymd d = local_date(t->tz, instant);
        snprintf(out, 48, "%04d-%02d-%02d", d.y % 10000, d.m % 100, d.d % 100);
    } else {
        format_rfc3339(t->tz, instant, out);
    }
}

static json_t *opt_str(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

/* The event object; `atts` (taken) its attachments, `invited` how many
 * are invited. */
static json_t *event_object(req *r, const db_rows *q, int row, const event_facts *f, json_t *atts, long long invited)
{
    event_time t;
    event_time_at(q, row, &t);
    char start[48], end[48];
    if (t.all_day) {
        snprintf(start, sizeof start, "%s", db_cell(q, row, EV_COL_START_DATE));
        snprintf(end, sizeof end, "%s", db_cell(q, row, EV_COL_END_DATE));
    } else {
        format_rfc3339(t.tz, t.start, start);
        format_rfc3339(t.tz, t.end, end);
    }
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(db_cell_int(q, row, EV_COL_ID)));
    if (f->org) json_object_set_new(j, "group", json_null());
    else json_object_set_new(j, "group", json_pack("{s:I,s:s}", "id", (json_int_t)f->group.id,
                                                   "name", db_cell(q, row, EV_COL_GROUP_NAME)));
    json_object_set_new(j, "title", json_string(db_cell(q, row, EV_COL_TITLE)));
    json_object_set_new(j, "description", json_string(db_cell(q, row, EV_COL_DESCRIPTION)));
    json_object_set_new(j, "description_html", json_string(db_cell(q, row, EV_COL_HTML)));
    json_object_set_new(j, "start", json_string(start));
    json_object_set_new(j, "end", json_string(end));
    json_object_set_new(j, "all_day", json_boolean(t.all_day));
    json_object_set_new(j, "tz", json_string(t.tz));
    json_object_set_new(j, "place", opt_str(db_cell(q, row, EV_COL_PLACE)));
    json_object_set_new(j, "url", opt_str(db_cell(q, row, EV_COL_URL)));
    json_object_set_new(j, "rrule", opt_str(db_cell(q, row, EV_COL_RRULE)));
    const char *cap = db_cell(q, row, EV_COL_CAPACITY);
    json_object_set_new(j, "capacity", cap ? json_integer(db_cell_int(q, row, EV_COL_CAPACITY)) : json_null());
    const char *dl = db_cell(q, row, EV_COL_DEADLINE);
    if (dl) {
        char b[48];
        format_rfc3339(t.tz, parse_sql_utc(dl), b);
        json_object_set_new(j, "deadline", json_string(b));
    } else json_object_set_new(j, "deadline", json_null());
    json_object_set_new(j, "attachments", atts ? atts : json_array());
    json_object_set_new(j, "status", json_string(db_cell(q, row, EV_COL_STATUS)));
    json_object_set_new(j, "sequence", json_integer(db_cell_int(q, row, EV_COL_SEQUENCE)));
    json_object_set_new(j, "organizer", json_pack("{s:I,s:s}", "id", (json_int_t)f->organizer_id,
                                                  "display_name", db_cell(q, row, EV_COL_ORGANIZER_NAME)));
    long long yes = db_cell_int(q, row, EV_COL_YES), no = db_cell_int(q, row, EV_COL_NO);
    long long maybe = db_cell_int(q, row, EV_COL_MAYBE), waiting = db_cell_int(q, row, EV_COL_WAITING);
    long long pending = invited - yes - no - maybe - waiting;
    json_object_set_new(j, "counts", json_pack("{s:I,s:I,s:I,s:I,s:I}", "yes", (json_int_t)yes, "no", (json_int_t)no,
                                               "maybe", (json_int_t)maybe, "waiting", (json_int_t)waiting,
                                               "pending", (json_int_t)(pending > 0 ? pending : 0)));
    const char *my = db_cell(q, row, EV_COL_MY_ANSWER);
    if (my) json_object_set_new(j, "my_answer", json_pack("{s:s,s:s,s:b}", "answer", my, "comment",
                                                          db_cell(q, row, EV_COL_MY_COMMENT) ? db_cell(q, row, EV_COL_MY_COMMENT) : "",
                                                          "waiting", db_cell_int(q, row, EV_COL_MY_WAITING) != 0));
    else json_object_set_new(j, "my_answer", json_null());
    json_object_set_new(j, "invited", json_boolean(f->invited));
    json_object_set_new(j, "reminder_minutes", json_integer(db_cell_int(q, row, EV_COL_REMINDER)));
    json_t *can = json_object();
    int cancelled = strcmp(db_cell(q, row, EV_COL_STATUS), "cancelled") == 0;
    json_object_set_new(can, "edit", json_boolean(!cancelled && acl_event(r->user, f, EA_EDIT) == ACL_ALLOW));
    json_object_set_new(can, "cancel", json_boolean(!cancelled && acl_event(r->user, f, EA_CANCEL) == ACL_ALLOW));
    json_object_set_new(can, "answer", json_boolean(!cancelled && acl_event(r->user, f, EA_ANSWER) == ACL_ALLOW));
    json_object_set_new(can, "see_answers", json_boolean(acl_event(r->user, f, EA_SEE_ANSWERS) == ACL_ALLOW));
    json_object_set_new(j, "can", can);
    return j;
}

json_t *event_json(req *r, const db_rows *q, int row, const event_facts *f)
{
    const char *atts = db_cell(q, row, EV_COL_ATTACHMENTS);
    return event_object(r, q, row, f, atts ? json_loads(atts, 0, NULL) : NULL,
                        db_cell_int(q, row, EV_COL_INVITED_TOTAL));
}

json_t *event_json_list(req *r, const db_rows *q, int row, const event_facts *f, json_t *atts, long long extra)
{
    return event_object(r, q, row, f, atts, db_cell_int(q, row, EV_COL_INVITED_TOTAL) + extra);
}

const char *event_summary_text(req *r, const db_rows *q, int row, const event_facts *f)
{
    arena *a = r->a;
    const char *place = db_cell(q, row, EV_COL_PLACE);
    const char *group = f->org ? "null"
        : arena_printf(a, "{\"id\":%lld,\"name\":%s}", f->group.id, json_quote(a, db_cell(q, row, EV_COL_GROUP_NAME)));
    return arena_printf(a, "{\"id\":%lld,\"group\":%s,\"title\":%s,\"all_day\":%s,\"tz\":%s,\"place\":%s,\"status\":%s}",
                        db_cell_int(q, row, EV_COL_ID), group, json_quote(a, db_cell(q, row, EV_COL_TITLE)),
                        db_cell_int(q, row, EV_COL_ALL_DAY) ? "true" : "false", json_quote(a, db_cell(q, row, EV_COL_TZ)),
                        place && *place ? json_quote(a, place) : "null", json_quote(a, db_cell(q, row, EV_COL_STATUS)));
}

int event_load(req *r, long long id, db_rows **q, event_facts *f, acl_verdict *v)
{
    long long me = r->user->id;
    db_rows *rows = db_query(worker_db(), r->a, STMT_EVENT_BY_ID, "iiii", me, me, me, id);
    if (!rows) return -1;
    if (rows->nrows == 0) return 0;
    event_facts_at(r, rows, 0, f);
    *v = acl_event(r->user, f, EA_SEE);
    *q = rows;
    return 1;
}

int event_find(req *r, long long id, db_rows **q, event_facts *f)
{
    acl_verdict v;
    int found = event_load(r, id, q, f, &v);
    if (found < 0) return resp_db_error(r), 0;
    if (found == 0) return resp_error(r, 404, "not_found", M_EVENT_NOT_FOUND), 0;
    if (v != ACL_ALLOW) return acl_refuse_event(r, v), 0;
    return 1;
}

void id_set_init(arena *a, id_set *s, size_t n)
{
    s->cap = 16;
    while (s->cap < 2 * n + 1) s->cap *= 2;
    s->slots = arena_alloc(a, s->cap * sizeof *s->slots);   /* zeroed: 0 is no id */
}

int id_set_seen(id_set *s, long long id)
{
    size_t i = (size_t)((unsigned long long)id * 0x9E3779B97F4A7C15ULL) & (s->cap - 1);
    while (s->slots[i]) {
        if (s->slots[i] == id) return 1;
        i = (i + 1) & (s->cap - 1);
    }
    s->slots[i] = id;
    return 0;
}

void id_map_init(arena *a, id_map *m, size_t n)
{
    m->cap = 16;
    while (m->cap < 2 * n + 1) m->cap *= 2;
    m->ids = arena_alloc(a, m->cap * sizeof *m->ids);     /* zeroed: 0 is no id */
    m->values = arena_alloc(a, m->cap * sizeof *m->values);
}

static size_t id_map_slot(const id_map *m, long long id)
{
    size_t i = (size_t)((unsigned long long)id * 0x9E3779B97F4A7C15ULL) & (m->cap - 1);
    while (m->ids[i] && m->ids[i] != id) i = (i + 1) & (m->cap - 1);
    return i;
}

void id_map_put(id_map *m, long long id, int value)
{
    size_t i = id_map_slot(m, id);
    m->ids[i] = id;
    m->values[i] = value;
}

int id_map_get(const id_map *m, long long id)
{
    size_t i = id_map_slot(m, id);
    return m->ids[i] ? m->values[i] : -1;
}
