// The number of conversations with unread messages (muted ones left out),
// for the header's « Messagerie » badge: one value shared by the header and
// the chat pages, set by the `chat.unread` live message and read again
// (GET /conversations/unread) when the live connection opens again.

import { get } from '../api.js';

let count = null; // null: not known yet
const listeners = new Set();

export function chatUnreadCount() {
  return count;
}

/** fn(count) after every change. Returns an unsubscribe function. */
export function onChatUnread(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function setChatUnread(n) {
  const value = Math.max(0, Number(n) || 0);
  if (value === count) return;
  count = value;
  for (const fn of listeners) fn(count);
}

export function resetChatUnread() {
  count = null;
  for (const fn of listeners) fn(0);
}

/** Asks the server; a failure (or an API without chat) leaves the count as it was. */
export async function refreshChatUnread() {
  try {
    const r = await get('/conversations/unread');
    if (r && typeof r.count === 'number') setChatUnread(r.count);
  } catch {
    // the next live message or poll tries again
  }
  return count;
}
