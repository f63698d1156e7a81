// « Charte d'utilisation »: the full page shown after signing in (and as
// soon as the API answers charter_required) while the charter in force
// has not been accepted: its text and « J'accepte » (POST /charter/accept).
// Nothing else of the application is reachable until then; signing out
// stays possible. docs/moderation.md.

import { h, replaceChildren, safeHtml } from '../dom.js';
import { t } from '../i18n.js';
import { get, post } from '../api.js';
import { alertBox, loading, errorMessage } from '../ui.js';
import { standalone } from './standalone.js';

/** renderCharter(root, {onAccepted(), onSignOut()}) → {focus()} */
export function renderCharter(root, { onAccepted, onSignOut }) {
  const { heading, body } = standalone(root, {
    titleKey: 'charter.title', intro: t('charter.intro'), labelId: 'charter-title', cardClass: 'charter-card',
  });
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  replaceChildren(body, messages, loading());
  (async () => {
    let c;
    try {
      c = await get('/charter');
    } catch (err) {
      replaceChildren(body, alertBox(errorMessage(err)));
      return;
    }
    if (!c || !c.required) { onAccepted(); return; }
    const text = h('div', { class: 'charter-text rich-text', tabindex: '0', role: 'region', 'aria-label': t('charter.textLabel', { version: c.version }) });
    safeHtml(text, c.body_html);
    const accept = h('button', { type: 'button', class: 'btn btn-primary btn-block' }, t('charter.accept'));
    const leave = h('button', { type: 'button', class: 'btn-link' }, t('charter.signOut'));
    accept.addEventListener('click', async () => {
      accept.disabled = true;
      try {
        await post('/charter/accept', { version: c.version });
        onAccepted();
      } catch (err) {
        accept.disabled = false;
        replaceChildren(messages, alertBox(errorMessage(err)));
        // a newer version came meanwhile: read it
        if (err && err.status === 409) renderCharter(root, { onAccepted, onSignOut });
      }
    });
    leave.addEventListener('click', onSignOut);
    replaceChildren(body, messages,
      h('p', { class: 'muted charter-version' }, t('charter.version', { version: c.version })),
      text, accept, h('p', { class: 'signin-alt' }, leave));
  })();
  return { focus: () => heading.focus() };
}
