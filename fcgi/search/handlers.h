/* Search: the search box and the index's state (routes.c). */
#ifndef PARVIS_SEARCH_HANDLERS_H
#define PARVIS_SEARCH_HANDLERS_H
#include "core/req.h"

int h_search(req *r);
int h_search_status(req *r);
int h_search_reconcile(req *r);
#endif
