// « Rapport de lecture » of a must-read post: who confirmed (and when),
// who has not yet, and the spreadsheet (CSV) to download.

import { h, replaceChildren, avatar } from './dom.js';
import { t } from './i18n.js';
import { get } from './api.js';
import { openDialog } from './dialog.js';
import { loading, alertBox, errorMessage } from './ui.js';
import { shortDateTime, fullDate } from './dates.js';

const personLink = (user) => h('a', { href: `/personnes/${encodeURIComponent(user.id)}` }, user.display_name || '');

export async function openReadReport(post) {
  const id = encodeURIComponent(post.id);
  const { body } = openDialog({ title: t('report.title'), content: loading(), wide: true });
  try {
    const data = await get(`/posts/${id}/reads`);
    const confirmed = data.confirmed || [];
    const pending = data.pending || [];
    replaceChildren(body,
      post.title ? h('p', { class: 'report-post' }, post.title) : null,
      h('p', { class: 'report-summary' }, t('report.summary', { n: data.confirmed_count ?? confirmed.length, total: data.total ?? 0 })),
      h('a', {
        href: `/api/v1/posts/${id}/reads?format=csv`, class: 'btn btn-small', download: `lecture-${post.id}.csv`,
      }, t('report.csv')),
      h('section', { class: 'report-section', 'aria-labelledby': `report-confirmed-${id}` },
        h('h3', { id: `report-confirmed-${id}` }, t('report.confirmed', { n: confirmed.length })),
        confirmed.length
          ? h('ul', { class: 'who-list' }, confirmed.map((x) => h('li', {},
            avatar(x.user.display_name, 'avatar avatar-sm', x.user.avatar_url),
            h('span', { class: 'who-text' }, personLink(x.user),
              h('time', { class: 'muted who-date', datetime: x.read_at, title: fullDate(x.read_at) }, shortDateTime(x.read_at))))))
          : h('p', { class: 'muted' }, t('report.noneConfirmed'))),
      h('section', { class: 'report-section', 'aria-labelledby': `report-pending-${id}` },
        h('h3', { id: `report-pending-${id}` }, t('report.pending', { n: pending.length })),
        pending.length
          ? h('ul', { class: 'who-list' }, pending.map((x) => h('li', {},
            avatar(x.user.display_name, 'avatar avatar-sm', x.user.avatar_url), personLink(x.user))))
          : h('p', { class: 'muted' }, t('report.nonePending'))));
  } catch (err) {
    replaceChildren(body, alertBox(errorMessage(err)));
  }
}
