// Drive files attached to posts: in the composer, the « Joindre des fichiers »
// control (send from the computer into the drive — the group's, or one's own
// for the news — with progress, or pick files already there in a small
// folder browser), the chosen files as removable chips; in a post card, the
// attached files as cards (icon, name, type, size, open, download), images
// shown inline.

import { openViewer, plainClick } from './viewer.js';
import { thumbnail, sizedImage, fileIdOf } from './viewer-util.js';
import { h, replaceChildren, uid, icon } from './dom.js';
import { t } from './i18n.js';
import { get, post } from './api.js';
import { openDialog } from './dialog.js';
import { alertBox, statusBox, loading, errorMessage } from './ui.js';
import {
  driveIcon, formatSize, isArchive, driveLabel, uploadFile,
} from './drive-util.js';

export const MAX_ATTACHMENTS = 10;
const enc = encodeURIComponent;

// images the browser shows inline; never SVG (a document, sent as an attachment)
const INLINE_IMAGE = /^image\/(png|jpeg|gif|webp)$/i;

/** Whether the server gave an address of its own API (never anything else in src or href). */
const apiPath = (url) => typeof url === 'string' && /^\/api\/v1\/[^\s]*$/.test(url);

export const isInlineImage = (file) => !!file && INLINE_IMAGE.test(file.mime || '') && apiPath(file.content_url);

function extension(name) {
  const m = /\.([a-z0-9]{1,8})$/i.exec(name || '');
  return m ? m[1].toUpperCase() : '';
}

/** {icon, label}: the kind of a file as people read it (« Document PDF », « Image PNG »). */
export function fileType(file) {
  const mime = String(file.mime || '').toLowerCase();
  const ext = extension(file.name);
  const node = { kind: 'file', name: file.name, mime };
  if (mime.startsWith('image/')) {
    const fmt = mime.slice(6).replace(/\+xml$/, '').replace(/^x-/, '').toUpperCase() || ext;
    return { icon: 'image', label: t('attach.type.image', { fmt }) };
  }
  if (mime === 'application/pdf') return { icon: 'pdf', label: t('attach.type.pdf') };
  if (/msword|wordprocessingml|opendocument\.text|rtf/.test(mime)) return { icon: 'doc', label: t('attach.type.doc') };
  if (/ms-excel|spreadsheetml|opendocument\.spreadsheet|text\/csv/.test(mime)) return { icon: 'sheet', label: t('attach.type.sheet') };
  if (/ms-powerpoint|presentationml|opendocument\.presentation/.test(mime)) return { icon: 'slides', label: t('attach.type.slides') };
  if (mime.startsWith('audio/')) return { icon: 'audio', label: t('attach.type.audio') };
  if (mime.startsWith('video/')) return { icon: 'video', label: t('attach.type.video') };
  if (isArchive(node)) return { icon: 'archive', label: t('attach.type.archive', { fmt: ext || 'ZIP' }) };
  if (mime.startsWith('text/')) return { icon: 'doc', label: t('attach.type.text') };
  return { icon: 'file', label: ext ? t('attach.type.other', { fmt: ext }) : t('attach.type.unknown') };
}

// ---- in a post card -----------------------------------------------------------------

/**
 * The attached files of post `p` as a list of cards, or null when there is
 * none. Images (PNG, JPEG, GIF, WebP) show as lazy thumbnails.
 */
