// Drive: what every drive page shares — sizes and durations in the reader's
// language, the drive's name as people read it (« Mon drive — Alice Martin »,
// « Drive du groupe Bibliothèque ») and its icon, the list/grid and sort
// choices kept in localStorage, and uploads (XMLHttpRequest, for progress).

import { h, replaceChildren, pathIcon } from './dom.js';
import { t, getLang } from './i18n.js';
import { get, getCsrfToken, setCsrfToken } from './api.js';

// 24×24 stroke paths, drawn by dom.js's pathIcon()
const ICONS = {
  // a folder with a person: one's own drive
  personal: ['M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z', 'M12 13.2a1.8 1.8 0 1 0 0-3.6 1.8 1.8 0 0 0 0 3.6z', 'M8.8 17c.5-1.5 1.7-2.3 3.2-2.3s2.7.8 3.2 2.3'],
  // a folder with two people: a group's drive
  group: ['M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z', 'M9.5 12.6a1.6 1.6 0 1 0 0-3.2 1.6 1.6 0 0 0 0 3.2z', 'M14.8 12.6a1.6 1.6 0 1 0 0-3.2 1.6 1.6 0 0 0 0 3.2z', 'M6.8 17c.4-1.3 1.4-2 2.7-2s2.3.7 2.7 2', 'M12.6 15.4c.5-.3 1.3-.4 2.2-.4 1.3 0 2.3.7 2.7 2'],
  folder: ['M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z'],
  file: ['M6 3h8l4 4v14H6z', 'M14 3v4h4'],
  image: ['M4 5h16v14H4z', 'M4 16l5-5 4 4 2-2 5 5', 'M15.5 9.5a1.5 1.5 0 1 0 0-.01'],
  archive: ['M6 3h8l4 4v14H6z', 'M14 3v4h4', 'M11 6h2', 'M11 9h2', 'M11 12h2', 'M10.5 15h3v3h-3z'],
  upload: ['M12 16V4', 'M7 9l5-5 5 5', 'M4 17v3h16v-3'],
  download: ['M12 4v12', 'M7 11l5 5 5-5', 'M4 17v3h16v-3'],
  newFolder: ['M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z', 'M12 10v6', 'M9 13h6'],
  list: ['M8 6h12', 'M8 12h12', 'M8 18h12', 'M4 6h.01', 'M4 12h.01', 'M4 18h.01'],
  grid: ['M4 4h7v7H4z', 'M13 4h7v7h-7z', 'M4 13h7v7H4z', 'M13 13h7v7h-7z'],
  trash: ['M4 7h16', 'M10 11v6', 'M14 11v6', 'M6 7l1 13h10l1-13', 'M9 7V4h6v3'],
  clock: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 7v5l3 2'],
  // attachments in posts: a few kinds of documents
  doc: ['M6 3h8l4 4v14H6z', 'M14 3v4h4', 'M9 12h6', 'M9 15h6', 'M9 18h4'],
  pdf: ['M6 3h8l4 4v14H6z', 'M14 3v4h4', 'M9 18v-5h1.6a1.5 1.5 0 0 1 0 3H9'],
  sheet: ['M6 3h8l4 4v14H6z', 'M14 3v4h4', 'M9 11h6v7H9z', 'M12 11v7', 'M9 14.5h6'],
  slides: ['M6 3h8l4 4v14H6z', 'M14 3v4h4', 'M9 11h6v5H9z', 'M11 19h2'],
  audio: ['M9 18V6l10-2v12', 'M9 18a2 2 0 1 1-4 0 2 2 0 0 1 4 0z', 'M19 16a2 2 0 1 1-4 0 2 2 0 0 1 4 0z'],
  video: ['M4 6h11v12H4z', 'M15 10l5-3v10l-5-3z'],
  share: ['M18 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M6 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M18 22a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M8.6 13.5l6.8 4', 'M15.4 6.5l-6.8 4'],
};

export const driveIcon = (name, cls = 'icon') => pathIcon(ICONS[name] || ICONS.file, cls);

// ---- sizes, durations --------------------------------------------------------

/** 12894 → « 12,6 Ko » / "12.6 KB" (powers of 1024, one decimal under 100). */
export function formatSize(bytes) {
  const units = t('drive.units').split(',');
  let n = Math.max(0, Number(bytes) || 0);
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i += 1; }
  const digits = i === 0 || n >= 100 ? 0 : 1;
  const value = new Intl.NumberFormat(getLang(), { maximumFractionDigits: digits }).format(n);
  return `${value} ${units[i]}`;
}

