#include "feed/post_write.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

int read_date_field(req *r, const char *field, const char **out, long long *t)
{
    *out = NULL;
    const char *s = body_str(r, field);
    if (!s) return 0;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
    if (end && *end == '.') { end++; while (*end >= '0' && *end <= '9') end++; }
    if (!end || strcmp(end, "Z") != 0) { resp_error(r, 400, "bad_request", M_BAD_DATE, field); return -1; }
    *t = (long long)timegm(&tm);
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    *out = arena_strdup(r->a, buf);
    return 1;
}

int check_not_blank(req *r, const char *field, const char *text)
{
    for (const char *p = text; p && *p; p++)
        if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') return 0;
    resp_error(r, 400, "bad_request", M_FIELD_EMPTY, field);
    return -1;
}

static int person_active(void *ctx, long long id)
{
    req *r = ctx;
    db_rows *q = db_query(worker_db(), r->a, STMT_USER_IS_ACTIVE, "i", id);
    return q && q->nrows > 0;
}

int render_body(req *r, const char *body, markdown_out *out)
{
    if (markdown_render(body, strlen(body), person_active, r, out) == 0) return 0;
    resp_error(r, 500, "internal", M_INTERNAL);
    return -1;
}

int save_text_links(req *r, long long post_id, long long comment_id, const markdown_out *md)
{
    (void)r;
    db *d = worker_db();
    if (db_exec(d, STMT_MENTIONS_DELETE_OF_TEXT, "ii", post_id, comment_id) < 0)
        return -1;
    for (int i = 0; i < md->nmentions; i++)
        if (db_exec(d, STMT_MENTION_INSERT,
                    "iii", post_id, comment_id, md->mentions[i]) < 0)
            return -1;
    if (comment_id) return 0;
    if (db_exec(d, STMT_TAGS_DELETE_OF_POST, "i", post_id) < 0) return -1;
    for (int i = 0; i < md->ntags; i++)
        if (db_exec(d, STMT_TAG_INSERT, "is", post_id, md->tags[i]) < 0)
            return -1;
    return 0;
}
