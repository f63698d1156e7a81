// Drive: a heading and a "coming soon" paragraph for now.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { pageTitle, soon } from '../ui.js';

export function placeholder(titleKey, { welcome = false } = {}) {
  return {
    title: () => t(titleKey),
    render(main, { user }) {
      main.append(
        pageTitle(t(titleKey)),
        welcome ? h('p', { class: 'lead' }, t('home.welcome', { name: user.display_name })) : null,
        h('section', { class: 'card card-empty' }, soon()),
      );
    },
  };
}

export const drive = placeholder('drive.title');
