// The form of a convocation (« Convoquer », « Modifier la convocation »):
// the meeting is the event form's (event-form.js, in its `meeting` mode),
// followed by the « Ordre du jour » (Markdown), the documents of the
// group's drive (the attachment picker of posts and events), the
// recipients (every member, or those ticked in a searchable list) and the
// automatic reminders (days after the dispatch). A change is a new version
// sent again to everyone: a confirmation says so first.

import { h, uid, replaceChildren } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { get, post, put, ApiError } from './api.js';
import { textareaField, field, alertBox, loading, errorMessage, confirmDialog } from './ui.js';
import { charCounter, MAX_BODY } from './composer.js';
import { createAttachmentField } from './attachments.js';
import { createEventForm } from './event-form.js';

const enc = encodeURIComponent;
const MAX_REMINDERS = 5;

/** "2, 7 14" → [2, 7, 14], or null when a value is not a whole day in 1–60 (or more than 5). */
export function parseReminders(text) {
  const parts = String(text || '').split(/[\s,;]+/).filter(Boolean);
  if (parts.length > MAX_REMINDERS) return null;
  const days = [];
  for (const p of parts) {
    if (!/^\d{1,2}$/.test(p)) return null;
    const n = Number(p);
    if (n < 1 || n > 60) return null;
    if (!days.includes(n)) days.push(n);
  }
  return days.sort((a, b) => a - b);
}

/** Every member of the group: [{id, display_name, email?}] (pages of 50). */
async function allMembers(group, signal) {
  const people = [];
  let cursor;
  for (let page = 0; page < 200; page += 1) {
    const data = await get(`/groups/${enc(group.id)}/members`, { query: { limit: 50, cursor }, signal });
    for (const m of (data && data.items) || []) if (m && m.user) people.push(m.user);
    cursor = data && data.next;
    if (!cursor) break;
  }
  return people.sort((a, b) => String(a.display_name || '').localeCompare(String(b.display_name || '')));
}

/**
 * The recipients' choice: all members, or a subset ticked in a list one
 * can filter; for a change (`same`: the current count), « the same
 * recipients » first.
 */
function recipientsField({ group, signal, initial = null, same = null, current = null }) {
  const legendId = uid('rcp');
  const name = uid('rcp-mode');
  const sameInput = same !== null ? h('input', { type: 'radio', name, value: 'same', id: `${name}-same`, class: 'choice-input', checked: true }) : null;
  const allInput = h('input', { type: 'radio', name, value: 'all', id: `${name}-all`, class: 'choice-input', checked: (!initial && !sameInput) || null });
  const someInput = h('input', { type: 'radio', name, value: 'some', id: `${name}-some`, class: 'choice-input', checked: initial ? true : null });
  const picked = new Set((initial || []).map(String));
  const status = h('p', { class: 'hint convocation-picked', role: 'status' });
  const filter = field({ label: t('convocation.form.filter'), name: 'recipients_filter', type: 'search', autocomplete: 'off' });
  const list = h('ul', { class: 'convocation-checklist', 'aria-label': t('convocation.form.members') });
  const selectAll = h('button', { type: 'button', class: 'btn btn-small' }, t('convocation.form.tickShown'));
  const clearAll = h('button', { type: 'button', class: 'btn btn-small' }, t('convocation.form.untickShown'));
  const body = h('div', { class: 'convocation-some', hidden: !initial },
    filter.wrap, h('div', { class: 'convocation-tick-actions' }, selectAll, clearAll), status, list);
  const wrap = h('fieldset', { class: 'field plain-fieldset convocation-recipients', 'aria-labelledby': legendId },
    h('legend', { id: legendId, class: 'label' }, t('convocation.form.recipients')),
    sameInput ? h('div', { class: 'choice' }, sameInput, h('label', { for: sameInput.id, class: 'choice-label' }, t('convocation.form.sameRecipients', { n: same }))) : null,
    h('div', { class: 'choice' }, allInput, h('label', { for: allInput.id, class: 'choice-label' }, t('convocation.form.allMembers', { name: group.name }))),
    h('div', { class: 'choice' }, someInput, h('label', { for: someInput.id, class: 'choice-label' }, t('convocation.form.someMembers'))),
    body);
  let members = null;
  let boxes = [];

  const say = () => { status.textContent = t('convocation.form.picked', { n: picked.size }); };
  function show() {
    const q = filter.input.value.trim().toLocaleLowerCase();
    for (const b of boxes) b.li.hidden = !!q && !b.text.includes(q);
  }
  async function load() {
    if (members) return;
    replaceChildren(list, h('li', {}, loading()));
    try {
      members = await allMembers(group, signal);
      // a change: the current recipients ticked to start with
      if (current && !picked.size) for (const uidOf of await current()) picked.add(String(uidOf));
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      members = null;
      replaceChildren(list, h('li', {}, alertBox(errorMessage(err))));
      return;
    }
    boxes = members.map((m) => {
      const id = uid('rcp-m');
      const input = h('input', { type: 'checkbox', id, value: String(m.id), class: 'choice-input', checked: picked.has(String(m.id)) || null });
      input.addEventListener('change', () => {
        if (input.checked) picked.add(String(m.id)); else picked.delete(String(m.id));
        say();
      });
      const li = h('li', { class: 'choice' }, input, h('label', { for: id }, m.display_name || '', m.email ? h('span', { class: 'muted' }, ` · ${m.email}`) : null));
      return { li, input, text: `${m.display_name || ''} ${m.email || ''}`.toLocaleLowerCase() };
    });
    replaceChildren(list, boxes.map((b) => b.li));
    show();
    say();
  }
  const tick = (on) => {
    for (const b of boxes) {
      if (b.li.hidden) continue;
      b.input.checked = on;
      if (on) picked.add(b.input.value); else picked.delete(b.input.value);
    }
    say();
  };
  selectAll.addEventListener('click', () => tick(true));
  clearAll.addEventListener('click', () => tick(false));
  filter.input.addEventListener('input', show);
  const sync = () => {
    body.hidden = !someInput.checked;
    if (someInput.checked) load();
  };
  for (const input of [sameInput, allInput, someInput]) if (input) input.addEventListener('change', sync);
  if (initial) load();
  say();
  return {
    wrap,
    input: sameInput || allInput,
    /** undefined: the same as before; null: every member (a new
     * convocation); otherwise the ids (every member's for a change) */
    value: async () => {
      if (sameInput && sameInput.checked) return undefined;
      if (someInput.checked) return [...picked].map(Number);
      if (!sameInput) return null;
      return (await allMembers(group, signal)).map((m) => Number(m.id));
    },
  };
}

