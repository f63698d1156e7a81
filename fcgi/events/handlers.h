/* Events (« Agenda », docs/events.md): routes.c. */
#ifndef PARVIS_EVENTS_HANDLERS_H
#define PARVIS_EVENTS_HANDLERS_H
#include "core/req.h"

int h_group_events_create(req *r);
int h_org_events_create(req *r);
int h_events_get(req *r);
int h_events_put(req *r);
int h_events_delete(req *r);
int h_events_agenda(req *r);
int h_group_events(req *r);
int h_event_answer_put(req *r);
int h_event_answers(req *r);
int h_event_remind(req *r);
int h_event_ics(req *r);
int h_calendar_token_get(req *r);
int h_calendar_token_post(req *r);
int h_calendar_token_delete(req *r);
int h_calendar_feed(req *r);
#endif
