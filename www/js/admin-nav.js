// The administration area's heading and its sections (Comptes, Invitations, Portail,
// Recherche, Courriel, Signalements, Charte, Statistiques, Journal, Réglages). The sections are shown to administrators only:
// another person who lands on an admin page reads its « réservée aux
// administrateurs ».

import { h } from './dom.js';
import { t } from './i18n.js';
import { pageTitle } from './ui.js';
import { isAdmin } from './session.js';

const SECTIONS = [
  { href: '/admin/comptes', key: 'admin.accounts' },
  { href: '/admin/invitations', key: 'admin.invitations' },
  { href: '/admin/import', key: 'admin.imports' },
  { href: '/admin/portail', key: 'admin.portal' },
  { href: '/admin/recherche', key: 'admin.search' },
  { href: '/admin/courriel', key: 'admin.mail' },
  { href: '/admin/signalements', key: 'admin.reports' },
  { href: '/admin/charte', key: 'admin.charter' },
  { href: '/admin/statistiques', key: 'admin.statistics' },
  { href: '/admin/journal', key: 'admin.journal' },
  { href: '/admin/reglages', key: 'adminSettings.title' },
  { href: '/admin/annuaire', key: 'adminLdap.title' },
  { href: '/admin/jetons', key: 'tokens.serviceTitle' },
  { href: '/admin/webhooks', key: 'webhooks.title' },
];

/** [eyebrow, h1, sub-navigation (administrators only)] for the page at `path`. */
export function adminHeader(path, titleKey) {
  const parts = [
    h('p', { class: 'eyebrow' }, t('admin.title')),
    pageTitle(t(titleKey)),
    !isAdmin() ? null : h('nav', { class: 'subnav', 'aria-label': t('admin.sections') },
      h('ul', {}, SECTIONS.map((s) => h('li', {},
        h('a', { href: s.href, class: 'subnav-link', 'aria-current': s.href === path ? 'page' : null }, t(s.key)))))),
  ];
  return parts.filter(Boolean);   // spread into append(), where null would be text
}
