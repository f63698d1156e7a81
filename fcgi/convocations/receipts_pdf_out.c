#include "convocations/receipts_pdf_out.h"
#include "core/respond.h"
#include "core/worker.h"
#include "platform/settings_view.h"
#include "event_time.h"
#include "receipts_pdf.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* An RFC 3339 UTC time of the record as the reader reads it, in zone tz:
 * « 03/12/2026 10:05 » (fr), « 2026-12-03 10:05 » (en); "" when none. */
static const char *shown(arena *a, const char *iso, const char *tz, int en)
{
    long long t;
    int why;
    if (!iso || !*iso || parse_rfc3339(iso, "UTC", &t, &why) != 0) return "";
    struct tm tm;
    long off;
    utc_to_local(tz, t, &tm, &off);
    return en ? arena_printf(a, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min)
              : arena_printf(a, "%02d/%02d/%04d %02d:%02d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

/* « acceptée — 250 2.0.0 Ok: queued as … »: the relay's own words are the
 * proof; its time is the sent column's give or take a second (the CSV has it) */
static const char *relay_text(arena *a, const char *status, const char *reply, int en)
{
    const char *word = !status || strcmp(status, "pending") == 0 ? (en ? "pending" : "en attente")
                     : strcmp(status, "accepted") == 0 ? (en ? "accepted" : "acceptée")
                     : strcmp(status, "refused") == 0 ? (en ? "refused" : "refusée") : status;
    return arena_printf(a, "%s%s%s", word, reply && *reply ? " — " : "", reply ? reply : "");
}

static const char *answer_text(const char *answer, int en)
{
    if (!answer) return "";
    if (strcmp(answer, "yes") == 0) return en ? "Yes" : "Oui";
    if (strcmp(answer, "no") == 0) return en ? "No" : "Non";
    if (strcmp(answer, "maybe") == 0) return en ? "Maybe" : "Peut-être";
    return answer;
}

typedef struct {
    unsigned char *s;
    size_t n, cap;
} pdf_buf;

static int put(void *ctx, const unsigned char *data, size_t len)
{
    pdf_buf *b = ctx;
    if (b->n + len > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 65536;
        while (cap < b->n + len) cap *= 2;
        unsigned char *p = realloc(b->s, cap);
        if (!p) return -1;
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, data, len);
    b->n += len;
    return 0;
}

int conv_receipts_pdf(req *r, const conv *c, long long version, const db_rows *q)
{
    int en = r->lang == LANG_EN;
    long long id = db_cell_int(c->row, 0, CV_COL_ID);
    db_rows *v = db_query(worker_db(), r->a, STMT_CONV_VERSION_AT, "ii", id, version);
    if (!v || v->nrows < 1) return resp_db_error(r);
    /* title, start, tz, all_day, place, sent_at */
    const char *tz = db_cell(v, 0, 2) && *db_cell(v, 0, 2) ? db_cell(v, 0, 2) : "Europe/Paris";
    int all_day = db_cell(v, 0, 3) && strcmp(db_cell(v, 0, 3), "0") != 0;
    const char *start = shown(r->a, db_cell(v, 0, 1), tz, en);
    /* an all-day meeting: its date alone (the first 10 characters) */
    const char *when = all_day ? arena_printf(r->a, "%.10s", start) : arena_printf(r->a, "%s (%s)", start, tz);

    const char *organisation = "";
    json_t *s = settings_json(r);
    if (s) {
        const char *name = json_string_value(json_object_get(s, "organisation_name"));
        if (name) organisation = arena_strdup(r->a, name);
        json_decref(s);
    }
    time_t now = time(NULL);
    char now_iso[32];
    struct tm g;
    gmtime_r(&now, &g);
    strftime(now_iso, sizeof now_iso, "%Y-%m-%dT%H:%M:%SZ", &g);

    receipt_row *rows = arena_alloc(r->a, sizeof *rows * (size_t)(q->nrows > 0 ? q->nrows : 1));
    for (int i = 0; i < q->nrows; i++) {
        /* u.id, name, email, version, queued, relay_status, relay_at, relay_reply,
         * opened, confirmed, confirmed_via, answer, reminders_sent, last_reminded */
        const char *confirmed = shown(r->a, db_cell(q, i, 9), tz, en);
        const char *via = db_cell(q, i, 10);
        if (*confirmed && via)
            confirmed = arena_printf(r->a, "%s (%s)", confirmed,
                                     strcmp(via, "mail") == 0 ? (en ? "e-mail" : "courriel") : "Parvis");
        rows[i] = (receipt_row){
            .name = db_cell(q, i, 1), .email = db_cell(q, i, 2),
            .sent = shown(r->a, db_cell(q, i, 4), tz, en),
            .relay = relay_text(r->a, db_cell(q, i, 5), db_cell(q, i, 7), en),
            .opened = shown(r->a, db_cell(q, i, 8), tz, en),
            .confirmed = confirmed,
            .answer = answer_text(db_cell(q, i, 11), en),
        };
    }
    receipts_doc doc = {
        .organisation = organisation, .group = db_cell(c->row, 0, CV_COL_GROUP_NAME),
        .title = db_cell(v, 0, 0), .when = when, .place = db_cell(v, 0, 4) ? db_cell(v, 0, 4) : "",
        .dispatched = shown(r->a, db_cell(v, 0, 5), tz, en), .version = (int)version,
        .generated = arena_printf(r->a, "%s (%s)", shown(r->a, now_iso, tz, en), tz),
        .locale = en ? "en" : "fr", .rows = rows, .n = (size_t)(q->nrows > 0 ? q->nrows : 0),
    };
    pdf_buf b = { 0 };
    if (receipts_pdf(&doc, put, &b) != 0) {       /* cairo, or memory */
        free(b.s);
        return resp_error(r, 500, "internal", M_CONV_PDF);
    }
    resp_header(r, "Content-Disposition",
                arena_printf(r->a, "attachment; filename=\"convocation-%lld-v%lld.pdf\"", id, version));
    resp_stream_typed(r, 200, "application/pdf");
    resp_write(r, (const char *)b.s, b.n);
    free(b.s);
    return 0;
}
