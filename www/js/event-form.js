// The form of an event (« Nouvel événement », « Modifier l'événement »):
// title, Markdown description, all-day or start/end date and hour in a
// zone (Europe/Paris by default), place, online link, a weekly or monthly
// repetition for a count or until a date, capacity, registration deadline,
// reminder, and — for a new event — who is invited (the whole group and/or
// chosen people) and files of the drive. The server checks everything; its
// message is shown at the top and, when it names a field, under that field,
// which gets the focus.

import { h, replaceChildren, uid, icon } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { post, put } from './api.js';
import { field, textareaField, checkboxField, selectField, alertBox, errorMessage } from './ui.js';
import { charCounter, MAX_BODY } from './composer.js';
import { createAttachmentField } from './attachments.js';
import { createPersonPicker } from './person-picker.js';
import {
  DEFAULT_TZ, zones, zonedTime, datePart, timePart, today, addDays, isDate,
} from './agenda-util.js';

const REMINDERS = [0, 15, 60, 180, 1440, 2880, 10080];

// words of the server's messages (French, English) → the field they are about
const MESSAGE_FIELDS = [
  [['capacité', 'capacity'], 'capacity'],
  [['date limite', 'deadline'], 'deadline'],
  [['répétition', 'repetition', 'repeat', 'recurrence', 'occurrences'], 'rrule'],
  [['fuseau', 'time zone'], 'tz'],
  [['rappel', 'reminder'], 'reminder_minutes'],
  [['lien', 'link'], 'url'],
  [['fin de l', 'dure au plus', 'must end after', 'lasts at most'], 'end'],
];