export function renderAttachments(p) {
  const files = (Array.isArray(p.attachments) ? p.attachments : []).filter((f) => f && apiPath(f.content_url));
  if (!files.length) return null;
  const headingId = uid('attach');
  return h('section', { class: 'post-attachments', 'aria-labelledby': headingId },
    h('h3', { id: headingId, class: 'sr-only' }, t('attach.listTitle', { n: files.length })),
    h('ul', { class: 'attach-cards' }, files.map((f) => {
      const type = fileType(f);
      const image = isInlineImage(f);
      const download = `${f.content_url}${f.content_url.includes('?') ? '&' : '?'}download=1`;
      // the card's image: the large preview, never the original (docs/viewer.md)
      const card = h('li', { class: `attach-card${image ? ' is-image' : ''}`, dataset: { id: String(f.id) } });
      const thumbLink = image ? h('a', {
        class: 'attach-thumb', href: f.content_url, target: '_blank', rel: 'noopener', tabindex: '-1', 'aria-hidden': 'true',
      }, sizedImage(f, {
        alt: f.name || '', fallback: f.content_url, onNone: () => { thumbLink.remove(); card.classList.remove('is-image'); },
      })) : null;
      const name = h('a', {
        class: 'attach-name', href: f.content_url, target: '_blank', rel: 'noopener', title: t('drive.openNamed', { name: f.name || '' }),
      }, fileName(f.name || ''));
      // opened in the viewer, the post's files as previous and next
      for (const a of [thumbLink, name].filter(Boolean)) {
        a.addEventListener('click', (event) => {
          if (!plainClick(event)) return;
          event.preventDefault();
          openViewer(f, { files, opener: name });
        });
      }
      return replaceChildren(card,
        thumbLink,
        h('div', { class: 'attach-row' },
          image ? driveIcon(type.icon, 'icon attach-icon') : thumbnail(f, driveIcon(type.icon, 'icon attach-icon'), 'attach-icon-thumb'),
          h('div', { class: 'attach-text' },
            name,
            h('span', { class: 'attach-meta muted' }, `${type.label} · ${formatSize(f.size)}`)),
          h('a', {
            class: 'btn btn-small attach-download', href: download, download: f.name || '',
            'aria-label': t('attach.downloadNamed', { name: f.name || '' }),
          }, driveIcon('download', 'icon icon-sm'), h('span', { class: 'attach-download-text' }, t('drive.download')))));
    })));
}

/**
 * A file's name that wraps where a person would cut it: at its spaces and
 * hyphens (the browser's own), and after « _ » and « . » (<wbr>); a single
 * word longer than the line still breaks (overflow-wrap). The whole name
 * stays the element's text, hence its accessible name.
 */
export function fileName(name) {
  const parts = String(name).split(/(?<=[_.])/);
  const out = [];
  parts.forEach((part, i) => { if (i) out.push(h('wbr')); out.push(part); });
  return h('span', { class: 'file-name' }, out);
}

/** An article's cover (`cover_url`) as an image for a portal card, or null. */
export function coverImage(p, cls) {
  if (!p || !apiPath(p.cover_url)) return null;
  // decorative: the card's title says what the article is about; a file
  // of the drive: its large preview, not the original (docs/viewer.md)
  const id = fileIdOf(p.cover_url);
  if (id) {
    const file = (Array.isArray(p.attachments) ? p.attachments : []).find((a) => a && String(a.id) === id) || { id };
    return sizedImage(file, { cls, fallback: p.cover_url });
  }
  return h('img', { class: cls, src: p.cover_url, alt: '', loading: 'lazy', decoding: 'async' });
}

// ---- in the composer -----------------------------------------------------------------

