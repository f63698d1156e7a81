// The « Agenda » tab of a group: its events as a month or a list
// (agenda-calendar.js) and, for whoever may post in the group,
// « Nouvel événement » (event-form.js). A created event opens its page.
// For the group's managers, « Convoquer » (convocation-form.js): a sent
// convocation opens its page.

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { setFlash } from '../ui.js';
import { createAgendaCalendar, eventHref } from '../agenda-calendar.js';
import { createEventForm } from '../event-form.js';
import { createConvocationForm } from '../convocation-form.js';

export function renderGroupAgenda(panel, { group, me, signal, navigate }) {
  panel.append(h('h2', { class: 'sr-only' }, t('agenda.groupHeading', { name: group.name })));
  const calendar = createAgendaCalendar({
    signal,
    load: async (from, to, sig) => {
      const data = await get(`/groups/${encodeURIComponent(group.id)}/events`, { query: { from, to, fields: 'summary' }, signal: sig });
      return (data && data.items) || [];
    },
  });

  if (group.can && group.can.post && !group.archived) {
    const toggle = h('button', { type: 'button', class: 'btn btn-primary agenda-new', 'aria-expanded': 'false' }, t('agenda.new'));
    const formBox = h('div', { class: 'agenda-form-box', hidden: true });
    let form = null;
    const close = () => {
      formBox.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
      toggle.focus();
    };
    toggle.addEventListener('click', () => {
      if (!formBox.hidden) { close(); return; }
      if (!form) {
        form = createEventForm({
          group, me, signal,
          onCancel: close,
          onSaved: (ev) => {
            setFlash(t('agenda.created', { title: ev.title }));
            navigate(eventHref(ev.id));
          },
        });
        replaceChildren(formBox, form.element);
      }
      formBox.hidden = false;
      toggle.setAttribute('aria-expanded', 'true');
      form.focus();
    });
    panel.append(h('div', { class: 'agenda-actions' }, toggle, convokeButton(panel, { group, me, signal, navigate })), formBox);
  } else {
    // an administrator who may not post there may still convene
    const convoke = convokeButton(panel, { group, me, signal, navigate });
    if (convoke) panel.append(h('div', { class: 'agenda-actions' }, convoke));
  }
  panel.append(calendar.element);
}

/** « Convoquer » (the group's managers): the form opens below the agenda's buttons. */
function convokeButton(panel, { group, me, signal, navigate }) {
  if (!group.can || !(group.can.convoke || group.can.manage) || group.archived) return null;
  const toggle = h('button', { type: 'button', class: 'btn agenda-convoke', 'aria-expanded': 'false' }, t('convocation.convoke'));
  const box = h('div', { class: 'agenda-form-box convocation-form-box', hidden: true });
  let form = null;
  const close = () => {
    box.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
    toggle.focus();
  };
  toggle.addEventListener('click', () => {
    if (!box.parentNode) toggle.closest('.agenda-actions').after(box);
    if (!box.hidden) { close(); return; }
    // one form open at a time
    const other = panel.querySelector('.agenda-new[aria-expanded="true"]');
    if (other) other.click();
    if (!form) {
      form = createConvocationForm({
        group, me, signal,
        onCancel: close,
        onSaved: (res) => {
          setFlash(t('convocation.sent'));
          navigate(`/convocations/${encodeURIComponent(res.id)}`);
        },
      });
      replaceChildren(box, form.element);
    }
    box.hidden = false;
    toggle.setAttribute('aria-expanded', 'true');
    form.focus();
  });
  return toggle;
}
