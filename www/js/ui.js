// Building blocks shared by the views: page heading, alerts, form fields.

import { h, uid } from './dom.js';
import { t, getLang } from './i18n.js';

/** The page's <h1>; focusable by script so a route change can move focus to it. */
export function pageTitle(text) {
  return h('h1', { class: 'page-title', tabindex: '-1' }, text);
}

/** An error for people: a fresh role="alert" element, so it is announced each time. */
export function alertBox(message, ...extra) {
  return h('div', { class: 'alert alert-error', role: 'alert' }, message, extra);
}

/**
 * A table that may be wider than the screen, in a box scrolled sideways: a
 * named region that the keyboard reaches (tabindex 0), so that the columns
 * out of sight can be scrolled to without a mouse (WCAG 2.1.1).
 */
export function tableScroll(table, label, attrs = {}) {
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': label, ...attrs }, table);
}

/** A polite confirmation (role="status"). */
export function statusBox(message, cls = 'alert alert-success') {
  return h('div', { class: cls, role: 'status' }, message);
}

export function loading() {
  return h('p', { class: 'loading', role: 'status' }, t('common.loading'));
}

/**
 * A labelled input: returns {wrap, input}. `hint` adds a described-by text.
 */
export function field({ label, name, type = 'text', autocomplete, required = false, hint, value, attrs = {} }) {
  const id = uid(`f-${name}`);
  const hintId = hint ? `${id}-hint` : null;
  const input = h('input', {
    id, name, type, autocomplete, value,
    required: required || null,
    'aria-describedby': hintId,
    class: 'input',
    ...attrs,
  });
  const wrap = h('div', { class: 'field' },
    h('label', { for: id, class: 'label' }, label),
    hint ? h('p', { id: hintId, class: 'hint' }, hint) : null,
    input);
  return { wrap, input };
}

/** A labelled <select> with [{value, label}] options. */
export function selectField({ label, name, options, value }) {
  const id = uid(`f-${name}`);
  const select = h('select', { id, name, class: 'input' },
    options.map((o) => h('option', { value: o.value, selected: o.value === value || null }, o.label)));
  const wrap = h('div', { class: 'field' }, h('label', { for: id, class: 'label' }, label), select);
  return { wrap, select };
}

/** Translated role and status labels (falls back to the raw value). */
export function roleLabel(role) {
  const key = `role.${role}`;
  const text = t(key);
  return text === key ? String(role ?? '') : text;
}

export function statusLabel(status) {
  const key = `status.${status}`;
  const text = t(key);
  return text === key ? String(status ?? '') : text;
}

export function badge(text, cls = '') {
  return h('span', { class: `badge ${cls}`.trim() }, text);
}

/** Message for an error thrown by api(): the server's message or a generic one. */
export function errorMessage(err) {
  if (err && err.message && err.name === 'ApiError') return err.message;
  return t('error.generic');
}

/**
 * A search snippet: [{text, hit}] → text nodes, with <mark> around hits.
 * Built element by element; the text is never parsed as markup.
 */
export function snippet(segments, cls = 'snippet') {
  const el = h('span', { class: cls });
  for (const seg of segments || []) {
    if (!seg || typeof seg.text !== 'string') continue;
    el.append(seg.hit ? h('mark', {}, seg.text) : document.createTextNode(seg.text));
  }
  return el;
}

/** A labelled <textarea>: returns {wrap, input}. */
export function textareaField({ label, name, value = '', hint, rows = 4, attrs = {} }) {
  const id = uid(`f-${name}`);
  const hintId = hint ? `${id}-hint` : null;
  const input = h('textarea', { id, name, rows, class: 'input textarea', 'aria-describedby': hintId, ...attrs });
  input.value = value || '';
  const wrap = h('div', { class: 'field' },
    h('label', { for: id, class: 'label' }, label),
    hint ? h('p', { id: hintId, class: 'hint' }, hint) : null,
    input);
  return { wrap, input };
}

/**
 * A group of radio buttons in a <fieldset>: options [{value, label, hint}].
 * Returns {wrap, inputs, value() → the checked value, set(value)}.
 */
