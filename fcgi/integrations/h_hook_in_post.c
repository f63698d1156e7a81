/* POST /hooks/in/{secret}: an incoming webhook publishes a post in its
 * group, under its connector's name. No session: the secret in the
 * address is the authority, compared by its SHA-256 (unique index); an
 * unknown or revoked secret is 404. The body: JSON {"title","text"}
 * (title optional) or text/plain; the text is Markdown, rendered safe as
 * every post is (lib/markdown.c). nginx limits its size and rate
 * (nginx.conf.in, location /api/v1/hooks/in/). docs/api_tokens.md */
#include "integrations/handlers.h"
#include "core/respond.h"
#include "core/token_auth.h"
#include "core/validate.h"
#include "core/worker.h"
#include "crypto.h"
#include "feed/post_write.h"
#include "fold.h"
#include "feed/posts_model.h"
#include "feed/timeline_cache.h"
#include "log.h"
#include "notify.h"
#include "outbox.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The secret of the address: 43 characters of base64url, else NULL. */
static const char *address_secret(req *r)
{
    const char *s = strrchr(r->path, '/');
    s = s ? s + 1 : "";
    if (strlen(s) != TOKEN_B64_LEN) return NULL;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
            return NULL;
    return s;
}

static int is_type(const char *ct, const char *want)
{
    size_t n = strlen(want);
    return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == 0 || ct[n] == ';' || ct[n] == ' ');
}

/* The text/plain body, or NULL after answering. */
static const char *read_plain(req *r)
{
    const char *len_s = FCGX_GetParam("CONTENT_LENGTH", r->fr->envp);
    long long len = len_s && *len_s ? strtoll(len_s, NULL, 10) : 0;
    if (len > POST_BODY_MAX * 4) { resp_error(r, 413, "too_large", M_HOOK_TOO_LARGE, POST_BODY_MAX); return NULL; }
    char *buf = arena_alloc(r->a, (size_t)len + 1);
    int got = len > 0 ? FCGX_GetStr(buf, (int)len, r->fr->in) : 0;
    buf[got > 0 ? got : 0] = 0;
    if (got != len || strlen(buf) != (size_t)len || !utf8_valid(buf, (size_t)len)) {
        resp_error(r, 400, "bad_request", M_BAD_JSON, "UTF-8");
        return NULL;
    }
    return buf;
}

int h_hook_in_post(req *r)
{
    const char *secret = address_secret(r);
    if (!secret) return resp_error(r, 404, "not_found", M_NOT_FOUND);
    unsigned char hash[32];
    token_secret_hash(secret, hash);
    db *d = worker_db();
    if (!d) return resp_db_error(r);
    db_rows *h = db_query(d, r->a, STMT_HOOK_BY_SECRET, "b", hash, (size_t)32);
    if (!h) return resp_db_error(r);
    if (!h->nrows) return resp_error(r, 404, "not_found", M_NOT_FOUND);
    long long hook = db_cell_int(h, 0, 0), gid = db_cell_int(h, 0, 1), author = db_cell_int(h, 0, 2);
    if (db_cell_int(h, 0, 3)) return resp_error(r, 409, "conflict", M_HOOK_ARCHIVED);

    const char *title = NULL, *text = NULL;
    if (is_type(r->content_type, "text/plain")) {
        if (!(text = read_plain(r))) return 0;
    } else if (is_type(r->content_type, "application/json")) {
        static const field_spec fields[] = {
            { "title", F_STRING, 0, POST_TITLE_MAX, NULL },
            { "text", F_TEXT, 1, POST_BODY_MAX, NULL },
            { NULL, 0, 0, 0, NULL },
        };
        if (req_read_json(r) || validate_body(r, fields)) return 0;
        title = body_str(r, "title");
        title = title ? trim_spaces(r->a, title) : NULL;
        text = body_str(r, "text");
    } else {
        return resp_error(r, 415, "unsupported_media_type", M_HOOK_CONTENT_TYPE);
    }
    int chars = utf8_chars(text);
    if (chars > POST_BODY_MAX) return resp_error(r, 413, "too_large", M_HOOK_TOO_LARGE, POST_BODY_MAX);
    int blank = 1;
    for (const char *p = text; *p && blank; p++) blank = *p == ' ' || *p == '\n' || *p == '\r' || *p == '\t';
    if (blank) return resp_error(r, 400, "bad_request", M_HOOK_EMPTY);

    markdown_out md;
    if (render_body(r, text, &md)) return 0;
    if (db_begin(d)) { markdown_free(&md); return resp_db_error(r); }
    long long id = 0;
    int failed = db_exec(d, STMT_POST_INSERT, "nisssiiss", gid, author, title ? title : "", text, md.html,
                         0LL, 0LL, NULL, NULL) < 0;
    if (!failed) {
        id = db_last_id(d);
        failed = save_text_links(r, id, 0, &md) || outbox_add(d, ENTITY_POST, id)
              || notify_add(d, NOTIFY_POST, id, author, 0, NULL) || db_exec(d, STMT_HOOK_USED, "i", hook) < 0;
    }
    markdown_free(&md);
    if (failed) { db_rollback(d); return resp_db_error(r); }
    if (db_commit(d)) return resp_db_error(r);
    timeline_changed(gid);
    outbox_poke(W.cfg.indexer_socket);
    notify_poke(&W.cfg);
    log_info("incoming webhook %lld published post=%lld in group=%lld", hook, id, gid);
    return resp_json(r, 201, json_pack("{s:I,s:I}", "id", (json_int_t)id, "group_id", (json_int_t)gid));
}
