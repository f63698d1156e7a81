// /agenda — « Mon agenda »: the events of every group the person reads and
// the organisation's (GET /events), as a month or a list; for
// administrators and communication editors, « Nouvel événement » of the
// organisation; and the private subscription address (a secret in the
// URL) for Thunderbird, Outlook or a phone, to copy, renew or switch off.

import { h, replaceChildren, uid } from '../dom.js';
import { t } from '../i18n.js';
import { get, post, del } from '../api.js';
import { pageTitle, alertBox, statusBox, errorMessage, setFlash, takeFlash, confirmDialog } from '../ui.js';
import { isNewsEditor } from '../composer.js';
import { createAgendaCalendar, eventHref } from '../agenda-calendar.js';
import { createEventForm } from '../event-form.js';

/** The private subscription address: shown on request, copied, renewed, switched off. */
function subscriptionSection({ signal }) {
  const headingId = uid('calsub');
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const inputId = uid('calsub-url');
  const input = h('input', { id: inputId, type: 'text', class: 'input calsub-url', readonly: true, spellcheck: 'false', autocomplete: 'off' });
  const copyBtn = h('button', { type: 'button', class: 'btn btn-small' }, t('agenda.sub.copy'));
  const renewBtn = h('button', { type: 'button', class: 'btn btn-small' }, t('agenda.sub.renew'));
  const offBtn = h('button', { type: 'button', class: 'btn btn-small btn-danger-outline' }, t('agenda.sub.off'));
  const showBtn = h('button', { type: 'button', class: 'btn' }, t('agenda.sub.show'));
  const shown = h('div', { class: 'calsub-shown', hidden: true },
    h('div', { class: 'field' }, h('label', { for: inputId, class: 'label' }, t('agenda.sub.address')), h('p', { class: 'hint', id: `${inputId}-hint` }, t('agenda.sub.secret')), input),
    h('div', { class: 'form-actions' }, copyBtn, renewBtn, offBtn));
  input.setAttribute('aria-describedby', `${inputId}-hint`);
  const say = (box) => replaceChildren(messages, box);
  const absolute = (url) => new URL(url, window.location.origin).href;

  function showUrl(url) {
    input.value = absolute(url);
    shown.hidden = false;
    showBtn.hidden = true;
  }
  showBtn.addEventListener('click', async () => {
    try {
      const data = await get('/me/calendar-token', { signal });
      showUrl(data.url);
      replaceChildren(messages);
      input.focus();
      input.select();
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      say(alertBox(errorMessage(err)));
    }
  });
  copyBtn.addEventListener('click', async () => {
    input.focus();
    input.select();
    let ok = false;
    try {
      await navigator.clipboard.writeText(input.value);
      ok = true;
    } catch {
      try { ok = document.execCommand('copy'); } catch { ok = false; }
    }
    say(ok ? statusBox(t('agenda.sub.copied')) : alertBox(t('agenda.sub.copyFailed')));
    copyBtn.focus();
  });
  renewBtn.addEventListener('click', async () => {
    const yes = await confirmDialog({ title: t('agenda.sub.renewTitle'), message: t('agenda.sub.renewText'), confirm: t('agenda.sub.renew') });
    if (!yes) return;
    try {
      const data = await post('/me/calendar-token', {}, { signal });
      showUrl(data.url);
      say(statusBox(t('agenda.sub.renewed')));
      input.focus();
      input.select();
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      say(alertBox(errorMessage(err)));
    }
  });
  offBtn.addEventListener('click', async () => {
    const yes = await confirmDialog({ title: t('agenda.sub.offTitle'), message: t('agenda.sub.offText'), confirm: t('agenda.sub.off'), danger: true });
    if (!yes) return;
    try {
      await del('/me/calendar-token', { signal });
      input.value = '';
      shown.hidden = true;
      showBtn.hidden = false;
      say(statusBox(t('agenda.sub.offDone')));
      showBtn.focus();
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      say(alertBox(errorMessage(err)));
    }
  });

  return h('section', { class: 'card calsub', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, t('agenda.sub.title')),
    h('p', {}, t('agenda.sub.intro')),
    h('details', { class: 'calsub-help' },
      h('summary', {}, t('agenda.sub.how')),
      h('ul', {},
        h('li', {}, t('agenda.sub.thunderbird')),
        h('li', {}, t('agenda.sub.outlook')),
        h('li', {}, t('agenda.sub.phone')))),
    messages, showBtn, shown);
}

export const myAgenda = {
  title: () => t('agenda.mine'),
  render(main, { user, signal, navigate }) {
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' }, takeFlash());
    const calendar = createAgendaCalendar({
      signal, showGroup: true,
      load: async (from, to, sig) => {
        const data = await get('/events', { query: { from, to, fields: 'summary' }, signal: sig });
        return (data && data.items) || [];
      },
    });
    const head = h('div', { class: 'page-head' }, pageTitle(t('agenda.mine')));
    main.append(head, messages);
    if (isNewsEditor(user)) {
      const toggle = h('button', { type: 'button', class: 'btn btn-primary agenda-new', 'aria-expanded': 'false' }, t('agenda.newOrg'));
      const formBox = h('div', { class: 'card agenda-form-box', hidden: true });
      let form = null;
      const close = () => { formBox.hidden = true; toggle.setAttribute('aria-expanded', 'false'); toggle.focus(); };
      toggle.addEventListener('click', () => {
        if (!formBox.hidden) { close(); return; }
        if (!form) {
          form = createEventForm({
            group: null, me: user, signal, onCancel: close,
            onSaved: (ev) => { setFlash(t('agenda.created', { title: ev.title })); navigate(eventHref(ev.id)); },
          });
          replaceChildren(formBox, form.element);
        }
        formBox.hidden = false;
        toggle.setAttribute('aria-expanded', 'true');
        form.focus();
      });
      main.append(h('div', { class: 'agenda-actions' }, toggle), formBox);
    }
    main.append(h('section', { class: 'card agenda-card', 'aria-label': t('agenda.calendar') }, calendar.element), subscriptionSection({ signal }));
  },
};
