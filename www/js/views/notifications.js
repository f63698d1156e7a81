// /notifications — the person's notifications, newest first, paged with
// « Plus anciennes »; « Non lues seulement » (?non-lues=1) and « Tout
// marquer comme lu »; a link to the settings. When the unread count changes
// (a live message, another tab) the newest page is read again and merged.

import { h, replaceChildren, uid } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { pageTitle, alertBox, statusBox, loading, errorMessage } from '../ui.js';
import { notificationEntry } from '../notification-item.js';
import { onUnread, markRead } from '../unread.js';

const PAGE = 20;

export const notifications = {
  title: () => t('notif.title'),
  render(main, { query, signal, navigate }) {
    let unreadOnly = query.get('non-lues') === '1';
    const filterId = uid('notif-unread');
    const filter = h('input', { type: 'checkbox', id: filterId, class: 'choice-input', checked: unreadOnly || null });
    const markAll = h('button', { type: 'button', class: 'btn' }, t('notif.markAll'));
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const list = h('ul', { class: 'notif-list notif-page-list', 'aria-label': t('notif.listLabel') });
    const status = h('div', { class: 'notif-status' }, loading());
    const more = h('button', { type: 'button', class: 'btn more', hidden: true }, t('notif.older'));
    main.append(
      pageTitle(t('notif.title')),
      h('div', { class: 'notif-toolbar' },
        h('div', { class: 'choice' }, filter,
          h('span', { class: 'choice-text' }, h('label', { for: filterId, class: 'choice-label' }, t('notif.unreadOnly')))),
        markAll,
        h('a', { href: '/notifications/reglages', class: 'notif-settings-link' }, t('notif.settingsLink'))),
      messages,
      h('section', { class: 'card notif-card' }, list, status, more));

    let next = null;
    let generation = 0;
    const nodes = new Map(); // id → li
    const shown = new Map(); // id → the entry's JSON, to redraw only what changed

    const entry = (n) => notificationEntry(n, { navigate });
    const query_ = (cursor) => ({ limit: PAGE, cursor: cursor || undefined, unread: unreadOnly ? 1 : undefined });

    function showEmpty() {
      replaceChildren(status, list.children.length ? null
        : h('p', { class: 'muted notif-empty' }, t(unreadOnly ? 'notif.emptyUnread' : 'notif.empty')));
    }

    async function loadPage(cursor) {
      const gen = generation;
      more.disabled = true;
      try {
        const data = await get('/notifications', { query: query_(cursor), signal });
        if (gen !== generation) return;
        for (const n of (data && data.items) || []) {
          const key = String(n.id);
          if (nodes.has(key)) continue;
          const li = entry(n);
          nodes.set(key, li);
          shown.set(key, JSON.stringify(n));
          list.append(li);
        }
        next = (data && data.next) || null;
        more.hidden = !next;
        showEmpty();
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        replaceChildren(status, alertBox(errorMessage(err)));
      } finally {
        more.disabled = false;
      }
    }

    function reload() {
      generation += 1;
      nodes.clear();
      shown.clear();
      replaceChildren(list);
      replaceChildren(status, loading());
      more.hidden = true;
      return loadPage(null);
    }

    /** The newest page again: new entries on top, changed ones redrawn in place. */
    async function refreshTop() {
      const gen = generation;
      try {
        const data = await get('/notifications', { query: query_(null), signal });
        if (gen !== generation) return;
        const fresh = [];
        for (const n of (data && data.items) || []) {
          const key = String(n.id);
          const json = JSON.stringify(n);
          if (shown.get(key) === json) continue;
          const li = entry(n);
          if (nodes.has(key)) nodes.get(key).replaceWith(li);
          else fresh.push(li);
          nodes.set(key, li);
          shown.set(key, json);
        }
        list.prepend(...fresh);
        showEmpty();
      } catch {
        // the list stays as it was; the next change tries again
      }
    }

    filter.addEventListener('change', () => {
      unreadOnly = filter.checked;
      const url = new URL(window.location.href);
      if (unreadOnly) url.searchParams.set('non-lues', '1'); else url.searchParams.delete('non-lues');
      history.replaceState(history.state, '', url.pathname + url.search);
      reload();
    });
    more.addEventListener('click', async () => {
      const count = list.children.length;
      await loadPage(next);
      // the keyboard goes on with the first older entry
      const first = list.children[count];
      if (first) first.querySelector('a').focus();
    });
    markAll.addEventListener('click', async () => {
      markAll.disabled = true;
      replaceChildren(messages);
      try {
        await markRead({ all: true }, { signal });
        await reload();
        replaceChildren(messages, statusBox(t('notif.allMarked')));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        replaceChildren(messages, alertBox(errorMessage(err)));
      } finally {
        markAll.disabled = false;
      }
    });
    const off = onUnread(() => refreshTop());
    signal.addEventListener('abort', off, { once: true });

    return reload();
  },
};
