// /evenements/{id} — one event: when, where, the online link, the
// description (the server's safe Markdown), the files, « Ajouter à mon
// agenda » (.ics); « Oui » / « Non » / « Peut-être » with a comment for the
// invited (and the waiting list when full); for the organiser (and the
// group's managers, administrators): who answered what and who has not,
// the CSV, « Relancer », « Modifier » and « Annuler l'événement ».

import { h, replaceChildren, uid, safeHtml, isSafeHref } from '../dom.js';
import { t } from '../i18n.js';
import { get, put, post, del } from '../api.js';
import {
  pageTitle, alertBox, statusBox, loading, errorMessage, textareaField, confirmDialog, badge,
} from '../ui.js';
import { shortDateTime } from '../dates.js';
import { detailFrame, loadDetail } from '../detail-page.js';
import { renderAttachments } from '../attachments.js';
import { createEventForm, parseRrule, reminderLabel } from '../event-form.js';
import { hoursText } from '../agenda-calendar.js';
import { dayTitle, datePart, addDays, civil, cap } from '../agenda-util.js';

const enc = encodeURIComponent;
const ANSWERS = ['yes', 'maybe', 'no'];

/** « Chaque semaine, 10 fois », « Chaque mois jusqu'au 30 juin 2027 ». */
export function repeatText(rrule) {
  if (!rrule) return null;
  const r = parseRrule(rrule);
  const every = t(r.freq === 'monthly' ? 'agenda.repeat.monthly' : 'agenda.repeat.weekly');
  if (r.count) return t('agenda.repeat.count', { every, n: Number(r.count) });
  if (r.until && civil(r.until)) return t('agenda.repeat.until', { every, date: dayTitle(r.until) });
  return every;
}

/** « jeudi 10 décembre 2026, 14:00 – 16:00 » / all-day over several days. */
export function whenText(ev) {
  const first = datePart(ev.start);
  if (ev.all_day) {
    const last = addDays(datePart(ev.end), -1);
    if (last > first) return t('agenda.fromTo', { from: dayTitle(first), to: dayTitle(last) });
    return `${dayTitle(first)}, ${t('agenda.allDay').toLowerCase()}`;
  }
  return `${dayTitle(first)}, ${hoursText(ev.start, ev.end, ev)}`;
}

const answerLabel = (a) => t(`agenda.answer.${a}`);

