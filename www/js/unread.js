// The number of unread notifications, shared by the bell, the page title and
// the Notifications page: one value, listeners told of every change, and the
// calls that change it (GET /notifications/unread, POST /notifications/read).

import { get, post } from './api.js';

let count = null; // null: not known yet
const listeners = new Set();

export function unreadCount() {
  return count;
}

/** fn(count) after every change. Returns an unsubscribe function. */
export function onUnread(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** A count from the server (a live message or an answer). */
export function setUnread(n) {
  const value = Math.max(0, Number(n) || 0);
  if (value === count) return;
  count = value;
  for (const fn of listeners) fn(count);
}

/** Forgets the count (signed out). */
export function resetUnread() {
  count = null;
  for (const fn of listeners) fn(0);
}

/** Asks the server for the count; a failure leaves the shown count as it was. */
export async function refreshUnread() {
  try {
    const r = await get('/notifications/unread');
    if (r && typeof r.count === 'number') setUnread(r.count);
  } catch {
    // the next message or poll tries again
  }
  return count;
}

/**
 * Marks notifications read: {ids: [...]}, {all: true} or {target: {type, id}};
 * then reads the count again (a live message may also bring it).
 */
export async function markRead(body, { signal } = {}) {
  await post('/notifications/read', body, { signal });
  if (body && body.all) setUnread(0);
  await refreshUnread();
}
