/* Platform settings administrators change at run time (table settings). */
#ifndef PARVIS_SETTINGS_H
#define PARVIS_SETTINGS_H
#include "db.h"

/* Copies the value of key k into out (empty when unset). 0 or -1. */
int settings_get(db *d, arena *a, const char *k, char *out, size_t outlen);
int settings_set(db *d, const char *k, const char *v);
#endif
