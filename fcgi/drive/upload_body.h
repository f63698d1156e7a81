/* What every upload shares, the drive's and the chat's: nginx wrote the
 * body to a temporary file and the worker checks the name as the client
 * sent it, then hashes and types the file. */
#ifndef PARVIS_UPLOAD_BODY_H
#define PARVIS_UPLOAD_BODY_H
#include "blobstore.h"
#include "core/req.h"

/* The name after "/files/" in the request line as the client sent it
 * (nginx's normalised path has lost "%2F" and ".."), decoded and checked
 * as a drive file's name. NULL after answering 400. */
const char *upload_name(req *r);
/* Before nginx reads the body: the size the client declared
 * (Content-Length; 0 when chunked: the store phase checks the real one)
 * against `max` and against the disk's room past its reserve (nginx
 * writes the body next to the blob store). 1 with *size, or 0 after
 * answering (400, 413, 507). */
int upload_declared(req *r, long long max, long long *size);
/* nginx's temporary file of the body (only one of its body directory),
 * hashed, typed and synced into *b, its path in *path; at most `max`
 * bytes. 1, or 0 after answering (400, 413, 507, 500). */
int upload_body_examine(req *r, long long max, blob_info *b, const char **path);
#endif
