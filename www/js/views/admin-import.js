// /admin/import — « Importer des personnes » (docs/imports.md): an
// administrator chooses a CSV file (UTF-8 or Windows-1252, commas or
// semicolons), sees the preview line by line (what is created, updated,
// unchanged, each error with its line and reason, the accounts that
// would be disabled), and applies it — only when the preview has no error.

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { adminHeader } from '../admin-nav.js';
import { field, checkboxField, alertBox, statusBox, errorMessage, tableScroll } from '../ui.js';

const SHOWN = 1000;   // lines drawn in the table (the counts are of all)

const T = (k, vars) => t(`admin.importsPage.${k}`, vars);

function send(bytes, { dryRun, disableMissing }) {
  const query = {};
  if (dryRun) query.dry_run = 1;
  if (disableMissing) query.disable_missing = 1;
  return api('POST', '/imports/people', { query, raw: bytes, contentType: 'text/csv' });
}

/** What a line changes, in words: "department: RH → Voirie; groups: +Agents". */
function detail(line) {
  if (line.action === 'error') return line.message;
  const parts = Object.entries(line.changes || {}).map(([k, v]) => (v.from === null || v.from === undefined
    ? T('changeSet', { field: T(`col.${k}`), to: v.to })
    : T('changeFromTo', { field: T(`col.${k}`), from: v.from || '∅', to: v.to })));
  if (line.groups_added && line.groups_added.length) parts.push(T('groupsAdded', { names: line.groups_added.join(', ') }));
  if (line.disabled) parts.push(T('stillDisabled'));
  return parts.join(' ; ');
}

function summary(data) {
  return T('summary', {
    create: data.create, update: data.update, unchanged: data.unchanged, disable: data.disable, errors: data.errors.length,
  });
}

function linesTable(data, captionKey) {
  const rows = data.lines.slice(0, SHOWN).map((l) => h('tr', { class: l.action === 'error' ? 'import-error' : null, dataset: { action: l.action } },
    h('th', { scope: 'row', class: 'num' }, String(l.line)),
    h('td', { class: 'import-email' }, l.email || '—'),
    h('td', {}, T(`action.${l.action}`)),
    h('td', { class: 'import-detail' }, detail(l))));
  const table = h('table', { class: 'data-table import-lines' },
    h('caption', {}, T(captionKey, { shown: Math.min(SHOWN, data.lines.length), total: data.lines.length })),
    h('thead', {}, h('tr', {}, ['colLine', 'colEmail', 'colAction', 'colDetail'].map((k) => h('th', { scope: 'col' }, T(k))))),
    h('tbody', {}, rows));
  return tableScroll(table, T(captionKey, { shown: rows.length, total: data.lines.length }));
}

export const adminImport = {
  title: () => `${t('admin.imports')} — ${t('admin.title')}`,
  render(main, { user: me }) {
    main.append(...adminHeader('/admin/import', 'admin.imports'));
    if (me.role !== 'admin') {
      main.append(alertBox(t('admin.forbidden')));
      return;
    }
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const preview = h('div', { class: 'import-preview' });
    const file = field({ label: T('file'), name: 'file', type: 'file', hint: T('fileHint'), attrs: { accept: '.csv,text/csv' } });
    const disableMissing = checkboxField({ label: T('disableMissing'), name: 'disable_missing', hint: T('disableMissingHint') });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, T('preview'));
    const form = h('form', { class: 'form', novalidate: true },
      h('p', {}, T('intro')),
      h('p', { class: 'hint' }, T('columns')),
      file.wrap, disableMissing.wrap, h('div', { class: 'form-actions' }, submit));
    main.append(h('section', { class: 'card import' }, form, messages, preview));

    let bytes = null;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      replaceChildren(preview);
      const chosen = file.input.files && file.input.files[0];
      if (!chosen) {
        replaceChildren(messages, alertBox(T('missing')));
        file.input.setAttribute('aria-invalid', 'true');
        file.input.focus();
        return;
      }
      file.input.removeAttribute('aria-invalid');
      submit.disabled = true;
      submit.textContent = T('previewing');
      const options = { disableMissing: disableMissing.input.checked };
      try {
        bytes = new Uint8Array(await chosen.arrayBuffer());
        const data = await send(bytes, { ...options, dryRun: true });
        showPreview(data, options);
      } catch (err) {
        replaceChildren(messages, alertBox(errorMessage(err)));
      } finally {
        submit.disabled = false;
        submit.textContent = T('preview');
      }
    });

    function showPreview(data, options) {
      const ok = data.errors.length === 0;
      const changes = data.create + data.update + data.disable;
      replaceChildren(messages, ok ? statusBox(summary(data), 'alert alert-info') : alertBox(`${summary(data)} ${T('fix')}`));
      const parts = [h('h2', { id: 'import-preview-title', tabindex: '-1' }, T('previewTitle'))];
      if (!ok) {
        parts.push(h('h3', {}, T('errorsTitle')),
          h('ul', { class: 'import-errors' }, data.errors.map((e) => h('li', {}, T('errorLine', { line: e.line, message: e.message })))));
      }
      if (data.disabled && data.disabled.length) {
        parts.push(h('h3', {}, T('disableTitle', { count: data.disable })),
          h('ul', { class: 'plain-list import-disable' }, data.disabled.slice(0, SHOWN).map((d) => h('li', {}, `${d.display_name} — ${d.email}`))));
      }
      parts.push(linesTable(data, 'linesCaption'));
      if (ok && changes > 0) {
        const apply = h('button', { type: 'button', class: 'btn btn-primary' }, T('apply'));
        apply.addEventListener('click', async () => {
          apply.disabled = true;
          apply.textContent = T('applying');
          try {
            const done = await send(bytes, { ...options, dryRun: false });
            replaceChildren(preview);
            replaceChildren(messages, statusBox(T('applied', { create: done.create, update: done.update, disable: done.disable })));
            messages.querySelector('.alert')?.setAttribute('tabindex', '-1');
            messages.querySelector('.alert')?.focus();
          } catch (err) {
            apply.disabled = false;
            apply.textContent = T('apply');
            replaceChildren(messages, alertBox(errorMessage(err)));
          }
        });
        parts.push(h('div', { class: 'form-actions' }, apply));
      } else if (ok) {
        parts.push(h('p', {}, T('nothing')));
      }
      replaceChildren(preview, ...parts);
      preview.querySelector('#import-preview-title').focus();
    }
  },
};
