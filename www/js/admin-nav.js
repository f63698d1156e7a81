// The administration area's heading and its sections (Comptes, Portail).

import { h } from './dom.js';
import { t } from './i18n.js';
import { pageTitle } from './ui.js';

const SECTIONS = [
  { href: '/admin/comptes', key: 'admin.accounts' },
  { href: '/admin/portail', key: 'admin.portal' },
];

/** [eyebrow, h1, sub-navigation] for the page at `path`. */
export function adminHeader(path, titleKey) {
  return [
    h('p', { class: 'eyebrow' }, t('admin.title')),
    pageTitle(t(titleKey)),
    h('nav', { class: 'subnav', 'aria-label': t('admin.sections') },
      h('ul', {}, SECTIONS.map((s) => h('li', {},
        h('a', { href: s.href, class: 'subnav-link', 'aria-current': s.href === path ? 'page' : null }, t(s.key)))))),
  ];
}
