// /admin/jetons — Administration › Jetons de service: tokens of named
// service accounts (which never sign in with a password), for the
// organisation's tools. docs/api_tokens.md

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { alertBox } from '../ui.js';
import { adminHeader } from '../admin-nav.js';
import { tokensSection } from '../tokens-ui.js';

export const adminTokens = {
  title: () => `${t('tokens.serviceTitle')} — ${t('admin.title')}`,
  render(main, { user: me, signal }) {
    main.append(...adminHeader('/admin/jetons', 'tokens.serviceTitle'));
    if (me.role !== 'admin') {
      main.append(alertBox(t('admin.forbidden')));
      return;
    }
    main.append(h('p', {}, t('tokens.serviceIntro')),
      tokensSection({ base: '/admin/tokens', service: true, signal }).element);
  },
};
