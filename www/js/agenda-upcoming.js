// « Prochains événements » on the portal: the next five occurrences of the
// person's agenda (GET /events, two months ahead) and a link to « Mon
// agenda ». The section is built at once and filled when the answer comes.

import { h, replaceChildren, uid } from './dom.js';
import { t } from './i18n.js';
import { get } from './api.js';
import { loading } from './ui.js';
import { today, addDays, datePart, dayShort, cap } from './agenda-util.js';
import { eventHref, hoursText } from './agenda-calendar.js';

const COUNT = 5;
const DAYS = 62;

export function upcomingEvents({ signal }) {
  const id = uid('portal');
  const body = h('div', {}, loading());
  const section = h('section', { class: 'card portal-section portal-events', 'aria-labelledby': id },
    h('div', { class: 'portal-section-head' },
      h('h2', { id, tabindex: '-1' }, t('agenda.upcoming')),
      h('a', { href: '/agenda', class: 'portal-more' }, t('agenda.mine'))),
    body);
  const from = today();
  get('/events', { query: { from, to: addDays(from, DAYS), fields: 'summary' }, signal }).then((data) => {
    const items = ((data && data.items) || []).filter((i) => i && i.event && i.event.status !== 'cancelled').slice(0, COUNT);
    replaceChildren(body, items.length
      ? h('ul', { class: 'upcoming-list' }, items.map((i) => h('li', { class: 'upcoming' },
        h('span', { class: 'upcoming-when' }, `${cap(dayShort(datePart(i.start)))} · ${hoursText(i.start, i.end, i.event)}`),
        h('a', { href: eventHref(i.event.id), class: 'upcoming-title' }, i.event.title || ''),
        i.event.group ? h('span', { class: 'upcoming-meta muted' }, i.event.group.name || '') : null)))
      : h('p', { class: 'muted portal-empty' }, t('agenda.upcomingNone')));
  }).catch((err) => {
    if (err && err.name === 'AbortError') return;
    // the portal goes on without its agenda
    replaceChildren(body, h('p', { class: 'muted portal-empty' }, t('agenda.upcomingError')));
  });
  return section;
}
