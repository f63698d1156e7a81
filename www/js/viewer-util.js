// What the viewer and the thumbnails share (docs/viewer.md): the preview
// endpoints of a file, its kind for the viewer, waiting for a preview being
// made (202 + Retry-After, a limited number of times), and the thumbnail
// element shown in the drive, attachments and search results.

import { h } from './dom.js';
import { t, getLang } from './i18n.js';

const enc = encodeURIComponent;
const WAIT_TRIES = 8;           // a preview being made: asked again at most this many times
const WAIT_MAX_S = 10;          // and never waited more than this between two

// An attachment's previews through what holds it: a post's for its
// readers (even when the drive's file is not theirs to open), a
// conversation's for its participants (its id is the attachment's, not a
// drive file's); anything else, the drive's file.
const ATTACHMENT = /^(\/api\/v1\/(?:posts|conversations)\/\d+\/attachments\/\d+)\/content/;
const previewBase = (f) => {
  const m = ATTACHMENT.exec(String(f.content_url || ''));
  return m ? m[1] : `/api/v1/files/${enc(f.id)}`;
};
export const previewUrl = (f, size = 'small') => `${previewBase(f)}/preview?size=${size}`;
export const pagesUrl = (f) => `${previewBase(f)}/pages`;
export const pageUrl = (f, n) => `${previewBase(f)}/pages/${n}`;

const OFFICE = /^application\/(pdf|msword|rtf|vnd\.ms-(excel|powerpoint)|vnd\.openxmlformats-officedocument\.|vnd\.oasis\.opendocument\.(text|spreadsheet|presentation))|^text\/rtf$/;
const TEXT = /^(text\/(?!rtf)|application\/(json|xml|x-yaml|yaml|javascript|x-sh|sql)$)/;

