// The Fil tab of a group: the composer (when the person may post) and the
// group's posts, pinned ones first, with the « new posts » banner.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { createComposer } from '../composer.js';
import { mountFeed } from '../feed-source.js';

export function renderGroupFeed(panel, { group, me, signal }) {
  panel.append(h('h2', { class: 'sr-only' }, t('group.tab.feed')));
  let feed = null;
  if (group.archived) {
    panel.append(h('p', { class: 'alert alert-info' }, t('group.archivedFeed')));
  } else if (group.can && group.can.post) {
    const composer = createComposer({
      group, user: me, signal,
      onPosted: (p) => (feed ? feed.list.prepend(p) : null),
    });
    panel.append(h('div', { class: 'composer-inset' }, composer.element));
  } else if (group.posting === 'managers') {
    panel.append(h('p', { class: 'muted' }, t('group.announcementsOnly')));
  }
  feed = mountFeed({
    label: t('group.feedLabel', { name: group.name }),
    path: `/groups/${encodeURIComponent(group.id)}/posts`,
    newQuery: { group: group.id },
    signal,
    channels: [`g${group.id}`],
    // the group's own page already says where: its cards do not repeat its name
    card: { showWhere: false },
    empty: h('p', { class: 'card-empty muted' }, t(group.can && group.can.post ? 'group.feedEmptyPost' : 'group.feedEmpty')),
  });
  panel.append(feed.element);
}
