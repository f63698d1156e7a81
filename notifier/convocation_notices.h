/* Convocations' notifications and e-mails (docs/convocations.md), in the
 * caller's transaction. */
#ifndef PARVIS_NOTIFIER_CONVOCATION_NOTICES_H
#define PARVIS_NOTIFIER_CONVOCATION_NOTICES_H
#include "config.h"
#include "events.h"

/* Once at the start: the public address (the links of the e-mails). */
void convocation_notices_start(const config *cfg);
/* NOTIFY_CONVOCATION (detail sent, changed, remind): 0, or -1 (MariaDB). */
int convocation_notice_run(db *d, arena *a, const queue_row *row, live_out *out);
/* The reminders at the chosen delays that came due: the number sent, or -1. */
int convocation_reminders_run(db *d, arena *a, live_out *out);
#endif
