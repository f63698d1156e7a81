/* The names of files and folders: what the drive accepts. A name is kept
 * in Unicode's composed form (NFC), so that « café » typed with an accented
 * é (as Windows writes it) and with an e and a combining accent (as macOS
 * writes it) are one name, not two that look alike in one folder. It is
 * refused (never silently changed otherwise) when it holds "/", "\", NUL
 * or another control character, a character that reverses the text's
 * direction (a way to disguise "gpj.exe" as "exe.jpg"), an invisible one
 * (zero-width spaces and joiners, word joiner, byte order mark, soft
 * hyphen: "ab" and "a\u200Bb" would look alike), is "." or "..", starts
 * with a space or ends with a space or a dot (Windows cannot hold those),
 * is not UTF-8 or is over 255 bytes. */
#ifndef PARVIS_DRIVE_NAMES_H
#define PARVIS_DRIVE_NAMES_H
#include <stddef.h>
#include "arena.h"
#include "core/messages.h"

/* 0 when acceptable; otherwise the message that says why. */
msg_id drive_name_check(const char *name, size_t len);
/* `name` in NFC, checked: the name to keep, in `a`; or NULL with *why. */
const char *drive_name_accept(arena *a, const char *name, msg_id *why);
#endif
