// The frame of the pages shown without the application's shell, as the
// sign-in page is: the password pages, an invitation's acceptance, the
// e-mails' unsubscribe link.

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { langSwitch } from '../langswitch.js';
import { setPageTitle } from '../title.js';

/** The frame of a page without the shell: brand, language, one card. */
export function standalone(root, { titleKey, intro, labelId, cardClass = '', bodyClass }) {
  setPageTitle(t(titleKey));
  const heading = h('h1', { id: labelId, class: 'signin-title', tabindex: '-1' }, t(titleKey));
  const body = h('div', bodyClass ? { class: bodyClass } : {});
  const page = h('div', { class: 'signin-page' },
    h('header', { class: 'signin-top' },
      h('a', { href: '/', class: 'brand' },
        h('img', { src: '/img/logo.svg', alt: '', class: 'brand-logo', width: 32, height: 32 }),
        h('span', { class: 'brand-name' }, t('app.name'))),
      langSwitch()),
    h('main', { id: 'main', class: 'signin-main', tabindex: '-1' },
      h('section', { class: `card signin-card ${cardClass}`.trim(), 'aria-labelledby': labelId },
        h('img', { src: '/img/logo.svg', alt: '', class: 'signin-logo', width: 56, height: 56 }),
        heading,
        intro ? h('p', { class: 'muted signin-intro' }, intro) : null,
        body)),
    h('footer', { class: 'signin-foot muted' }, `${t('app.name')} · ${t('app.tagline')}`));
  replaceChildren(root, page);
  return { heading, body };
}


/**
 * A link's token given as #TOKEN (after the #, it never reaches the server's
 * logs): taken from the address and cleared from it; `kept` when the
 * address has none (the page drawn again after a change of language).
 */
export function takeHashToken(kept) {
  const hash = window.location.hash.replace(/^#/, '');
  if (!hash) return kept;
  history.replaceState({}, '', window.location.pathname);
  return hash;
}
