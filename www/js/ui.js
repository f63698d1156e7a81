// Building blocks shared by the views: page heading, alerts, form fields.

import { h, uid } from './dom.js';
import { t } from './i18n.js';

/** The page's <h1>; focusable by script so a route change can move focus to it. */
export function pageTitle(text) {
  return h('h1', { class: 'page-title', tabindex: '-1' }, text);
}

/** An error for people: a fresh role="alert" element, so it is announced each time. */
export function alertBox(message) {
  return h('div', { class: 'alert alert-error', role: 'alert' }, message);
}

/** A polite confirmation (role="status"). */
export function statusBox(message, cls = 'alert alert-success') {
  return h('div', { class: cls, role: 'status' }, message);
}

export function loading() {
  return h('p', { class: 'loading', role: 'status' }, t('common.loading'));
}

/** Placeholder paragraph for the sections later issues fill in. */
export function soon() {
  return h('p', { class: 'placeholder' }, t('common.soon'));
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
