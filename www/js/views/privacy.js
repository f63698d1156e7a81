// /donnees-personnelles — « Données personnelles »: what Parvis keeps about
// people, why and for how long (GET /privacy: the register a DPO asks for,
// with the durations of the current retention settings). docs/gdpr.md.

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { pageTitle, alertBox, loading, errorMessage } from '../ui.js';

export const privacy = {
  title: () => t('gdpr.register'),
  async render(main, { signal }) {
    const body = h('div', {}, loading());
    main.append(pageTitle(t('gdpr.register')), h('p', {}, t('gdpr.registerIntro')), body,
      h('p', {}, h('a', { href: '/mes-donnees' }, t('gdpr.myDataLink'))));
    let data;
    try {
      data = await get('/privacy', { signal });
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(body, alertBox(errorMessage(err)));
      return;
    }
    // one card per entry, its facts as a description list (readable at 360 px)
    replaceChildren(body, ...data.items.map((i) => h('section', {
      class: 'card privacy-entry', 'data-key': i.key, 'aria-labelledby': `privacy-${i.key}`,
    },
    h('h2', { id: `privacy-${i.key}` }, i.name),
    h('dl', { class: 'privacy-facts' },
      h('dt', {}, t('gdpr.col.data')), h('dd', {}, i.data),
      h('dt', {}, t('gdpr.col.why')), h('dd', {}, i.purpose),
      h('dt', {}, t('gdpr.col.howLong')), h('dd', {}, i.retention)))));
  },
};
