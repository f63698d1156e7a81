// Who is signed in. The CSRF token goes to the API module's memory only.

import { api, setCsrfToken, ApiError } from './api.js';
import { LANGS, getLang, setLang, rememberLang } from './i18n.js';

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

/**
 * The person's saved language (`language`, null until they chose one)
 * becomes the application's, on whatever browser they sign in: before
 * anything is drawn for them, so no listener runs. Never chosen: the
 * browser's stands. A dictionary that cannot load leaves the current one.
 */
async function applySavedLang(u) {
  const lang = u && LANGS.includes(u.language) ? u.language : null;
  if (!lang) return u;
  if (lang === getLang()) rememberLang(lang);
  else await setLang(lang, { remember: true, quiet: true }).catch(() => {});
  return u;
}

/** GET /me: the user, or null when nobody is signed in (401). */
export async function loadMe() {
  try {
    return await applySavedLang(accept(await api('GET', '/me', { quiet401: true })));
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
  return applySavedLang(accept(await api('POST', '/session', { body: { email, password }, quiet401: true })));
}

/**
 * POST /invitations/accept: the account made, signed in; throws ApiError
 * (invalid_token...). The language the page is read in becomes the new
 * account's (the invitation's is the inviter's).
 */
export async function acceptInvitation(body) {
  const u = accept(await api('POST', '/invitations/accept', { body, quiet401: true }));
  await saveLang(getLang());
  return currentUser || u;
}

/**
 * Ends the session (POST /auth/oidc/logout, which also answers the
 * provider's sign-out address for a session opened through single sign-on
 * when the settings ask for it: the browser goes there, docs/sso.md); the
 * local state is forgotten even if the call fails. Resolves to that
 * address or null.
 */
export async function signOut() {
  try {
    const r = await api('POST', '/auth/oidc/logout', { body: {}, quiet401: true });
    return (r && r.logout_url) || null;
  } finally {
    forget();
  }
}

export function forget() {
  currentUser = null;
  charterVersion = null;
  setCsrfToken(null);
}

/**
 * The language chosen in the application, saved on the person's account
 * (PATCH /me {language}; their e-mails follow) so that every device uses
 * it. Nobody signed in: nothing to save. Resolves false when the server
 * refused or could not be reached (the choice then holds in this browser
 * only).
 */
export async function saveLang(lang) {
  if (!currentUser || !LANGS.includes(lang) || currentUser.language === lang) return true;
  try {
    await api('PATCH', '/me', { body: { language: lang } });
    updateUser({ language: lang, locale: lang });
    return true;
  } catch {
    return false;
  }
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
