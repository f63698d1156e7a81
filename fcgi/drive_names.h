/* The names of files and folders: what the drive accepts. A name is
 * refused (never silently changed) when it holds "/", "\", NUL or another
 * control character, a character that reverses the text's direction (a
 * way to disguise "gpj.exe" as "exe.jpg"), is "." or "..", starts with a
 * space or ends with a space or a dot (Windows cannot hold those), is not
 * UTF-8 or is over 255 bytes. */
#ifndef PARVIS_DRIVE_NAMES_H
#define PARVIS_DRIVE_NAMES_H
#include <stddef.h>
#include "messages.h"

/* 0 when acceptable; otherwise the message that says why. */
msg_id drive_name_check(const char *name, size_t len);
#endif
