// /admin/charte — « Administration › Charte »: the charter in force (its
// Markdown, to edit into a new version), « Publier la nouvelle version »
// (POST /charter: everyone accepts it again), « Retirer la charte » (DELETE
// /charter: nobody is asked any more), and each version with how many of
// the active accounts accepted it and its CSV export (GET
// /charter/acceptances?version=N&format=csv). docs/moderation.md.

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get, post, del } from '../api.js';
import { alertBox, statusBox, loading, errorMessage, textareaField, confirmDialog, badge, tableScroll } from '../ui.js';
import { timeEl } from '../dates.js';
import { adminHeader } from '../admin-nav.js';

export const adminCharter = {
  title: () => `${t('admin.charter')} — ${t('admin.title')}`,
  render(main, { user: me, signal }) {
    main.append(...adminHeader('/admin/charte', 'admin.charter'));
    if (me.role !== 'admin') {
      main.append(alertBox(t('admin.forbidden')));
      return;
    }
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const say = (box) => replaceChildren(messages, box);
    const editor = textareaField({ label: t('admin.charterPage.body'), name: 'charter', rows: 14, hint: t('admin.charterPage.bodyHint') });
    const publish = h('button', { type: 'submit', class: 'btn btn-primary' }, t('admin.charterPage.publish'));
    const withdraw = h('button', { type: 'button', class: 'btn btn-danger', hidden: true }, t('admin.charterPage.withdraw'));
    const form = h('form', { class: 'form' }, editor.wrap, h('div', { class: 'form-actions' }, publish, withdraw));
    const versions = h('div', {}, loading());
    main.append(
      h('section', { class: 'card', 'aria-labelledby': 'charter-edit' },
        h('h2', { id: 'charter-edit' }, t('admin.charterPage.heading')),
        h('p', { class: 'muted' }, t('admin.charterPage.help')),
        messages, form),
      h('section', { class: 'card', 'aria-labelledby': 'charter-versions' },
        h('h2', { id: 'charter-versions' }, t('admin.charterPage.versions')), versions));

    async function load() {
      try {
        const data = await get('/charter/versions', { signal });
        const items = (data && data.items) || [];
        const inForce = items.find((v) => v.in_force);
        withdraw.hidden = !inForce;
        if (!editor.input.value && items.length) editor.input.value = items[0].body || '';
        if (!items.length) { replaceChildren(versions, h('p', { class: 'muted' }, t('admin.charterPage.none'))); return; }
        const active = data.active_accounts || 0;
        const rows = items.map((v) => h('tr', {},
          h('th', { scope: 'row' }, t('admin.charterPage.versionN', { version: v.version }), ' ',
            v.in_force ? badge(t('admin.charterPage.inForce')) : null),
          h('td', {}, timeEl(v.published_at, 'time'), v.published_by ? [' · ', v.published_by.display_name] : null),
          h('td', {}, t('admin.charterPage.accepted', { count: v.accepted_count, total: active })),
          h('td', {}, h('a', { href: `/api/v1/charter/acceptances?version=${encodeURIComponent(v.version)}&format=csv`, download: '' },
            t('admin.charterPage.csv', { version: v.version })))));
        replaceChildren(versions, tableScroll(h('table', { class: 'data-table' },
          h('caption', { class: 'sr-only' }, t('admin.charterPage.versions')),
          h('thead', {}, h('tr', {}, ['colVersion', 'colPublished', 'colAccepted', 'colExport']
            .map((k) => h('th', { scope: 'col' }, t(`admin.charterPage.${k}`))))),
          h('tbody', {}, rows)), t('admin.charterPage.versions')));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        replaceChildren(versions, alertBox(errorMessage(err)));
      }
    }

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!editor.input.value.trim()) { say(alertBox(t('admin.charterPage.empty'))); editor.input.focus(); return; }
      const ok = await confirmDialog({
        title: t('admin.charterPage.publishTitle'), message: t('admin.charterPage.publishText'), confirm: t('admin.charterPage.publish'),
      });
      if (!ok) return;
      publish.disabled = true;
      try {
        const c = await post('/charter', { body: editor.input.value }, { signal });
        say(statusBox(t('admin.charterPage.published', { version: c.version })));
        await load();
      } catch (err) {
        say(alertBox(errorMessage(err)));
      } finally {
        publish.disabled = false;
      }
    });
    withdraw.addEventListener('click', async () => {
      const ok = await confirmDialog({
        title: t('admin.charterPage.withdrawTitle'), message: t('admin.charterPage.withdrawText'), confirm: t('admin.charterPage.withdraw'), danger: true,
      });
      if (!ok) return;
      try {
        await del('/charter', { signal });
        say(statusBox(t('admin.charterPage.withdrawn')));
        await load();
        publish.focus();
      } catch (err) {
        say(alertBox(errorMessage(err)));
      }
    });
    return load();
  },
};
