/* Convocations (docs/convocations.md): a row of CONV_BY_ID, the facts
 * acl_convocation decides on, and what the handlers share. */
#ifndef PARVIS_CONV_MODEL_H
#define PARVIS_CONV_MODEL_H
#include "core/acl.h"
#include "core/req.h"
#include "db.h"

enum {
    CV_COL_ID, CV_COL_GROUP_ID, CV_COL_GROUP_NAME, CV_COL_POST, CV_COL_EVENT, CV_COL_AUTHOR, CV_COL_VERSION,
    CV_COL_AGENDA, CV_COL_AGENDA_HTML, CV_COL_ATTACHMENT_IDS, CV_COL_REMINDERS, CV_COL_ATTACHMENTS, CV_COL_CREATED
};

#define CONV_AGENDA_MAX 20000
#define CONV_RECIPIENTS_MAX 1000
#define CONV_REMINDERS_MAX 5
#define CONV_REMINDER_DAYS_MAX 60

typedef struct {
    db_rows *row;                /* CONV_BY_ID */
    convocation_facts f;
    int my_version;              /* the newest version the asker received (0: none) */
    const db_rows *mine;         /* CONV_MY_RECEIPTS */
} conv;

/* Convocation `id` for the asker: 1 (and *c), 0 none, -1 MariaDB. */
int conv_load(req *r, long long id, conv *c);
/* conv_load and acl_convocation(a): 1 when allowed; otherwise the answer
 * (404, 403, 409, 503) is sent and 0 returned. */
int conv_find(req *r, long long id, convocation_action a, conv *c);
/* acl_refuse in the convocations' words (404 « convocation introuvable »). */
int conv_refuse(req *r, acl_verdict v);
/* Records « J'ai lu » of `user` for version `version` (app or mail) and
 * acknowledges the must-read post (post 0: none). 0 or -1. */
int conv_confirm(db *d, long long id, long long version, long long user, long long post, const char *via);
/* POST /posts/{id}/ack on a convocation's post: « J'ai lu » of the
 * newest version `user` received. 0 (also when it is no convocation's), -1. */
int conv_confirm_post(db *d, arena *a, long long post, long long user);
#endif
