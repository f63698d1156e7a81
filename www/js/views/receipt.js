// /accuse/{token} — the link of a convocation's e-mail: « Je confirme avoir
// reçu la convocation » POSTs the token (POST /convocations/receipt), signed
// in or not; opening the page confirms nothing (mail scanners open links).
// Shown on its own, like the sign-in page.

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { post } from '../api.js';
import { standalone } from './standalone.js';
import { alertBox, statusBox, errorMessage } from '../ui.js';
import { shortDateTime } from '../dates.js';

export const RECEIPT_PREFIX = '/accuse/';

/** The token of /accuse/{token}, or '' */
export function receiptToken(path) {
  if (!path.startsWith(RECEIPT_PREFIX)) return '';
  const raw = path.slice(RECEIPT_PREFIX.length).replace(/\/$/, '');
  try {
    return decodeURIComponent(raw);
  } catch {
    return '';
  }
}

/** renderReceipt(root, {token, signal}) → the heading (to focus). */
export function renderReceipt(root, { token, signal }) {
  const { heading, body } = standalone(root, {
    titleKey: 'convocation.receipt.title', labelId: 'receipt-title', cardClass: 'receipt-card', bodyClass: 'receipt-body',
    intro: t('convocation.receipt.intro'),
  });
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'btn btn-primary btn-block receipt-confirm' }, t('convocation.receipt.confirm'));
  const home = h('p', { class: 'unsubscribe-home' }, h('a', { href: '/' }, t('convocation.receipt.home')));
  if (!token) {
    replaceChildren(body, alertBox(t('convocation.receipt.invalid')), home);
    return heading;
  }
  button.addEventListener('click', async () => {
    button.disabled = true;
    replaceChildren(messages);
    try {
      const res = await post('/convocations/receipt', { token }, { signal, quiet401: true });
      const title = (res && res.title) || '';
      replaceChildren(body,
        statusBox(res && res.confirmed
          ? t('convocation.receipt.done', { title, date: shortDateTime(res.confirmed) })
          : t('convocation.receipt.doneNoDate', { title })),
        res && res.id ? h('p', {}, h('a', { href: `/convocations/${encodeURIComponent(res.id)}` }, t('convocation.receipt.open'))) : null,
        home);
      const done = body.querySelector('[role="status"]');
      if (done) { done.tabIndex = -1; done.focus(); }
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      button.disabled = false;
      replaceChildren(messages, alertBox(err && err.status === 404 ? t('convocation.receipt.invalid') : errorMessage(err)));
    }
  });
  replaceChildren(body, messages, button, home);
  return heading;
}
