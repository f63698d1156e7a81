// One conversation: its head (name, who takes part, « Lancer une visio »,
// the options menu), the messages (a role="log" region: new ones are
// announced politely), the receipts and « X écrit… » under them, and the
// composer.
//
// Messages are ordered by `seq`. Scrolling up loads older ones (before=,
// the position kept); ?message=ID opens the history around that message
// (around=), with newer ones loaded on the way down. A message sent shows
// at once as « envoi… », then is replaced by the server's answer — or by
// its live copy, whichever comes first (matched by client_id, then id).
// A live message whose seq is not the next one means some were missed:
// the newest page is read again. Reading (the page visible) moves the read
// mark up to the newest message shown.

import { h, replaceChildren, uid, pathIcon } from '../dom.js';
import { t } from '../i18n.js';
import { get, post, patch, del, put } from '../api.js';
import { alertBox, statusBox, errorMessage, confirmDialog, setFlash } from '../ui.js';
import { createMenu } from '../menu.js';
import { createTextEditor } from '../text-editor.js';
import { onLive, onLiveOpen } from '../live.js';
import { messageEntry } from './message.js';
import { createChatComposer } from './composer.js';
import { openParticipants, openRename, openReport } from './dialogs.js';
import {
  convName, newClientId, enc, MAX_BODY,
} from './common.js';

const PAGE = 50;
const TYPING_SHOW_MS = 6000;
const SMALL = 20; // receipts name people up to this many participants
const CAMERA = ['M3 7h12v10H3z', 'M15 10l6-3v10l-6-3'];
let videoUnavailable = false; // the API said 409: no video service (for this visit)

const same = (a, b) => String(a) === String(b);

/**
 * createConversation({id, me, query, signal, navigate, setTitle, onConv(conv), onRead(id)})
 * → {element, ready (a promise)}.
 */
