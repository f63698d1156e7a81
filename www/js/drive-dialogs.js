// Drive dialogs: a name (new folder, rename), a file's details and versions,
// an archive's content, moving to another folder (or drive), sharing.
// All are modal <dialog>s from dialog.js: focus stays inside, Escape closes.

import { h, replaceChildren } from './dom.js';
import { t } from './i18n.js';
import { get, post, patch, put, del } from './api.js';
import { openDialog } from './dialog.js';
import { field, alertBox, statusBox, loading, errorMessage, badge, radioGroup } from './ui.js';
import { shortDateTime } from './dates.js';
import { createPersonPicker } from './person-picker.js';
import {
  driveIcon, formatSize, contentUrl, isArchive, driveLabel,
} from './drive-util.js';

const enc = encodeURIComponent;

/**
 * A dialog asking for a name. `onSubmit(name)` returns a promise; its error
 * (the server's message, e.g. a name already taken) is shown in the dialog.
 */
export function askName({ title, label, value = '', submit, onSubmit }) {
  const name = field({ label, name: 'name', value, attrs: { autocomplete: 'off', spellcheck: 'false', maxlength: '255', required: true } });
  const messages = h('div', { class: 'messages' });
  const ok = h('button', { type: 'submit', class: 'btn btn-primary' }, submit);
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'form drive-name-form' }, messages, name.wrap, h('div', { class: 'form-actions dialog-actions' }, cancel, ok));
  const d = openDialog({ title, content: form });
  cancel.addEventListener('click', () => d.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = name.input.value.trim();
    if (!text) {
      replaceChildren(messages, alertBox(t('drive.nameRequired')));
      name.input.focus();
      return;
    }
    ok.disabled = true;
    try {
      await onSubmit(text);
      d.close();
    } catch (err) {
      ok.disabled = false;
      replaceChildren(messages, alertBox(errorMessage(err)));
      name.input.focus();
    }
  });
  name.input.focus();
  // select the name without its extension, as file managers do
  const dot = value.lastIndexOf('.');
  name.input.setSelectionRange(0, dot > 0 ? dot : value.length);
  return d;
}

const who = (person) => (person && person.display_name) || t('drive.someone');

/** A file's details: what it is, its versions (download, restore). */
export function openDetails(node, { onChanged = () => {} } = {}) {
  const body = h('div', { class: 'drive-details' }, loading());
  const d = openDialog({ title: node.name, content: body, wide: true });

  async function load(message) {
    let file;
    try {
      file = await get(`/files/${enc(node.id)}`);
    } catch (err) {
      replaceChildren(body, alertBox(errorMessage(err)));
      return;
    }
    d.dialog.querySelector('h2').textContent = file.name;
    const canWrite = !!(file.can && file.can.write);
    const versions = Array.isArray(file.versions) ? file.versions : [];
    const facts = h('dl', { class: 'drive-facts' },
      h('div', {}, h('dt', {}, t('drive.col.size')), h('dd', {}, formatSize(file.size))),
      file.mime ? h('div', {}, h('dt', {}, t('drive.col.type')), h('dd', {}, file.mime)) : null,
      h('div', {}, h('dt', {}, t('drive.col.modified')), h('dd', {},
        shortDateTime(file.updated_at), file.updated_by ? ` · ${who(file.updated_by)}` : '')),
      h('div', {}, h('dt', {}, t('drive.col.version')), h('dd', {}, String(file.version || 1))));
    const actions = h('div', { class: 'drive-detail-actions' },
      h('a', { class: 'btn', href: contentUrl(file), target: '_blank', rel: 'noopener' }, t('drive.open')),
      h('a', { class: 'btn', href: contentUrl(file, { download: true }), download: '' }, driveIcon('download'), t('drive.download')),
      isArchive(file) ? h('button', { type: 'button', class: 'btn', onclick: () => openEntries(file) }, t('drive.entries.open')) : null);

    const list = h('ol', { class: 'drive-versions', 'aria-label': t('drive.versions.title') }, versions.map((v) => {
      const restore = !v.current && canWrite
        ? h('button', {
          type: 'button', class: 'btn btn-small',
          'aria-label': t('drive.versions.restoreNamed', { n: v.version }),
        }, t('drive.versions.restore'))
        : null;
      if (restore) {
        restore.addEventListener('click', async () => {
          restore.disabled = true;
          try {
            await post(`/files/${enc(file.id)}/versions/${enc(v.version)}/restore`);
            onChanged();
            await load(statusBox(t('drive.versions.restored', { n: v.version })));
          } catch (err) {
            restore.disabled = false;
            replaceChildren(messages, alertBox(errorMessage(err)));
          }
        });
      }
      return h('li', { class: `drive-version${v.current ? ' is-current' : ''}`, dataset: { version: String(v.version) } },
        h('div', { class: 'drive-version-text' },
          h('span', { class: 'drive-version-name' }, t('drive.versions.label', { n: v.version }),
            v.current ? [' ', badge(t('drive.versions.current'), 'badge-current')] : null),
          h('span', { class: 'muted' }, `${who(v.created_by)} · `,
            h('time', { datetime: v.created_at }, shortDateTime(v.created_at)), ` · ${formatSize(v.size)}`)),
        h('div', { class: 'drive-version-actions' },
          h('a', {
            class: 'btn btn-small', href: contentUrl(file, { version: v.version, download: true }), download: '',
            'aria-label': t('drive.versions.downloadNamed', { n: v.version }),
          }, t('drive.download')),
          restore));
    }));
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' }, message || null);
    replaceChildren(body, messages, facts, actions,
      h('h3', { class: 'drive-versions-title' }, t('drive.versions.title')),
      versions.length ? list : h('p', { class: 'muted' }, t('drive.versions.none')));
  }
  load(null);
  return d;
}

