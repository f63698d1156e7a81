// The inline editor of a post (title and text) or a comment (text): the
// same Markdown text area with @mentions and a counter, Save and Cancel.

import { h, replaceChildren } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { field, textareaField, alertBox, errorMessage } from './ui.js';
import { attachMentions } from './mentions.js';
import { charCounter } from './composer.js';

/**
 * createTextEditor({label, title?, body, max, signal, save(payload), onCancel})
 * → {element, focus()}. `title` undefined: no title field. `save` returns a
 * promise; its error message is shown next to the form.
 */
export function createTextEditor({ label, title, body, max, signal, save, onCancel }) {
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const titleField = title === undefined ? null : field({
    label: t('composer.title'), name: 'title', value: title || '', autocomplete: 'off', attrs: { maxlength: '200' },
  });
  const text = textareaField({ label: t('composer.body'), name: 'body', value: body, rows: 4, hint: t('composer.hint') });
  attachMentions(text.input, { signal });
  const counter = charCounter(text.input, max);
  text.wrap.append(counter.element);
  const saveBtn = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, t('common.save'));
  const cancelBtn = h('button', { type: 'button', class: 'btn btn-small', onclick: () => onCancel() }, t('common.cancel'));
  const form = h('form', { class: 'inline-editor form', novalidate: true, 'aria-label': label },
    messages, titleField && titleField.wrap, text.wrap, h('div', { class: 'form-actions' }, saveBtn, cancelBtn));
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.defaultPrevented) { event.preventDefault(); onCancel(); }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!text.input.value.trim()) {
      replaceChildren(messages, alertBox(t('composer.empty')));
      text.input.focus();
      return;
    }
    if (counter.update() > max) {
      replaceChildren(messages, alertBox(t('composer.tooLong', { max: formatNumber(max) })));
      return;
    }
    const payload = { body: text.input.value };
    if (titleField) payload.title = titleField.input.value.trim();
    saveBtn.disabled = true;
    try {
      await save(payload);
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      saveBtn.disabled = false;
      replaceChildren(messages, alertBox(errorMessage(err)));
    }
  });
  return {
    element: form,
    focus: () => {
      text.input.focus();
      text.input.setSelectionRange(text.input.value.length, text.input.value.length);
    },
  };
}
