/* Sending a stored file: nginx sends the bytes (X-Accel-Redirect to the
 * internal /_blobs/ location, which adds nosniff and a sandbox); the
 * worker names the type and whether the browser shows it or saves it. */
#ifndef PARVIS_FILE_SEND_H
#define PARVIS_FILE_SEND_H
#include "core/req.h"

/* Content-Disposition ("inline" or "attachment") with an ASCII fallback
 * and the exact name in filename* (RFC 6266, RFC 5987). */
const char *drive_disposition(req *r, const char *kind, const char *name);
/* Answers with the blob `sha256` as the file `name` of type `mime`:
 * images, audio, video, PDF and plain text inline unless ?download=1;
 * anything a browser would run always as an attachment. Returns 0. */
int file_send(req *r, const char *name, const char *sha256, const char *mime);
#endif
