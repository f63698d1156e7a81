/* Who goes first when the cores are all busy (docs/architecture.md,
 * « Who goes first »): the chat's lane, MariaDB, nginx and the live events
 * at the normal priority; the other workers a little lower (workers_nice),
 * so that 64 readers of the feed do not make a message wait; the work in
 * the background (indexing, previews, mail, feeds, housekeeping) lower
 * still (background_nice), below every request. Linux shares the cores by
 * these weights only when they are scarce: an idle machine runs all at
 * full speed. */
#ifndef PARVIS_PRIORITY_H
#define PARVIS_PRIORITY_H

/* Lowers the calling process's CPU priority by `by` nice steps (0: none);
 * a failure is logged and ignored. Children inherit it. */
void priority_lower(const char *who, int by);
#endif
