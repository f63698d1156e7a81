// /convocations/{id} — one convocation: the meeting (when, where, online),
// the « Ordre du jour », the documents (links to the drive), « J'ai lu »
// for a recipient and its state, one's answer (« Oui » / « Non » /
// « Peut-être », the event's answer API) and the versions sent. For the
// group's managers: the « Accusés de réception » table (sent, the mail
// relay's answer, opened, confirmed, answer) with its filters, « Relancer »,
// the CSV and the PDF, and « Modifier » (a new version sent again to all).

import { h, replaceChildren, uid, safeHtml, isSafeHref } from '../dom.js';
import { t } from '../i18n.js';
import { get, post, put } from '../api.js';
import {
  pageTitle, alertBox, statusBox, loading, errorMessage, badge, selectField,
} from '../ui.js';
import { shortDateTime } from '../dates.js';
import { detailFrame, loadDetail } from '../detail-page.js';
import { renderAttachments } from '../attachments.js';
import { cap } from '../agenda-util.js';
import { whenText } from './event.js';
import { createConvocationForm } from '../convocation-form.js';

const enc = encodeURIComponent;
const ANSWERS = ['yes', 'maybe', 'no'];
const FILTERS = ['all', 'unconfirmed', 'unopened', 'refused'];

/** Whether a receipts' line passes `filter`. */
export function keep(item, filter) {
  if (filter === 'unconfirmed') return !item.confirmed;
  if (filter === 'unopened') return !item.opened && !item.confirmed;
  if (filter === 'refused') return !!item.relay && item.relay.status === 'refused';
  return true;
}