/**
 * createConvocationForm({group, me, signal, convocation?, onSaved(result), onCancel})
 * → {element, focus()}. `convocation` given (GET /convocations/{id}): its
 * change (PUT), a new version.
 */
export function createConvocationForm({ group, me, signal, convocation = null, onSaved, onCancel }) {
  const editing = !!convocation;
  const agenda = textareaField({
    label: t('convocation.form.agenda'), name: 'agenda', rows: 6,
    value: convocation ? convocation.agenda || '' : '', hint: t('convocation.form.agendaHint'),
  });
  const counter = charCounter(agenda.input, MAX_BODY);
  agenda.wrap.append(counter.element);
  const files = createAttachmentField({ group, me, signal, initial: convocation ? convocation.attachments || [] : [] });
  const documents = h('div', { class: 'convocation-documents' },
    h('p', { class: 'hint' }, t('convocation.form.documentsHint')), files.element);
  const recipients = recipientsField({
    group, signal, same: editing ? ((convocation.counts && convocation.counts.recipients) || 0) : null,
    current: editing ? async () => {
      const data = await get(`/convocations/${enc(convocation.id)}/receipts`, { signal });
      return ((data && data.items) || []).map((i) => i.user.id);
    } : null,
  });
  const reminders = field({
    label: t('convocation.form.reminders'), name: 'reminders', autocomplete: 'off',
    hint: t('convocation.form.remindersHint'),
    value: convocation && Array.isArray(convocation.reminders) ? convocation.reminders.join(', ') : '',
    attrs: { inputmode: 'numeric' },
  });
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const invalid = (message, fieldName) => new ApiError(400, 'invalid', message, { field: fieldName });

  const form = createEventForm({
    group, me, signal, onCancel,
    event: convocation ? convocation.event : null,
    meeting: {
      heading: t(editing ? 'convocation.form.editHeading' : 'convocation.form.heading'),
      submit: t(editing ? 'convocation.form.sendAgain' : 'convocation.form.send'),
      extra: [h('h4', { class: 'convocation-form-part' }, t('convocation.form.agendaPart')), agenda.wrap, documents, recipients.wrap, reminders.wrap, messages],
      fields: { agenda: agenda.input, reminders: reminders.input, recipients: recipients.input },
      save: async (event) => {
        replaceChildren(messages);
        if (counter.update() > MAX_BODY) throw invalid(t('composer.tooLong', { max: formatNumber(MAX_BODY) }), 'agenda');
        if (!agenda.input.value.trim()) throw invalid(t('convocation.form.agendaMissing'), 'agenda');
        if (files.pending()) throw invalid(t('attach.wait'));
        const days = parseReminders(reminders.input.value);
        if (!days) throw invalid(t('convocation.form.remindersInvalid'), 'reminders');
        const chosen = await recipients.value();
        if (chosen && !chosen.length) throw invalid(t('convocation.form.nobody'), 'recipients');
        const body = { event, agenda: agenda.input.value, attachments: files.ids(), reminders: days };
        if (chosen) body.recipients = chosen;
        if (editing) {
          const ok = await confirmDialog({
            title: t('convocation.form.confirmTitle'),
            message: t('convocation.form.confirmText', { version: (convocation.version || 1) + 1 }),
            confirm: t('convocation.form.sendAgain'),
          });
          if (!ok) { const e = new Error('cancelled'); e.name = 'Cancelled'; throw e; }
          return put(`/convocations/${enc(convocation.id)}`, body, { signal });
        }
        return post(`/groups/${enc(group.id)}/convocations`, body, { signal });
      },
    },
    onSaved,
  });
  form.element.classList.add('convocation-form');
  return form;
}
