// /recherche?q= — the results page (people and groups for now), hits shown with <mark>.

import { h, replaceChildren, avatar } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { pageTitle, alertBox, loading, snippet, errorMessage } from '../ui.js';

const LIMIT = 20;

function resultUrl(item) {
  if (typeof item.url === 'string' && item.url.startsWith('/') && !item.url.startsWith('//')) return item.url;
  return `/personnes/${encodeURIComponent(item.id)}`;
}

export const results = {
  title: () => t('results.title'),
  async render(main, { query, signal }) {
    const q = (query.get('q') || '').trim();
    const body = h('div', { class: 'results', 'aria-live': 'polite' });
    main.append(pageTitle(t('results.title')), body);
    if (!q) {
      body.append(h('p', { class: 'muted' }, t('results.empty')));
      return;
    }
    body.append(loading());
    try {
      const data = await get('/search', { query: { q, limit: LIMIT }, signal });
      const items = (data && data.items) || [];
      const total = Number.isFinite(data && data.total) ? data.total : items.length;
      const parts = [h('p', { class: 'results-summary' }, t('results.summary', { n: total, q }))];
      if (data && data.suggestion) {
        parts.push(h('p', { class: 'did-you-mean' }, `${t('results.didYouMean')} `,
          h('a', { href: `/recherche?q=${encodeURIComponent(data.suggestion)}` }, data.suggestion)));
      }
      if (items.length) {
        parts.push(h('ol', { class: 'result-list' }, items.map((item) => h('li', { class: 'result card' },
          avatar(item.title),
          h('div', { class: 'result-text' },
            h('a', { href: resultUrl(item), class: 'result-title' }, item.title || ''),
            item.type === 'group' ? h('span', { class: 'muted' }, ` · ${t('search.kindGroup')}`) : null,
            snippet(item.snippet, 'snippet muted'))))));
      }
      replaceChildren(body, parts);
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(body, alertBox(errorMessage(err)));
    }
  },
};
