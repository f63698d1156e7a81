#include "settings.h"
#include <stdio.h>

int settings_get(db *d, arena *a, const char *k, char *out, size_t outlen)
{
    db_rows *q = db_query(d, a, STMT_SETTING_GET, "s", k);
    if (!q) return -1;
    snprintf(out, outlen, "%s", q->nrows ? db_cell(q, 0, 0) : "");
    return 0;
}

int settings_set(db *d, const char *k, const char *v)
{
    return db_exec(d, STMT_SETTING_SET,
                   "ss", k, v) < 0 ? -1 : 0;
}
