// /personnes/{id} — one person's profile.

import { h, replaceChildren, avatar } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { pageTitle, alertBox, loading, roleLabel, statusLabel, badge, errorMessage } from '../ui.js';

export const profile = {
  title: () => t('people.title'),
  async render(main, { params, signal, setTitle }) {
    const back = h('p', { class: 'back' }, h('a', { href: '/personnes' }, `← ${t('profile.back')}`));
    const body = h('div', {}, loading());
    main.append(back, body);
    try {
      const data = await get(`/users/${encodeURIComponent(params.id)}`, { signal });
      const person = data && data.user ? data.user : data;
      setTitle(person.display_name);
      const rows = [
        [t('profile.email'), person.email ? h('a', { href: `mailto:${person.email}` }, person.email) : '—'],
        [t('profile.role'), roleLabel(person.role)],
        [t('profile.status'), badge(statusLabel(person.status), `badge-${person.status}`)],
      ];
      replaceChildren(body,
        h('section', { class: 'card profile' },
          h('div', { class: 'profile-head' },
            avatar(person.display_name, 'avatar avatar-lg'),
            pageTitle(person.display_name || '')),
          h('dl', { class: 'profile-facts' },
            rows.map(([label, value]) => h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, value))))));
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      const message = err && err.status === 404 ? t('profile.notFound') : errorMessage(err);
      replaceChildren(body, pageTitle(t('people.title')), alertBox(message));
    }
  },
};
