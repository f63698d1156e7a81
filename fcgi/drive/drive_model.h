/* Drives and their nodes (folders and files) read from MariaDB into the
 * facts acl_drive() decides on, and the JSON the API answers with. */
#ifndef PARVIS_DRIVE_MODEL_H
#define PARVIS_DRIVE_MODEL_H
#include "core/acl.h"
#include "db.h"
#include "core/req.h"

/* The largest upload, as nginx's client_max_body_size in the upload
 * location (nginx/nginx.conf.in) says too. */
#define UPLOAD_MAX (4LL * 1024 * 1024 * 1024)

typedef struct {
    long long id, owner_id, group_id, root_id;
    long long quota;            /* bytes; 0: no limit */
    long long used;
    const char *name;           /* the owner's display name or the group's name */
} drive_info;

typedef struct {
    long long id, drive_id, parent_id;     /* parent 0: the drive's root */
    int folder;
    const char *name, *mime, *created_at, *updated_at, *trashed_at;
    long long version, size, updated_by, trashed_by;
    const char *updated_by_name;
    int trash_root;
    drive_info drive;
    drive_facts facts;          /* the asker's */
} drive_node;

/* The drive of a person or of a group, created with its root folder on
 * first use. 0, or -1 on a database error. */
int drive_of_user(req *r, long long user_id, drive_info *d);
int drive_of_group(req *r, long long group_id, drive_info *d);
/* The asker's facts on a drive's root (what GET /drive answers). */
int drive_root_facts(req *r, const drive_info *d, drive_facts *f);

/* Loads a node, its drive and the asker's facts. Returns 1 when it exists
 * and the asker may read it (and, unless `trashed_ok`, it is not in the
 * trash); otherwise answers (404 or 503) and returns 0. `want` is
 * "folder", "file" or NULL for either. */
int node_find(req *r, long long id, const char *want, int trashed_ok, drive_node *n);
/* The same without answering: 1, 0 (absent or not readable), -1 (database). */
int node_load(req *r, long long id, const char *want, int trashed_ok, drive_node *n);
/* The nodes whose ids are in a JSON array text, in its order, keeping
 * those the asker may read and not in the trash: their number (the array
 * in the request's arena), or -1 on a database error. One query, plus one
 * per node of someone else's personal drive (its shares). */
int nodes_load(req *r, const char *ids_json, drive_node **out);
/* Checks an action on a loaded node: 1 when allowed; otherwise answers
 * the verdict (404, 403, 409) and returns 0. */
int node_allows(req *r, const drive_node *n, drive_action a);

/* The node object of the API, from the asker's facts on it. */
json_t *node_json(req *r, const drive_node *n);
/* The same as JSON text (arena), for long lists: `can`, the "can" object
 * as node_can_text() gives it for nodes that share their facts, or NULL
 * to compute it from the node's. */
const char *node_text(req *r, const drive_node *n, const char *can);
const char *node_can_text(req *r, const drive_facts *f);
json_t *drive_json(req *r, const drive_info *d, const drive_facts *f);
/* The folders from the drive's root to `folder_id`, [{"id","name"}]. */
json_t *node_path_json(req *r, long long folder_id);

/* The columns node_at() reads, and their FROM, for lists of nodes. */
#define NODE_NCOLS 15
/* Fills the node's own fields from a row of NODE_COLUMNS (drive and
 * facts are left to the caller). */
void node_at(const db_rows *q, int row, drive_node *n);

/* The ids of nodes (a JSON array text of ids) and of everything under
 * them (only what is not in the trash when `live_only`), as a JSON array
 * text for JSON_TABLE(?) in the statements that change them all (MariaDB
 * cannot change a table its own subquery reads). NULL on a database error. */
const char *node_subtree_json(db *d, arena *a, const char *roots, int live_only);

/* The room left in a drive (a very large number without a quota). */
long long drive_room(long long quota, long long used);
/* A size in the reader's language: « 1,5 Mo », "1.5 MB". */
const char *drive_size_text(req *r, long long bytes);

/* Records that the asker touched a node ("Récents"). */
void node_touch(req *r, long long node_id);
#endif
