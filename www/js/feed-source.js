// A feed on screen: the list of cards (paged by cursor) and, above it, the
// « new posts » banner that watches the same feed. Both are built for one
// source — the home feed with a filter, or one group's feed.

import { h } from './dom.js';
import { get } from './api.js';
import { createFeedList } from './feed-list.js';
import { createNewPostsBanner } from './new-posts.js';

const LIMIT = 20;

/**
 * mountFeed({label, path, query, newQuery, signal, empty, card, channels})
 * `path` lists the posts ('/feed' or '/groups/ID/posts') with `query`;
 * `newQuery` is what /feed/new takes for the same posts (filter, group);
 * `channels` the live channels announcing its new posts (see new-posts.js).
 * → {element, list}.
 */
export function mountFeed({ label, path, query = {}, newQuery = {}, signal, empty, card, channels = null }) {
  const list = createFeedList({
    label, signal, empty, card,
    load: (cursor) => get(path, { query: { ...query, limit: LIMIT, cursor: cursor || undefined }, signal }),
  });
  const banner = createNewPostsBanner({
    signal,
    channels,
    async count() {
      const since = list.newestCursor();
      if (since) {
        const r = await get('/feed/new', { query: { ...newQuery, since }, signal });
        return r ? r.count : 0;
      }
      // nothing shown yet: /feed/new needs a cursor, so look at the first page
      const r = await get('/feed', { query: { ...newQuery, limit: LIMIT }, signal });
      return ((r && r.items) || []).filter((p) => !p.pinned).length;
    },
    async onOpen() {
      await list.reload();
      list.focusFirst();
    },
  });
  list.reload();
  return { element: h('div', { class: 'feed' }, banner.element, list.element), list, banner };
}
