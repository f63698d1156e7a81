// « Conservation des données » on /admin/portail (docs/gdpr.md): how long
// the audit log is kept, after how many months unused accounts are
// disabled, how long the drive's trash keeps what it holds (PATCH /settings).

import { h, replaceChildren } from './dom.js';
import { t } from './i18n.js';
import { patch } from './api.js';
import { field, alertBox, statusBox, errorMessage } from './ui.js';

const FIELDS = [
  { name: 'audit_retention_months', min: 0, max: 120, fallback: 12 },
  { name: 'inactive_disable_months', min: 0, max: 120, fallback: 0 },
  { name: 'trash_days', min: 1, max: 3650, fallback: 30 },
];

/** The section, from the settings as GET /settings gives them. */
export function retentionSection(settings, signal) {
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const inputs = FIELDS.map((f) => ({
    ...f,
    ...field({
      label: t(`gdpr.settings.${f.name}`), name: f.name, type: 'number', hint: t(`gdpr.settings.${f.name}Hint`),
      value: String(Number.isInteger(settings[f.name]) ? settings[f.name] : f.fallback),
      attrs: { min: f.min, max: f.max, step: 1, inputmode: 'numeric' },
    }),
  }));
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.save'));
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'retention-settings-title' },
    messages, ...inputs.map((i) => i.wrap), h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replaceChildren(messages);
    const body = {};
    for (const i of inputs) {
      const n = Number(i.input.value);
      if (i.input.value.trim() === '' || !Number.isInteger(n) || n < i.min || n > i.max) {
        replaceChildren(messages, alertBox(t('gdpr.settings.invalid', { min: i.min, max: i.max })));
        i.input.setAttribute('aria-invalid', 'true');
        i.input.focus();
        return;
      }
      i.input.removeAttribute('aria-invalid');
      body[i.name] = n;
    }
    submit.disabled = true;
    try {
      const saved = await patch('/settings', body, { signal });
      if (saved && typeof saved === 'object') Object.assign(settings, saved);
      replaceChildren(messages, statusBox(t('gdpr.settings.saved')));
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(messages, alertBox(errorMessage(err)));
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'retention-settings-title' },
    h('h2', { id: 'retention-settings-title' }, t('gdpr.settings.title')),
    h('p', { class: 'muted' }, t('gdpr.settings.help'), ' ', h('a', { href: '/donnees-personnelles' }, t('gdpr.register'))),
    form);
}
