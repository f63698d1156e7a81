// The agenda of a group or of a person, as a month and as a list.
// The month is a table (its caption the month, a column per weekday, a
// cell per day listing its events as links, today marked); « Mois
// précédent » / « Mois suivant » keep the focus where it was and say the
// new month. The list shows the coming occurrences grouped by day, three
// months at a time. The choice (month or list, which month) is kept in the
// address (?vue=liste&mois=2026-12) without reloading the page.

import { h, replaceChildren, uid } from './dom.js';
import { t } from './i18n.js';
import { loading, alertBox, errorMessage } from './ui.js';
import {
  today, monthOf, addMonths, isMonth, monthWeeks, monthTitle, dayTitle, weekdays, addDays,
  datePart, daysOf, occurrenceHours, readerZone, dayShort, cap,
} from './agenda-util.js';

const LIST_MONTHS = 3;

export const eventHref = (id) => `/evenements/${encodeURIComponent(id)}`;

/** "14:00 – 16:00", "Toute la journée", "14:00 – ven. 11 déc., 10:00" (+ the zone when not the reader's). */
export function hoursText(start, end, ev) {
  if (ev.all_day) return t('agenda.allDay');
  const hours = occurrenceHours(start, end);
  if (!hours) return '';
  let text = hours.from;
  if (hours.to) text += hours.toDay ? ` – ${dayShort(hours.toDay)}, ${hours.to}` : ` – ${hours.to}`;
  if (ev.tz && ev.tz !== readerZone()) text += ` (${ev.tz})`;
  return text;
}

/** What marks an event beside its title: cancelled, full. */
function marks(ev) {
  const out = [];
  if (ev.status === 'cancelled') out.push(h('span', { class: 'badge badge-cancelled' }, t('agenda.cancelled')));
  return out;
}

/** The request's dates: [from, to) */
function monthRange(month) {
  const weeks = monthWeeks(month);
  return { from: weeks[0][0], to: addDays(weeks[weeks.length - 1][6], 1), weeks };
}

/**
 * createAgendaCalendar({load(from, to, signal) → items, signal, showGroup,
 * headingLevel}) → {element, reload()}.
 */
