// /admin/portail — administrators set the organisation's name, its logo and
// the portal's quick links (PATCH /settings).

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get, patch } from '../api.js';
import { field, alertBox, statusBox, loading, errorMessage } from '../ui.js';
import { adminHeader } from '../admin-nav.js';

const MAX_LINKS = 12;

export const adminPortal = {
  title: () => `${t('admin.portal')} — ${t('admin.title')}`,
  async render(main, { user: me, signal }) {
    main.append(...adminHeader('/admin/portail', 'admin.portal'));
    if (me.role !== 'admin') {
      main.append(alertBox(t('admin.forbidden')));
      return;
    }
    const body = h('section', { class: 'card portal-settings', 'aria-labelledby': 'portal-settings-title' },
      h('h2', { id: 'portal-settings-title' }, t('portal.settingsTitle')), loading());
    main.append(body);

    let settings;
    try {
      settings = await get('/settings', { signal });
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(body, alertBox(errorMessage(err)));
      return;
    }

    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const name = field({ label: t('portal.orgName'), name: 'organisation_name', value: settings.organisation_name || '', required: true, attrs: { maxlength: '100' } });
    const logo = field({ label: t('portal.logoUrl'), name: 'logo_url', value: settings.logo_url || '', hint: t('portal.logoHint'), attrs: { spellcheck: 'false' } });

    // quick links: one row per link, title and address
    const rows = h('ol', { class: 'link-rows', 'aria-label': t('portal.links') });
    const addBtn = h('button', { type: 'button', class: 'btn btn-small' }, t('portal.addLink'));
    function renumber() {
      Array.from(rows.children).forEach((li, i) => {
        const n = i + 1;
        li.querySelector('[name="title"]').setAttribute('aria-label', t('portal.linkTitleN', { n }));
        li.querySelector('[name="url"]').setAttribute('aria-label', t('portal.linkUrlN', { n }));
        li.querySelector('.link-remove').setAttribute('aria-label', t('portal.removeLinkN', { n }));
      });
      addBtn.disabled = rows.children.length >= MAX_LINKS;
    }
    function linkRow(link = { title: '', url: '' }) {
      const title = h('input', { class: 'input', name: 'title', value: link.title, maxlength: '80', placeholder: t('portal.linkTitle') });
      const url = h('input', { class: 'input', name: 'url', value: link.url, spellcheck: 'false', placeholder: t('portal.linkUrl') });
      const remove = h('button', { type: 'button', class: 'btn btn-small btn-danger-outline link-remove' }, t('portal.removeLink'));
      const li = h('li', { class: 'link-row' }, title, url, remove);
      remove.addEventListener('click', () => {
        const next = li.nextElementSibling || li.previousElementSibling;
        li.remove();
        renumber();
        (next ? next.querySelector('input') : addBtn).focus();
      });
      return li;
    }
    for (const l of settings.quick_links || []) rows.append(linkRow(l));
    addBtn.addEventListener('click', () => {
      const li = linkRow();
      rows.append(li);
      renumber();
      li.querySelector('input').focus();
    });
    renumber();

    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.save'));
    const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'portal-settings-title' },
      messages, name.wrap, logo.wrap,
      h('fieldset', { class: 'plain-fieldset field' },
        h('legend', { class: 'label' }, t('portal.links')),
        h('p', { class: 'hint' }, t('portal.linksHint', { n: MAX_LINKS })),
        rows, addBtn),
      h('div', { class: 'form-actions' }, submit));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      replaceChildren(messages);
      const links = Array.from(rows.children).map((li) => ({
        title: li.querySelector('[name="title"]').value.trim(),
        url: li.querySelector('[name="url"]').value.trim(),
      })).filter((l) => l.title || l.url);
      if (!name.input.value.trim()) {
        replaceChildren(messages, alertBox(t('portal.nameMissing')));
        name.input.focus();
        return;
      }
      const incomplete = links.findIndex((l) => !l.title || !l.url);
      if (incomplete >= 0) {
        replaceChildren(messages, alertBox(t('portal.linkIncomplete', { n: incomplete + 1 })));
        return;
      }
      submit.disabled = true;
      try {
        const payload = { organisation_name: name.input.value.trim(), quick_links: links };
        payload.logo_url = logo.input.value.trim() || '/img/logo.svg';
        settings = await patch('/settings', payload, { signal });
        logo.input.value = settings.logo_url || '';
        replaceChildren(messages, statusBox(t('portal.saved')));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        replaceChildren(messages, alertBox(errorMessage(err)));
      } finally {
        submit.disabled = false;
      }
    });
    replaceChildren(body, h('h2', { id: 'portal-settings-title' }, t('portal.settingsTitle')), form);
  },
};