/** The entries of a zip, tar or 7z file. */
export function openEntries(node) {
  const body = h('div', { class: 'drive-entries' }, loading());
  openDialog({ title: t('drive.entries.title', { name: node.name }), content: body, wide: true });
  get(`/files/${enc(node.id)}/entries`).then((data) => {
    const items = (data && data.items) || [];
    replaceChildren(body,
      h('p', { class: 'muted' }, t('drive.entries.count', { n: items.length, format: String((data && data.format) || '').toUpperCase() })),
      items.length
        ? h('ul', { class: 'drive-entry-list', 'aria-label': t('drive.entries.listLabel') }, items.map((it) => h('li', { class: 'drive-entry' },
          driveIcon(it.directory ? 'folder' : 'file', 'icon icon-sm'),
          h('span', { class: 'drive-entry-name' }, it.name || ''),
          it.directory ? null : h('span', { class: 'muted drive-entry-size' }, formatSize(it.size)))))
        : null,
      data && data.truncated ? h('p', { class: 'alert alert-info' }, t('drive.entries.truncated')) : null);
  }).catch((err) => replaceChildren(body, alertBox(errorMessage(err))));
}

/**
 * Moves `node` (a file or a folder) to a folder the person picks: in their
 * drive or in the drive of a group they may write to.
 */