export function radioGroup({ legend, name, options, value }) {
  const groupName = uid(`r-${name}`);
  const inputs = [];
  const wrap = h('fieldset', { class: 'field choices' },
    h('legend', { class: 'label' }, legend),
    options.map((o) => {
      const id = uid(`${groupName}-${o.value}`);
      const hintId = o.hint ? `${id}-hint` : null;
      const input = h('input', {
        type: 'radio', id, name: groupName, value: o.value, class: 'choice-input',
        checked: o.value === value || null, 'aria-describedby': hintId,
      });
      inputs.push(input);
      return h('div', { class: 'choice' },
        input,
        h('span', { class: 'choice-text' },
          h('label', { for: id, class: 'choice-label' }, o.label),
          o.hint ? h('span', { id: hintId, class: 'hint choice-hint' }, o.hint) : null));
    }));
  return {
    wrap,
    inputs,
    value: () => (inputs.find((i) => i.checked) || {}).value,
    set: (v) => { for (const i of inputs) i.checked = i.value === v; },
  };
}

/** A checkbox with its label (and an optional hint): returns {wrap, input}. */
export function checkboxField({ label, name, checked = false, hint }) {
  const id = uid(`f-${name}`);
  const hintId = hint ? `${id}-hint` : null;
  const input = h('input', { type: 'checkbox', id, name, class: 'choice-input', checked: checked || null, 'aria-describedby': hintId });
  const wrap = h('div', { class: 'field choice' },
    input,
    h('span', { class: 'choice-text' },
      h('label', { for: id, class: 'choice-label' }, label),
      hint ? h('span', { id: hintId, class: 'hint choice-hint' }, hint) : null));
  return { wrap, input };
}

/**
 * Asks a yes/no question in a modal <dialog> (focus is kept inside, Escape
 * cancels, focus goes back where it was). Resolves to true when confirmed.
 */
export function confirmDialog({ title, message, confirm, danger = false }) {
  return new Promise((resolve) => {
    const back = document.activeElement;
    const titleId = uid('dialog-title');
    const textId = uid('dialog-text');
    const cancelBtn = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
    const okBtn = h('button', { type: 'button', class: danger ? 'btn btn-danger' : 'btn btn-primary' }, confirm);
    const dialog = h('dialog', { class: 'dialog card', 'aria-labelledby': titleId, 'aria-describedby': textId },
      h('h2', { id: titleId }, title),
      h('p', { id: textId, class: 'dialog-text' }, message),
      h('div', { class: 'form-actions dialog-actions' }, cancelBtn, okBtn));
    let answer = false;
    const finish = (value) => { answer = value; dialog.close(); };
    cancelBtn.addEventListener('click', () => finish(false));
    okBtn.addEventListener('click', () => finish(true));
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (back && back.isConnected && typeof back.focus === 'function') back.focus();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    // a destructive action is not one Enter away
    (danger ? cancelBtn : okBtn).focus();
  });
}

// A message to show on the next page (e.g. "the group was deleted").
let flash = null;

export function setFlash(message) {
  flash = message;
}

/** The pending message as a status box (once), or null. */
export function takeFlash() {
  const message = flash;
  flash = null;
  return message ? statusBox(message) : null;
}

/** A date in the reader's language, e.g. "23 nov. 2026". */
export function formatDate(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(getLang(), { dateStyle: 'medium' }).format(d);
}

/**
 * « Invité » beside the name of an external guest (docs/guests.md), or
 * null for staff: `person` is any object the API answers for a person
 * (a user, an author) with its "kind". The text is read as it is shown;
 * its title says what it means.
 */
export function guestBadge(person) {
  // « Connecteur »: an incoming webhook's posts (docs/api_tokens.md)
  if (person && person.kind === 'connector') return h('span', { class: 'badge badge-connector', title: t('hooksIn.badgeTitle') }, t('hooksIn.badge'));
  if (!person || person.kind !== 'guest') return null;
  return h('span', { class: 'badge badge-guest', title: t('guest.badgeTitle') }, t('guest.badge'));
}