export function createConversation({ id, me, query, signal, navigate, setTitle, onConv = () => {}, onRead = () => {} }) {
  const cid = enc(id);
  let conv = null;
  let next = null;          // cursor for older messages
  let hasNewer = false;     // the newest messages are not loaded (history around a message)
  let lastSeq = 0;          // the highest seq loaded
  let myRead = 0;           // my read mark (seq)
  let loadingOlder = false;
  let loadingNewer = false;
  let editingId = null;
  const reads = new Map();  // user id → read seq
  const byId = new Map();   // message id → {m, li}
  const pending = new Map(); // client_id → {m, li, draft}
  const typers = new Map(); // user id → {name, timer}

  const headingId = uid('chat-heading');
  const back = h('a', { href: '/messagerie', class: 'chat-back btn btn-small' }, `← ${t('chat.backToList')}`);
  const heading = h('h1', { id: headingId, class: 'chat-conv-title', tabindex: '-1' }, t('common.loading'));
  const sub = h('p', { class: 'chat-conv-sub muted' });
  const actions = h('div', { class: 'chat-conv-actions' });
  const notices = h('div', { class: 'messages chat-notices', 'aria-live': 'polite' });
  const olderBtn = h('button', { type: 'button', class: 'btn btn-small chat-older', hidden: true }, t('chat.older'));
  const list = h('ol', { class: 'chat-messages', 'aria-labelledby': headingId });
  const newerBtn = h('button', { type: 'button', class: 'btn btn-small chat-newer', hidden: true }, t('chat.newer'));
  const receipts = h('p', { class: 'chat-receipts muted', hidden: true });
  const log = h('div', {
    class: 'chat-log', role: 'log', 'aria-live': 'polite', 'aria-label': t('chat.messagesLabel'), tabindex: '0',
  }, olderBtn, list, receipts, newerBtn);
  const typing = h('p', { class: 'chat-typing muted', 'aria-live': 'polite' });
  const jump = h('button', { type: 'button', class: 'btn btn-small chat-jump', hidden: true }, t('chat.newMessagesBelow'));
  const composerSlot = h('div', { class: 'chat-composer-slot' });
  const element = h('section', { class: 'chat-conv card', 'aria-labelledby': headingId },
    h('header', { class: 'chat-conv-head' }, back, h('div', { class: 'chat-conv-names' }, heading, sub), actions),
    notices,
    log,
    h('div', { class: 'chat-under-log' }, typing, jump),
    composerSlot);
  let composer = null;
  const say = (box) => replaceChildren(notices, box);

  // ---- rendering one message ------------------------------------------------------
  const ctx = {
    me,
    get conv() { return conv; },
    onReply: (m) => composer && composer.setReply(m),
    onEdit: (m, li) => startEdit(m, li),
    onDelete: (m) => removeMessage(m),
    onUnread: (m) => markUnread(m),
    onReact: (m, emoji, mine) => react(m, emoji, mine),
    onRetry: (m) => retry(m.client_id),
    onDiscard: (m) => discard(m.client_id),
  };

  function focusKey(li) {
    const active = document.activeElement;
    if (!li || !li.contains(active)) return null;
    if (active === li) return { self: true };
    if (active.dataset && active.dataset.emoji) return { emoji: active.dataset.emoji };
    if (active.classList.contains('menu-button')) return { selector: active.closest('.chat-react-menu') ? '.chat-react-menu .menu-button' : '.chat-msg-menu .menu-button' };
    return { self: true };
  }
  function refocus(li, key) {
    if (!key) return;
    let target = li;
    if (key.emoji) target = li.querySelector(`[data-emoji="${CSS.escape(key.emoji)}"]`) || li.querySelector('.chat-react-menu .menu-button') || li;
    else if (key.selector) target = li.querySelector(key.selector) || li;
    target.focus();
  }

  const nearBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  const toBottom = () => { log.scrollTop = log.scrollHeight; jump.hidden = true; };

  /** Where a message of `seq` goes: after the last shown message with a lower seq, before the ones being sent. */
  function insert(li, seq) {
    const items = Array.from(list.children);
    for (let i = items.length - 1; i >= 0; i -= 1) {
      const s = items[i].dataset.seq;
      if (s !== '' && Number(s) < seq) { items[i].after(li); return; }
    }
    list.prepend(li);
  }

  function upsert(m) {
    if (!m || m.id === undefined || m.id === null) return;
    if (String(m.conversation_id ?? id) !== String(id)) return;
    const key = String(m.id);
    const entry = byId.get(key);
    if (entry && editingId === key) { entry.m = m; return; }
    // my message being sent: the server's copy takes its place
    let old = entry ? entry.li : null;
    let fk = old ? focusKey(old) : null;
    if (m.client_id && pending.has(String(m.client_id))) {
      const p = pending.get(String(m.client_id));
      pending.delete(String(m.client_id));
      if (!old) { fk = focusKey(p.li); old = p.li; old.dataset.seq = ''; } else { p.li.remove(); }
    }
    const li = messageEntry(m, ctx);
    if (old && old.dataset.seq !== '') {
      old.replaceWith(li);
    } else {
      if (old) old.remove();
      insert(li, Number(m.seq));
    }
    byId.set(key, { m, li });
    if (Number(m.seq) > lastSeq && !hasNewer) lastSeq = Number(m.seq);
    refocus(li, fk);
  }

  function newestShown() {
    let best = null;
    for (const { m } of byId.values()) if (!best || Number(m.seq) > Number(best.seq)) best = m;
    return best;
  }

  // ---- receipts and typing ----------------------------------------------------------
  function renderReceipts() {
    const last = newestShown();
    if (!last || !conv) { receipts.hidden = true; return; }
    const authorId = last.author ? last.author.id : null;
    const seen = (uidv) => !same(uidv, me.id) && !same(uidv, authorId) && (reads.get(String(uidv)) || 0) >= Number(last.seq);
    let text = '';
    if ((conv.participant_count || 0) <= SMALL && Array.isArray(conv.participants)) {
      const names = conv.participants.filter((p) => seen(p.id)).map((p) => p.display_name || '');
      if (names.length) text = t('chat.seenBy', { names: names.join(', ') });
    } else {
      let n = 0;
      for (const u of reads.keys()) if (seen(u)) n += 1;
      n = Math.max(n, Number(last.seen_count) || 0);
      if (n) text = t('chat.seenCount', { n });
    }
    receipts.textContent = text;
    receipts.hidden = !text;
  }

  function renderTyping() {
    const names = [...typers.values()].map((x) => x.name);
    typing.textContent = names.length === 0 ? ''
      : names.length === 1 ? t('chat.typingOne', { name: names[0] })
        : t('chat.typingMany', { names: names.join(', ') });
  }

  // ---- reading --------------------------------------------------------------------
  function markRead() {
    if (document.hidden || !conv || !element.isConnected) return;
    const last = newestShown();
    if (!last || Number(last.seq) <= myRead) return;
    myRead = Number(last.seq);
    reads.set(String(me.id), myRead);
    post(`/conversations/${cid}/read`, { up_to: last.id }, { signal }).catch(() => {});
    onRead(id, myRead);
  }

  async function markUnread(m) {
    try {
      await post(`/conversations/${cid}/unread`, { from: m.id }, { signal });
      myRead = Math.max(0, Number(m.seq) - 1);
      reads.set(String(me.id), myRead);
      // leaving: the conversation stays unread until it is opened again
      setFlash(t('chat.markedUnread'));
      navigate('/messagerie');
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      say(alertBox(errorMessage(err)));
    }
  }

  // ---- loading --------------------------------------------------------------------
  function setPageItems(items, { replace = false } = {}) {
    if (replace) {
      for (const { li } of byId.values()) li.remove();
      byId.clear();
      lastSeq = 0;
    }
    const sorted = [...items].sort((a, b) => Number(a.seq) - Number(b.seq));
    for (const m of sorted) upsert(m);
  }

  async function loadNewest() {
    const data = await get(`/conversations/${cid}/messages`, { query: { limit: PAGE }, signal });
    const items = (data && data.items) || [];
    const oldest = items.reduce((min, m) => Math.min(min, Number(m.seq)), Infinity);
    // the page joins what is shown: merge; otherwise start again from it
    const joins = byId.size && !hasNewer && oldest <= lastSeq + 1;
    hasNewer = false;
    if (!joins) next = (data && data.next) || null;
    setPageItems(items, { replace: !joins });
    olderBtn.hidden = !next;
    newerBtn.hidden = true;
  }

  async function loadAround(messageId) {
    const data = await get(`/conversations/${cid}/messages`, { query: { around: messageId, limit: PAGE }, signal });
    next = (data && data.next) || null;
    hasNewer = !!(data && data.newer);
    setPageItems((data && data.items) || [], { replace: true });
    if (hasNewer) {
      let max = 0;
      for (const { m } of byId.values()) max = Math.max(max, Number(m.seq));
      lastSeq = max;
    }
    olderBtn.hidden = !next;
    newerBtn.hidden = !hasNewer;
  }

  async function loadOlder() {
    if (loadingOlder || !next) return;
    loadingOlder = true;
    olderBtn.disabled = true;
    log.setAttribute('aria-busy', 'true');
    const before = log.scrollHeight;
    const top = log.scrollTop;
    try {
      const data = await get(`/conversations/${cid}/messages`, { query: { before: next, limit: PAGE }, signal });
      next = (data && data.next) || null;
      setPageItems((data && data.items) || []);
      log.scrollTop = top + (log.scrollHeight - before);
      olderBtn.hidden = !next;
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      say(alertBox(errorMessage(err)));
    } finally {
      loadingOlder = false;
      olderBtn.disabled = false;
      log.removeAttribute('aria-busy');
    }
  }

  async function loadNewer() {
    if (loadingNewer || !hasNewer) return;
    const last = newestShown();
    if (!last) return;
    loadingNewer = true;
    newerBtn.disabled = true;
    try {
      const data = await get(`/conversations/${cid}/messages`, { query: { after: last.id, limit: PAGE }, signal });
      const wasNewer = hasNewer;
      hasNewer = !!(data && data.newer);
      const items = (data && data.items) || [];
      const keepHasNewer = hasNewer;
      hasNewer = false; // let upsert move lastSeq
      setPageItems(items);
      hasNewer = keepHasNewer;
      newerBtn.hidden = !hasNewer;
      if (wasNewer && !hasNewer) markRead();
      renderReceipts();
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      say(alertBox(errorMessage(err)));
    } finally {
      loadingNewer = false;
      newerBtn.disabled = false;
    }
  }

  olderBtn.addEventListener('click', () => loadOlder());
  newerBtn.addEventListener('click', () => loadNewer());
  jump.addEventListener('click', () => { toBottom(); const last = list.lastElementChild; if (last) last.focus({ preventScroll: true }); });
  log.addEventListener('scroll', () => {
    if (log.scrollTop < 120 && next) loadOlder();
    if (hasNewer && log.scrollHeight - log.scrollTop - log.clientHeight < 120) loadNewer();
    if (nearBottom()) jump.hidden = true;
  }, { passive: true });

  // ---- the head ---------------------------------------------------------------------
  function renderHead() {
    const name = convName(conv, me);
    heading.textContent = name;
    setTitle(`${name} — ${t('chat.title')}`);
    const bits = [];
    if (conv.kind === 'room' && conv.group) {
      bits.push(t('chat.roomOf'), ' ', h('a', { href: `/groupes/${enc(conv.group.id)}` }, conv.group.name || ''), ' · ');
    }
    if (conv.kind !== 'direct') bits.push(t('chat.participants', { n: conv.participant_count || (conv.participants || []).length }));
    if (conv.muted) bits.push(bits.length ? ' · ' : '', t('chat.mutedMark'));
    if (conv.closed) bits.push(bits.length ? ' · ' : '', t('chat.closed'));
    replaceChildren(sub, bits);
    sub.hidden = !bits.length;

    const can = conv.can || {};
    const video = can.send ? h('button', {
      type: 'button', class: 'btn btn-small chat-video', disabled: videoUnavailable || null,
      'aria-describedby': videoUnavailable ? `${headingId}-video` : null,
    }, pathIcon(CAMERA, 'icon icon-sm'), h('span', { class: 'chat-video-text' }, t('chat.startMeeting'))) : null;
    if (video) video.addEventListener('click', () => startMeeting(video));
    const items = [
      { label: t('chat.menu.people'), onSelect: () => openParticipants({ conv, me, onChanged: () => refreshConv() }) },
    ];
    if (can.rename && conv.kind === 'group') items.push({ label: t('chat.menu.rename'), onSelect: () => openRename({ conv, onDone: (c) => { if (c) applyConv(c); else refreshConv(); say(statusBox(t('chat.renamed'))); } }) });
    items.push({ label: t(conv.muted ? 'chat.menu.unmute' : 'chat.menu.mute'), onSelect: () => setMuted(!conv.muted) });
    if (can.report !== false) items.push({ label: t('chat.menu.report'), onSelect: () => openReport({ conv, onDone: () => say(statusBox(t('chat.report.done'))) }) });
    if (conv.kind !== 'room' && can.leave !== false) items.push({ label: t('chat.menu.leave'), danger: true, onSelect: () => leave() });
    const menu = createMenu({ label: t('chat.menu.label'), items }).element;
    const hadFocus = actions.contains(document.activeElement) ? (document.activeElement.classList.contains('chat-video') ? 'video' : 'menu') : null;
    replaceChildren(actions, video,
      videoUnavailable && can.send ? h('span', { id: `${headingId}-video`, class: 'chat-video-note muted', role: 'status' }, t('chat.noVideo')) : null,
      menu);
    if (hadFocus) (actions.querySelector(hadFocus === 'video' ? '.chat-video' : '.menu-button') || heading).focus();
  }

  function applyConv(c) {
    conv = c;
    for (const p of conv.participants || []) {
      const seq = Number(p.last_read_seq) || 0;
      if (seq > (reads.get(String(p.id)) || 0)) reads.set(String(p.id), seq);
    }
    myRead = Math.max(myRead, Number(conv.last_read_seq) || 0);
    renderHead();
    if (composer) composer.setConversation(conv);
    renderReceipts();
    onConv(conv);
  }

  async function refreshConv() {
    try {
      applyConv(await get(`/conversations/${cid}`, { signal }));
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (err && (err.status === 404 || err.status === 403)) { gone(); return; }
      say(alertBox(errorMessage(err)));
    }
  }

  function gone() {
    setFlash(t('chat.removedNotice'));
    navigate('/messagerie', { replace: true });
  }

  async function setMuted(muted) {
    try {
      const c = await patch(`/conversations/${cid}`, { muted }, { signal });
      if (c && c.id) applyConv(c); else await refreshConv();
      say(statusBox(t(muted ? 'chat.muted' : 'chat.unmuted')));
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      say(alertBox(errorMessage(err)));
    }
  }

  async function leave() {
    const ok = await confirmDialog({
      title: t('chat.leave.title'), message: t('chat.leave.text', { name: convName(conv, me) }), confirm: t('chat.leave.confirm'), danger: true,
    });
    if (!ok) return;
    try {
      await del(`/conversations/${cid}/participants/${enc(me.id)}`, { signal });
      setFlash(t('chat.leave.done', { name: convName(conv, me) }));
      navigate('/messagerie');
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      say(alertBox(errorMessage(err)));
    }
  }

  async function startMeeting(button) {
    button.disabled = true;
    try {
      const m = await post(`/conversations/${cid}/meeting`, undefined, { signal });
      upsert(m);
      toBottom();
      renderReceipts();
      button.disabled = false;
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (err && err.status === 409) {
        videoUnavailable = true;
        renderHead();
        const note = actions.querySelector('.chat-video-note');
        if (note) { note.tabIndex = -1; note.focus(); }
        return;
      }
      button.disabled = false;
      say(alertBox(errorMessage(err)));
    }
  }

  // ---- sending ---------------------------------------------------------------------
  function showPending(clientId) {
    const p = pending.get(clientId);
    const li = messageEntry(p.m, ctx);
    if (p.li) p.li.replaceWith(li); else list.append(li);
    p.li = li;
  }

  function send(draft) {
    const clientId = newClientId();
    const m = {
      client_id: clientId,
      author: { id: me.id, display_name: me.display_name },
      body: draft.body,
      created: new Date().toISOString(),
      reply_to: draft.reply ? {
        id: draft.reply.id, author: draft.reply.author, excerpt: String(draft.reply.body || '').slice(0, 200), deleted: !!draft.reply.deleted,
      } : null,
      pendingFiles: draft.files,
      pending: true,
    };
    pending.set(clientId, { m, li: null, draft });
    showPending(clientId);
    toBottom();
    deliver(clientId);
  }

  async function deliver(clientId) {
    const p = pending.get(clientId);
    if (!p) return;
    const body = { body: p.draft.body, client_id: clientId };
    if (p.draft.reply) body.reply_to = p.draft.reply.id;
    if (p.draft.files.length) body.attachments = p.draft.files.map((f) => f.id);
    try {
      const m = await post(`/conversations/${cid}/messages`, body, { signal });
      const wasBottom = nearBottom();
      upsert(m);
      myRead = Math.max(myRead, Number(m.seq) || 0);
      reads.set(String(me.id), myRead);
      onRead(id, myRead);
      renderReceipts();
      if (wasBottom) toBottom();
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (!pending.has(clientId)) return; // its live copy came first
      if (err && err.status === 413) {
        // too long to ever pass: the text goes back to the composer
        pending.delete(clientId);
        p.li.remove();
        composer.restore(p.draft);
        composer.say(alertBox(t('chat.error.tooLong', { max: MAX_BODY })));
        return;
      }
      p.m = { ...p.m, pending: false, failed: true };
      showPending(clientId);
      let message = errorMessage(err);
      if (err && err.status === 429) message = t('chat.error.rateLimited');
      else if (err && err.status === 409) { message = err.message || t('chat.cannotSend'); refreshConv(); }
      else if (err && err.status === 0) message = t('chat.error.network');
      composer.say(alertBox(message));
    }
  }

  function retry(clientId) {
    const p = pending.get(clientId);
    if (!p) return;
    p.m = { ...p.m, pending: true, failed: false };
    showPending(clientId);
    composer.say(null);
    deliver(clientId);
  }

  function discard(clientId) {
    const p = pending.get(clientId);
    if (!p) return;
    pending.delete(clientId);
    p.li.remove();
    composer.say(null);
    composer.focus();
  }

  // ---- one's own messages: edit, delete, react ----------------------------------------
  function startEdit(m, li) {
    editingId = String(m.id);
    const stop = () => {
      editingId = null;
      const entry = byId.get(String(m.id));
      const fresh = messageEntry(entry ? entry.m : m, ctx);
      editor.element.closest('li').replaceWith(fresh);
      if (entry) entry.li = fresh;
      const menuBtn = fresh.querySelector('.chat-msg-menu .menu-button');
      (menuBtn || fresh).focus();
    };
    const editor = createTextEditor({
      label: t('chat.editLabel'), body: m.body || '', max: MAX_BODY, signal,
      onCancel: stop,
      save: async ({ body }) => {
        const updated = await patch(`/messages/${enc(m.id)}`, { body }, { signal });
        const entry = byId.get(String(m.id));
        if (entry && updated) entry.m = updated;
        stop();
      },
    });
    const holder = h('li', { class: 'chat-msg is-mine is-editing', dataset: { id: String(m.id), seq: String(m.seq) } }, editor.element);
    li.replaceWith(holder);
    const entry = byId.get(String(m.id));
    if (entry) entry.li = holder;
    editor.focus();
  }

  async function removeMessage(m) {
    const ok = await confirmDialog({
      title: t('chat.deleteTitle'), message: t('chat.deleteText'), confirm: t('common.delete'), danger: true,
    });
    if (!ok) return;
    try {
      await del(`/messages/${enc(m.id)}`, { signal });
      upsert({ ...m, deleted: true, body: '', body_html: '', reactions: [], attachments: [] });
      const entry = byId.get(String(m.id));
      if (entry) entry.li.focus();
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      say(alertBox(errorMessage(err)));
    }
  }

  async function react(m, emoji, mine) {
    const path = `/messages/${enc(m.id)}/reactions/${enc(emoji)}`;
    try {
      if (mine) await del(path, { signal });
      else await put(path, undefined, { signal });
      // the server's copy comes live; meanwhile the count follows the click
      const entry = byId.get(String(m.id));
      const cur = entry ? entry.m : m;
      const reactions = (cur.reactions || []).map((r) => ({ ...r, users: [...(r.users || [])] }));
      let r = reactions.find((x) => x.emoji === emoji);
      if (!r) { r = { emoji, count: 0, users: [] }; reactions.push(r); }
      const has = r.users.some((u) => same(u, me.id));
      if (mine && has) { r.users = r.users.filter((u) => !same(u, me.id)); r.count = Math.max(0, r.count - 1); }
      if (!mine && !has) { r.users.push(me.id); r.count += 1; }
      upsert({ ...cur, reactions: reactions.filter((x) => x.count > 0) });
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      say(alertBox(errorMessage(err)));
    }
  }

  // ---- live ------------------------------------------------------------------------
  const mine = (data) => data && same(data.conversation_id, id);
  onLive('chat.message', (data) => {
    if (!mine(data) || !data.message || !conv) return;
    const m = data.message;
    if (m.author) {
      const typer = typers.get(String(m.author.id));
      if (typer) { clearTimeout(typer.timer); typers.delete(String(m.author.id)); renderTyping(); }
    }
    if (hasNewer) { newerBtn.hidden = false; return; }
    if (byId.has(String(m.id))) { upsert(m); return; }
    const wasBottom = nearBottom();
    if (lastSeq && Number(m.seq) > lastSeq + 1) {
      loadNewest().then(() => { if (wasBottom) toBottom(); markRead(); renderReceipts(); }).catch(() => {});
      return;
    }
    upsert(m);
    if (wasBottom || (m.author && same(m.author.id, me.id))) toBottom();
    else jump.hidden = false;
    markRead();
    renderReceipts();
  }, signal);
  onLive('chat.message_changed', (data) => {
    if (!mine(data) || !data.message) return;
    if (byId.has(String(data.message.id))) upsert(data.message);
    renderReceipts();
  }, signal);
  onLive('chat.typing', (data) => {
    if (!mine(data) || !data.user || same(data.user.id, me.id)) return;
    const key = String(data.user.id);
    const old = typers.get(key);
    if (old) clearTimeout(old.timer);
    typers.set(key, {
      name: data.user.display_name || '',
      timer: setTimeout(() => { typers.delete(key); renderTyping(); }, TYPING_SHOW_MS),
    });
    renderTyping();
  }, signal);
  onLive('chat.read', (data) => {
    if (!mine(data)) return;
    const key = String(data.user_id);
    const seq = Number(data.seq) || 0;
    if (seq > (reads.get(key) || 0) || same(key, me.id)) reads.set(key, seq);
    if (same(key, me.id)) myRead = seq;
    renderReceipts();
  }, signal);
  onLive('chat.conversation', (data) => { if (mine(data)) refreshConv(); }, signal);
  onLive('chat.removed', (data) => { if (mine(data)) gone(); }, signal);
  onLiveOpen(() => {
    if (!conv) return;
    refreshConv();
    if (!hasNewer) loadNewest().then(() => { markRead(); renderReceipts(); }).catch(() => {});
  }, signal);
  const onVisible = () => { if (!document.hidden) markRead(); };
  document.addEventListener('visibilitychange', onVisible);
  signal.addEventListener('abort', () => {
    document.removeEventListener('visibilitychange', onVisible);
    for (const x of typers.values()) clearTimeout(x.timer);
  }, { once: true });

  // ---- start -------------------------------------------------------------------------
  const ready = (async () => {
    try {
      conv = await get(`/conversations/${cid}`, { signal });
    } catch (err) {
      if (err && err.name === 'AbortError') throw err;
      heading.textContent = t('chat.notFound');
      setTitle(t('chat.notFound'));
      log.hidden = true;
      say(alertBox(err && err.status === 404 ? t('chat.notFoundText') : errorMessage(err)));
      return;
    }
    composer = createChatComposer({
      conv, me, signal,
      onSend: send,
      onTyping: () => post(`/conversations/${cid}/typing`, undefined, { signal }).catch(() => {}),
    });
    composerSlot.append(composer.element);
    applyConv(conv);
    const target = query.get('message');
    try {
      if (target && /^\d+$/.test(target)) await loadAround(target);
      else await loadNewest();
    } catch (err) {
      if (err && err.name === 'AbortError') throw err;
      if (target && err && err.status === 404) {
        say(alertBox(t('chat.messageGone')));
        await loadNewest();
      } else {
        say(alertBox(errorMessage(err)));
      }
    }
    renderReceipts();
    const wanted = target ? byId.get(String(target)) : null;
    if (wanted) {
      wanted.li.classList.add('is-target');
      wanted.li.scrollIntoView({ block: 'center' });
      wanted.li.focus({ preventScroll: true });
    } else {
      toBottom();
    }
    markRead();
  })();

  return { element, ready, focusComposer: () => composer && composer.focus(), heading };
}
