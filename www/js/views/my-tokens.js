// /jetons — « Jetons d'accès »: a person's own API tokens (create with a
// name, scopes and an expiry; the secret shown once; list; revoke).
// docs/api_tokens.md

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { pageTitle } from '../ui.js';
import { tokensSection } from '../tokens-ui.js';

export const myTokens = {
  title: () => t('tokens.title'),
  render(main, { user, signal }) {
    main.append(
      pageTitle(t('tokens.title')),
      h('p', {}, t('tokens.intro')),
      h('p', {}, h('a', { href: '/api/docs/' }, t('tokens.docsLink'))),
      tokensSection({ base: '/me/tokens', adminScope: user.role === 'admin', signal }).element);
  },
};
