// The list of conversations, latest activity first: each a link with its
// name (the other person's for a direct one), the last message's preview,
// its time, the unread count and « sourdine ». « Nouvelle conversation »
// above it. A live message updates its line; other live news about
// conversations read the first page again (a short pause gathers several
// into one request); the open conversation tells the list when it was read.

import { h, replaceChildren, avatar, debounce, pathIcon } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { alertBox, loading, errorMessage } from '../ui.js';
import { onLive, onLiveOpen } from '../live.js';
import { openNewConversation } from './dialogs.js';
import {
  convName, convHref, previewText, shortWhen,
} from './common.js';

const PAGE = 50;
// a bell struck through: « sourdine »
const MUTED = ['M6 16.5V11a6 6 0 0 1 9.5-4.9', 'M18 11v5.5l1.5 1.5H8', 'M10 20.5a2 2 0 0 0 4 0', 'M4 4l16 16'];

/** createConversationList({me, current, signal, navigate}) → {element, setRead(id), update(conv)}. */
export function createConversationList({ me, current, signal, navigate }) {
  const newBtn = h('button', { type: 'button', class: 'btn btn-primary btn-small chat-new-btn' }, t('chat.new.button'));
  newBtn.addEventListener('click', () => openNewConversation({ me, navigate }));
  const list = h('ul', { class: 'chat-list', 'aria-label': t('chat.listLabel') });
  const status = h('div', { class: 'chat-list-status' }, loading());
  const more = h('button', { type: 'button', class: 'btn btn-small more', hidden: true }, t('common.more'));
  const element = h('section', { class: 'chat-side card', 'aria-label': t('chat.listLabel') },
    h('div', { class: 'chat-side-head' }, h('h2', { class: 'chat-side-title' }, t('chat.conversations')), newBtn),
    list, status, more);

  const convs = new Map(); // id → conversation (in list order)
  let next = null;

  function entry(c) {
    const name = convName(c, me);
    const isCurrent = current !== null && String(c.id) === String(current);
    const unread = isCurrent ? 0 : Number(c.unread) || 0;
    const last = c.last_message;
    const when = c.last_activity || (last && last.created);
    const link = h('a', {
      href: convHref(c.id), class: 'chat-item-link', 'aria-current': isCurrent ? 'page' : null, dataset: { id: String(c.id) },
    },
    avatar(name, 'avatar chat-item-avatar'),
    h('span', { class: 'chat-item-text' },
      h('span', { class: 'chat-item-top' },
        h('span', { class: 'chat-item-name' }, name),
        when ? h('time', { class: 'chat-item-time muted', datetime: when }, shortWhen(when)) : null),
      h('span', { class: 'chat-item-bottom' },
        h('span', { class: 'chat-item-preview muted' }, previewText(last, me)),
        c.muted ? h('span', { class: 'chat-item-muted', title: t('chat.mutedMark') },
          pathIcon(MUTED, 'icon icon-sm'), h('span', { class: 'sr-only' }, `, ${t('chat.mutedMark')}`)) : null,
        unread ? h('span', { class: 'chat-item-unread' },
          h('span', { 'aria-hidden': 'true' }, unread > 99 ? '99+' : String(unread)),
          h('span', { class: 'sr-only' }, `, ${t('chat.unreadCount', { n: unread })}`)) : null)));
    return h('li', { class: `chat-item${unread ? ' is-unread' : ''}`, dataset: { id: String(c.id) } }, link);
  }

  function render() {
    const focused = list.contains(document.activeElement) ? document.activeElement.dataset.id : null;
    const items = [...convs.values()].sort((a, b) => String(b.last_activity || '').localeCompare(String(a.last_activity || '')));
    replaceChildren(list, items.map(entry));
    replaceChildren(status, items.length ? null : h('p', { class: 'muted chat-empty' }, t('chat.empty')));
    if (focused) {
      const again = list.querySelector(`a[data-id="${CSS.escape(focused)}"]`);
      if (again) again.focus();
    }
  }

  async function load(cursor) {
    more.disabled = true;
    try {
      const data = await get('/conversations', { query: { limit: PAGE, cursor: cursor || undefined }, signal });
      if (!cursor) {
        // the first page again: what left it (read elsewhere, removed) is forgotten
        const keep = [...convs.values()].slice(PAGE);
        convs.clear();
        for (const c of (data && data.items) || []) convs.set(String(c.id), c);
        for (const c of keep) if (!convs.has(String(c.id))) convs.set(String(c.id), c);
      } else {
        for (const c of (data && data.items) || []) convs.set(String(c.id), c);
      }
      if (!cursor || cursor === next) next = (data && data.next) || null;
      more.hidden = !next;
      render();
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(status, alertBox(errorMessage(err)));
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener('click', () => load(next));

  const refresh = debounce(() => load(null), 250);
  // A live message updates its conversation's line where it is (preview,
  // time, unread count, first place); the list is read again only for a
  // conversation it does not show. Reading it again for every message
  // made a request per message and per person with the list open: 250
  // for one message in a conversation of 250.
  const shown = (data) => data && data.message && convs.get(String(data.conversation_id));
  onLive('chat.message', (data) => {
    const c = shown(data);
    if (!c) { refresh(); return; }
    const m = data.message;
    c.last_message = m;
    if (m.created) c.last_activity = m.created;
    const mine = m.author && String(m.author.id) === String(me.id);
    if (!mine && String(c.id) !== String(current)) c.unread = (Number(c.unread) || 0) + 1;
    // first among those of the same second too
    const rest = [...convs.entries()].filter(([k]) => k !== String(c.id));
    convs.clear();
    convs.set(String(c.id), c);
    for (const [k, v] of rest) convs.set(k, v);
    render();
  }, signal);
  onLive('chat.message_changed', (data) => {
    const c = shown(data);
    if (c && c.last_message && String(c.last_message.id) === String(data.message.id)) {
      c.last_message = data.message;
      render();
    } else if (!c) refresh();
  }, signal);
  onLive('chat.conversation', () => refresh(), signal);
  // the header's count: read again only when the lines do not add up to it
  // (a conversation beyond the first page, or read in another tab)
  onLive('chat.unread', (data) => {
    const here = [...convs.values()].reduce((n, c) => n + (c.muted || String(c.id) === String(current) ? 0 : Number(c.unread) || 0), 0);
    if (!data || Number(data.count) !== here) refresh();
  }, signal);
  onLive('chat.read', (data) => {
    if (!data || String(data.user_id) !== String(me.id)) return;
    const c = convs.get(String(data.conversation_id));
    const newest = c && c.last_message ? Number(c.last_message.seq) : NaN;
    if (c && Number(data.seq) >= newest) {
      if (c.unread) { c.unread = 0; render(); }
    } else refresh();
  }, signal);
  onLive('chat.removed', (data) => {
    if (!data) return;
    convs.delete(String(data.conversation_id));
    render();
  }, signal);
  onLiveOpen(() => refresh(), signal);
  signal.addEventListener('abort', () => refresh.cancel(), { once: true });

  const ready = load(null);
  return {
    element,
    ready,
    /** The open conversation was read up to its newest message. */
    setRead(id) {
      const c = convs.get(String(id));
      if (c && c.unread) { c.unread = 0; render(); }
    },
    /** The open conversation changed (renamed, muted…). */
    update(conv) {
      const c = convs.get(String(conv.id));
      if (!c) { refresh(); return; }
      convs.set(String(conv.id), { ...c, ...conv, unread: c.unread });
      render();
    },
    focusFirst() {
      const a = list.querySelector('a');
      (a || newBtn).focus();
    },
  };
}
