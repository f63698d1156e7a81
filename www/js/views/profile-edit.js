// The form that edits a profile (oneself, or anyone for an administrator):
// name, job title, department, site, phone and a short presentation.

import { h, replaceChildren, uid } from '../dom.js';
import { t } from '../i18n.js';
import { get, patch } from '../api.js';
import { field, textareaField, alertBox, errorMessage } from '../ui.js';

const FIELDS = [
  { name: 'display_name', max: 100, required: true, autocomplete: 'name' },
  { name: 'job_title', max: 100, autocomplete: 'organization-title' },
  { name: 'department', max: 100, list: 'departments' },
  { name: 'site', max: 100, list: 'sites' },
  { name: 'phone', max: 40, type: 'tel', autocomplete: 'tel' },
];
const BIO_MAX = 1000;

export function profileForm(person, { onSaved, onCancel, signal }) {
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const lists = { departments: h('datalist', { id: uid('dl-dep') }), sites: h('datalist', { id: uid('dl-site') }) };
  const inputs = {};
  const wraps = FIELDS.map((f) => {
    const { wrap, input } = field({
      label: t(`profile.${f.name}`), name: f.name, type: f.type || 'text', required: !!f.required,
      autocomplete: f.autocomplete || 'off', value: person[f.name] || '',
      attrs: { maxlength: f.max, list: f.list ? lists[f.list].id : null },
    });
    inputs[f.name] = input;
    return wrap;
  });
  const bio = textareaField({
    label: t('profile.bio'), name: 'bio', value: person.bio || '', rows: 5,
    hint: t('profile.bioHint', { n: BIO_MAX }), attrs: { maxlength: BIO_MAX },
  });
  inputs.bio = bio.input;

  get('/directory/attributes', { signal }).then((attrs) => {
    replaceChildren(lists.departments, ((attrs && attrs.departments) || []).map((v) => h('option', { value: v.value })));
    replaceChildren(lists.sites, ((attrs && attrs.sites) || []).map((v) => h('option', { value: v.value })));
  }).catch(() => {});

  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('profile.save'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  cancel.addEventListener('click', () => onCancel());
  const form = h('form', { class: 'form form-grid profile-form', novalidate: true, 'aria-labelledby': 'profile-edit-title' },
    h('h2', { id: 'profile-edit-title', class: 'span-all' }, t('profile.editTitle')),
    h('div', { class: 'span-all' }, messages),
    wraps, h('div', { class: 'span-all' }, bio.wrap), lists.departments, lists.sites,
    h('div', { class: 'form-actions span-all' }, submit, cancel));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {};
    for (const [name, input] of Object.entries(inputs)) {
      const value = name === 'bio' ? input.value.replace(/\s+$/, '') : input.value.trim();
      if (value !== (person[name] || '')) body[name] = value;
    }
    if ('display_name' in body && !body.display_name) {
      replaceChildren(messages, alertBox(t('profile.nameMissing')));
      inputs.display_name.focus();
      return;
    }
    if (!Object.keys(body).length) { onSaved(person, {}); return; }
    submit.disabled = true;
    replaceChildren(messages);
    try {
      const data = await patch(`/users/${encodeURIComponent(person.id)}`, body);
      const updated = data && data.user ? data.user : data;
      onSaved({ ...person, ...body, ...(updated || {}), groups: person.groups }, body);
    } catch (err) {
      submit.disabled = false;
      replaceChildren(messages, alertBox(errorMessage(err)));
    }
  });
  return { form, focus: () => inputs.display_name.focus() };
}
