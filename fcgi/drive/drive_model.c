#include "drive/drive_model.h"
#include "groups/group_cache.h"
#include "groups/groups_model.h"
#include "core/respond.h"
#include "platform/settings_view.h"
#include "core/worker.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* The platform's default quota of a kind of drive, in bytes (0: none). */
static long long default_quota(req *r, int personal)
{
    json_t *s = settings_json(r);
    long long mb = s ? (long long)json_integer_value(json_object_get(s, personal ? "drive_quota_person_mb"
                                                                                   : "drive_quota_group_mb")) : 0;
    json_decref(s);
    return mb > 0 ? mb * 1024 * 1024 : 0;
}

static void drive_at(req *r, const db_rows *q, int row, int col, drive_info *d)
{
    d->id = db_cell_int(q, row, col);
    d->owner_id = db_cell_int(q, row, col + 1);
    d->group_id = db_cell_int(q, row, col + 2);
    d->root_id = db_cell_int(q, row, col + 3);
    const char *quota = db_cell(q, row, col + 4);
    d->quota = quota ? db_cell_int(q, row, col + 4) : default_quota(r, d->owner_id != 0);
    d->used = db_cell_int(q, row, col + 5);
    d->name = db_cell(q, row, col + 6);
}

/* Finds the drive by owner or group, creating it and its root folder the
 * first time (two workers racing: the unique key keeps one). */
static int drive_of(req *r, const char *column, long long id, drive_info *d)
{
    db *dbh = worker_db();
    int personal = strcmp(column, "owner_id") == 0;
    stmt find = personal ? STMT_DRIVE_OF_OWNER : STMT_DRIVE_OF_GROUP;
    for (int attempt = 0; attempt < 2; attempt++) {
        db_rows *q = dbh ? db_query(dbh, r->a, find, "i", id) : NULL;
        if (!q) return -1;
        if (q->nrows && db_cell_int(q, 0, 3)) { drive_at(r, q, 0, 0, d); return 0; }
        if (attempt) break;
        if (db_begin(dbh)) return -1;
        long long did = q->nrows ? db_cell_int(q, 0, 0) : 0;
        int failed = 0;
        if (!did) {
            long long n = db_exec(dbh, personal ? STMT_DRIVE_INSERT_OF_OWNER : STMT_DRIVE_INSERT_OF_GROUP, "i", id);
            failed = n < 0;
            if (n > 0) did = db_last_id(dbh);
        }
        if (!failed && did) {
            failed = db_exec(dbh, STMT_NODE_INSERT_ROOT,
                             "i", did) < 0
                  || db_exec(dbh, STMT_DRIVE_SET_ROOT,
                             "ii", db_last_id(dbh), did) < 0;
        }
        if (failed) { db_rollback(dbh); return -1; }
        if (db_commit(dbh)) return -1;
    }
    return -1;
}

int drive_of_user(req *r, long long user_id, drive_info *d)
{
    return drive_of(r, "owner_id", user_id, d);
}

int drive_of_group(req *r, long long group_id, drive_info *d)
{
    return drive_of(r, "group_id", group_id, d);
}

/* The group facts of a group drive, from the catalogue and the asker's
 * memberships; a group gone leaves them hidden. */
static void group_facts_of(const my_groups *my, long long group_id, group_facts *gf)
{
    memset(gf, 0, sizeof *gf);
    gf->visibility = VIS_SECRET;              /* unknown: nobody but members */
    size_t pos = group_cache_index(group_id);
    if (pos != (size_t)-1) my_groups_facts(my, group_cache_at(pos), pos, gf);
}

/* The catalogue and the asker's memberships, which group drives' facts
 * come from. 0 or -1. */
static int load_my_groups(req *r, my_groups *my)
{
    return group_cache_refresh() || my_groups_load(r, my) ? -1 : 0;
}

int drive_root_facts(req *r, const drive_info *d, drive_facts *f)
{
    memset(f, 0, sizeof *f);
    f->personal = d->owner_id != 0;
    f->owner_id = d->owner_id;
    f->drive_root = 1;
    if (f->personal) return 0;
    my_groups my;
    if (load_my_groups(r, &my)) return -1;
    group_facts_of(&my, d->group_id, &f->group);
    return 0;
}

void node_at(const db_rows *q, int row, drive_node *n)
{
    n->id = db_cell_int(q, row, 0);
    n->drive_id = db_cell_int(q, row, 1);
    n->parent_id = db_cell_int(q, row, 2);
    n->folder = db_cell_int(q, row, 3) != 0;
    n->name = db_cell(q, row, 4);
    n->version = db_cell_int(q, row, 5);
    n->size = db_cell_int(q, row, 6);
    n->mime = db_cell(q, row, 7);
    n->created_at = db_cell(q, row, 8);
    n->updated_at = db_cell(q, row, 9);
    n->updated_by = db_cell_int(q, row, 10);
    n->updated_by_name = db_cell(q, row, 11);
    n->trashed_at = db_cell(q, row, 12);
    n->trashed_by = db_cell_int(q, row, 13);
    n->trash_root = db_cell_int(q, row, 14) != 0;
}

