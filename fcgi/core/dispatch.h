/* Serves one FastCGI request: route, session, CSRF, handler, log line. */
#ifndef PARVIS_DISPATCH_H
#define PARVIS_DISPATCH_H
#include <fcgiapp.h>
#include "arena.h"

void dispatch(FCGX_Request *fr, arena *a);
#endif
