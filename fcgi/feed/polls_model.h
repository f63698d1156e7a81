/* Polls on posts (docs/polls.md): the facts acl_poll() decides on, the
 * opaque ballot key, and the poll object the API answers with (alone, or
 * as the "poll" of a post in every feed). */
#ifndef PARVIS_POLLS_MODEL_H
#define PARVIS_POLLS_MODEL_H
#include "core/acl.h"
#include "db.h"

#define POLL_OPTIONS_MIN 2
#define POLL_OPTIONS_MAX 30
#define POLL_OPTION_MAX_CHARS 200
#define POLL_QUESTION_MAX_CHARS 300
#define POLL_OTHER_MAX_CHARS 200

/* the columns of POLL_COLUMNS (lib/stmt/columns.h) */
enum {
    POLL_COL_ID, POLL_COL_POST, POLL_COL_QUESTION, POLL_COL_MAX, POLL_COL_OTHER, POLL_COL_ANONYMOUS,
    POLL_COL_RESULTS, POLL_COL_CLOSES, POLL_COL_CLOSED_AT, POLL_COL_CLOSED, POLL_COL_VOTERS, POLL_COL_OTHER_COUNT
};

/* HMAC-SHA-256(poll key, poll id || user id), both as 8 big-endian bytes;
 * the poll key is derived from the server secret (W.secret, a file outside
 * the database). The only way from a person to their ballot. */
void poll_ballot_key(long long poll_id, long long user_id, unsigned char key[32]);

/* A poll row (POLL_BY_ID...) with the post's facts: the poll's facts for
 * the asker (reads their ballot: its choices and other text, or -1 and
 * NULL when they have none). 0, or -1 on a database error. */
int poll_facts_load(req *r, const db_rows *poll, const post_facts *post, poll_facts *f,
                    long long *my_choices, const char **my_other);

/* The poll object for the asker, as acl_poll lets them see it; `detail`
 * adds who chose what (named polls, their author and moderators) and the
 * free answers. NULL on a database error. */
json_t *poll_json(req *r, long long poll_id, const post_facts *post, int detail);

/* The poll of one loaded poll row (the above, without loading it again). */
json_t *poll_json_of(req *r, const db_rows *poll, const post_facts *post, int detail);
#endif