/** Seconds → « 5 s », « 2 min », « 1 h 5 min » in the reader's language. */
export function formatDuration(seconds) {
  const s = Math.max(1, Math.round(seconds));
  const unit = (value, u) => new Intl.NumberFormat(getLang(), { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
  if (s < 60) return unit(s, 'second');
  if (s < 3600) return unit(Math.round(s / 60), 'minute');
  const hours = Math.floor(s / 3600);
  const minutes = Math.round((s % 3600) / 60);
  return minutes ? `${unit(hours, 'hour')} ${unit(minutes, 'minute')}` : unit(hours, 'hour');
}

// ---- the drive as people read it --------------------------------------------

/** « Mon drive — Alice Martin », « Drive de Alice Martin », « Drive du groupe X ». */
export function driveLabel(drive, me) {
  if (!drive) return t('drive.title');
  if (drive.kind === 'group') {
    return t('drive.groupDrive', { name: (drive.group && drive.group.name) || drive.name || '' });
  }
  const owner = drive.owner || {};
  const name = owner.display_name || drive.name || '';
  if (me && owner.id !== undefined && String(owner.id) !== String(me.id)) return t('drive.theirDrive', { name });
  return t('drive.myDriveOf', { name });
}

const driveKindClass = (drive) => (drive && drive.kind === 'group' ? 'drive-kind-group' : 'drive-kind-personal');

/** The coloured badge with the drive's icon (a person or a group in a folder). */
function driveBadge(drive) {
  const group = drive && drive.kind === 'group';
  return h('span', { class: `drive-badge ${group ? 'drive-badge-group' : 'drive-badge-personal'}` },
    driveIcon(group ? 'group' : 'personal', 'icon drive-badge-icon'));
}

/** « 12,3 Mo utilisés sur 2 Go » with a bar; no limit: « 12,3 Mo utilisés (aucune limite) ». */
function usageBlock(drive) {
  const used = Number(drive.used_bytes) || 0;
  const quota = Number(drive.quota_bytes) || 0;
  const text = quota > 0
    ? t('drive.usage', { used: formatSize(used), quota: formatSize(quota) })
    : t('drive.usageNoLimit', { used: formatSize(used) });
  const wrap = h('div', { class: 'drive-usage' }, h('p', { class: 'drive-usage-text' }, text));
  if (quota > 0) {
    const ratio = Math.min(1, used / quota);
    const meter = h('meter', {
      class: 'drive-usage-bar', min: '0', max: String(quota), value: String(Math.min(used, quota)),
      low: String(Math.round(quota * 0.8)), high: String(Math.round(quota * 0.95)), optimum: '0',
      'aria-label': text,
    });
    wrap.append(meter);
    if (ratio >= 0.95) wrap.classList.add('is-full');
  }
  return wrap;
}

/**
 * Fills `head` with a drive's coloured head: its badge, its kind, the
 * breadcrumb (`crumbs`: [{text, href}] from the drive's root, the last one the
 * page shown), `heading`, an optional `note`, the usage; `aside` after it all.
 */
export function fillDriveHead(head, drive, { crumbs, heading, note = null, aside = null }) {
  head.className = `drive-head ${driveKindClass(drive)}`;
  head.dataset.kind = drive.kind;
  replaceChildren(head,
    driveBadge(drive),
    h('div', { class: 'drive-head-text' },
      h('p', { class: 'drive-kind' }, t(drive.kind === 'group' ? 'drive.kind.group' : 'drive.kind.personal')),
      h('nav', { class: 'drive-breadcrumb', 'aria-label': t('drive.breadcrumb') }, h('ol', {}, crumbs.map((c, i) => (
        h('li', { class: i === 0 ? 'drive-crumb drive-crumb-root' : 'drive-crumb' },
          i === crumbs.length - 1 ? h('span', { 'aria-current': 'page' }, c.text) : h('a', { href: c.href }, c.text)))))),
      heading,
      note,
      usageBlock(drive)),
    aside);
}

// ---- nodes --------------------------------------------------------------------

const ARCHIVE = /\.(zip|tar|tgz|tar\.gz|tar\.bz2|tbz2|tar\.xz|txz|7z|jar)$/i;
const ARCHIVE_MIME = /(zip|x-tar|x-7z|gtar|x-bzip|x-xz|gzip)/i;

export function isArchive(node) {
  return node && node.kind === 'file' && (ARCHIVE.test(node.name || '') || ARCHIVE_MIME.test(node.mime || ''));
}

export function nodeIconName(node) {
  if (node.kind === 'folder') return 'folder';
  if (isArchive(node)) return 'archive';
  if (/^image\//.test(node.mime || '')) return 'image';
  return 'file';
}

export function contentUrl(node, { version, download = false } = {}) {
  const base = node.content_url || `/api/v1/files/${encodeURIComponent(node.id)}/content`;
  const params = new URLSearchParams();
  if (version !== undefined && version !== null) params.set('version', String(version));
  if (download) params.set('download', '1');
  const q = params.toString();
  return q ? `${base}${base.includes('?') ? '&' : '?'}${q}` : base;
}

export const folderHref = (id) => `/drive/dossiers/${encodeURIComponent(id)}`;
export const zipUrl = (id) => `/api/v1/folders/${encodeURIComponent(id)}/zip`;

// ---- choices kept in the browser -----------------------------------------------

const VIEW_KEY = 'parvis.driveView';
const SORT_KEY = 'parvis.driveSort';
export const SORTS = ['name:asc', 'name:desc', 'date:desc', 'date:asc', 'size:desc', 'size:asc'];

function readStore(key) {
  try { return localStorage.getItem(key); } catch { return null; }
}
function writeStore(key, value) {
  try { localStorage.setItem(key, value); } catch { /* storage may be disabled */ }
}

export const viewChoice = () => (readStore(VIEW_KEY) === 'grid' ? 'grid' : 'list');
export const setViewChoice = (v) => writeStore(VIEW_KEY, v === 'grid' ? 'grid' : 'list');
export const sortChoice = () => (SORTS.includes(readStore(SORT_KEY)) ? readStore(SORT_KEY) : 'name:asc');
export const setSortChoice = (v) => writeStore(SORT_KEY, SORTS.includes(v) ? v : 'name:asc');

// ---- uploads ------------------------------------------------------------------------

/**
 * Sends one File to PUT /folders/{id}/files/{name} (raw body).
 * onProgress(loaded, total) as it goes. Resolves to the file node; rejects
 * with {status, code, message} (the server's message when it gave one).
 * Returns {promise, abort()}.
 */
export function uploadFile(folderId, file, { onProgress, name } = {}) {
  return uploadTo(`/api/v1/folders/${encodeURIComponent(folderId)}/files/${encodeURIComponent(name || file.name)}`, file, { onProgress });
}

/** The same, to any upload address of the API (a conversation's files). */
export function uploadTo(url, file, { onProgress } = {}) {
  let xhr = null;
  let aborted = false;
  const send = (token) => new Promise((resolve, reject) => {
    xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', getLang());
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.upload.addEventListener('progress', (event) => {
      if (onProgress) onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    });
    xhr.addEventListener('load', () => {
      let data = null;
      try { data = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { data = null; }
      if (xhr.status >= 200 && xhr.status < 300) { resolve(data); return; }
      const err = (data && data.error) || {};
      let message = err.message;
      if (!message) {
        if (xhr.status === 413) message = t('drive.upload.tooLarge');
        else if (xhr.status >= 500) message = t('error.server');
        else message = t('error.generic');
      }
      reject({ status: xhr.status, code: err.code || `http_${xhr.status}`, message });
    });
    xhr.addEventListener('error', () => reject({ status: 0, code: 'network', message: t('error.network') }));
    xhr.addEventListener('abort', () => reject({ status: 0, code: 'aborted', message: t('drive.upload.cancelled') }));
    xhr.send(file);
  });
  const promise = (async () => {
    try {
      return await send(getCsrfToken());
    } catch (err) {
      if (aborted || err.code !== 'csrf') throw err;
      // the session changed: GET /me gives its token (kept in api.js), then one more try
      const me = await get('/me');
      setCsrfToken(me && me.csrf_token);
      return send(getCsrfToken());
    }
  })();
  return { promise, abort: () => { aborted = true; if (xhr) xhr.abort(); } };
}

// ---- the trash ------------------------------------------------------------------------

/** The trash page of a drive: one's own, or a group's. */
export function trashHref(drive) {
  if (drive && drive.kind === 'group' && drive.group) return `/drive/corbeille?groupe=${encodeURIComponent(drive.group.id)}`;
  return '/drive/corbeille';
}

let daysPromise = null;
/** How many days the trash keeps what it holds (platform setting trash_days, 30 by default). */
export function trashDays() {
  if (!daysPromise) {
    daysPromise = get('/settings')
      .then((s) => (s && Number(s.trash_days) > 0 ? Number(s.trash_days) : 30))
      .catch(() => { daysPromise = null; return 30; });
  }
  return daysPromise;
}