/* The asker's share on a node of someone else's drive: on the node itself
 * or on one of its folders, the strongest. */
static int share_of(req *r, long long node_id, drive_facts *f)
{
    db_rows *q = db_query(worker_db(), r->a,
        STMT_SHARE_OF_NODE_OR_ANCESTOR,
        "ii", node_id, r->user->id);
    if (!q) return -1;
    f->share = SHARE_NONE;
    if (q->nrows && db_cell(q, 0, 0)) {
        f->share = db_cell_int(q, 0, 0) ? SHARE_EDIT : SHARE_READ;
        f->shared_root = db_cell_int(q, 0, 1) != 0;
    }
    return 0;
}


/* A row of NODE_AND_DRIVE into a node with the asker's facts; 1 when the
 * asker may read it (and it is what `want` and `trashed_ok` accept), 0
 * when not, -1 on a database error. */
static int node_from_row(req *r, const my_groups *my, const db_rows *q, int row, const char *want, int trashed_ok,
                         drive_node *n)
{
    memset(n, 0, sizeof *n);
    node_at(q, row, n);
    drive_at(r, q, row, NODE_NCOLS, &n->drive);
    drive_facts *f = &n->facts;
    f->personal = n->drive.owner_id != 0;
    f->owner_id = n->drive.owner_id;
    f->drive_root = n->parent_id == 0;
    f->trashed_by = n->trashed_at ? n->trashed_by : 0;
    if (!f->personal) group_facts_of(my, n->drive.group_id, &f->group);
    else if (f->owner_id != r->user->id && share_of(r, n->id, f)) return -1;
    return acl_drive(r->user, f, DA_READ) == ACL_ALLOW && (!n->trashed_at || trashed_ok)
        && (!want || strcmp(want, n->folder ? "folder" : "file") == 0);
}

int node_load(req *r, long long id, const char *want, int trashed_ok, drive_node *n)
{
    my_groups my;
    if (load_my_groups(r, &my)) return -1;
    db_rows *q = db_query(worker_db(), r->a, STMT_NODE_BY_ID, "i", id);
    if (!q) return -1;
    if (q->nrows == 0) { memset(n, 0, sizeof *n); return 0; }
    return node_from_row(r, &my, q, 0, want, trashed_ok, n);
}

int nodes_load(req *r, const char *ids_json, drive_node **out)
{
    my_groups my;
    if (load_my_groups(r, &my)) return -1;
    db_rows *q = db_query(worker_db(), r->a, STMT_NODES_BY_IDS, "s", ids_json);
    if (!q) return -1;
    drive_node *nodes = arena_alloc(r->a, (size_t)(q->nrows + 1) * sizeof *nodes);
    int n = 0;
    for (int i = 0; i < q->nrows; i++) {
        int ok = node_from_row(r, &my, q, i, NULL, 0, &nodes[n]);
        if (ok < 0) return -1;
        n += ok;
    }
    *out = nodes;
    return n;
}

int node_find(req *r, long long id, const char *want, int trashed_ok, drive_node *n)
{
    int found = node_load(r, id, want, trashed_ok, n);
    if (found < 0) resp_db_error(r);
    else if (!found) resp_error(r, 404, "not_found", M_NODE_NOT_FOUND);
    return found > 0;
}

int node_allows(req *r, const drive_node *n, drive_action a)
{
    acl_verdict v = acl_drive(r->user, &n->facts, a);
    if (v == ACL_ALLOW) return 1;
    if (v == ACL_HIDDEN) resp_error(r, 404, "not_found", M_NODE_NOT_FOUND);
    else acl_refuse(r, v);
    return 0;
}

const char *node_can_text(req *r, const drive_facts *f)
{
    const char *s = "{";
    for (drive_action a = DA_READ; a < DA_COUNT; a++)
        s = arena_printf(r->a, "%s%s\"%s\":%s", s, a == DA_READ ? "" : ",", acl_drive_action_name(a),
                         acl_drive(r->user, f, a) == ACL_ALLOW ? "true" : "false");
    return arena_printf(r->a, "%s}", s);
}