/** "FREQ=WEEKLY;COUNT=10" → {freq, count, until} (until as a date). */
export function parseRrule(rrule) {
  const out = { freq: '', count: '', until: '' };
  for (const part of String(rrule || '').split(';')) {
    const [k, v] = part.split('=');
    if (k === 'FREQ') out.freq = (v || '').toLowerCase();
    if (k === 'COUNT') out.count = v || '';
    if (k === 'UNTIL' && /^\d{8}/.test(v || '')) out.until = `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
  }
  return out;
}

/**
 * createEventForm({group, event, me, signal, onSaved(event), onCancel})
 * → {element, focus()}. `group` null: an event of the organisation.
 * `event` given: its changes (PUT /events/{id}).
 * `meeting` given: the form is the meeting of a convocation
 * (convocation-form.js): no invitations nor files of the event's own,
 * `meeting.extra` (elements) before the buttons, `meeting.fields` (name →
 * input, for the server's errors), `meeting.heading` and `meeting.submit`
 * (texts), and `meeting.save(eventPayload)` sends instead of the event API.
 */
export function createEventForm({ group = null, event = null, me, signal, onSaved, onCancel, meeting = null }) {
  const editing = !!event;
  const own = !editing && !meeting; // invitations and files of the event itself
  const headingId = uid('event-form');
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const fields = {};
  const errors = new Map(); // name → error paragraph

  const title = field({ label: t('agenda.form.title'), name: 'title', required: true, autocomplete: 'off', value: event ? event.title : '', attrs: { maxlength: '200' } });
  const description = textareaField({ label: t('agenda.form.description'), name: 'description', value: event ? event.description || '' : '', rows: 4, hint: t('composer.hint') });
  const counter = charCounter(description.input, MAX_BODY);
  description.wrap.append(counter.element);

  const allDay = checkboxField({ label: t('agenda.form.allDay'), name: 'all_day', checked: !!(event && event.all_day) });
  const startDay = event ? datePart(event.start) : addDays(today(), 1);
  let endDay = event ? datePart(event.end) : startDay;
  if (event && event.all_day && endDay > startDay) endDay = addDays(endDay, -1); // shown inclusive
  const startDate = field({ label: t('agenda.form.startDate'), name: 'start_date', type: 'date', required: true, value: startDay });
  const startTime = field({ label: t('agenda.form.startTime'), name: 'start_time', type: 'time', value: event && !event.all_day ? timePart(event.start) : '14:00' });
  const endDate = field({ label: t('agenda.form.endDate'), name: 'end_date', type: 'date', required: true, value: endDay });
  const endTime = field({ label: t('agenda.form.endTime'), name: 'end_time', type: 'time', value: event && !event.all_day ? timePart(event.end) : '16:00' });
  const zone = selectField({
    label: t('agenda.form.tz'), name: 'tz', value: (event && event.tz) || DEFAULT_TZ,
    options: zones().map((z) => ({ value: z, label: z.replace(/_/g, ' ') })),
  });
  const when = h('fieldset', { class: 'field plain-fieldset event-when' },
    h('legend', { class: 'label' }, t('agenda.form.when')),
    allDay.wrap,
    h('div', { class: 'event-row' }, startDate.wrap, startTime.wrap),
    h('div', { class: 'event-row' }, endDate.wrap, endTime.wrap),
    zone.wrap);
  function syncAllDay() {
    startTime.wrap.hidden = allDay.input.checked;
    endTime.wrap.hidden = allDay.input.checked;
    zone.wrap.hidden = allDay.input.checked;
  }
  allDay.input.addEventListener('change', syncAllDay);
  // a start moved past the end brings the end along
  startDate.input.addEventListener('change', () => {
    if (isDate(startDate.input.value) && (!isDate(endDate.input.value) || endDate.input.value < startDate.input.value)) {
      endDate.input.value = startDate.input.value;
    }
  });

  const place = field({ label: t('agenda.form.place'), name: 'place', autocomplete: 'off', value: event ? event.place || '' : '', attrs: { maxlength: '200' } });
  const url = field({ label: t('agenda.form.url'), name: 'url', type: 'url', autocomplete: 'off', hint: t('agenda.form.urlHint'), value: event ? event.url || '' : '', attrs: { maxlength: '500' } });

  const rule = parseRrule(event && event.rrule);
  const repeat = selectField({
    label: t('agenda.form.repeat'), name: 'repeat', value: rule.freq || '',
    options: [{ value: '', label: t('agenda.form.repeatNone') }, { value: 'weekly', label: t('agenda.form.repeatWeekly') }, { value: 'monthly', label: t('agenda.form.repeatMonthly') }],
  });
  const endsBy = selectField({
    label: t('agenda.form.repeatEnds'), name: 'repeat_ends', value: rule.until ? 'until' : 'count',
    options: [{ value: 'count', label: t('agenda.form.repeatByCount') }, { value: 'until', label: t('agenda.form.repeatByUntil') }],
  });
  const count = field({ label: t('agenda.form.count'), name: 'count', type: 'number', value: rule.count || '10', attrs: { min: '2', max: '1000', inputmode: 'numeric' } });
  const until = field({ label: t('agenda.form.until'), name: 'until', type: 'date', value: rule.until || '' });
  const repeatBox = h('div', { class: 'event-row event-repeat' }, endsBy.wrap, count.wrap, until.wrap);
  function syncRepeat() {
    repeatBox.hidden = !repeat.select.value;
    count.wrap.hidden = endsBy.select.value !== 'count';
    until.wrap.hidden = endsBy.select.value !== 'until';
  }
  repeat.select.addEventListener('change', syncRepeat);
  endsBy.select.addEventListener('change', syncRepeat);

  const capacity = field({ label: t('agenda.form.capacity'), name: 'capacity', type: 'number', hint: t('agenda.form.capacityHint'), value: event && event.capacity ? String(event.capacity) : '', attrs: { min: '1', inputmode: 'numeric' } });
  const deadline = field({ label: t('agenda.form.deadline'), name: 'deadline', type: 'datetime-local', hint: t('agenda.form.deadlineHint'), value: event && event.deadline ? String(event.deadline).slice(0, 16) : '' });
  const reminderValue = event && Number.isInteger(event.reminder_minutes) ? event.reminder_minutes : 1440;
  const reminder = selectField({
    label: t('agenda.form.reminder'), name: 'reminder_minutes', value: String(reminderValue),
    options: [...new Set([...REMINDERS, reminderValue])].sort((a, b) => a - b).map((m) => ({ value: String(m), label: reminderLabel(m) })),
  });

  // invitations (a new event only)
  const chosen = new Map(); // id → person
  let inviteBox = null;
  let wholeGroup = null;
  if (own) {
    wholeGroup = group ? checkboxField({ label: t('agenda.form.inviteGroup', { name: group.name }), name: 'invite_group', checked: true }) : null;
    const chips = h('ul', { class: 'attach-chips event-invitees', 'aria-label': t('agenda.form.invited'), hidden: true });
    const picker = createPersonPicker({
      label: t('agenda.form.invitePeople'), name: 'invite_person', signal,
      onChange: (person) => {
        if (!person || chosen.has(String(person.id))) return;
        chosen.set(String(person.id), person);
        const remove = h('button', { type: 'button', class: 'btn-icon attach-remove', 'aria-label': t('agenda.form.uninvite', { name: person.display_name }) }, icon('close', 'icon icon-sm'));
        const li = h('li', { class: 'attach-chip' }, h('span', { class: 'attach-chip-name' }, person.display_name || ''), remove);
        remove.addEventListener('click', () => {
          chosen.delete(String(person.id));
          li.remove();
          chips.hidden = !chosen.size;
          picker.input.focus();
        });
        chips.append(li);
        chips.hidden = false;
        picker.clear();
        picker.input.focus();
      },
    });
    inviteBox = h('fieldset', { class: 'field plain-fieldset event-invite' },
      h('legend', { class: 'label' }, t('agenda.form.invite')),
      wholeGroup ? wholeGroup.wrap : h('p', { class: 'hint' }, t('agenda.form.inviteOrgHint')),
      picker.wrap, chips);
  }
  const attachments = own ? createAttachmentField({ group, me, signal }) : null;

  Object.assign(fields, {
    title: title.input, description: description.input, all_day: allDay.input,
    start: startDate.input, end: endDate.input, tz: zone.select, place: place.input, url: url.input,
    rrule: repeat.select, capacity: capacity.input, deadline: deadline.input, reminder_minutes: reminder.select,
  }, meeting && meeting.fields ? meeting.fields : {});

  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, meeting && meeting.submit ? meeting.submit : t(editing ? 'common.save' : 'agenda.form.create'));
  const cancel = onCancel ? h('button', { type: 'button', class: 'btn', onclick: () => onCancel() }, t('common.cancel')) : null;
  const form = h('form', { class: 'form event-form', novalidate: true, 'aria-labelledby': headingId },
    h('h3', { id: headingId, class: 'event-form-heading', tabindex: '-1' }, meeting && meeting.heading ? meeting.heading : t(editing ? 'agenda.form.editHeading' : 'agenda.form.heading')),
    messages,
    title.wrap, description.wrap, when,
    h('div', { class: 'event-row' }, place.wrap, url.wrap),
    h('div', { class: 'event-row' }, repeat.wrap), repeatBox,
    h('div', { class: 'event-row' }, capacity.wrap, deadline.wrap),
    reminder.wrap,
    inviteBox,
    attachments ? attachments.element : null,
    meeting && meeting.extra ? meeting.extra : null,
    h('div', { class: 'form-actions' }, submit, cancel));
  syncAllDay();
  syncRepeat();

  function clearErrors() {
    for (const [name, p] of errors) {
      p.remove();
      const input = fields[name];
      if (input) {
        input.removeAttribute('aria-invalid');
        const ids = (input.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== p.id);
        if (ids.length) input.setAttribute('aria-describedby', ids.join(' '));
        else input.removeAttribute('aria-describedby');
      }
    }
    errors.clear();
    replaceChildren(messages);
  }

  /** Shows `message` at the top and under the field `name` (if known); focuses the field. */
  function fail(message, name) {
    replaceChildren(messages, alertBox(message));
    const input = name ? fields[name] : null;
    if (!input) { form.querySelector('h3').focus(); return; }
    const p = h('p', { class: 'field-error', id: uid('err') }, message);
    const wrap = input.closest('.field') || input.parentElement;
    wrap.append(p);
    errors.set(name, p);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), p.id].filter(Boolean).join(' '));
    if (!input.closest('[hidden]')) input.focus();
  }

  /** The field an error of the server is about: its "field", or the name it quotes. */
  function fieldOf(err) {
    const named = err && err.details && (err.details.field || err.details.param);
    if (named) return String(named);
    const text = (err && err.message) || '';
    const m = /[«"]\s*([a-z_]+)\s*[»"]/.exec(text);
    if (m) return m[1] === 'invitees' || m[1] === 'attachments' ? null : m[1];
    // the server's messages that name no field: what they speak of (fr, en)
    const lower = text.toLowerCase();
    const found = MESSAGE_FIELDS.find(([words]) => words.some((w) => lower.includes(w)));
    return found ? found[1] : null;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors();
    const tz = zone.select.value || DEFAULT_TZ;
    const payload = {
      title: title.input.value.trim(),
      description: description.input.value,
      all_day: allDay.input.checked,
      tz,
      place: place.input.value.trim() || null,
      url: url.input.value.trim() || null,
      reminder_minutes: Number(reminder.select.value),
      capacity: capacity.input.value.trim() === '' ? null : Number(capacity.input.value),
      rrule: null,
      deadline: null,
    };
    if (!payload.title) { fail(t('agenda.form.titleMissing'), 'title'); return; }
    if (counter.update() > MAX_BODY) { fail(t('composer.tooLong', { max: formatNumber(MAX_BODY) }), 'description'); return; }
    if (!isDate(startDate.input.value)) { fail(t('agenda.form.dateMissing'), 'start'); return; }
    if (!isDate(endDate.input.value)) { fail(t('agenda.form.dateMissing'), 'end'); return; }
    if (payload.all_day) {
      payload.start = startDate.input.value;
      payload.end = addDays(endDate.input.value, 1); // the end is exclusive
    } else {
      payload.start = zonedTime(startDate.input.value, startTime.input.value, tz);
      payload.end = zonedTime(endDate.input.value, endTime.input.value, tz);
      if (!payload.start) { fail(t('agenda.form.timeMissing'), 'start'); startTime.input.focus(); return; }
      if (!payload.end) { fail(t('agenda.form.timeMissing'), 'end'); endTime.input.focus(); return; }
    }
    if (repeat.select.value) {
      const freq = repeat.select.value.toUpperCase();
      if (endsBy.select.value === 'until') {
        if (!isDate(until.input.value)) { fail(t('agenda.form.untilMissing'), 'rrule'); until.input.focus(); return; }
        payload.rrule = `FREQ=${freq};UNTIL=${until.input.value.replace(/-/g, '')}`;
      } else {
        const n = Number(count.input.value);
        if (!Number.isInteger(n) || n < 1) { fail(t('agenda.form.countMissing'), 'rrule'); count.input.focus(); return; }
        payload.rrule = `FREQ=${freq};COUNT=${n}`;
      }
    }
    if (deadline.input.value) {
      const [d, tm] = deadline.input.value.split('T');
      payload.deadline = zonedTime(d, (tm || '').slice(0, 5), tz);
    }
    if (own) {
      payload.invitees = { group: !!(wholeGroup && wholeGroup.input.checked), users: [...chosen.keys()].map(Number) };
      if (attachments.pending()) { replaceChildren(messages, alertBox(t('attach.wait'))); return; }
      const files = attachments.ids();
      if (files.length) payload.attachments = files;
    }
    submit.disabled = true;
    try {
      let saved;
      if (meeting) saved = await meeting.save(payload);
      else if (editing) saved = await put(`/events/${encodeURIComponent(event.id)}`, payload, { signal });
      else if (group) saved = await post(`/groups/${encodeURIComponent(group.id)}/events`, payload, { signal });
      else saved = await post('/events', payload, { signal });
      onSaved(saved);
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (err && err.name === 'Cancelled') return; // the convocation's confirmation declined
      fail(errorMessage(err), fieldOf(err));
    } finally {
      submit.disabled = false;
    }
  });
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && onCancel && !e.defaultPrevented && e.target.getAttribute('role') !== 'combobox') { e.preventDefault(); onCancel(); }
  });

  return { element: form, focus: () => title.input.focus() };
}

/** "1 jour avant", "15 minutes avant", "Aucun rappel". */
export function reminderLabel(minutes) {
  const m = Number(minutes);
  if (!m) return t('agenda.reminder.none');
  if (m % 10080 === 0) return t('agenda.reminder.weeks', { n: m / 10080 });
  if (m % 1440 === 0) return t('agenda.reminder.days', { n: m / 1440 });
  if (m % 60 === 0) return t('agenda.reminder.hours', { n: m / 60 });
  return t('agenda.reminder.minutes', { n: m });
}