export const eventView = {
  title: () => t('agenda.eventTitle'),
  async render(main, { params, signal, setTitle, user: me }) {
    const id = enc(params.id);
    const frame = detailFrame(main, 'event');
    const { back, head, rest, say } = frame;
    let ev = null;

    const load = () => loadDetail(frame, main, `/events/${id}`, { signal, setTitle },
      { title: 'agenda.eventTitle', notFound: 'agenda.notFound', notFoundText: 'agenda.notFoundText' },
      (data) => { ev = data; render(); });

    function render() {
      setTitle(ev.title || t('agenda.eventTitle'));
      const backLink = back.querySelector('a');
      if (ev.group) {
        backLink.href = `/groupes/${enc(ev.group.id)}?onglet=agenda`;
        backLink.textContent = `← ${t('agenda.backGroup', { name: ev.group.name || '' })}`;
      }
      const cancelled = ev.status === 'cancelled';
      const description = h('div', { class: 'event-description markdown' });
      if (ev.description_html) safeHtml(description, ev.description_html);
      const files = renderAttachments({
        attachments: (ev.attachments || []).map((f) => ({ ...f, content_url: f.content_url || `/api/v1/files/${enc(f.id)}/content` })),
      });
      const facts = [
        [t('agenda.when'), h('span', {}, cap(whenText(ev)))],
        ev.rrule ? [t('agenda.repeats'), repeatText(ev.rrule)] : null,
        ev.place ? [t('agenda.place'), ev.place] : null,
        ev.url ? [t('agenda.online'), isSafeHref(ev.url) && /^https?:/i.test(ev.url)
          ? h('a', { href: ev.url, target: '_blank', rel: 'noopener noreferrer' }, ev.url) : ev.url] : null,
        [t('agenda.where'), ev.group ? h('a', { href: `/groupes/${enc(ev.group.id)}?onglet=agenda` }, ev.group.name || '') : t('agenda.organisation')],
        ev.organizer ? [t('agenda.organizer'), h('a', { href: `/personnes/${enc(ev.organizer.id)}` }, ev.organizer.display_name || '')] : null,
        ev.capacity ? [t('agenda.capacity'), t('agenda.capacityText', { n: ev.capacity, yes: (ev.counts && ev.counts.yes) || 0 })] : null,
        ev.deadline ? [t('agenda.deadline'), shortDateTime(ev.deadline)] : null,
        [t('agenda.reminderLabel'), reminderLabel(ev.reminder_minutes)],
      ].filter(Boolean);
      const actions = h('div', { class: 'event-actions' },
        h('a', { href: `/api/v1/events/${id}.ics`, class: 'btn btn-small', download: `evenement-${ev.id}.ics` }, t('agenda.addToCalendar')));
      if (ev.can && ev.can.edit && !cancelled) {
        actions.append(h('button', { type: 'button', class: 'btn btn-small', onclick: () => edit() }, t('agenda.edit')));
      }
      if (ev.can && ev.can.cancel && !cancelled) {
        actions.append(h('button', { type: 'button', class: 'btn btn-small btn-danger-outline', onclick: () => cancel() }, t('agenda.cancel')));
      }
      replaceChildren(head,
        h('div', { class: 'event-title-row' }, pageTitle(ev.title || ''), cancelled ? badge(t('agenda.cancelled'), 'badge-cancelled') : null),
        cancelled ? h('p', { class: 'alert alert-info' }, t('agenda.cancelledText')) : null,
        h('dl', { class: 'event-facts' }, facts.map(([k, v]) => h('div', { class: 'event-fact' }, h('dt', {}, k), h('dd', {}, v)))),
        description.childNodes.length ? description : null,
        files,
        actions);
      replaceChildren(rest, answerSection(), answersSection());
    }

    // ---- my answer
    function answerSection() {
      if (!ev.can || !ev.can.answer || ev.status === 'cancelled') {
        if (ev.my_answer) {
          return h('section', { class: 'card event-answer' }, h('h2', {}, t('agenda.yourAnswer')), h('p', {}, myAnswerText()));
        }
        return null;
      }
      const headingId = uid('answer');
      const state = h('p', { class: 'event-answer-state', role: 'status' }, myAnswerText());
      const comment = textareaField({ label: t('agenda.comment'), name: 'comment', rows: 2, value: (ev.my_answer && ev.my_answer.comment) || '', attrs: { maxlength: '500' } });
      const box = h('div', { class: 'messages', 'aria-live': 'polite' });
      const buttons = ANSWERS.map((a) => h('button', {
        type: 'button', class: `btn answer-btn answer-${a}`, 'aria-pressed': String(!!ev.my_answer && ev.my_answer.answer === a), dataset: { answer: a },
      }, answerLabel(a)));
      for (const b of buttons) {
        b.addEventListener('click', async () => {
          replaceChildren(box);
          for (const x of buttons) x.disabled = true;
          try {
            const res = await put(`/events/${id}/answer`, { answer: b.dataset.answer, comment: comment.input.value.trim() }, { signal });
            ev.my_answer = res;
            for (const x of buttons) x.setAttribute('aria-pressed', String(x.dataset.answer === res.answer));
            state.textContent = myAnswerText();
            // counts and the organiser's list follow
            get(`/events/${id}`, { signal }).then((fresh) => {
              ev = { ...fresh, my_answer: fresh.my_answer || res };
              const counts = rest.querySelector('.event-answers');
              if (counts) counts.replaceWith(answersSection() || h('div'));
            }).catch(() => {});
          } catch (err) {
            if (err && err.name === 'AbortError') return;
            replaceChildren(box, alertBox(errorMessage(err)));
          } finally {
            for (const x of buttons) x.disabled = false;
            b.focus();
          }
        });
      }
      return h('section', { class: 'card event-answer', 'aria-labelledby': headingId },
        h('h2', { id: headingId }, t('agenda.yourAnswer')),
        ev.deadline ? h('p', { class: 'hint' }, t('agenda.answerBefore', { date: shortDateTime(ev.deadline) })) : null,
        comment.wrap,
        h('div', { class: 'answer-buttons', role: 'group', 'aria-labelledby': headingId }, buttons),
        state, box);
    }

    function myAnswerText() {
      const a = ev.my_answer;
      if (!a) return ev.invited ? t('agenda.notAnswered') : t('agenda.notInvited');
      if (a.answer === 'yes' && a.waiting) return t('agenda.waiting');
      return t('agenda.answered', { answer: answerLabel(a.answer) });
    }

    // ---- who answered what (organiser)
    function answersSection() {
      if (!ev.can || !ev.can.see_answers) return null;
      const headingId = uid('answers');
      const body = h('div', { class: 'event-answers-body' }, loading());
      const note = h('div', { class: 'messages', 'aria-live': 'polite' });
      const message = textareaField({ label: t('agenda.remindMessage'), name: 'message', rows: 2, attrs: { maxlength: '500' } });
      const remind = h('button', { type: 'button', class: 'btn btn-small' }, t('agenda.remind'));
      remind.addEventListener('click', async () => {
        remind.disabled = true;
        try {
          const text = message.input.value.trim();
          await post(`/events/${id}/remind`, text ? { message: text } : {}, { signal });
          message.input.value = '';
          replaceChildren(note, statusBox(t('agenda.reminded')));
        } catch (err) {
          if (err && err.name === 'AbortError') return;
          replaceChildren(note, alertBox(errorMessage(err)));
        } finally {
          remind.disabled = false;
          remind.focus();
        }
      });
      const section = h('section', { class: 'card event-answers', 'aria-labelledby': headingId },
        h('div', { class: 'event-answers-head' },
          h('h2', { id: headingId }, t('agenda.answers')),
          h('a', { href: `/api/v1/events/${id}/answers?format=csv`, class: 'btn btn-small', download: `reponses-${ev.id}.csv` }, t('agenda.csv'))),
        body,
        ev.status === 'cancelled' ? null : h('details', { class: 'event-remind' },
          h('summary', {}, t('agenda.remindTitle')),
          h('p', { class: 'hint' }, t('agenda.remindHint')),
          message.wrap, h('div', { class: 'form-actions' }, remind)),
        note);
      get(`/events/${id}/answers`, { signal }).then((data) => {
        const items = (data && data.items) || [];
        const pending = (data && data.pending) || [];
        const groups = [
          ['yes', items.filter((i) => i.answer === 'yes' && !i.waiting)],
          ['waiting', items.filter((i) => i.answer === 'yes' && i.waiting)],
          ['maybe', items.filter((i) => i.answer === 'maybe')],
          ['no', items.filter((i) => i.answer === 'no')],
        ];
        const person = (u) => h('a', { href: `/personnes/${enc(u.id)}` }, u.display_name || '');
        replaceChildren(body,
          groups.map(([key, list]) => {
            const hid = uid('ans');
            return h('section', { class: `answer-group answer-group-${key}`, 'aria-labelledby': hid },
              h('h3', { id: hid }, t(`agenda.answersOf.${key}`, { n: list.length })),
              list.length ? h('ul', { class: 'answer-list' }, list.map((i) => h('li', {},
                person(i.user),
                i.comment ? h('span', { class: 'answer-comment' }, ` — « ${i.comment} »`) : null,
                i.answered_at ? h('span', { class: 'muted answer-at' }, ` · ${shortDateTime(i.answered_at)}`) : null)))
                : h('p', { class: 'muted' }, t('agenda.nobody')));
          }),
          (() => {
            const hid = uid('ans');
            return h('section', { class: 'answer-group answer-group-pending', 'aria-labelledby': hid },
              h('h3', { id: hid }, t('agenda.answersOf.pending', { n: pending.length })),
              pending.length ? h('ul', { class: 'answer-list' }, pending.map((u) => h('li', {}, person(u)))) : h('p', { class: 'muted' }, t('agenda.nobody')));
          })());
      }).catch((err) => {
        if (err && err.name === 'AbortError') return;
        replaceChildren(body, alertBox(errorMessage(err)));
      });
      return section;
    }

    // ---- changes and cancellation
    function edit() {
      const form = createEventForm({
        group: ev.group, event: ev, me, signal,
        onCancel: () => { render(); head.querySelector('h1').focus(); },
        onSaved: (saved) => {
          ev = saved;
          render();
          say(statusBox(t('agenda.saved')));
          head.querySelector('h1').focus();
        },
      });
      replaceChildren(rest);
      replaceChildren(head, pageTitle(ev.title || ''), form.element);
      form.focus();
    }

    async function cancel() {
      const ok = await confirmDialog({
        title: t('agenda.cancelTitle'), message: t('agenda.cancelText', { title: ev.title }), confirm: t('agenda.cancelConfirm'), danger: true,
      });
      if (!ok) return;
      try {
        await del(`/events/${id}`, { signal });
        await load();
        say(statusBox(t('agenda.cancelDone')));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        say(alertBox(errorMessage(err)));
      }
      const h1 = head.querySelector('h1');
      if (h1) h1.focus();
    }

    await load();
  },
};
