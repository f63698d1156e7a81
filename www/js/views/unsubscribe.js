// /desabonnement?t=TOKEN — the link at the foot of every e-mail: says which
// e-mails and which address, and « Ne plus recevoir ces e-mails » switches
// that kind off (GET then POST /unsubscribe?t=), without signing in. Shown
// on its own, like the sign-in page.

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get, post } from '../api.js';
import { standalone } from './standalone.js';
import { alertBox, statusBox, loading, errorMessage } from '../ui.js';
import { kindLabel } from './notification-settings.js';

/** renderUnsubscribe(root, {token, signal}) → {focus()}. */
export function renderUnsubscribe(root, { token, signal }) {
  const { heading, body } = standalone(root, {
    titleKey: 'unsubscribe.title', labelId: 'unsubscribe-title', cardClass: 'unsubscribe-card', bodyClass: 'unsubscribe-body',
  });
  replaceChildren(body, loading());

  const home = () => h('p', { class: 'unsubscribe-home' }, h('a', { href: '/' }, t('unsubscribe.home')));
  const invalid = (err) => replaceChildren(body,
    alertBox(err && err.status === 400 ? t('unsubscribe.invalid') : errorMessage(err)), home());

  (async () => {
    if (!token) { invalid({ status: 400 }); return; }
    let info;
    try {
      info = await get('/unsubscribe', { query: { t: token }, signal, quiet401: true });
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      invalid(err);
      return;
    }
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const button = h('button', { type: 'button', class: 'btn btn-primary btn-block' }, t('unsubscribe.confirm'));
    button.addEventListener('click', async () => {
      button.disabled = true;
      replaceChildren(messages);
      try {
        await post('/unsubscribe', undefined, { query: { t: token }, signal, quiet401: true });
        replaceChildren(body,
          statusBox(t('unsubscribe.done', { kind: kindLabel(info.kind), email: info.email || '' })),
          h('p', { class: 'muted' }, t('unsubscribe.doneHint')), home());
        heading.focus();
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        button.disabled = false;
        replaceChildren(messages, alertBox(errorMessage(err)));
      }
    });
    replaceChildren(body,
      h('p', {}, t('unsubscribe.what', { kind: kindLabel(info.kind), email: info.email || '' })),
      messages, button, home());
  })();

  return { focus: () => heading.focus() };
}
