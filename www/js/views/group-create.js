// The "Créer un groupe" form: name, description, visibility, who may post.
// On success, onCreated(group); on a name already taken, a link to the group
// that has it (when the server names it).

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { post } from '../api.js';
import { field, textareaField, radioGroup, alertBox, errorMessage } from '../ui.js';
import { VISIBILITIES, POSTINGS, groupUrl } from '../group-ui.js';

export const NAME_MAX = 80;
export const DESCRIPTION_MAX = 2000;

/** The fields a group's form shares with the settings tab. */
export function groupFields(group = {}) {
  const name = field({
    label: t('group.form.name'), name: 'name', required: true, value: group.name || '',
    hint: t('group.form.nameHint', { n: NAME_MAX }), attrs: { maxlength: NAME_MAX, autocomplete: 'off' },
  });
  const description = textareaField({
    label: t('group.form.description'), name: 'description', value: group.description || '',
    hint: t('group.form.descriptionHint', { n: DESCRIPTION_MAX }), attrs: { maxlength: DESCRIPTION_MAX },
  });
  const visibility = radioGroup({
    legend: t('group.form.visibility'), name: 'visibility', value: group.visibility || 'public',
    options: VISIBILITIES.map((v) => ({ value: v, label: t(`group.visibility.${v}`), hint: t(`group.visibilityHint.${v}`) })),
  });
  const posting = radioGroup({
    legend: t('group.form.posting'), name: 'posting', value: group.posting || 'members',
    options: POSTINGS.map((p) => ({ value: p, label: t(`group.posting.${p}`) })),
  });
  return { name, description, visibility, posting };
}

export function groupCreateForm({ onCreated, onCancel }) {
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const f = groupFields();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('group.create.submit'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  cancel.addEventListener('click', () => onCancel());
  const form = h('form', { class: 'form', novalidate: true, 'aria-label': t('group.create.title') },
    messages, f.name.wrap, f.description.wrap, f.visibility.wrap, f.posting.wrap,
    h('div', { class: 'form-actions' }, submit, cancel));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {
      name: f.name.input.value.trim(),
      description: f.description.input.value,
      visibility: f.visibility.value(),
      posting: f.posting.value(),
    };
    if (!body.name) {
      replaceChildren(messages, alertBox(t('group.form.nameMissing')));
      f.name.input.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('group.create.submitting');
    replaceChildren(messages);
    try {
      const group = await post('/groups', body);
      onCreated(group);
    } catch (err) {
      const existing = err && err.details && err.details.group;
      replaceChildren(messages, alertBox(errorMessage(err),
        existing && existing.id ? [' ', h('a', { href: groupUrl(existing) }, t('group.create.seeExisting', { name: existing.name }))] : null));
    } finally {
      submit.disabled = false;
      submit.textContent = t('group.create.submit');
    }
  });
  return { form, focus: () => f.name.input.focus() };
}
