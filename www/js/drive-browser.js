// One folder of a drive, as a component: the drive's coloured head (icon,
// breadcrumb starting with the drive's name and owner, usage), the toolbar
// (new folder, upload, sort, list or grid, the folder's own actions), the
// uploads with their progress, and the folders and files — more files as the
// end of the list comes into view. Files dropped on the view are uploaded.
// Used by /drive, /drive/dossiers/:id and a group's Drive tab.

import { h, replaceChildren, uid } from './dom.js';
import { t } from './i18n.js';
import { get, post, patch, del } from './api.js';
import { alertBox, statusBox, loading, errorMessage, confirmDialog } from './ui.js';
import { shortDateTime, fullDate } from './dates.js';
import { createMenu } from './menu.js';
import { openReportDialog } from './report-dialog.js';
import {
  driveIcon, driveLabel, formatSize, formatDuration, nodeIconName, isArchive, contentUrl, folderHref, zipUrl,
  viewChoice, setViewChoice, sortChoice, setSortChoice, SORTS, uploadFile, trashDays, trashHref, fillDriveHead,
} from './drive-util.js';
import { askName, openDetails, openEntries, openMove, openShare } from './drive-dialogs.js';
import { openViewer, plainClick } from './viewer.js';
import { thumbnail } from './viewer-util.js';

const enc = encodeURIComponent;
const PAGE = 50;
const PARALLEL = 2;