/** 'image', 'pages' (PDF, office), 'text' or 'other' (a preview, if any). */
export function viewerKind(f) {
  const mime = f.mime || '';
  if (/^image\//.test(mime) && !/svg/.test(mime)) return 'image';
  if (OFFICE.test(mime)) return 'pages';
  if (TEXT.test(mime) && !/html|svg/.test(mime)) return 'text';
  return 'other';
}

/** Whether a thumbnail is worth asking for (the server says 415 otherwise). */
export function hasThumbnail(f) {
  const mime = f.mime || '';
  if (!mime) return true;      // not said (a search result): the server answers 415 if none
  return /^(image|video)\//.test(mime) || OFFICE.test(mime) || TEXT.test(mime);
}

export function formatBytes(n) {
  if (n < 1024) return `${n} o`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} Kio`;
  return `${(n / 1024 / 1024).toFixed(1)} Mio`;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * fetchPreview(url, {json, onWait}) → {ok, url | data, reason}. An image
 * is asked with HEAD (the page's CSP takes no blob: images): when ready,
 * `url` is the address itself for an <img>; JSON is read. 202: waits as
 * Retry-After says (1 s when absent) and asks again, WAIT_TRIES times at
 * most, calling onWait(attempt). 415 (or another refusal): {ok: false,
 * reason} with the server's reason.
 */
export async function fetchPreview(url, { json = false, onWait = null, signal } = {}) {
  const headers = { 'Accept-Language': getLang() };
  for (let attempt = 0; attempt <= WAIT_TRIES; attempt++) {
    let res;
    try {
      res = await fetch(url, { method: json ? 'GET' : 'HEAD', credentials: 'same-origin', headers, signal });
    } catch {
      return { ok: false, reason: t('error.network') };
    }
    if (res.status === 202) {
      if (attempt === WAIT_TRIES) break;
      if (onWait) onWait(attempt);
      const after = Number(res.headers.get('Retry-After'));
      await sleep(Math.min(WAIT_MAX_S, Number.isFinite(after) && after > 0 ? after : 1) * 1000);
      continue;
    }
    if (res.ok) return json ? { ok: true, data: await res.json() } : { ok: true, url };
    // the reason is in the body: asked again with GET after a HEAD
    if (!json) {
      try { res = await fetch(url, { credentials: 'same-origin', headers, signal }); } catch { /* offline */ }
    }
    let reason = '';
    try {
      const body = await res.json();
      const e = body && body.error;
      reason = typeof e === 'string' ? e : (e && (e.message || e.reason)) || body.reason || '';
    } catch { /* not JSON */ }
    if (res.status === 404 && !reason) reason = t('viewer.notAvailable');
    return { ok: false, status: res.status, reason };
  }
  return { ok: false, status: 202, reason: t('viewer.stillPreparing') };
}

/**
 * A thumbnail in place of a file's icon: `icon` stays until the small
 * preview arrives (loading=lazy); while it is being made (202) it is asked
 * again a few times, as Retry-After says; on 415 the icon stays.
 */
export function thumbnail(f, icon, cls = 'thumb') {
  const wrap = h('span', { class: `${cls} thumb-wrap` }, icon);
  if (!f || !f.id || !hasThumbnail(f)) return wrap;
  const img = h('img', { class: 'thumb-img', alt: '', loading: 'lazy', decoding: 'async', src: previewUrl(f, 'small') });
  let tries = 0;
  img.addEventListener('load', () => { wrap.classList.add('has-thumb'); });
  img.addEventListener('error', async () => {
    img.remove();
    wrap.classList.remove('has-thumb');
    if (tries++ >= 4) return;
    // why: being made (202, ask again later) or none (415, keep the icon)
    let res;
    try { res = await fetch(previewUrl(f, 'small'), { credentials: 'same-origin', method: 'GET' }); } catch { return; }
    if (res.status !== 202 && !res.ok) return;
    const after = Number(res.headers.get('Retry-After'));
    if (res.status === 202) await sleep(Math.min(WAIT_MAX_S, after > 0 ? after : 2) * 1000);
    if (!wrap.isConnected) return;
    img.src = `${previewUrl(f, 'small')}&r=${tries}`;
    wrap.append(img);
  });
  wrap.append(img);
  return wrap;
}

/** The file id of an address of the API's own file content (a drive's, a post's attachment), or null. */
export function fileIdOf(url) {
  const m = /^\/api\/v1\/(?:files|posts\/\d+\/attachments)\/(\d+)\/content(?:\?.*)?$/.exec(String(url || ''));
  return m ? m[1] : null;
}

/** The largest original a card may show when no preview can be had. */
export const CARD_ORIGINAL_MAX = 512 * 1024;

/**
 * An image of a feed card (a post's, a comment's, a portal's cover): the
 * large preview, never a large original (issue #16: a 12 MB photo is not
 * sent to a phone for a card). Being made (202): asked again a few times.
 * None (415, or 404: a reader of the post who may not open the drive's
 * file): the original when it is small (`fallback`, at most
 * CARD_ORIGINAL_MAX bytes), else the image is removed and `onNone` called.
 */
export function sizedImage(f, { alt = '', cls = '', onNone = null, fallback = null } = {}) {
  const url = previewUrl(f, 'large');
  const img = h('img', { class: cls || null, src: url, alt, loading: 'lazy', decoding: 'async' });
  let tries = 0;
  let fellBack = false;
  img.addEventListener('error', async () => {
    if (fellBack) { if (onNone) onNone(img); else img.remove(); return; }
    let res = null;
    try { res = await fetch(url, { method: 'HEAD', credentials: 'same-origin' }); } catch { /* offline */ }
    if (res && res.status === 202 && tries++ < 5) {
      const after = Number(res.headers.get('Retry-After'));
      await sleep(Math.min(WAIT_MAX_S, after > 0 ? after : 2) * 1000);
      if (img.isConnected) img.src = `${url}&r=${tries}`;
      return;
    }
    if (fallback && f.size && f.size <= CARD_ORIGINAL_MAX) {
      fellBack = true;
      img.src = fallback;
      return;
    }
    if (onNone) onNone(img); else img.remove();
  });
  return img;
}
