// One notification as a list entry (the bell's panel and the Notifications
// page): who, the server's sentence (plain text: an untitled post is named
// by its first words, never its Markdown), the group, when; unread ones
// marked; join requests all answered marked « Traitée ».
// The whole entry is a link to its target; opening it marks it read.

import { h, avatar, isSafeHref } from './dom.js';
import { t } from './i18n.js';
import { timeEl } from './dates.js';
import { markRead } from './unread.js';

/** The target's address, when it is a path of the site; else the Notifications page. */
export function targetUrl(n) {
  const url = n && n.target && n.target.url ? String(n.target.url) : '';
  return url.startsWith('/') && !url.startsWith('//') && isSafeHref(url) ? url : '/notifications';
}

/**
 * notificationEntry(n, {navigate, onOpened}) → <li>. A click marks the
 * notification read (when it is unread), then goes to its target.
 */
export function notificationEntry(n, { navigate, onOpened = () => {} }) {
  const actors = Array.isArray(n.actors) ? n.actors : [];
  const first = actors[0];
  const link = h('a', { href: targetUrl(n), class: 'notif-link' },
    first ? avatar(first.display_name, 'avatar avatar-sm') : h('span', { class: 'avatar avatar-sm notif-avatar-none', 'aria-hidden': 'true' }),
    h('span', { class: 'notif-text' },
      n.read ? null : h('span', { class: 'sr-only' }, `${t('notif.unreadMark')} : `),
      h('span', { class: 'notif-sentence' }, String(n.text || '')),
      // join requests all answered: nothing left to do
      n.done ? h('span', { class: 'notif-done' }, t('notif.done')) : null,
      // an administrators' announcement is read here, as plain text
      n.announcement && n.announcement.body ? h('span', { class: 'notif-body' }, String(n.announcement.body)) : null,
      h('span', { class: 'notif-meta muted' },
        timeEl(n.updated || n.created, 'time'),
        n.group && n.group.name ? [' · ', h('span', { class: 'notif-group' }, String(n.group.name))] : null)),
    n.read ? null : h('span', { class: 'notif-dot', 'aria-hidden': 'true' }));
  const li = h('li', { class: `notif${n.read ? '' : ' is-unread'}`, dataset: { id: String(n.id), kind: String(n.kind || '') } }, link);
  link.addEventListener('click', async (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    event.stopPropagation();
    if (!n.read) {
      try {
        await markRead({ ids: [n.id] });
      } catch {
        // going to the target is what matters; opening it marks it read too
      }
    }
    onOpened(n);
    navigate(targetUrl(n));
  });
  return li;
}
