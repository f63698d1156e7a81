// /desabonnement?t=TOKEN — the link at the foot of every e-mail: says which
// e-mails and which address, and « Ne plus recevoir ces e-mails » switches
// that kind off (GET then POST /unsubscribe?t=), without signing in. Shown
// on its own, like the sign-in page.

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get, post } from '../api.js';
import { langSwitch } from '../langswitch.js';
import { alertBox, statusBox, loading, errorMessage } from '../ui.js';
import { kindLabel } from './notification-settings.js';
import { setPageTitle } from '../title.js';

/** renderUnsubscribe(root, {token, signal}) → {focus()}. */
export function renderUnsubscribe(root, { token, signal }) {
  setPageTitle(t('unsubscribe.title'));
  const heading = h('h1', { id: 'unsubscribe-title', class: 'signin-title', tabindex: '-1' }, t('unsubscribe.title'));
  const body = h('div', { class: 'unsubscribe-body' }, loading());
  const page = h('div', { class: 'signin-page' },
    h('header', { class: 'signin-top' },
      h('a', { href: '/', class: 'brand' },
        h('img', { src: '/img/logo.svg', alt: '', class: 'brand-logo', width: 32, height: 32 }),
        h('span', { class: 'brand-name' }, t('app.name'))),
      langSwitch()),
    h('main', { id: 'main', class: 'signin-main', tabindex: '-1' },
      h('section', { class: 'card signin-card unsubscribe-card', 'aria-labelledby': 'unsubscribe-title' },
        h('img', { src: '/img/logo.svg', alt: '', class: 'signin-logo', width: 56, height: 56 }),
        heading, body)),
    h('footer', { class: 'signin-foot muted' }, `${t('app.name')} · ${t('app.tagline')}`));
  replaceChildren(root, page);

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
