// What the chat's pieces share: a conversation's name as people read it,
// addresses, the client ids that make a retried send harmless, the emoji
// offered for reactions, times and previews.

import { t, getLang } from '../i18n.js';
import { htmlText } from '../dom.js';
import { fullDate } from '../dates.js';

export const MAX_BODY = 10000;
export const MAX_FILES = 10;
export const EMOJI = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '✅'];
export const enc = encodeURIComponent;

export const convHref = (id) => `/messagerie/${enc(id)}`;

/** A group conversation's or room's name; a direct one's is the other person's. */
export function convName(conv, me) {
  if (!conv) return '';
  if (conv.name) return String(conv.name);
  if (conv.title) return String(conv.title); // the server's name for it, as this person sees it
  const others = (conv.participants || []).filter((p) => String(p.id) !== String(me && me.id));
  if (conv.kind === 'direct') return others[0] ? String(others[0].display_name || '') : t('chat.someone');
  if (others.length) return others.map((p) => p.display_name || '').join(', ');
  return t('chat.untitled');
}

/** 1–64 characters of [A-Za-z0-9_-]: randomUUID where the page may use it, else random bytes. */
export function newClientId() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** « 14:05 » today, « 3 mars » this year, « 3 mars 2025 » before. */
export function shortWhen(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const now = new Date();
  const lang = getLang();
  if (d.toDateString() === now.toDateString()) {
    return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' }).format(d);
  }
  const opts = d.getFullYear() === now.getFullYear()
    ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' };
  return new Intl.DateTimeFormat(lang, opts).format(d);
}

/** A message's time: « 14:05 » (with the day when not today), the full date in the title. */
export function messageTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return { text: '', title: '' };
  const today = d.toDateString() === new Date().toDateString();
  const text = new Intl.DateTimeFormat(getLang(), today
    ? { hour: '2-digit', minute: '2-digit' }
    : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(d);
  return { text, title: fullDate(iso) };
}

/** The list's one-line preview of a message (plain text). */
export function previewText(m, me) {
  if (!m) return t('chat.noMessage');
  if (m.deleted) return t('chat.deleted');
  let text;
  if (m.kind === 'meeting') text = t('chat.meetingStarted');
  else text = m.body_html ? htmlText(m.body_html) : String(m.body || '').replace(/\s+/g, ' ').trim();
  if (!text && Array.isArray(m.attachments) && m.attachments.length) {
    text = t('chat.filesPreview', { n: m.attachments.length });
  }
  const who = m.author ? (String(m.author.id) === String(me && me.id) ? t('chat.you') : m.author.display_name) : null;
  return who ? t('chat.previewBy', { who, text }) : text;
}

/** Only the server's own addresses go into src and href. */
export const apiPath = (url) => typeof url === 'string' && /^\/api\/v1\/[^\s]*$/.test(url);

/** A meeting's address: https only. */
export const meetingHref = (url) => (typeof url === 'string' && /^https:\/\/[^\s]+$/i.test(url) ? url : null);
