// Any path that matches no page.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { pageTitle } from '../ui.js';

export const notFound = {
  title: () => t('notFound.title'),
  render(main) {
    main.append(
      pageTitle(t('notFound.title')),
      h('section', { class: 'card' },
        h('p', {}, t('notFound.text')),
        h('p', {}, h('a', { href: '/' }, t('notFound.home')))),
    );
  },
};
