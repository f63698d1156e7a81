/* The search index's vocabulary, in one place for the workers (who query
 * it), the indexer (who writes it) and the reconciliation (who checks it):
 *
 *  - the kinds of entity (`entity`): those with a document in the index,
 *    and the other work the outbox (index_queue.entity_type) carries;
 *  - the terms of a document: its unique term "Q<kind>:<id>", its kind
 *    "XK<kind>", its group "XG<id>" ("XG0": the organisation's news), its
 *    author "XA<id>", its post's author "XP<id>", a file's type "XT<mime>"
 *    and family "XF<family>";
 *  - the scope terms, which say who may find a document and which every
 *    query is filtered by: "I*" everyone signed in, "A*" administrators,
 *    "G<id>" the members of a group, "U<id>" one person (their own drive,
 *    and what is shared with them), "C<id>" the participants of a
 *    conversation at the moment of the search (its messages: no "A*",
 *    administrators never find other people's messages).
 *
 * A document's scopes are written as one space-separated list in byte
 * order, as xap_wdb_scopes() reads them back, so that the reconciliation
 * compares the two as strings. */
#ifndef PARVIS_INDEX_TERMS_H
#define PARVIS_INDEX_TERMS_H
#include <stddef.h>

typedef enum {
    /* documents of the index */
    ENTITY_PERSON,
    ENTITY_GROUP,
    ENTITY_POST,
    ENTITY_COMMENT,
    ENTITY_FILE,
    ENTITY_MESSAGE,         /* a chat message */
    /* work on documents */
    ENTITY_FOLDER,          /* every file under a folder re-scoped */
    ENTITY_FILE_SCOPES,     /* a file's rights changed: its scopes rewritten, its text not read again */
    ENTITY_GROUP_CONTENT,   /* a group's visibility changed: its content re-scoped */
    ENTITY_RECONCILE,       /* the index compared with MariaDB and repaired */
    ENTITY_ORPHANS,         /* only the documents whose entity is gone removed */
    ENTITY__MAX
} entity;
#define ENTITY_DOCUMENTS (ENTITY_MESSAGE + 1)   /* the kinds with documents: 0 .. this - 1 */

extern const char *const entity_names[ENTITY__MAX];   /* "person", "post", "file_scopes"... */
/* The kind called `name`: 0, or -1 when there is none. */
int entity_parse(const char *name, entity *out);

#define TERM_MAX 48   /* room for any term below */
/* "Q<kind>:<id>"; returns out */
char *term_unique(char out[TERM_MAX], entity kind, long long id);
/* The kind and id of a unique term: 0, or -1 when it is not one. */
int term_unique_parse(const char *term, entity *kind, long long *id);
char *term_kind(char out[TERM_MAX], entity kind);        /* "XK<kind>" */
/* The same for a kind named in a search (?type=). */
char *term_kind_named(char out[TERM_MAX], const char *kind);
char *term_group(char out[TERM_MAX], long long group);   /* "XG<id>" */
char *term_author(char out[TERM_MAX], long long user);   /* "XA<id>" */
/* "XP<id>": the author of the post a document belongs to (a post's own,
 * a comment's post's), who finds it while it is not published */
char *term_post_author(char out[TERM_MAX], long long user);
char *term_file_family(char out[TERM_MAX], const char *family);   /* "XF<family>": "pdf", "image"... */
/* "XT<mime type>" (longer than TERM_MAX: give room for 256 bytes) */
char *term_file_type(char *out, size_t n, const char *mime);
/* "C<id>": the participants of a conversation (its messages' scope) */
char *scope_conversation(char out[TERM_MAX], long long conversation);

#define SCOPE_SIGNED_IN "I*"
#define SCOPE_ADMINS "A*"
char *scope_members(char out[TERM_MAX], long long group);   /* "G<id>" */
char *scope_person(char out[TERM_MAX], long long user);     /* "U<id>" */

/* The scopes of documents, each a space-separated list in byte order into
 * out (`n` bytes); 0, or -1 when it does not fit. */
/* A person: everyone signed in finds them in the directory. */
int scopes_of_person(char *out, size_t n);
/* A group: public and private groups are listed for everyone; a secret one
 * for its members and administrators. */
int scopes_of_group(long long group, int secret, char *out, size_t n);
/* A group's content (its posts, comments and drive's files): its members
 * and administrators, and everyone when the group is public; group 0 (the
 * organisation's news): everyone. */
int scopes_of_content(long long group, const char *visibility, char *out, size_t n);
/* A personal drive's file: its owner and the `nshared` people it is
 * shared with (on it or on a folder above; repeats are fine). */
int scopes_of_personal_file(long long owner, const long long *shared, int nshared, char *out, size_t n);
/* A chat message: only its conversation's participants ("C<id>"). */
int scopes_of_message(long long conversation, char *out, size_t n);
#endif
