// /admin/journal — administrators: « Journal », the audit log (GET
// /admin/audit): who did what and when — sign-ins and failed sign-ins,
// accounts created, changed, disabled, erased, roles, settings,
// administrators acting in groups they are not in, exports… Filtered by
// person (what they did and what was done to their account), action and
// period; newest first, « Plus » for older rows; « Exporter (CSV) » gives
// every row the filters select.

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { alertBox, loading, errorMessage, selectField, field, tableScroll } from '../ui.js';
import { shortDateTime, fullDate } from '../dates.js';
import { adminHeader } from '../admin-nav.js';
import { createPersonPicker } from '../person-picker.js';

const PAGE = 50;
const actionLabel = (a) => {
  const key = `admin.journalPage.actions.${String(a).replace(/\./g, '_')}`;
  const text = t(key);
  return text === key ? String(a) : text;
};

export const adminJournal = {
  title: () => `${t('admin.journal')} — ${t('admin.title')}`,
  render(main, { user: me, signal }) {
    main.append(...adminHeader('/admin/journal', 'admin.journal'));
    if (me.role !== 'admin') {
      main.append(alertBox(t('admin.forbidden')));
      return;
    }
    const person = createPersonPicker({ label: t('admin.journalPage.person'), name: 'actor', signal });
    const action = selectField({ label: t('admin.journalPage.action'), name: 'action', value: '',
      options: [{ value: '', label: t('admin.journalPage.anyAction') }] });
    const from = field({ label: t('admin.statsPage.from'), name: 'from', type: 'date' });
    const to = field({ label: t('admin.statsPage.to'), name: 'to', type: 'date' });
    const exportLink = h('a', { class: 'btn', href: '/api/v1/admin/audit?format=csv', download: '' }, t('admin.journalPage.export'));
    const form = h('form', { class: 'card stats-form', 'aria-label': t('admin.journalPage.filters') },
      h('div', { class: 'stats-fields' }, person.wrap, action.wrap, from.wrap, to.wrap),
      h('div', { class: 'stats-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary' }, t('admin.journalPage.filter')), exportLink));
    const tbody = h('tbody', {});
    const table = h('table', { class: 'data-table stats-table journal-table' },
      h('caption', { class: 'sr-only' }, t('admin.journalPage.caption')),
      h('thead', {}, h('tr', {}, ['colDate', 'colActor', 'colAction', 'colTarget', 'colDetail']
        .map((k) => h('th', { scope: 'col' }, t(`admin.journalPage.${k}`))))),
      tbody);
    const wrap = tableScroll(table, t('admin.journalPage.caption'), { hidden: true });
    const status = h('div', { 'aria-live': 'polite' });
    const more = h('button', { type: 'button', class: 'btn more', hidden: true }, t('common.more'));
    main.append(form, h('section', { class: 'card', 'aria-labelledby': 'journal-title' },
      h('h2', { id: 'journal-title' }, t('admin.journalPage.heading')), wrap, status, more));

    let next = null, actionsKnown = false;
    const filters = () => {
      const q = {};
      const p = person.value();
      if (p) q.actor = p.id;
      if (action.select.value) q.action = action.select.value;
      if (from.input.value) q.from = from.input.value;
      if (to.input.value) q.to = to.input.value;
      return q;
    };
    const row = (x) => h('tr', {},
      h('td', {}, h('time', { datetime: x.at, title: fullDate(x.at) }, shortDateTime(x.at))),
      h('td', {}, x.actor ? x.actor.display_name : h('span', { class: 'muted' }, t('admin.journalPage.nobody'))),
      h('td', {}, actionLabel(x.action)),
      h('td', {}, x.target.name || (x.target.id ? `${x.target.type} #${x.target.id}` : '—')),
      h('td', { class: 'journal-detail' }, x.detail));

    async function load(cursor) {
      more.disabled = true;
      const q = filters();
      exportLink.href = `/api/v1/admin/audit?${new URLSearchParams({ ...q, format: 'csv' })}`;
      if (!cursor) { replaceChildren(tbody); replaceChildren(status, loading()); }
      try {
        const data = await get('/admin/audit', { query: { ...q, limit: PAGE, cursor: cursor || undefined }, signal });
        if (data.actions && !actionsKnown) {
          actionsKnown = true;
          for (const a of data.actions) action.select.append(h('option', { value: a }, actionLabel(a)));
        }
        for (const x of data.items) tbody.append(row(x));
        next = data.next || null;
        more.hidden = !next;
        wrap.hidden = !tbody.children.length;
        replaceChildren(status, tbody.children.length ? null : h('p', { class: 'muted' }, t('admin.journalPage.empty')));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        replaceChildren(status, alertBox(errorMessage(err)));
      } finally {
        more.disabled = false;
      }
    }
    form.addEventListener('submit', (e) => { e.preventDefault(); load(null); });
    more.addEventListener('click', () => load(next));
    return load(null);
  },
};