export function createAgendaCalendar({ load, signal, showGroup = false, headingLevel = 2 }) {
  const query = new URLSearchParams(window.location.search);
  const narrow = typeof window.matchMedia === 'function' && window.matchMedia('(max-width: 600px)').matches;
  let view = query.get('vue') === 'liste' || query.get('vue') === 'mois' ? query.get('vue') : (narrow ? 'liste' : 'mois');
  let month = isMonth(query.get('mois')) ? query.get('mois') : monthOf(today());
  let listUntil = null; // the list's end (exclusive), grown by « Afficher plus »
  let seq = 0;

  const status = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const monthBtn = h('button', { type: 'button', class: 'chip', 'aria-pressed': 'false' }, t('agenda.viewMonth'));
  const listBtn = h('button', { type: 'button', class: 'chip', 'aria-pressed': 'false' }, t('agenda.viewList'));
  const switcher = h('div', { class: 'agenda-views', role: 'group', 'aria-label': t('agenda.viewLabel') }, monthBtn, listBtn);
  const prevBtn = h('button', { type: 'button', class: 'btn btn-small agenda-prev' }, h('span', { 'aria-hidden': 'true' }, '‹ '), t('agenda.prevMonth'));
  const nextBtn = h('button', { type: 'button', class: 'btn btn-small agenda-next' }, t('agenda.nextMonth'), h('span', { 'aria-hidden': 'true' }, ' ›'));
  const todayBtn = h('button', { type: 'button', class: 'btn btn-small agenda-today' }, t('agenda.thisMonth'));
  const monthNav = h('div', { class: 'agenda-month-nav' }, prevBtn, todayBtn, nextBtn);
  const body = h('div', { class: 'agenda-body' });
  const element = h('div', { class: 'agenda' }, h('div', { class: 'agenda-toolbar' }, switcher, monthNav), status, body);

  function record() {
    const url = new URL(window.location.href);
    if (view === 'liste') url.searchParams.set('vue', 'liste');
    else url.searchParams.set('vue', 'mois');
    if (view === 'mois' && month !== monthOf(today())) url.searchParams.set('mois', month);
    else url.searchParams.delete('mois');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }

  function eventLink(item, { withHours }) {
    const ev = item.event;
    const hours = withHours ? hoursText(item.start, item.end, ev) : '';
    return h('a', { href: eventHref(ev.id), class: `agenda-event${ev.status === 'cancelled' ? ' is-cancelled' : ''}` },
      hours && !ev.all_day ? h('span', { class: 'agenda-event-time' }, `${hours.split(' – ')[0]} `) : null,
      h('span', { class: 'agenda-event-title' }, ev.title || ''),
      ev.status === 'cancelled' ? h('span', { class: 'sr-only' }, ` (${t('agenda.cancelled')})`) : null);
  }

  function renderMonth(items) {
    const { weeks } = monthRange(month);
    const byDay = new Map();
    for (const item of items) {
      for (const d of daysOf(item.start, item.end, item.event.all_day)) {
        if (!byDay.has(d)) byDay.set(d, []);
        byDay.get(d).push(item);
      }
    }
    const now = today();
    const names = weekdays();
    const captionId = uid('agenda-caption');
    const table = h('table', { class: 'agenda-month', 'aria-labelledby': captionId },
      h('caption', { id: captionId, class: 'agenda-caption' }, monthTitle(month)),
      h('thead', {}, h('tr', {}, names.map((n) => h('th', { scope: 'col', abbr: n.long },
        h('span', { 'aria-hidden': 'true' }, n.short), h('span', { class: 'sr-only' }, n.long))))),
      h('tbody', {}, weeks.map((week) => h('tr', {}, week.map((d) => {
        const list = byDay.get(d) || [];
        const other = monthOf(d) !== month;
        return h('td', {
          class: `agenda-day${other ? ' is-other' : ''}${d === now ? ' is-today' : ''}`,
          'aria-current': d === now ? 'date' : null,
          dataset: { date: d },
        },
        h('span', { class: 'agenda-daynum' },
          h('span', { 'aria-hidden': 'true' }, String(Number(d.slice(8)))),
          h('span', { class: 'sr-only' }, dayTitle(d)),
          d === now ? h('span', { class: 'sr-only' }, ` (${t('agenda.today')})`) : null),
        list.length ? h('ul', { class: 'agenda-day-events' }, list.map((item) => h('li', {}, eventLink(item, { withHours: true })))) : null);
      })))));
    replaceChildren(body, h('div', { class: 'agenda-month-wrap' }, table));
    const inMonth = items.filter((i) => monthOf(datePart(i.start)) === month || daysOf(i.start, i.end, i.event.all_day).some((d) => monthOf(d) === month));
    status.textContent = t('agenda.monthStatus', { month: monthTitle(month), n: inMonth.length });
  }

  function renderList(items, from) {
    const byDay = new Map();
    for (const item of items) {
      const days = daysOf(item.start, item.end, item.event.all_day);
      // a long event is listed once, on its first day still to come
      const d = days.find((x) => x >= from) || days[0] || datePart(item.start);
      if (!byDay.has(d)) byDay.set(d, []);
      byDay.get(d).push(item);
    }
    const days = [...byDay.keys()].sort();
    const Hn = `h${Math.min(6, headingLevel + 1)}`;
    const more = h('button', { type: 'button', class: 'btn btn-small agenda-more' }, t('agenda.later'));
    more.addEventListener('click', async () => {
      listUntil = addDays(`${addMonths(monthOf(listUntil), LIST_MONTHS)}-01`, 0);
      await refresh();
      const heading = body.querySelector(`[data-date] ${Hn}`);
      (body.querySelector('.agenda-more') || heading || body).focus();
    });
    const content = days.length
      ? h('div', { class: 'agenda-list' }, days.map((d) => h('section', { class: 'agenda-list-day', dataset: { date: d }, 'aria-labelledby': `${d}-h` },
        h(Hn, { class: 'agenda-list-date', id: `${d}-h`, tabindex: '-1' }, cap(dayTitle(d)), d === today() ? h('span', { class: 'badge badge-today' }, t('agenda.today')) : null),
        h('ul', { class: 'agenda-list-items' }, byDay.get(d).map((item) => {
          const ev = item.event;
          return h('li', { class: 'agenda-list-item' },
            h('span', { class: 'agenda-list-time' }, hoursText(item.start, item.end, ev)),
            h('span', { class: 'agenda-list-text' },
              h('a', { href: eventHref(ev.id), class: `agenda-list-title${ev.status === 'cancelled' ? ' is-cancelled' : ''}` }, ev.title || ''),
              marks(ev),
              h('span', { class: 'agenda-list-meta muted' },
                [showGroup ? (ev.group ? ev.group.name : t('agenda.organisation')) : null, ev.place || null].filter(Boolean).join(' · '))));
        })))))
      : h('p', { class: 'muted agenda-empty' }, t('agenda.listEmpty'));
    replaceChildren(body, content, h('p', { class: 'agenda-list-range muted' },
      t('agenda.listRange', { until: dayTitle(addDays(listUntil, -1)) }), ' ', more));
    status.textContent = t('agenda.listStatus', { n: items.length });
  }

  async function refresh() {
    const mine = ++seq;
    monthBtn.setAttribute('aria-pressed', String(view === 'mois'));
    listBtn.setAttribute('aria-pressed', String(view === 'liste'));
    monthNav.hidden = view !== 'mois';
    let from;
    let to;
    if (view === 'mois') ({ from, to } = monthRange(month));
    else {
      from = today();
      if (!listUntil) listUntil = `${addMonths(monthOf(from), LIST_MONTHS)}-01`;
      to = listUntil;
    }
    if (!body.firstChild) replaceChildren(body, loading());
    body.setAttribute('aria-busy', 'true');
    try {
      const items = await load(from, to, signal);
      if (mine !== seq) return;
      const list = (items || []).filter((i) => i && i.event);
      if (view === 'mois') renderMonth(list);
      else renderList(list, from);
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (mine !== seq) return;
      replaceChildren(body, alertBox(errorMessage(err)));
    } finally {
      if (mine === seq) body.removeAttribute('aria-busy');
    }
  }

  function go(nextMonth) {
    month = nextMonth;
    record();
    return refresh();
  }
  prevBtn.addEventListener('click', () => go(addMonths(month, -1)));
  nextBtn.addEventListener('click', () => go(addMonths(month, 1)));
  todayBtn.addEventListener('click', () => go(monthOf(today())));
  monthBtn.addEventListener('click', () => { if (view !== 'mois') { view = 'mois'; record(); refresh(); } });
  listBtn.addEventListener('click', () => { if (view !== 'liste') { view = 'liste'; record(); refresh(); } });

  refresh();
  return { element, reload: refresh };
}
