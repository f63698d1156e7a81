// « Ajouter un sondage » in the composer (docs/polls.md): the question,
// options added and removed (2 to 30), how many choices (1: one), a free
// « Autre » answer, anonymous, a closing date, when the results show.
// read() gives the body of POST /posts/{id}/poll, or an error to show.

import { h, replaceChildren, uid } from './dom.js';
import { t } from './i18n.js';
import { field, checkboxField, selectField } from './ui.js';
import { localInputToUtc } from './dates.js';

export const POLL_OPTIONS_MAX = 30;

export function createPollFields() {
  const toggle = checkboxField({ label: t('pollComposer.add'), name: 'with_poll' });
  const boxId = uid('poll-fields');
  toggle.input.setAttribute('aria-expanded', 'false');
  toggle.input.setAttribute('aria-controls', boxId);
  const question = field({ label: t('pollComposer.question'), name: 'poll_question', autocomplete: 'off', attrs: { maxlength: '300' } });
  const list = h('ol', { class: 'poll-options-edit' });
  const addButton = h('button', { type: 'button', class: 'btn btn-small' }, t('pollComposer.addOption'));
  const multiple = field({ label: t('pollComposer.multiple'), name: 'poll_multiple', type: 'number', value: '1',
    hint: t('pollComposer.multipleHint'), attrs: { min: '1', max: String(POLL_OPTIONS_MAX), inputmode: 'numeric' } });
  const other = checkboxField({ label: t('pollComposer.other'), name: 'poll_other' });
  const anonymous = checkboxField({ label: t('pollComposer.anonymous'), name: 'poll_anonymous', hint: t('pollComposer.anonymousHint') });
  const closes = field({ label: t('pollComposer.closes'), name: 'poll_closes', type: 'datetime-local', hint: t('pollComposer.closesHint') });
  const results = selectField({ label: t('pollComposer.results'), name: 'poll_results', value: 'always', options: [
    { value: 'always', label: t('pollComposer.resultsAlways') },
    { value: 'after_vote', label: t('pollComposer.resultsAfterVote') },
    { value: 'after_close', label: t('pollComposer.resultsAfterClose') },
  ] });
  const optionsLegendId = uid('poll-options');
  const box = h('fieldset', { class: 'poll-compose', id: boxId, hidden: true },
    h('legend', {}, t('pollComposer.legend')),
    question.wrap,
    h('div', { class: 'field' }, h('p', { class: 'label', id: optionsLegendId }, t('pollComposer.options')), list, addButton),
    multiple.wrap, other.wrap, anonymous.wrap, closes.wrap, results.wrap);

  function renumber() {
    const items = [...list.children];
    items.forEach((li, i) => {
      li.querySelector('label').textContent = t('pollComposer.option', { n: i + 1 });
      li.querySelector('button').hidden = items.length <= 2;
      li.querySelector('button').setAttribute('aria-label', t('pollComposer.removeOption', { n: i + 1 }));
    });
    addButton.disabled = items.length >= POLL_OPTIONS_MAX;
  }
  function addOption(value = '') {
    const id = uid('poll-option');
    const input = h('input', { id, type: 'text', class: 'input', maxlength: '200', value, autocomplete: 'off' });
    const remove = h('button', { type: 'button', class: 'btn btn-small btn-link' }, t('pollComposer.remove'));
    const li = h('li', { class: 'poll-option-edit' }, h('label', { for: id, class: 'label' }), input, remove);
    remove.addEventListener('click', () => {
      const next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      renumber();
      if (next) next.querySelector('input').focus();
    });
    list.append(li);
    renumber();
    return input;
  }
  addButton.addEventListener('click', () => addOption().focus());
  function reset() {
    replaceChildren(list);
    addOption();
    addOption();
    box.hidden = true;
    toggle.input.checked = false;
    toggle.input.setAttribute('aria-expanded', 'false');
  }
  toggle.input.addEventListener('change', () => {
    box.hidden = !toggle.input.checked;
    toggle.input.setAttribute('aria-expanded', String(toggle.input.checked));
    if (toggle.input.checked) question.input.focus();
  });
  reset();

  /** {body} for the API, {error, focus} when something is missing, or null without a poll. */
  function read() {
    if (!toggle.input.checked) return null;
    const q = question.input.value.trim();
    if (!q) return { error: t('pollComposer.noQuestion'), focus: question.input };
    const inputs = [...list.querySelectorAll('input')];
    const options = inputs.map((i) => i.value.trim());
    const blank = options.findIndex((o) => !o);
    if (blank >= 0) return { error: t('pollComposer.blankOption', { n: blank + 1 }), focus: inputs[blank] };
    const seen = new Map();
    for (let i = 0; i < options.length; i++) {
      const key = options[i].normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
      if (seen.has(key)) return { error: t('pollComposer.duplicate', { n: i + 1 }), focus: inputs[i] };
      seen.set(key, i);
    }
    const max = Number(multiple.input.value || 1);
    if (!Number.isInteger(max) || max < 1 || max > options.length) {
      return { error: t('pollComposer.badMultiple', { n: options.length }), focus: multiple.input };
    }
    const body = { question: q, options, multiple: max, other: other.input.checked, anonymous: anonymous.input.checked, results: results.select.value };
    if (closes.input.value) {
      const at = localInputToUtc(closes.input.value);
      if (!at || new Date(at) <= new Date()) return { error: t('pollComposer.closesPast'), focus: closes.input };
      body.closes = at;
    }
    return { body };
  }

  return { toggle: toggle.wrap, element: box, read, reset };
}
