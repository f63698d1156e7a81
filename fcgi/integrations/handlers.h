/* Integrations (docs/feeds.md, docs/api_tokens.md, docs/webhooks.md):
 * each helper's handlers, added here. */
#ifndef PARVIS_INTEGRATIONS_HANDLERS_H
#define PARVIS_INTEGRATIONS_HANDLERS_H
#include "core/req.h"

/* « Veille »: a group's RSS and Atom feeds (h_feeds.c) */
int h_group_feeds_list(req *r);
int h_group_feeds_add(req *r);
int h_group_feeds_delete(req *r);
int h_group_feeds_refresh(req *r);
/* the hosts outgoing requests may reach although internal (h_feed_outgoing.c) */
int h_outgoing_get(req *r);
int h_outgoing_put(req *r);
/* Atom out (h_atom.c): the news, a public group, a person's home feed */
int h_news_atom(req *r);
int h_group_atom(req *r);
int h_atom_token_get(req *r);
int h_atom_token_post(req *r);
int h_atom_token_delete(req *r);
int h_atom_private(req *r);
#endif