/** Starts a download of `url` (a link with the download attribute). */
export function startDownload(url) {
  const a = h('a', { href: url, download: '', hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
}

/** Asks, then sends a file or folder to the trash. Resolves true when done. */
export async function trashNode(node, say) {
  const days = await trashDays();
  const ok = await confirmDialog({
    title: t(node.kind === 'folder' ? 'drive.trash.confirmFolderTitle' : 'drive.trash.confirmFileTitle'),
    message: t(node.kind === 'folder' ? 'drive.trash.confirmFolder' : 'drive.trash.confirmFile', { name: node.name, n: days }),
    confirm: t('drive.trash.confirm'),
    danger: true,
  });
  if (!ok) return false;
  try {
    await del(node.kind === 'folder' ? `/folders/${enc(node.id)}` : `/files/${enc(node.id)}`);
    say(statusBox(t('drive.trash.done', { name: node.name })));
    return true;
  } catch (err) {
    say(alertBox(errorMessage(err)));
    return false;
  }
}

/** Renames a file or folder through a dialog; calls `done(node)` after. */
export function renameNode(node, done) {
  askName({
    title: t('drive.rename.title', { name: node.name }),
    label: t('drive.rename.label'),
    value: node.name,
    submit: t('drive.rename.submit'),
    onSubmit: async (name) => {
      const path = node.kind === 'folder' ? `/folders/${enc(node.id)}` : `/files/${enc(node.id)}`;
      done(await patch(path, { name }));
    },
  });
}

/**
 * The row (list) or tile (grid) of a node. `actions` is the list of menu
 * items; `extra` more text under the name (the drive, who shared it...).
 */
export function nodeItem(node, { actions = [], extra = null, onOpen = null } = {}) {
  const folder = node.kind === 'folder';
  const link = folder
    ? h('a', { href: folderHref(node.id), class: 'drive-item-name' }, node.name || '')
    : h('a', {
      href: contentUrl(node), class: 'drive-item-name', target: '_blank', rel: 'noopener',
      title: t('drive.openNamed', { name: node.name }),
    }, node.name || '');
  // a file opens in the viewer (docs/viewer.md); a new tab still takes the link
  if (!folder) {
    link.addEventListener('click', (event) => {
      if (!plainClick(event)) return;
      event.preventDefault();
      if (onOpen) onOpen(node, link); else openViewer(node, { opener: link });
    });
  }
  const when = node.updated_at || node.created_at;
  const meta = [
    folder ? t('drive.folder') : formatSize(node.size),
    when ? h('time', { datetime: when, title: fullDate(when) }, shortDateTime(when)) : null,
    node.updated_by ? node.updated_by.display_name : null,
  ].filter(Boolean);
  return h('li', {
    class: `drive-item drive-item-${folder ? 'folder' : 'file'}`,
    dataset: { id: String(node.id), kind: node.kind },
  },
  folder
    ? h('span', { class: `drive-item-icon drive-icon-${nodeIconName(node)}` }, driveIcon(nodeIconName(node)))
    : thumbnail(node, driveIcon(nodeIconName(node)), `drive-item-icon drive-icon-${nodeIconName(node)}`),
  h('span', { class: 'drive-item-main' },
    link,
    h('span', { class: 'drive-item-meta muted' }, meta.map((m, i) => [i ? ' · ' : '', m])),
    extra ? h('span', { class: 'drive-item-extra muted' }, extra) : null),
  actions.length
    ? createMenu({ label: t('drive.actionsFor', { name: node.name }), items: actions }).element
    : h('span', { class: 'drive-item-noactions' }));
}

/** The menu items a node allows (as its `can` says). */
export function nodeActions(node, {
  me, drive, say, changed, removed, open,
}) {
  const can = node.can || {};
  const items = [];
  if (node.kind === 'folder') {
    if (open) items.push({ label: t('drive.openFolder'), onSelect: () => open(node) });
    items.push({ label: t('drive.zip'), onSelect: () => startDownload(zipUrl(node.id)) });
  } else {
    items.push({ label: t('drive.details'), onSelect: () => openDetails(node, { onChanged: changed }) });
    items.push({ label: t('drive.download'), onSelect: () => startDownload(contentUrl(node, { download: true })) });
    if (isArchive(node)) items.push({ label: t('drive.entries.open'), onSelect: () => openEntries(node) });
  }
  if (can.write) {
    items.push({ label: t('drive.rename.action'), onSelect: () => renameNode(node, (n) => { say(statusBox(t('drive.rename.done', { name: n.name }))); changed(); }) });
    items.push({
      label: t('drive.move.action'),
      onSelect: () => openMove(node, {
        me, currentDrive: drive, onMoved: (n, target) => { say(statusBox(t('drive.move.done', { name: node.name, to: target.name }))); removed(n); },
      }),
    });
  }
  if (can.share) items.push({ label: t('drive.share.action'), onSelect: () => openShare(node) });
  if (can.delete) {
    items.push({ label: t('drive.trash.action'), danger: true, onSelect: async () => { if (await trashNode(node, say)) removed(node); } });
  }
  // « Signaler » a file (docs/moderation.md): not one's own drive's
  if (node.kind !== 'folder' && !(drive && drive.owner && me && drive.owner.id === me.id)) {
    items.push({ label: t('signal.action'), onSelect: () => openReportDialog({ type: 'file', id: node.id, say }) });
  }
  return items;
}

/**
 * createDriveBrowser(container, {folderId, me, signal, navigate, embedded, setTitle})
 * `embedded`: inside a page that has its own <h1> (a group's tab).
 */
export function createDriveBrowser(container, {
  folderId, me, signal, navigate, embedded = false, setTitle = () => {},
}) {
  const head = h('section', { class: 'drive-head' }, loading());
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const say = (box) => replaceChildren(messages, box);
  const toolbar = h('div', { class: 'drive-toolbar' });
  const uploadsList = h('ul', { class: 'drive-uploads-list' });
  const uploadsTitle = h('h2', { class: 'drive-uploads-title', id: uid('uploads') }, t('drive.upload.title'));
  const clearUploads = h('button', { type: 'button', class: 'btn btn-small', hidden: true }, t('drive.upload.clear'));
  const uploads = h('section', { class: 'card drive-uploads', hidden: true, 'aria-labelledby': uploadsTitle.id },
    h('div', { class: 'drive-uploads-head' }, uploadsTitle, clearUploads), uploadsList);
  const dropHint = h('p', { class: 'drive-drop-hint muted', hidden: true }, driveIcon('upload', 'icon icon-sm'), t('drive.upload.dropHint'));
  const listing = h('div', { class: 'drive-listing', 'aria-busy': 'false' });
  const more = h('button', { type: 'button', class: 'btn more', hidden: true }, t('drive.more'));
  const sentinel = h('div', { class: 'drive-sentinel', 'aria-hidden': 'true' });
  const zone = h('section', { class: 'card drive-zone', 'aria-label': t('drive.content') }, dropHint, listing, more, sentinel);
  const element = h('div', { class: 'drive-browser' }, head, toolbar, messages, uploads, zone);
  container.append(element);

  let state = null; // {folder, drive, path}
  let next = null;
  let busy = false;
  let generation = 0;
  let view = viewChoice();
  let sort = sortChoice();
  let itemsList = null;

  const isRoot = () => state && String(state.folder.id) === String(state.drive.root_folder_id);

  // ---- head ------------------------------------------------------------------------------
  function renderHead() {
    const { drive, folder } = state;
    const label = driveLabel(drive, me);
    const path = Array.isArray(state.path) ? state.path.slice() : [];
    if (!path.length || String(path[0].id) !== String(drive.root_folder_id)) path.unshift({ id: drive.root_folder_id, name: label });
    const title = isRoot() ? label : folder.name;
    setTitle(title);
    const heading = embedded ? h('h2', { class: 'drive-title' }, title) : h('h1', { class: 'page-title drive-title', tabindex: '-1' }, title);
    const hadFocus = head.contains(document.activeElement) && document.activeElement.tagName === 'H1';
    fillDriveHead(head, drive, {
      crumbs: path.map((p, i) => ({ text: i === 0 ? label : p.name, href: folderHref(p.id) })),
      heading,
      aside: h('a', { class: 'drive-head-trash', href: trashHref(drive) }, driveIcon('trash', 'icon icon-sm'), t('drive.trash.title')),
    });
    if (hadFocus) heading.focus();
  }

  // ---- toolbar ---------------------------------------------------------------------------
  const fileInput = h('input', {
    type: 'file', multiple: true, class: 'sr-only drive-file-input', tabindex: '-1', 'aria-hidden': 'true',
  });
  fileInput.addEventListener('change', () => {
    const files = Array.from(fileInput.files || []);
    fileInput.value = '';
    if (files.length) startUploads(files);
  });

  function renderToolbar() {
    const { folder, drive } = state;
    const canWrite = !!(folder.can ? folder.can.write : drive.can && drive.can.write);
    const sortId = uid('drive-sort');
    const sortSelect = h('select', { id: sortId, class: 'input drive-sort' },
      SORTS.map((s) => h('option', { value: s, selected: s === sort || null }, t(`drive.sort.${s.replace(':', '_')}`))));
    sortSelect.addEventListener('change', () => {
      sort = sortSelect.value;
      setSortChoice(sort);
      load(null);
    });
    const viewButtons = ['list', 'grid'].map((v) => {
      const b = h('button', {
        type: 'button', class: 'btn-icon drive-view-btn', 'aria-pressed': String(view === v), dataset: { view: v },
        title: t(`drive.view.${v}`),
      }, driveIcon(v), h('span', { class: 'sr-only' }, t(`drive.view.${v}`)));
      b.addEventListener('click', () => {
        view = v;
        setViewChoice(v);
        for (const other of viewButtons) other.setAttribute('aria-pressed', String(other.dataset.view === v));
        if (itemsList) itemsList.className = `drive-items is-${view}`;
      });
      return b;
    });

    // the root: only its zip; another folder: what nodeActions gives (its zip first)
    const folderItems = isRoot()
      ? [{ label: t('drive.zip'), onSelect: () => startDownload(zipUrl(folder.id)) }]
      : nodeActions(folder, {
        me, drive, say,
        changed: () => load(null),
        removed: () => navigate(folderHref(folder.parent_id || drive.root_folder_id)),
      });
    replaceChildren(toolbar,
      canWrite ? h('div', { class: 'drive-toolbar-main' },
        h('button', { type: 'button', class: 'btn btn-primary', onclick: () => fileInput.click() }, driveIcon('upload'), t('drive.upload.action')),
        h('button', { type: 'button', class: 'btn', onclick: newFolder }, driveIcon('newFolder'), t('drive.newFolder.action')),
        fileInput) : h('p', { class: 'muted drive-readonly' }, t('drive.readOnly')),
      h('div', { class: 'drive-toolbar-view' },
        h('label', { for: sortId, class: 'sr-only' }, t('drive.sort.label')),
        sortSelect,
        h('div', { class: 'drive-view-switch', role: 'group', 'aria-label': t('drive.view.label') }, viewButtons),
        createMenu({ label: t('drive.folderActions', { name: isRoot() ? driveLabel(drive, me) : folder.name }), items: folderItems }).element));
    dropHint.hidden = !canWrite;
    zone.classList.toggle('is-droppable', canWrite);
  }

  function newFolder() {
    askName({
      title: t('drive.newFolder.title'),
      label: t('drive.newFolder.label'),
      submit: t('drive.newFolder.submit'),
      onSubmit: async (name) => {
        const created = await post('/folders', { parent_id: state.folder.id, name });
        say(statusBox(t('drive.newFolder.done', { name: created.name })));
        await load(null);
      },
    });
  }

  // ---- listing -----------------------------------------------------------------------------
  // the files listed, in order: the viewer's previous and next
  let shownFiles = [];
  function itemFor(node) {
    if (node.kind !== 'folder' && !shownFiles.some((f) => f.id === node.id)) shownFiles.push(node);
    return nodeItem(node, {
      onOpen: (n, link) => openViewer(n, { files: shownFiles, opener: link }),
      actions: nodeActions(node, {
        me, drive: state.drive, say,
        changed: () => load(null),
        removed: () => load(null),
        open: (n) => navigate(folderHref(n.id)),
      }),
    });
  }

  async function load(cursor) {
    const mine = cursor ? generation : ++generation;
    busy = true;
    listing.setAttribute('aria-busy', 'true');
    if (!cursor && !state) replaceChildren(listing, loading());
    more.disabled = true;
    const [by, order] = sort.split(':');
    try {
      const data = await get(`/folders/${enc(folderId)}`, {
        query: { sort: by, order, limit: PAGE, cursor: cursor || undefined }, signal,
      });
      if (mine !== generation) return;
      if (!cursor) {
        state = { folder: data.folder, drive: data.drive, path: data.path };
        renderHead();
        renderToolbar();
        const focusedId = document.activeElement && listing.contains(document.activeElement)
          ? (document.activeElement.closest('.drive-item') || {}).dataset : null;
        shownFiles = [];
        itemsList = h('ul', { class: `drive-items is-${view}`, 'aria-label': t('drive.listLabel', { name: data.folder.name || driveLabel(data.drive, me) }) });
        for (const f of data.folders || []) itemsList.append(itemFor(f));
        for (const f of data.files || []) itemsList.append(itemFor(f));
        const count = (data.folders || []).length + (data.files || []).length;
        replaceChildren(listing, count ? itemsList : h('p', { class: 'muted drive-empty' }, t('drive.empty')));
        if (focusedId && focusedId.id) {
          const again = itemsList.querySelector(`.drive-item[data-id="${CSS.escape(focusedId.id)}"] a`);
          if (again) again.focus();
        }
        // the uploads are over: focus goes to the last new file, unless the
        // person went on elsewhere (focus outside the toolbar and the uploads)
        if (focusNewId && !running && !queue.length) {
          const added = itemsList.querySelector(`.drive-item[data-id="${CSS.escape(String(focusNewId))}"] a`);
          focusNewId = null;
          const active = document.activeElement;
          if (added && (!active || active === document.body || toolbar.contains(active) || uploads.contains(active) || active === zone)) added.focus();
        }
      } else if (itemsList) {
        for (const f of data.files || []) itemsList.append(itemFor(f));
      }
      next = data.next || null;
      more.hidden = !next;
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (mine !== generation) return;
      if (!cursor && err && err.status === 404) {
        setTitle(t('drive.notFound'));
        replaceChildren(head, embedded ? h('h2', {}, t('drive.notFound')) : h('h1', { class: 'page-title', tabindex: '-1' }, t('drive.notFound')),
          h('p', { class: 'muted' }, t('drive.notFoundText')), h('p', {}, h('a', { href: '/drive' }, t('drive.backToMine'))));
        head.className = 'drive-head';
        replaceChildren(toolbar);
        zone.hidden = true;
        return;
      }
      say(alertBox(errorMessage(err)));
      if (!state) replaceChildren(listing);
    } finally {
      if (mine === generation) {
        busy = false;
        more.disabled = false;
        listing.setAttribute('aria-busy', 'false');
        if (observer && next) { observer.unobserve(sentinel); observer.observe(sentinel); }
      }
    }
  }

  function loadMore() {
    if (busy || !next) return;
    load(next);
  }
  more.addEventListener('click', loadMore);
  let observer = null;
  if ('IntersectionObserver' in window) {
    observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore();
    }, { rootMargin: '300px 0px' });
    observer.observe(sentinel);
    if (signal) signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  }

  // ---- uploads ---------------------------------------------------------------------------------
  const queue = [];
  let running = 0;
  let focusNewId = null; // the last file uploaded, focused once the listing shows it
  let refreshTimer = null;
  const scheduleRefresh = () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => { if (!signal || !signal.aborted) load(null); }, 300);
  };

  function startUploads(files) {
    if (!state) return;
    const target = state.folder.id;
    uploads.hidden = false;
    for (const file of files) {
      const progress = h('progress', { class: 'drive-progress', max: '100', value: '0', 'aria-label': t('drive.upload.progressOf', { name: file.name }) });
      const status = h('span', { class: 'drive-upload-status muted' }, t('drive.upload.waiting'));
      const cancel = h('button', { type: 'button', class: 'btn btn-small', 'aria-label': t('drive.upload.cancelNamed', { name: file.name }) }, t('common.cancel'));
      const problem = h('div', { class: 'drive-upload-problem' });
      const li = h('li', { class: 'drive-upload is-waiting', dataset: { name: file.name } },
        h('div', { class: 'drive-upload-top' },
          h('span', { class: 'drive-upload-name' }, file.name),
          h('span', { class: 'drive-upload-size muted' }, formatSize(file.size)),
          cancel),
        progress, status, problem);
      uploadsList.append(li);
      const job = { file, target, li, progress, status, cancel, problem, handle: null, cancelled: false };
      cancel.addEventListener('click', () => {
        job.cancelled = true;
        if (job.handle) job.handle.abort();
        else finish(job, { error: { message: t('drive.upload.cancelled') } });
      });
      queue.push(job);
    }
    clearUploads.hidden = true;
    pump();
  }

  function pump() {
    while (running < PARALLEL && queue.length) {
      const job = queue.shift();
      if (job.cancelled) continue;
      running += 1;
      run(job).finally(() => {
        running -= 1;
        pump();
        if (!running && !queue.length) {
          clearUploads.hidden = false;
          scheduleRefresh();
        }
      });
    }
  }

  async function run(job) {
    const { file, li, progress, status } = job;
    li.className = 'drive-upload is-running';
    status.textContent = t('drive.upload.starting');
    const started = performance.now();
    job.handle = uploadFile(job.target, file, {
      onProgress: (loaded, total) => {
        const pct = total ? Math.min(100, Math.floor((loaded / total) * 100)) : 0;
        progress.value = pct;
        const elapsed = (performance.now() - started) / 1000;
        const rate = elapsed > 0 ? loaded / elapsed : 0;
        const remaining = rate > 0 ? (total - loaded) / rate : 0;
        status.textContent = pct < 100 && elapsed > 0.4 && remaining > 0
          ? t('drive.upload.progress', { pct: `${pct}`, time: formatDuration(remaining) })
          : t('drive.upload.percent', { pct: `${pct}` });
      },
    });
    try {
      const node = await job.handle.promise;
      finish(job, { node });
      if (node && node.id) focusNewId = node.id;
      scheduleRefresh();
    } catch (err) {
      finish(job, { error: err });
    }
  }

  function finish(job, { node, error }) {
    const { li, progress, status, cancel, problem, file } = job;
    cancel.remove();
    if (node) {
      li.className = 'drive-upload is-done';
      progress.value = 100;
      status.textContent = node.version > 1 ? t('drive.upload.doneVersion', { n: node.version }) : t('drive.upload.done');
      return;
    }
    li.className = 'drive-upload is-error';
    progress.remove();
    status.textContent = t('drive.upload.failed');
    replaceChildren(problem, alertBox(t('drive.upload.error', { name: file.name, message: error && error.message ? error.message : t('error.generic') })));
  }

  clearUploads.addEventListener('click', () => {
    for (const li of Array.from(uploadsList.children)) {
      if (!li.classList.contains('is-running') && !li.classList.contains('is-waiting')) li.remove();
    }
    if (!uploadsList.children.length) uploads.hidden = true;
    clearUploads.hidden = true;
    zone.focus();
  });

  // drag and drop onto the folder view
  const hasFiles = (event) => event.dataTransfer && Array.from(event.dataTransfer.types || []).includes('Files');
  let depth = 0;
  zone.addEventListener('dragenter', (event) => {
    if (!zone.classList.contains('is-droppable') || !hasFiles(event)) return;
    event.preventDefault();
    depth += 1;
    zone.classList.add('is-dragover');
  });
  zone.addEventListener('dragover', (event) => {
    if (!zone.classList.contains('is-droppable') || !hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) zone.classList.remove('is-dragover');
  });
  zone.addEventListener('drop', (event) => {
    if (!zone.classList.contains('is-droppable')) return;
    event.preventDefault();
    depth = 0;
    zone.classList.remove('is-dragover');
    const files = Array.from((event.dataTransfer && event.dataTransfer.files) || []);
    if (files.length) startUploads(files);
  });

  zone.setAttribute('tabindex', '-1');
  const ready = load(null);
  return { element, ready, reload: () => load(null), state: () => state };
}
