// /admin/portail — administrators set the organisation's name, its logo and
// the portal's quick links, and the chat's platform settings: how long
// messages are kept and the video service « Lancer une visio » uses
// (PATCH /settings).

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get, patch } from '../api.js';
import { field, alertBox, statusBox, loading, errorMessage } from '../ui.js';
import { adminHeader } from '../admin-nav.js';
import { retentionSection } from '../retention-settings.js';

const MAX_LINKS = 12;
const MAX_RETENTION = 3650;
const VIDEO_URL = /^(https:\/\/\S+)?$/i;

/** « Messagerie »: chat_retention_days and video_url. */
function chatSection(settings, signal) {
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const retention = field({
    label: t('portal.chat.retention'), name: 'chat_retention_days', type: 'number', hint: t('portal.chat.retentionHint'),
    value: String(Number.isInteger(settings.chat_retention_days) ? settings.chat_retention_days : 0),
    attrs: { min: 0, max: MAX_RETENTION, step: 1, inputmode: 'numeric' },
  });
  const video = field({
    label: t('portal.chat.video'), name: 'video_url', type: 'url', hint: t('portal.chat.videoHint'),
    value: settings.video_url || '', attrs: { spellcheck: 'false', placeholder: 'https://meet.example.org/' },
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.save'));
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'chat-settings-title' },
    messages, retention.wrap, video.wrap, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replaceChildren(messages);
    const days = Number(retention.input.value);
    if (retention.input.value.trim() === '' || !Number.isInteger(days) || days < 0 || days > MAX_RETENTION) {
      replaceChildren(messages, alertBox(t('portal.chat.retentionInvalid', { max: MAX_RETENTION })));
      retention.input.focus();
      return;
    }
    const url = video.input.value.trim();
    if (!VIDEO_URL.test(url)) {
      replaceChildren(messages, alertBox(t('portal.chat.videoInvalid')));
      video.input.focus();
      return;
    }
    submit.disabled = true;
    try {
      const saved = await patch('/settings', { chat_retention_days: days, video_url: url }, { signal });
      if (saved && typeof saved === 'object') Object.assign(settings, saved);
      replaceChildren(messages, statusBox(t('portal.chat.saved')));
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(messages, alertBox(errorMessage(err)));
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'chat-settings-title' },
    h('h2', { id: 'chat-settings-title' }, t('portal.chat.title')),
    h('p', { class: 'muted' }, t('portal.chat.help')), form);
}

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
    main.append(chatSection(settings, signal));
    main.append(retentionSection(settings, signal));
  },
};
