// /admin/reglages — « Réglages »: the platform settings PATCH /settings takes
// that had no screen (docs/ui.md): who may create groups, the drive quotas
// per person and per group, how long the trash keeps files, whether guests
// read the news, the installed application's colour. Each field's problem is shown next to it (aria-invalid,
// aria-describedby) and announced; the server's own refusals too.

import { h, replaceChildren, uid } from '../dom.js';
import { t, formatNumber } from '../i18n.js';
import { get, patch } from '../api.js';
import { alertBox, statusBox, loading, errorMessage, radioGroup, checkboxField } from '../ui.js';
import { adminHeader } from '../admin-nav.js';
import { outgoingSection } from '../veille.js';
import { ssoSection } from '../sso-settings.js';

// the server's limits (fcgi/platform/h_settings.c)
const NUMBERS = [
  { name: 'drive_quota_person_mb', min: 0, max: 100 * 1024 * 1024, unit: 'mb' },
  { name: 'drive_quota_group_mb', min: 0, max: 100 * 1024 * 1024, unit: 'mb' },
  { name: 'trash_days', min: 1, max: 3650, unit: 'days' },
];

/** A number field with its hint and its own error line, both in aria-describedby. */
function numberField({ name, min, max }, value) {
  const id = uid(`f-${name}`);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const input = h('input', {
    id, name, type: 'number', class: 'input', value: String(value), min: String(min), max: String(max), step: '1',
    inputmode: 'numeric', 'aria-describedby': `${hintId} ${errorId}`,
  });
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const wrap = h('div', { class: 'field' },
    h('label', { for: id, class: 'label' }, t(`adminSettings.${name}`)),
    h('p', { id: hintId, class: 'hint' }, t(`adminSettings.${name}Hint`)),
    input, error);
  return {
    name, min, max, wrap, input,
    setError(message) {
      error.textContent = message || '';
      error.hidden = !message;
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
}

export const adminSettings = {
  title: () => `${t('adminSettings.title')} — ${t('admin.title')}`,
  async render(main, { user: me, signal }) {
    main.append(...adminHeader('/admin/reglages', 'adminSettings.title'));
    if (me.role !== 'admin') {
      main.append(alertBox(t('admin.forbidden')));
      return;
    }
    const body = h('div', { class: 'admin-settings' }, loading());
    main.append(body);
    // the internal hosts feeds and webhooks may reach (docs/feeds.md)
    main.append(outgoingSection({ signal }));
    let settings;
    try {
      settings = await get('/settings', { signal });
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(body, alertBox(errorMessage(err)));
      return;
    }

    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const creation = radioGroup({
      legend: t('adminSettings.group_creation'), name: 'group_creation', value: settings.group_creation || 'everyone',
      options: [
        { value: 'everyone', label: t('adminSettings.creation.everyone'), hint: t('adminSettings.creation.everyoneHint') },
        { value: 'admins', label: t('adminSettings.creation.admins'), hint: t('adminSettings.creation.adminsHint') },
      ],
    });
    const numbers = NUMBERS.map((f) => numberField(f, Number.isInteger(settings[f.name]) ? settings[f.name] : ''));
    const guests = checkboxField({
      label: t('adminSettings.guests_see_news'), name: 'guests_see_news', checked: settings.guests_see_news === true,
      hint: t('adminSettings.guests_see_newsHint'),
    });
    // the installed application's colour (the manifest's theme, docs/delivery.md)
    const colourId = uid('f-theme_colour');
    const colour = h('input', {
      id: colourId, name: 'theme_colour', type: 'color', class: 'input input-colour',
      value: /^#[0-9a-f]{6}$/i.test(settings.theme_colour || '') ? settings.theme_colour.toLowerCase() : '#1b5bd0',
      'aria-describedby': `${colourId}-hint`,
    });
    const colourField = h('div', { class: 'field' },
      h('label', { for: colourId, class: 'label' }, t('adminSettings.theme_colour')),
      h('p', { id: `${colourId}-hint`, class: 'hint' }, t('adminSettings.theme_colourHint')),
      colour);
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.save'));
    const titles = { groups: uid('settings-groups'), drive: uid('settings-drive'), guests: uid('settings-guests'),
      look: uid('settings-look') };
    const form = h('form', { class: 'form', novalidate: true, 'aria-label': t('adminSettings.title') },
      messages,
      h('section', { class: 'card admin-settings-section', 'aria-labelledby': titles.groups },
        h('h2', { id: titles.groups }, t('adminSettings.groupsTitle')), creation.wrap),
      h('section', { class: 'card admin-settings-section', 'aria-labelledby': titles.drive },
        h('h2', { id: titles.drive }, t('adminSettings.driveTitle')), numbers.map((n) => n.wrap)),
      h('section', { class: 'card admin-settings-section', 'aria-labelledby': titles.guests },
        h('h2', { id: titles.guests }, t('adminSettings.guestsTitle')), guests.wrap),
      h('section', { class: 'card admin-settings-section', 'aria-labelledby': titles.look },
        h('h2', { id: titles.look }, t('adminSettings.lookTitle')), colourField),
      h('div', { class: 'form-actions' }, submit));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      replaceChildren(messages);
      const payload = { group_creation: creation.value(), guests_see_news: guests.input.checked, theme_colour: colour.value };
      const wrong = [];
      for (const n of numbers) {
        const text = n.input.value.trim();
        const v = Number(text);
        if (text === '' || !Number.isInteger(v) || v < n.min || v > n.max) {
          n.setError(t('adminSettings.range', { min: formatNumber(n.min), max: formatNumber(n.max) }));
          wrong.push(n);
        } else {
          n.setError(null);
          payload[n.name] = v;
        }
      }
      if (wrong.length) {
        // announced once (the alert), each problem next to its field, focus on the first
        replaceChildren(messages, alertBox(t('adminSettings.fix', { n: wrong.length, count: formatNumber(wrong.length) })));
        wrong[0].input.focus();
        return;
      }
      submit.disabled = true;
      try {
        const saved = await patch('/settings', payload, { signal });
        if (saved && typeof saved === 'object') Object.assign(settings, saved);
        replaceChildren(messages, statusBox(t('adminSettings.saved')));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        const message = errorMessage(err);
        // the server names the field it refused: the message goes next to it too
        const field = numbers.find((n) => message.includes(n.name));
        if (field) { field.setError(message); field.input.focus(); }
        replaceChildren(messages, alertBox(message));
      } finally {
        submit.disabled = false;
        // the disabled button lost the focus: back on it, not on the page's body
        if (!form.contains(document.activeElement)) submit.focus();
      }
    });
    replaceChildren(body, form, ssoSection(signal));
  },
};
