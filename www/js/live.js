// Live updates: one EventSource per tab on /api/v1/live, listening to the
// person's own channel (u<id>) and to the channels the open page asks for
// (news and g<id> for a feed, p<id> for a post). Messages are JSON with a
// `type`; views subscribe with onLive(type, fn). On every `open` the unread
// count is read again, to catch up what a broken connection missed; so is
// the chat's (`chat.unread` carries it live).
//
// Without live updates (no EventSource, or /live answers 403/404) the page
// still works: the unread count is polled every 60 s while the page is
// visible, and the connection is tried again later. Tests may shorten the
// poll: localStorage "parvis.unreadPoll" in milliseconds (at least 1000).

import { refreshUnread, setUnread, resetUnread } from './unread.js';
import { refreshChatUnread, setChatUnread, resetChatUnread } from './chat/unread.js';
import { setTitleCount } from './title.js';

const LIVE_URL = '/api/v1/live';
const DEFAULT_POLL_MS = 60000;
const RETRY_MIN_MS = 30000;
const RETRY_MAX_MS = 600000;
const MAX_CHANNELS = 60;

let me = null;            // the signed-in person's id
let source = null;        // the EventSource
let url = '';             // its address
let open = false;
let retryMs = RETRY_MIN_MS;
let retryTimer = null;
let pollTimer = null;
let changeTimer = null;
let countsKnown = false;  // /me brought the counts just now: the first open need not ask
const wanted = new Map(); // token → channel list (one per page part that asked)
const handlers = new Map(); // type → Set(fn)
const openListeners = new Set();

function pollMs() {
  try {
    const v = Number(localStorage.getItem('parvis.unreadPoll'));
    if (Number.isFinite(v) && v >= 1000) return v;
  } catch { /* storage disabled */ }
  return DEFAULT_POLL_MS;
}

function refreshCounts() {
  refreshUnread();
  refreshChatUnread();
}

const onVisible = () => { if (!document.hidden && me && !open) refreshCounts(); };

function startPolling() {
  if (pollTimer || !me) return;
  pollTimer = setInterval(() => { if (!document.hidden) refreshCounts(); }, pollMs());
}

function stopPolling() {
  clearInterval(pollTimer);
  pollTimer = null;
}

function channels() {
  const set = new Set([`u${me}`]);
  for (const list of wanted.values()) {
    for (const c of list) if (set.size < MAX_CHANNELS && /^(news|[ugp]\d+)$/.test(c)) set.add(c);
  }
  return [...set];
}

function dispatch(event) {
  let data;
  try { data = JSON.parse(event.data); } catch { return; }
  if (!data || typeof data.type !== 'string') return;
  if (data.type === 'unread' && typeof data.count === 'number') setUnread(data.count);
  if (data.type === 'chat.unread' && typeof data.count === 'number') setChatUnread(data.count);
  for (const fn of handlers.get(data.type) || []) {
    try { fn(data); } catch (err) { console.error(err); }
  }
}

// the connection's state on <html data-live>: "open" or "closed" (the
// browser tests wait for "open" before making something happen elsewhere)
function setOpen(value) {
  open = value;
  document.documentElement.dataset.live = value ? 'open' : 'closed';
}

function close() {
  if (source) source.close();
  source = null;
  url = '';
  setOpen(false);
}

function connect() {
  clearTimeout(retryTimer);
  if (!me) return;
  if (typeof EventSource === 'undefined') { startPolling(); return; }
  // names are [a-z0-9] (checked in channels()); the commas stay as they are:
  // nginx splits $arg_channels without decoding it
  const next = `${LIVE_URL}?channels=${channels().join(',')}`;
  if (source && next === url && source.readyState !== EventSource.CLOSED) return;
  close();
  url = next;
  const es = new EventSource(next, { withCredentials: true });
  source = es;
  es.addEventListener('open', () => {
    if (source !== es) return;
    setOpen(true);
    retryMs = RETRY_MIN_MS;
    stopPolling();
    // on a page's first connection the counts came with /me a moment ago
    // (one request less each; docs/delivery.md); afterwards, every open
    // catches up what a broken connection missed
    if (countsKnown) countsKnown = false;
    else refreshCounts();
    for (const fn of openListeners) fn();
  });
  es.addEventListener('message', (event) => { if (source === es) dispatch(event); });
  es.addEventListener('error', () => {
    if (source !== es) return;
    setOpen(false);
    startPolling();
    // CONNECTING: the browser tries again by itself (Last-Event-ID);
    // CLOSED: refused (403, 404, not an event stream): try later ourselves
    if (es.readyState === EventSource.CLOSED) {
      close();
      retryTimer = setTimeout(connect, retryMs);
      retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
    }
  });
}

/** The channel list changed: reconnect once the page has settled. */
function changed() {
  clearTimeout(changeTimer);
  changeTimer = setTimeout(() => { if (me && (source || !retryTimer)) connect(); }, 50);
}

/** Starts live updates for the signed-in person (again after a language
 * change: no-op). `unread`: the counts GET /me gave ({notifications,
 * conversations, at}), used when they are less than 10 s old. */
export function startLive(user, { unread = null } = {}) {
  if (!user) return;
  if (me === user.id && (source || pollTimer || retryTimer)) return;
  stopLive();
  me = user.id;
  if (unread && Date.now() - unread.at < 10_000 && typeof unread.notifications === 'number') {
    setUnread(unread.notifications);
    setChatUnread(unread.conversations);
    countsKnown = true;
  }
  document.addEventListener('visibilitychange', onVisible);
  // the counts are read once the stream is open (what changes after that
  // comes live); without EventSource, now, then by polling
  if (typeof EventSource === 'undefined') refreshCounts();
  connect();
}

/** Signed out: closes the connection and forgets the count. */
export function stopLive() {
  me = null;
  countsKnown = false;
  close();
  clearTimeout(retryTimer);
  clearTimeout(changeTimer);
  retryTimer = null;
  stopPolling();
  wanted.clear();
  document.removeEventListener('visibilitychange', onVisible);
  resetUnread();
  resetChatUnread();
  setTitleCount(0);
}

/**
 * Listens to `list` (channel names, or a promise of them) until `signal`
 * aborts — e.g. a feed asks for news and its groups while it is on screen.
 */
export function watchChannels(list, signal) {
  const token = {};
  Promise.resolve(list).then((names) => {
    if (signal && signal.aborted) return;
    wanted.set(token, (names || []).map(String));
    changed();
  }).catch(() => {});
  if (signal) {
    signal.addEventListener('abort', () => {
      if (wanted.delete(token)) changed();
    }, { once: true });
  }
}

/** fn(message) for every live message of `type` until `signal` aborts. */
export function onLive(type, fn, signal) {
  if (!handlers.has(type)) handlers.set(type, new Set());
  handlers.get(type).add(fn);
  const off = () => handlers.get(type).delete(fn);
  if (signal) signal.addEventListener('abort', off, { once: true });
  return off;
}

/** fn() each time the connection opens (again): time to catch up. */
export function onLiveOpen(fn, signal) {
  openListeners.add(fn);
  const off = () => openListeners.delete(fn);
  if (signal) signal.addEventListener('abort', off, { once: true });
  return off;
}

/** Whether messages are arriving now (false: the page polls). */
export function isLive() {
  return open;
}
