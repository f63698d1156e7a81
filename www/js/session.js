// Who is signed in. The CSRF token goes to the API module's memory only.

import { api, setCsrfToken, ApiError } from './api.js';

let currentUser = null;
let charterVersion = null;   // the charter version to accept before anything else (docs/moderation.md)
const listeners = new Set();

export function user() {
  return currentUser;
}

export function isAdmin() {
  return !!currentUser && currentUser.role === 'admin';
}

/** The version of the charter the person must accept first, or null. */
export function charterRequired() {
  return currentUser ? charterVersion : null;
}

export function setCharterRequired(version) {
  charterVersion = version || null;
}

let unreadAtStart = null;  // the unread counts /me brought, once (www/js/live.js)

/** The unread counts of the last /me ({notifications, conversations, at}),
 * given once; null when it brought none. */
export function takeUnread() {
  const u = unreadAtStart;
  unreadAtStart = null;
  return u;
}

function accept(data) {
  unreadAtStart = data && data.unread ? { ...data.unread, at: Date.now() } : null;
  currentUser = data && data.user ? data.user : null;
  charterVersion = data && data.charter_required ? data.charter_required : null;
  setCsrfToken(data && data.csrf_token);
  return currentUser;
}

/** GET /me: the user, or null when nobody is signed in (401). */
export async function loadMe() {
  try {
    return accept(await api('GET', '/me', { quiet401: true }));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      forget();
      return null;
    }
    throw err;
  }
}

/** POST /session; throws ApiError (bad_credentials, rate_limited...). */
export async function signIn(email, password) {
  return accept(await api('POST', '/session', { body: { email, password }, quiet401: true }));
}

/** POST /invitations/accept: the account made, signed in; throws ApiError (invalid_token...). */
export async function acceptInvitation(body) {
  return accept(await api('POST', '/invitations/accept', { body, quiet401: true }));
}

/** DELETE /session; the local state is forgotten even if the call fails. */
export async function signOut() {
  try {
    await api('DELETE', '/session', { quiet401: true });
  } finally {
    forget();
  }
}

export function forget() {
  currentUser = null;
  charterVersion = null;
  setCsrfToken(null);
}

/** Merges fields of the signed-in person changed elsewhere (e.g. their name). */
export function updateUser(fields) {
  if (!currentUser || !fields) return;
  currentUser = { ...currentUser, ...fields };
  for (const fn of listeners) fn(currentUser);
}

/** Called after updateUser(). Returns an unsubscribe function. */
export function onUserChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