export function openMove(node, { me, currentDrive, onMoved = () => {} } = {}) {
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const driveSelect = h('select', { class: 'input', id: 'drive-move-drive', name: 'drive' });
  const crumbs = h('ol', { class: 'drive-move-path' });
  const folders = h('ul', { class: 'drive-move-list', 'aria-label': t('drive.move.folders') });
  const here = h('button', { type: 'button', class: 'btn btn-primary' }, t('drive.move.here'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const content = h('div', { class: 'drive-move' },
    messages,
    h('div', { class: 'field' }, h('label', { class: 'label', for: 'drive-move-drive' }, t('drive.move.drive')), driveSelect),
    h('nav', { 'aria-label': t('drive.move.where') }, crumbs),
    folders,
    h('div', { class: 'form-actions dialog-actions' }, cancel, here));
  const d = openDialog({ title: t('drive.move.title', { name: node.name }), content, wide: true });
  cancel.addEventListener('click', () => d.close());

  const drives = []; // [{value, label, load() → drive}]
  let target = null; // the folder shown: {id, name}

  async function show(folderId) {
    replaceChildren(folders, h('li', {}, loading()));
    here.disabled = true;
    try {
      const data = await get(`/folders/${enc(folderId)}`, { query: { sort: 'name', order: 'asc', limit: 1 } });
      target = data.folder;
      const path = Array.isArray(data.path) ? data.path : [];
      const rootLabel = driveLabel(data.drive, me);
      replaceChildren(crumbs, path.map((p, i) => {
        const label = i === 0 && String(p.id) === String(data.drive.root_folder_id) ? rootLabel : p.name;
        const last = i === path.length - 1;
        return h('li', {}, last
          ? h('span', { 'aria-current': 'location' }, label)
          : h('button', { type: 'button', class: 'btn-link', onclick: () => show(p.id) }, label));
      }));
      if (!path.length) crumbs.append(h('li', {}, h('span', { 'aria-current': 'location' }, rootLabel)));
      const subs = (data.folders || []).filter((f) => String(f.id) !== String(node.id));
      replaceChildren(folders, subs.length
        ? subs.map((f) => h('li', {}, h('button', {
          type: 'button', class: 'drive-move-folder', onclick: () => show(f.id),
        }, driveIcon('folder', 'icon icon-sm'), h('span', {}, f.name))))
        : h('li', { class: 'muted' }, t('drive.move.noFolders')));
      const same = String(target.id) === String(node.parent_id);
      here.disabled = same || !(data.drive.can && data.drive.can.write) || String(target.id) === String(node.id);
      here.textContent = same ? t('drive.move.already') : t('drive.move.hereNamed', { name: path.length > 1 ? target.name : rootLabel });
    } catch (err) {
      replaceChildren(folders, h('li', {}, alertBox(errorMessage(err))));
    }
  }

  async function chooseDrive(index) {
    const entry = drives[index];
    if (!entry) return;
    replaceChildren(folders, h('li', {}, loading()));
    try {
      const drive = await entry.load();
      await show(drive.root_folder_id);
    } catch (err) {
      replaceChildren(folders, h('li', {}, alertBox(errorMessage(err))));
    }
  }
  driveSelect.addEventListener('change', () => chooseDrive(Number(driveSelect.value)));

  here.addEventListener('click', async () => {
    if (!target) return;
    here.disabled = true;
    try {
      const path = node.kind === 'folder' ? `/folders/${enc(node.id)}` : `/files/${enc(node.id)}`;
      const body = node.kind === 'folder' ? { parent_id: target.id } : { folder_id: target.id };
      const moved = await patch(path, body);
      d.close();
      onMoved(moved, target);
    } catch (err) {
      here.disabled = false;
      replaceChildren(messages, alertBox(errorMessage(err)));
    }
  });

  (async () => {
    drives.push({ label: t('drive.myDrive'), load: () => get('/drive') });
    try {
      const groups = await get('/groups', { query: { mine: 1, limit: 100 } });
      for (const g of (groups && groups.items) || []) {
        if (g.can && g.can.drive && !g.archived) {
          drives.push({ label: t('drive.groupDrive', { name: g.name }), group: g.id, load: () => get(`/groups/${enc(g.id)}/drive`) });
        }
      }
    } catch { /* one's own drive is still there */ }
    replaceChildren(driveSelect, drives.map((e, i) => h('option', { value: String(i) }, e.label)));
    let start = 0;
    if (currentDrive && currentDrive.kind === 'group' && currentDrive.group) {
      const i = drives.findIndex((e) => String(e.group) === String(currentDrive.group.id));
      if (i >= 0) start = i;
    }
    driveSelect.value = String(start);
    if (node.parent_id && currentDrive && (start > 0 || currentDrive.kind === 'personal')) await show(node.parent_id);
    else await chooseDrive(start);
  })();
  return d;
}

/** Sharing one's file or folder with named people, read-only or editable. */
export function openShare(node) {
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const say = (box) => replaceChildren(messages, box);
  const list = h('ul', { class: 'drive-share-list', 'aria-label': t('drive.share.listLabel') });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', disabled: true }, t('drive.share.submit'));
  const picker = createPersonPicker({ label: t('drive.share.person'), name: 'person', onChange: (p) => { submit.disabled = !p; } });
  const mode = radioGroup({
    legend: t('drive.share.mode'), name: 'mode', value: 'read',
    options: [{ value: 'read', label: t('drive.share.read') }, { value: 'edit', label: t('drive.share.edit') }],
  });
  const form = h('form', { class: 'form drive-share-form' }, picker.wrap, mode.wrap, h('div', { class: 'form-actions' }, submit));
  const body = h('div', { class: 'drive-share' }, messages, form,
    h('h3', {}, t('drive.share.current')), list);
  const d = openDialog({ title: t('drive.share.title', { name: node.name }), content: body, wide: true });
  const base = `/nodes/${enc(node.id)}/shares`;

  async function load() {
    replaceChildren(list, h('li', {}, loading()));
    try {
      const data = await get(base);
      const items = (data && data.items) || [];
      replaceChildren(list, items.length ? items.map(row) : h('li', { class: 'muted' }, t('drive.share.none')));
    } catch (err) {
      replaceChildren(list, h('li', {}, alertBox(errorMessage(err))));
    }
  }

  function row(item) {
    const name = item.user.display_name || '';
    const select = h('select', { class: 'input input-small', 'aria-label': t('drive.share.modeFor', { name }) },
      h('option', { value: 'read', selected: !item.can_edit || null }, t('drive.share.read')),
      h('option', { value: 'edit', selected: item.can_edit || null }, t('drive.share.edit')));
    select.addEventListener('change', async () => {
      try {
        await put(`${base}/${enc(item.user.id)}`, { can_edit: select.value === 'edit' });
        say(statusBox(t('drive.share.changed', { name })));
      } catch (err) {
        say(alertBox(errorMessage(err)));
      }
    });
    const revoke = h('button', { type: 'button', class: 'btn btn-danger-outline btn-small', 'aria-label': t('drive.share.revokeNamed', { name }) }, t('drive.share.revoke'));
    revoke.addEventListener('click', async () => {
      revoke.disabled = true;
      try {
        await del(`${base}/${enc(item.user.id)}`);
        say(statusBox(t('drive.share.revoked', { name })));
        await load();
        picker.input.focus();
      } catch (err) {
        revoke.disabled = false;
        say(alertBox(errorMessage(err)));
      }
    });
    return h('li', { class: 'drive-share-row' },
      h('span', { class: 'drive-share-name' }, name),
      h('span', { class: 'drive-share-controls' }, select, revoke));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const person = picker.value();
    if (!person) { picker.input.focus(); return; }
    submit.disabled = true;
    try {
      await put(`${base}/${enc(person.id)}`, { can_edit: mode.value() === 'edit' });
      say(statusBox(t('drive.share.done', { name: person.display_name })));
      picker.clear();
      await load();
      picker.input.focus();
    } catch (err) {
      submit.disabled = false;
      say(alertBox(errorMessage(err)));
    }
  });
  load();
  picker.input.focus();
  return d;
}