export const convocationView = {
  title: () => t('convocation.title'),
  async render(main, { params, signal, setTitle, user: me }) {
    const id = enc(params.id);
    const frame = detailFrame(main, 'convocation');
    const { back, head, rest, say } = frame;
    let c = null;

    const load = () => loadDetail(frame, main, `/convocations/${id}`, { signal, setTitle },
      { title: 'convocation.title', notFound: 'convocation.notFound', notFoundText: 'convocation.notFoundText' },
      (data) => { c = data; render(); });

    function render() {
      const ev = c.event || {};
      setTitle(ev.title || t('convocation.title'));
      const backLink = back.querySelector('a');
      if (c.group) {
        backLink.href = `/groupes/${enc(c.group.id)}?onglet=agenda`;
        backLink.textContent = `← ${t('agenda.backGroup', { name: c.group.name || '' })}`;
      }
      const agenda = h('div', { class: 'convocation-agenda markdown' });
      if (c.agenda_html) safeHtml(agenda, c.agenda_html);
      else agenda.append(h('p', { class: 'muted' }, t('convocation.noAgenda')));
      const docs = renderAttachments({
        attachments: (c.attachments || []).map((f) => ({ ...f, content_url: f.content_url || `/api/v1/files/${enc(f.id)}/content` })),
      });
      const facts = [
        ev.start ? [t('agenda.when'), cap(whenText(ev))] : null,
        ev.place ? [t('agenda.place'), ev.place] : null,
        ev.url ? [t('agenda.online'), isSafeHref(ev.url) && /^https?:/i.test(ev.url)
          ? h('a', { href: ev.url, target: '_blank', rel: 'noopener noreferrer' }, ev.url) : ev.url] : null,
        c.group ? [t('convocation.group'), h('a', { href: `/groupes/${enc(c.group.id)}` }, c.group.name || '')] : null,
        [t('convocation.version'), t('convocation.versionText', { n: c.version || 1 })],
        ev.id ? [t('convocation.event'), h('a', { href: `/evenements/${enc(ev.id)}` }, t('convocation.eventLink'))] : null,
      ].filter(Boolean);
      const actions = h('div', { class: 'event-actions' });
      if (ev.id) actions.append(h('a', { href: `/api/v1/events/${enc(ev.id)}.ics`, class: 'btn btn-small', download: `convocation-${c.id}.ics` }, t('agenda.addToCalendar')));
      if (c.can && c.can.edit) actions.append(h('button', { type: 'button', class: 'btn btn-small', onclick: () => edit() }, t('convocation.edit')));
      const docsHeading = uid('docs');
      replaceChildren(head,
        h('div', { class: 'event-title-row' }, pageTitle(ev.title || t('convocation.title')), badge(t('convocation.badge'), 'badge-must-read')),
        h('dl', { class: 'event-facts' }, facts.map(([k, v]) => h('div', { class: 'event-fact' }, h('dt', {}, k), h('dd', {}, v)))),
        h('section', { class: 'convocation-part', 'aria-labelledby': 'convocation-agenda-h' },
          h('h2', { id: 'convocation-agenda-h' }, t('convocation.agenda')), agenda),
        h('section', { class: 'convocation-part', 'aria-labelledby': docsHeading },
          h('h2', { id: docsHeading }, t('convocation.documents')),
          docs || h('p', { class: 'muted' }, t('convocation.noDocuments'))),
        actions);
      replaceChildren(rest, receiptSection(), answerSection(), versionsSection(), receiptsSection());
    }

    // ---- « J'ai lu »
    function receiptSection() {
      if (!c.recipient) return null;
      const hid = uid('mine');
      const r = c.my_receipt || {};
      const box = h('div', { class: 'messages', 'aria-live': 'polite' });
      const section = h('section', { class: 'card convocation-mine', 'aria-labelledby': hid }, h('h2', { id: hid }, t('convocation.myReceipt')));
      if (r.confirmed) {
        section.append(h('p', { class: 'post-read is-read convocation-confirmed', role: 'status' }, t('convocation.confirmedOn', { date: shortDateTime(r.confirmed) })));
        return section;
      }
      const button = h('button', { type: 'button', class: 'btn btn-primary convocation-read' }, t('convocation.read'));
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          const res = await post(`/convocations/${id}/confirm`, undefined, { signal });
          c.my_receipt = { ...(c.my_receipt || {}), confirmed: (res && res.confirmed) || new Date().toISOString() };
          const fresh = receiptSection();
          section.replaceWith(fresh);
          const state = fresh.querySelector('.convocation-confirmed');
          if (state) { state.tabIndex = -1; state.focus(); }
        } catch (err) {
          if (err && err.name === 'AbortError') return;
          button.disabled = false;
          replaceChildren(box, alertBox(errorMessage(err)));
        }
      });
      section.append(h('p', { class: 'muted' }, t('convocation.readPrompt')), button, box);
      return section;
    }

    // ---- my answer, through the event's API
    function answerSection() {
      const ev = c.event || {};
      if (!c.recipient || !ev.id || ev.status === 'cancelled') return null;
      const hid = uid('answer');
      const current = () => (ev.my_answer && ev.my_answer.answer) || null;
      const state = h('p', { class: 'event-answer-state', role: 'status' },
        current() ? t('agenda.answered', { answer: t(`agenda.answer.${current()}`) }) : t('agenda.notAnswered'));
      const box = h('div', { class: 'messages', 'aria-live': 'polite' });
      const buttons = ANSWERS.map((a) => h('button', {
        type: 'button', class: `btn answer-btn answer-${a}`, 'aria-pressed': String(current() === a), dataset: { answer: a },
      }, t(`agenda.answer.${a}`)));
      for (const b of buttons) {
        b.addEventListener('click', async () => {
          replaceChildren(box);
          for (const x of buttons) x.disabled = true;
          try {
            const res = await put(`/events/${enc(ev.id)}/answer`, { answer: b.dataset.answer }, { signal });
            ev.my_answer = res;
            for (const x of buttons) x.setAttribute('aria-pressed', String(x.dataset.answer === res.answer));
            state.textContent = t('agenda.answered', { answer: t(`agenda.answer.${res.answer}`) });
          } catch (err) {
            if (err && err.name === 'AbortError') return;
            replaceChildren(box, alertBox(errorMessage(err)));
          } finally {
            for (const x of buttons) x.disabled = false;
            b.focus();
          }
        });
      }
      return h('section', { class: 'card event-answer', 'aria-labelledby': hid },
        h('h2', { id: hid }, t('agenda.yourAnswer')),
        h('div', { class: 'answer-buttons', role: 'group', 'aria-labelledby': hid }, buttons),
        state, box);
    }

    // ---- versions
    function versionsSection() {
      const versions = Array.isArray(c.versions) ? c.versions : [];
      if (versions.length < 2) return null;
      const hid = uid('versions');
      return h('section', { class: 'card convocation-versions', 'aria-labelledby': hid },
        h('h2', { id: hid }, t('convocation.versions')),
        h('ol', { class: 'convocation-version-list' }, versions.map((v) => h('li', {},
          h('strong', {}, t('convocation.versionText', { n: v.version })),
          ` — ${v.title || ''}`,
          v.start ? ` (${shortDateTime(v.start)})` : '',
          v.sent_at ? h('span', { class: 'muted' }, ` · ${t('convocation.sentOn', { date: shortDateTime(v.sent_at) })}`) : null))));
    }

    // ---- receipts (managers)
    function receiptsSection() {
      if (!c.can || !c.can.receipts) return null;
      const hid = uid('receipts');
      const versions = (Array.isArray(c.versions) && c.versions.length ? c.versions.map((v) => v.version) : [c.version || 1]);
      let version = c.version || 1;
      let items = [];
      const note = h('div', { class: 'messages', 'aria-live': 'polite' });
      const summary = h('p', { class: 'convocation-summary', role: 'status' });
      const filter = selectField({
        label: t('convocation.filter'), name: 'filter', value: 'all',
        options: FILTERS.map((f) => ({ value: f, label: t(`convocation.filters.${f}`) })),
      });
      const versionPick = versions.length > 1 ? selectField({
        label: t('convocation.version'), name: 'version', value: String(version),
        options: versions.map((v) => ({ value: String(v), label: t('convocation.versionText', { n: v }) })),
      }) : null;
      const tableBox = h('div', {
        class: 'table-scroll convocation-table-box', role: 'region', 'aria-labelledby': hid, tabindex: '0',
      }, loading());
      const csv = h('a', { class: 'btn btn-small', download: '' }, t('convocation.csv'));
      const pdf = h('a', { class: 'btn btn-small', download: '' }, t('convocation.pdf'));
      const links = () => {
        const q = `version=${enc(version)}`;
        csv.href = `/api/v1/convocations/${id}/receipts?format=csv&${q}`;
        csv.setAttribute('download', `accuses-${c.id}-v${version}.csv`);
        pdf.href = `/api/v1/convocations/${id}/receipts?format=pdf&${q}`;
        pdf.setAttribute('download', `accuses-${c.id}-v${version}.pdf`);
      };
      const refresh = h('button', { type: 'button', class: 'btn btn-small' }, t('convocation.refresh'));
      const remind = h('button', { type: 'button', class: 'btn btn-small btn-primary' }, t('convocation.remind'));

      const when = (iso) => (iso ? shortDateTime(iso) : '—');
      const relayCell = (r) => {
        if (!r) return h('td', { 'data-label': t('convocation.col.relay') }, '—');
        const label = t(`convocation.relay.${r.status}`);
        return h('td', { class: `relay relay-${r.status}`, 'data-label': t('convocation.col.relay') }, label === `convocation.relay.${r.status}` ? String(r.status || '') : label,
          r.reply ? h('span', { class: 'muted relay-reply' }, r.reply) : null);
      };
      function draw() {
        const f = filter.select.value;
        const shown = items.filter((i) => keep(i, f));
        const confirmed = items.filter((i) => i.confirmed).length;
        const opened = items.filter((i) => i.opened || i.confirmed).length;
        summary.textContent = t('convocation.summary', { n: items.length, opened, confirmed, shown: shown.length });
        if (!shown.length) { replaceChildren(tableBox, h('p', { class: 'muted' }, t('convocation.noneShown'))); return; }
        replaceChildren(tableBox, h('table', { class: 'table convocation-receipts' },
          h('caption', { class: 'sr-only' }, t('convocation.receipts')),
          h('thead', {}, h('tr', {}, ['recipient', 'sent', 'relay', 'opened', 'confirmed', 'answer']
            .map((k) => h('th', { scope: 'col' }, t(`convocation.col.${k}`))))),
          h('tbody', {}, shown.map((i) => h('tr', { class: i.confirmed ? 'is-confirmed' : 'is-pending' },
            h('th', { scope: 'row' },
              h('a', { href: `/personnes/${enc(i.user.id)}` }, i.user.display_name || ''),
              i.user.email ? h('span', { class: 'muted receipt-email' }, i.user.email) : null),
            h('td', { 'data-label': t('convocation.col.sent') }, when(i.sent)),
            relayCell(i.relay),
            h('td', { 'data-label': t('convocation.col.opened') }, when(i.opened)),
            h('td', { 'data-label': t('convocation.col.confirmed') }, i.confirmed ? [when(i.confirmed), i.confirmed_via ? h('span', { class: 'muted' }, ` (${t(`convocation.via.${i.confirmed_via}`)})`) : null] : '—'),
            h('td', { 'data-label': t('convocation.col.answer') }, i.answer ? t(`agenda.answer.${i.answer}`) : '—'))))));
      }
      async function loadReceipts() {
        tableBox.setAttribute('aria-busy', 'true');
        try {
          const data = await get(`/convocations/${id}/receipts`, { query: { version }, signal });
          items = (data && data.items) || [];
          draw();
        } catch (err) {
          if (err && err.name === 'AbortError') return;
          replaceChildren(tableBox, alertBox(errorMessage(err)));
        } finally {
          tableBox.setAttribute('aria-busy', 'false');
        }
      }
      filter.select.addEventListener('change', draw);
      if (versionPick) {
        versionPick.select.addEventListener('change', () => {
          version = Number(versionPick.select.value);
          remind.hidden = version !== (c.version || 1);
          links();
          loadReceipts();
        });
      }
      refresh.addEventListener('click', () => loadReceipts());
      remind.addEventListener('click', async () => {
        remind.disabled = true;
        replaceChildren(note);
        try {
          await post(`/convocations/${id}/remind`, undefined, { signal });
          replaceChildren(note, statusBox(t('convocation.reminded')));
          loadReceipts();
        } catch (err) {
          if (err && err.name === 'AbortError') return;
          replaceChildren(note, alertBox(errorMessage(err)));
        } finally {
          remind.disabled = false;
        }
      });
      links();
      loadReceipts();
      return h('section', { class: 'card convocation-receipts-card' , 'aria-labelledby': hid },
        h('div', { class: 'event-answers-head' }, h('h2', { id: hid }, t('convocation.receipts'))),
        h('div', { class: 'convocation-tools' }, filter.wrap, versionPick ? versionPick.wrap : null),
        h('div', { class: 'event-actions' }, remind, refresh, csv, pdf),
        h('p', { class: 'hint' }, t('convocation.remindHint')),
        note, summary, tableBox);
    }

    // ---- a new version
    function edit() {
      const group = { ...(c.group || {}), can: {} };
      const form = createConvocationForm({
        group, me, signal, convocation: c,
        onCancel: () => { render(); head.querySelector('h1').focus(); },
        onSaved: async () => {
          await load();
          say(statusBox(t('convocation.resent')));
          const h1 = head.querySelector('h1');
          if (h1) h1.focus();
        },
      });
      replaceChildren(rest);
      replaceChildren(head, pageTitle(t('convocation.editTitle')), form.element);
      form.focus();
    }

    await load();
  },
};