/* A string as JSON text, escaped by jansson, in the request's arena. */
static const char *quoted(req *r, const char *s)
{
    json_t *v = json_string(s ? s : "");
    char *text = v ? json_dumps(v, JSON_ENCODE_ANY) : NULL;
    json_decref(v);
    const char *out = arena_strdup(r->a, text ? text : "\"\"");
    free(text);
    return out;
}

const char *node_text(req *r, const drive_node *n, const char *can)
{
    const char *by = n->updated_by && n->updated_by_name
        ? arena_printf(r->a, "{\"id\":%lld,\"display_name\":%s}", n->updated_by, quoted(r, n->updated_by_name)) : "null";
    const char *url = n->folder ? "" : arena_printf(r->a, ",\"content_url\":\"/api/v1/files/%lld/content\"", n->id);
    /* dates are MariaDB's DATE_FORMAT of fixed shape: nothing to escape */
    return arena_printf(r->a,
        "{\"id\":%lld,\"kind\":\"%s\",\"name\":%s,\"parent_id\":%lld,\"drive_id\":%lld,\"size\":%lld,\"mime\":%s,"
        "\"version\":%lld,\"created_at\":\"%s\",\"updated_at\":\"%s\",\"updated_by\":%s%s,\"can\":%s}",
        n->id, n->folder ? "folder" : "file", quoted(r, n->name), n->parent_id, n->drive_id, n->size,
        quoted(r, n->mime), n->version, n->created_at, n->updated_at, by, url, can ? can : node_can_text(r, &n->facts));
}

json_t *node_json(req *r, const drive_node *n)
{
    return json_loads(node_text(r, n, NULL), 0, NULL);
}

json_t *drive_json(req *r, const drive_info *d, const drive_facts *f)
{
    int personal = d->owner_id != 0;
    json_t *o = json_pack("{s:I,s:s,s:s,s:I,s:I,s:I}", "id", (json_int_t)d->id,
        "kind", personal ? "personal" : "group", "name", d->name ? d->name : "",
        "root_folder_id", (json_int_t)d->root_id, "quota_bytes", (json_int_t)d->quota, "used_bytes", (json_int_t)d->used);
    json_object_set_new(o, "owner", personal
        ? json_pack("{s:I,s:s}", "id", (json_int_t)d->owner_id, "display_name", d->name ? d->name : "") : json_null());
    json_object_set_new(o, "group", personal
        ? json_null() : json_pack("{s:I,s:s}", "id", (json_int_t)d->group_id, "name", d->name ? d->name : ""));
    json_t *can = json_object();
    drive_facts root = *f;
    root.drive_root = 0;                      /* what the drive allows on its content */
    json_object_set_new(can, "write", json_boolean(acl_drive(r->user, f, DA_WRITE) == ACL_ALLOW));
    json_object_set_new(can, "restore", json_boolean(acl_drive(r->user, &root, DA_RESTORE) == ACL_ALLOW));
    json_object_set_new(can, "purge", json_boolean(acl_drive(r->user, &root, DA_PURGE) == ACL_ALLOW));
    json_object_set_new(o, "can", can);
    return o;
}

json_t *node_path_json(req *r, long long folder_id)
{
    db_rows *q = db_query(worker_db(), r->a,
        STMT_NODE_PATH, "i", folder_id);
    if (!q) return NULL;
    json_t *path = json_array();
    for (int i = 0; i < q->nrows; i++)
        json_array_append_new(path, json_pack("{s:I,s:s}", "id", (json_int_t)db_cell_int(q, i, 0), "name", db_cell(q, i, 1)));
    return path;
}

const char *node_subtree_json(db *d, arena *a, const char *roots, int live_only)
{
    db_rows *q = db_query(d, a,
        STMT_NODE_SUBTREE_IDS, "si", roots, (long long)live_only);
    return q && q->nrows ? db_cell(q, 0, 0) : NULL;
}

const char *drive_size_text(req *r, long long bytes)
{
    static const char *const fr[] = { "octets", "Ko", "Mo", "Go", "To" }, *const en[] = { "bytes", "KB", "MB", "GB", "TB" };
    double v = (double)bytes;
    int u = 0;
    while (v >= 1024 && u < 4) { v /= 1024; u++; }
    char *s = arena_printf(r->a, u ? "%.1f %s" : "%.0f %s", v, r->lang == LANG_EN ? en[u] : fr[u]);
    if (r->lang != LANG_EN) for (char *p = s; *p; p++) if (*p == '.') *p = ',';
    return s;
}

long long drive_room(long long quota, long long used)
{
    return quota <= 0 ? (long long)9e18 : quota > used ? quota - used : 0;
}

void node_touch(req *r, long long node_id)
{
    /* a convenience list: a failure here must not fail the request */
    db_exec(worker_db(), STMT_RECENT_TOUCH, "ii", r->user->id, node_id);
}
