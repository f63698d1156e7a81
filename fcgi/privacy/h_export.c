/* « Mes données »: POST /me/export asks for the person's data export (a
 * data_exports row 'queued' and its audit row in one transaction: the
 * notifier's housekeeping child builds it, notifier/gdpr_export.c); asked
 * again while one is queued or being built, or ready for less than 5
 * minutes, the same one is answered (202). GET /me/export says its state; GET /exports/{id}/download sends
 * the zip through nginx (X-Accel-Redirect to <var>/exports/, sendfile),
 * to its owner only: anyone else, administrators included, gets 404. */
#include "core/acl.h"
#include "core/respond.h"
#include "core/worker.h"
#include "drive/file_send.h"
#include "privacy/handlers.h"
#include <string.h>

/* The person's export as JSON (state "none" when there is none, or when
 * its 7 days are over). */
static json_t *export_json(req *r, const db_rows *q)
{
    if (!q->nrows) return json_pack("{s:s}", "state", "none");
    const char *state = db_cell(q, 0, 1);
    int valid = db_cell_int(q, 0, 7) != 0;
    if (strcmp(state, "ready") == 0 && !valid) return json_pack("{s:s}", "state", "none");
    long long id = db_cell_int(q, 0, 0);
    json_t *o = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "state", state, "created_at", db_cell(q, 0, 2));
    if (!o) return NULL;
    if (strcmp(state, "ready") == 0) {
        json_object_set_new(o, "ready_at", json_string(db_cell(q, 0, 3)));
        json_object_set_new(o, "expires_at", json_string(db_cell(q, 0, 4)));
        json_object_set_new(o, "size", json_integer(db_cell_int(q, 0, 5)));
        json_object_set_new(o, "files", json_integer(db_cell_int(q, 0, 6)));
        json_object_set_new(o, "url", json_string(arena_printf(r->a, "/api/v1/exports/%lld/download", id)));
    } else {
        json_object_set_new(o, "expires_at", json_null());
    }
    return o;
}

int h_export_get(req *r)
{
    db_rows *q = db_query(worker_db(), r->a, STMT_EXPORT_OF_USER, "i", r->user->id);
    if (!q) return resp_db_error(r);
    json_t *o = export_json(r, q);
    return o ? resp_json(r, 200, o) : resp_db_error(r);
}

int h_export_start(req *r)
{
    if (!acl_can_export_own_data(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    long long me = r->user->id;
    db *d = worker_db();
    if (db_begin(d)) return resp_db_error(r);
    /* one export per person: a finished one makes way, a running one stays */
    long long n = db_exec(d, STMT_EXPORT_DELETE_FINISHED_OF_USER, "i", me);
    long long added = n < 0 ? -1 : db_exec(d, STMT_EXPORT_INSERT, "i", me);
    if (added < 0 || (added > 0 && db_exec(d, STMT_AUDIT_GDPR, "isis", me, "export.request", me, "") < 0)) {
        db_rollback(d);
        return resp_db_error(r);
    }
    db_rows *q = db_query(d, r->a, STMT_EXPORT_OF_USER, "i", me);
    if (!q || db_commit(d)) { db_rollback(d); return resp_db_error(r); }
    json_t *o = export_json(r, q);
    return o ? resp_json(r, 202, o) : resp_db_error(r);
}

int h_export_download(req *r)
{
    long long id = r->ids[0];
    db *d = worker_db();
    db_rows *q = db_query(d, r->a, STMT_EXPORT_FOR_DOWNLOAD, "i", id);
    if (!q) return resp_db_error(r);
    /* someone else's, or expired: as if it did not exist */
    if (!q->nrows || !acl_can_download_export(r->user, db_cell_int(q, 0, 0)))
        return resp_error(r, 404, "not_found", M_NOT_FOUND);
    if (db_exec(d, STMT_AUDIT_GDPR, "isis", r->user->id, "export.download", r->user->id,
                arena_printf(r->a, "export %lld", id)) < 0)
        return resp_db_error(r);
    resp_header(r, "Content-Disposition", drive_disposition(r, "attachment", "parvis-mes-donnees.zip"));
    /* nginx's internal location /_exports/ is <var>/exports (nginx.conf.in) */
    resp_header(r, "X-Accel-Redirect", arena_printf(r->a, "/_exports/%lld.zip", id));
    resp_stream_typed(r, 200, "application/zip");
    return 0;
}
