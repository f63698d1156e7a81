// The bell in the header: the unread count (a badge, hidden at 0, and in the
// button's name), and a panel with the newest notifications, « Tout marquer
// comme lu » and « Voir toutes les notifications ». The panel is a
// disclosure: Escape or a click elsewhere closes it, focus goes back to the
// bell. The count follows unread.js (live messages or polling).

import { h, pathIcon, replaceChildren, uid } from './dom.js';
import { t } from './i18n.js';
import { get } from './api.js';
import { alertBox, loading, errorMessage } from './ui.js';
import { onUnread, unreadCount, markRead } from './unread.js';
import { setTitleCount } from './title.js';
import { notificationEntry } from './notification-item.js';

const BELL = ['M6 16.5V11a6 6 0 0 1 12 0v5.5l1.5 1.5h-15z', 'M10 20.5a2 2 0 0 0 4 0'];
const PANEL_SIZE = 10;

const badgeText = (n) => (n > 99 ? '99+' : String(n));

/** createBell({navigate}) → {element, close(), destroy()}. */
export function createBell({ navigate }) {
  const panelId = uid('bell-panel');
  const titleId = uid('bell-title');
  const badgeEl = h('span', { class: 'bell-badge', 'aria-hidden': 'true', hidden: true });
  const button = h('button', {
    type: 'button', class: 'btn-icon bell-button', 'aria-expanded': 'false', 'aria-controls': panelId,
  }, pathIcon(BELL), badgeEl);
  const announce = h('span', { class: 'sr-only', 'aria-live': 'polite' });
  const heading = h('h2', { id: titleId, class: 'bell-title', tabindex: '-1' }, t('notif.title'));
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const list = h('ul', { class: 'notif-list', 'aria-labelledby': titleId });
  const body = h('div', { class: 'bell-body' });
  const markAll = h('button', { type: 'button', class: 'btn-link bell-mark-all' }, t('notif.markAll'));
  const seeAll = h('a', { href: '/notifications', class: 'bell-see-all' }, t('notif.seeAll'));
  const panel = h('div', { id: panelId, class: 'bell-panel card', role: 'region', 'aria-labelledby': titleId, hidden: true },
    h('div', { class: 'bell-head' }, heading, markAll),
    messages, body,
    h('div', { class: 'bell-foot' }, seeAll));
  const element = h('div', { class: 'bell' }, button, announce, panel);

  let shown = null; // the count on screen
  let loadId = 0;

  function showCount(n) {
    const count = Math.max(0, Number(n) || 0);
    button.setAttribute('aria-label', t('notif.bellLabel', { n: count }));
    badgeEl.textContent = badgeText(count);
    badgeEl.hidden = count === 0;
    markAll.disabled = count === 0;
    setTitleCount(count);
    // say it when it grows while the page is open (not at start)
    if (shown !== null && count > shown) announce.textContent = t('notif.announce', { n: count });
    shown = count;
  }

  async function load() {
    const id = ++loadId;
    if (!list.children.length) replaceChildren(body, loading());
    try {
      const data = await get('/notifications', { query: { limit: PANEL_SIZE } });
      if (id !== loadId) return;
      const items = (data && data.items) || [];
      replaceChildren(list, items.map((n) => notificationEntry(n, { navigate, onOpened: () => setOpen(false, { focus: false }) })));
      replaceChildren(body, items.length ? list : h('p', { class: 'muted bell-empty' }, t('notif.empty')));
    } catch (err) {
      if (id !== loadId) return;
      replaceChildren(body, alertBox(errorMessage(err)));
    }
  }

  function setOpen(open, { focus = true } = {}) {
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) {
      replaceChildren(messages);
      load();
      heading.focus();
    } else if (focus) {
      button.focus();
    }
  }

  button.addEventListener('click', () => setOpen(panel.hidden));
  markAll.addEventListener('click', async () => {
    markAll.disabled = true;
    try {
      await markRead({ all: true });
      await load();
      heading.focus();
    } catch (err) {
      replaceChildren(messages, alertBox(errorMessage(err)));
      markAll.disabled = false;
    }
  });
  seeAll.addEventListener('click', () => setOpen(false, { focus: false }));
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !panel.hidden) {
      event.stopPropagation();
      setOpen(false);
    }
  });
  element.addEventListener('focusout', (event) => {
    if (event.relatedTarget && !element.contains(event.relatedTarget)) setOpen(false, { focus: false });
  });
  const onDocClick = (event) => {
    if (!element.isConnected) { document.removeEventListener('click', onDocClick); return; }
    if (!panel.hidden && !element.contains(event.target)) setOpen(false, { focus: false });
  };
  document.addEventListener('click', onDocClick);

  const off = onUnread((n) => {
    // a new shell (another language) has its own bell
    if (!element.isConnected) { off(); document.removeEventListener('click', onDocClick); return; }
    showCount(n);
    if (!panel.hidden) load();
  });
  showCount(unreadCount() || 0);

  return {
    element,
    close: () => { if (!panel.hidden) setOpen(false, { focus: false }); },
    destroy: () => { off(); document.removeEventListener('click', onDocClick); },
  };
}