/** « plan.png » taken → « plan (2).png », « plan (3).png »… (names compared without case). */
function freeName(name, taken) {
  if (!taken.has(name.toLowerCase())) return name;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let i = 2; ; i += 1) {
    const candidate = `${stem} (${i})${ext}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/**
 * createAttachmentField({group, me, signal}) → {element, ids(), pending(), reset()}.
 * `group` null: the news (files go to, and are picked from, « Mon drive »).
 * `initial`: files already chosen [{id, name, size, mime}] (a change).
 */
export function createAttachmentField({ group = null, me = null, signal, initial = [] } = {}) {
  const labelId = uid('attach-label');
  const hintId = uid('attach-hint');
  const chosen = []; // [{id?, name, size, mime, li, job?}] in order
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const say = (box) => replaceChildren(messages, box);
  const list = h('ul', { class: 'attach-chips', 'aria-label': t('attach.chosen'), hidden: true });
  const fileInput = h('input', {
    type: 'file', multiple: true, class: 'sr-only attach-file-input', tabindex: '-1', 'aria-hidden': 'true',
  });
  const uploadBtn = h('button', { type: 'button', class: 'btn btn-small' }, driveIcon('upload', 'icon icon-sm'), t('attach.fromComputer'));
  const pickBtn = h('button', { type: 'button', class: 'btn btn-small' }, driveIcon('folder', 'icon icon-sm'), t('attach.fromDrive'));
  const element = h('div', {
    class: 'attach-field', role: 'group', 'aria-labelledby': labelId, 'aria-describedby': hintId,
  },
  h('p', { id: labelId, class: 'label attach-label' }, t('attach.label')),
  h('p', { id: hintId, class: 'hint' }, t(group ? 'attach.hintGroup' : 'attach.hintNews', { max: MAX_ATTACHMENTS })),
  h('div', { class: 'attach-buttons' }, uploadBtn, pickBtn, fileInput),
  messages,
  list);

  // the drive, and the folder uploads go to, found once
  let drivePromise = null;
  const loadDrive = () => {
    if (!drivePromise) {
      drivePromise = get(group ? `/groups/${enc(group.id)}/drive` : '/drive', { signal })
        .catch((err) => { drivePromise = null; throw err; });
    }
    return drivePromise;
  };
  let folderPromise = null;
  const taken = new Set(); // names in that folder (lower case): an upload never replaces another post's file
  async function findFolder() {
    const drive = await loadDrive();
    const name = t('attach.folder');
    let folder = null;
    try {
      folder = await post('/folders', { parent_id: drive.root_folder_id, name }, { signal });
    } catch (err) {
      if (err && err.name === 'AbortError') throw err;
      if (err && err.status === 409) {
        // it exists already: find it in the root
        const root = await get(`/folders/${enc(drive.root_folder_id)}`, { query: { limit: 1 }, signal });
        folder = (root.folders || []).find((f) => f.name === name)
          || (root.folders || []).find((f) => f.name.toLowerCase() === name.toLowerCase()) || null;
      }
      // otherwise (or a file has that name), the drive's root
      if (!folder) folder = { id: drive.root_folder_id };
    }
    let cursor = null;
    for (let page = 0; page < 20; page += 1) {
      const data = await get(`/folders/${enc(folder.id)}`, { query: { limit: 500, cursor }, signal });
      for (const f of [...(data.files || []), ...(data.folders || [])]) taken.add(String(f.name).toLowerCase());
      cursor = data.next;
      if (!cursor) break;
    }
    return folder;
  }
  const uploadFolder = () => {
    if (!folderPromise) folderPromise = findFolder().catch((err) => { folderPromise = null; throw err; });
    return folderPromise;
  };

  function update() {
    list.hidden = !chosen.length;
    const full = chosen.length >= MAX_ATTACHMENTS;
    uploadBtn.disabled = full;
    pickBtn.disabled = full;
    for (const b of [uploadBtn, pickBtn]) {
      if (full) b.title = t('attach.full', { max: MAX_ATTACHMENTS });
      else b.removeAttribute('title');
    }
  }

  function chip(item) {
    const type = fileType(item);
    const size = h('span', { class: 'attach-chip-size muted' }, formatSize(item.size));
    const remove = h('button', {
      type: 'button', class: 'btn-icon attach-remove', 'aria-label': t('attach.removeNamed', { name: item.name }),
    }, icon('close', 'icon icon-sm'));
    remove.addEventListener('click', () => {
      if (item.job) item.job.abort();
      drop(item);
      say(statusBox(t('attach.removed', { name: item.name }), 'sr-only'));
      const next = list.querySelector('.attach-remove') || uploadBtn;
      (next.disabled ? pickBtn : next).focus();
    });
    item.remove = remove;
    item.size_el = size;
    item.li = h('li', { class: 'attach-chip', dataset: { name: item.name } },
      driveIcon(type.icon, 'icon icon-sm attach-chip-icon'),
      h('span', { class: 'attach-chip-name', title: item.name }, fileName(item.name)),
      size,
      remove);
    return item.li;
  }

  function drop(item) {
    const i = chosen.indexOf(item);
    if (i >= 0) chosen.splice(i, 1);
    if (item.li) item.li.remove();
    update();
  }

  function room(n) {
    const left = MAX_ATTACHMENTS - chosen.length;
    if (n > left) say(alertBox(t('attach.tooMany', { max: MAX_ATTACHMENTS, n: n - left })));
    return Math.max(0, left);
  }

  // ---- from the computer
  uploadBtn.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    const files = Array.from(fileInput.files || []);
    fileInput.value = '';
    replaceChildren(messages);
    const n = room(files.length);
    for (const file of files.slice(0, n)) startUpload(file);
    update();
  });

  function startUpload(file) {
    const item = { name: file.name, size: file.size, mime: file.type || '', id: null };
    const progress = h('progress', { class: 'attach-progress', max: '100', value: '0', 'aria-label': t('drive.upload.progressOf', { name: file.name }) });
    chosen.push(item);
    list.append(chip(item));
    item.li.classList.add('is-uploading');
    item.li.append(progress);
    item.remove.setAttribute('aria-label', t('drive.upload.cancelNamed', { name: file.name }));
    let aborted = false;
    item.job = { abort: () => { aborted = true; if (item.handle) item.handle.abort(); } };
    (async () => {
      const folder = await uploadFolder();
      if (aborted) return null;
      const name = freeName(file.name, taken);
      taken.add(name.toLowerCase());
      item.handle = uploadFile(folder.id, file, {
        name,
        onProgress: (loaded, total) => { progress.value = total ? Math.min(100, Math.floor((loaded / total) * 100)) : 0; },
      });
      return item.handle.promise;
    })().then((node) => {
      if (!node || aborted) return;
      item.job = null;
      item.id = node.id;
      item.name = node.name;
      item.mime = node.mime;
      const chipName = item.li.querySelector('.attach-chip-name');
      replaceChildren(chipName, fileName(node.name));
      chipName.title = node.name;
      item.li.dataset.name = node.name;
      item.size_el.textContent = formatSize(node.size);
      item.remove.setAttribute('aria-label', t('attach.removeNamed', { name: node.name }));
      progress.remove();
      item.li.classList.remove('is-uploading');
      say(statusBox(t('attach.uploaded', { name: node.name }), 'sr-only'));
      // the person waited for it (focus still on the button, its chip, or
      // nowhere): focus goes to the new file; someone already typing keeps on
      const active = document.activeElement;
      if (!active || active === document.body || active === uploadBtn || item.li.contains(active)) {
        item.li.tabIndex = -1;
        item.li.focus();
      }
    }).catch((err) => {
      if (aborted || (err && err.name === 'AbortError')) return;
      drop(item);
      const message = err && err.message ? err.message : t('error.generic');
      say(alertBox(t('drive.upload.error', { name: file.name, message })));
    });
  }

  // ---- from the drive
  pickBtn.addEventListener('click', async () => {
    replaceChildren(messages);
    let drive;
    try {
      drive = await loadDrive();
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      say(alertBox(errorMessage(err)));
      return;
    }
    openDrivePicker({
      drive, me,
      already: new Set(chosen.filter((c) => c.id !== null).map((c) => String(c.id))),
      room: MAX_ATTACHMENTS - chosen.length,
      onPick: (nodes) => {
        for (const node of nodes) {
          const item = { id: node.id, name: node.name, size: node.size, mime: node.mime };
          chosen.push(item);
          list.append(chip(item));
        }
        update();
        say(statusBox(t('attach.picked', { n: nodes.length }), 'sr-only'));
      },
    });
  });

  if (signal) signal.addEventListener('abort', () => { for (const c of chosen) if (c.job) c.job.abort(); });
  for (const f of (initial || []).slice(0, MAX_ATTACHMENTS)) {
    const item = { id: f.id, name: f.name || '', size: f.size, mime: f.mime || '' };
    chosen.push(item);
    list.append(chip(item));
  }
  update();

  return {
    element,
    ids: () => chosen.filter((c) => c.id !== null).map((c) => c.id),
    pending: () => chosen.filter((c) => c.id === null).length,
    focus: () => uploadBtn.focus(),
    reset: () => {
      for (const c of chosen.splice(0)) if (c.li) c.li.remove();
      replaceChildren(messages);
      update();
    },
  };
}

/**
 * A dialog to pick files of `drive`: its folders to open, its files to tick
 * (`already` chosen ones ticked and disabled, at most `room` more).
 * onPick([node]) when confirmed.
 */
export function openDrivePicker({ drive, me, already = new Set(), room = MAX_ATTACHMENTS, onPick }) {
  const picked = new Map(); // id → node
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const crumbs = h('ol', { class: 'drive-move-path' });
  const folders = h('ul', { class: 'drive-move-list attach-pick-folders', 'aria-label': t('drive.move.folders') });
  const filesId = uid('attach-files');
  const files = h('ul', { class: 'attach-pick-files', 'aria-labelledby': filesId });
  const more = h('button', { type: 'button', class: 'btn btn-small', hidden: true }, t('drive.more'));
  const submit = h('button', { type: 'button', class: 'btn btn-primary', disabled: true }, t('attach.pick.submit', { n: 0 }));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const content = h('div', { class: 'attach-pick' },
    messages,
    h('nav', { 'aria-label': t('drive.breadcrumb') }, crumbs),
    folders,
    h('h3', { id: filesId, class: 'attach-pick-title' }, t('attach.pick.files')),
    files,
    more,
    h('div', { class: 'form-actions dialog-actions' }, cancel, submit));
  const d = openDialog({ title: t('attach.pick.title', { drive: driveLabel(drive, me) }), content, wide: true });
  cancel.addEventListener('click', () => d.close());
  submit.addEventListener('click', () => {
    const nodes = [...picked.values()];
    if (!nodes.length) return;
    d.close();
    onPick(nodes);
  });

  function refresh() {
    submit.disabled = picked.size === 0;
    submit.textContent = t('attach.pick.submit', { n: picked.size });
    const full = picked.size >= room;
    for (const box of files.querySelectorAll('input[type="checkbox"]')) {
      if (box.dataset.already) continue;
      box.disabled = full && !box.checked;
    }
  }

  function fileRow(node) {
    const id = uid('attach-pick');
    const isAlready = already.has(String(node.id));
    const box = h('input', {
      type: 'checkbox', id, class: 'choice-input', value: String(node.id),
      checked: isAlready || picked.has(String(node.id)) || null, disabled: isAlready || null,
      dataset: isAlready ? { already: '1' } : {},
    });
    box.addEventListener('change', () => {
      if (box.checked) picked.set(String(node.id), node);
      else picked.delete(String(node.id));
      refresh();
    });
    const type = fileType(node);
    return h('li', { class: 'choice attach-pick-file' },
      box,
      h('label', { for: id, class: 'attach-pick-label' },
        driveIcon(type.icon, 'icon icon-sm'),
        h('span', { class: 'attach-pick-name' }, node.name),
        h('span', { class: 'muted attach-pick-meta' },
          isAlready ? `${formatSize(node.size)} · ${t('attach.pick.already')}` : formatSize(node.size))));
  }

  let current = null;
  let cursor = null;
  async function show(folderId, { focus = false } = {}) {
    replaceChildren(folders, h('li', {}, loading()));
    replaceChildren(files);
    more.hidden = true;
    try {
      const data = await get(`/folders/${enc(folderId)}`, { query: { sort: 'name', order: 'asc', limit: 100 } });
      current = data.folder;
      const path = Array.isArray(data.path) ? data.path : [];
      const rootLabel = driveLabel(data.drive || drive, me);
      replaceChildren(crumbs, (path.length ? path : [{ id: folderId }]).map((p, i, all) => {
        const label = i === 0 ? rootLabel : p.name;
        return h('li', {}, i === all.length - 1
          ? h('span', { 'aria-current': 'location' }, label)
          : h('button', { type: 'button', class: 'btn-link', onclick: () => show(p.id, { focus: true }) }, label));
      }));
      const subs = data.folders || [];
      replaceChildren(folders, subs.length
        ? subs.map((f) => h('li', {}, h('button', {
          type: 'button', class: 'drive-move-folder', onclick: () => show(f.id, { focus: true }),
        }, driveIcon('folder', 'icon icon-sm'), h('span', {}, f.name))))
        : h('li', { class: 'muted' }, t('drive.move.noFolders')));
      const list = data.files || [];
      replaceChildren(files, list.length ? list.map(fileRow) : h('li', { class: 'muted' }, t('attach.pick.none')));
      cursor = data.next || null;
      more.hidden = !cursor;
      refresh();
      if (focus) {
        const target = folders.querySelector('button') || files.querySelector('input:not([disabled])') || cancel;
        target.focus();
      }
    } catch (err) {
      replaceChildren(folders, h('li', {}, alertBox(errorMessage(err))));
    }
  }
  more.addEventListener('click', async () => {
    if (!current || !cursor) return;
    more.disabled = true;
    try {
      const data = await get(`/folders/${enc(current.id)}`, { query: { sort: 'name', order: 'asc', limit: 100, cursor } });
      const first = (data.files || []).map(fileRow);
      files.append(...first);
      cursor = data.next || null;
      more.hidden = !cursor;
      refresh();
      if (first.length) first[0].querySelector('input').focus();
    } catch (err) {
      replaceChildren(messages, alertBox(errorMessage(err)));
    } finally {
      more.disabled = false;
    }
  });
  show(drive.root_folder_id);
  return d;
}
