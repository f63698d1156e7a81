// /invitation#TOKEN — the link of an invitation mail: the invited person
// chooses the name shown to others and a password (typed twice, the rules
// of every password), then POST /invitations/accept creates the account
// and signs them in. The token travels after '#', which browsers never
// send to the server; the page takes it and clears it from the address bar.
// When a charter is in force (GET /charter/current), it is shown and its
// acceptance asked with the rest (docs/moderation.md).

import { h, replaceChildren, safeHtml } from '../dom.js';
import { t } from '../i18n.js';
import { acceptInvitation } from '../session.js';
import { alertBox, field, errorMessage, checkboxField } from '../ui.js';
import { get } from '../api.js';
import { signInLink, markInvalid, newPasswordFields } from './password.js';
import { standalone, takeHashToken } from './standalone.js';

export const INVITATION_PATH = '/invitation';

let inviteToken = '';

function takeToken() {
  inviteToken = takeHashToken(inviteToken);
  return inviteToken;
}

/** onDone() once the account exists and the person is signed in. */
export function renderAcceptInvitation(root, { onDone }) {
  const token = takeToken();
  const { body } = standalone(root, {
    titleKey: 'invitation.title', intro: t('invitation.intro'), labelId: 'invitation-title',
  });
  const dead = () => replaceChildren(body, alertBox(t('invitation.invalidLink')), signInLink());
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) {
    dead();
    return { focus: () => body.querySelector('a').focus() };
  }
  const messages = h('div', { class: 'messages' });
  const name = field({
    label: t('invitation.name'), name: 'display_name', autocomplete: 'name', required: true,
    hint: t('invitation.nameHint'), attrs: { maxlength: 100 },
  });
  const pw = newPasswordFields();
  const all = [name.input, ...pw.inputs];
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('invitation.submit'));
  // the charter in force, if any: read and accepted here
  const charterSlot = h('div', { class: 'invitation-charter' });
  let charter = null;
  const charterBox = checkboxField({ label: t('charter.acceptBox'), name: 'charter' });
  get('/charter/current', { quiet401: true }).then((c) => {
    if (!c || !c.version) return;
    charter = c;
    const text = h('div', { class: 'charter-text rich-text', tabindex: '0', role: 'region', 'aria-label': t('charter.textLabel', { version: c.version }) });
    safeHtml(text, c.body_html);
    replaceChildren(charterSlot, h('h2', { class: 'charter-heading' }, t('charter.title')), text, charterBox.wrap);
  }).catch(() => {});
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'invitation-title' },
    messages, name.wrap, ...pw.wraps, charterSlot, submit);
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    let wrong = !name.input.value.trim() ? { key: 'invitation.nameMissing', input: name.input } : pw.check();
    if (!wrong && charter && !charterBox.input.checked) wrong = { key: 'charter.acceptMissing', input: charterBox.input };
    if (wrong) {
      replaceChildren(messages, alertBox(t(wrong.key)));
      markInvalid(all, wrong.input);
      return;
    }
    busy = true;
    submit.disabled = true;
    submit.textContent = t('invitation.submitting');
    try {
      await acceptInvitation({
        token, display_name: name.input.value.trim(), password: pw.value(),
        ...(charter ? { charter_version: charter.version } : {}),
      });
      inviteToken = '';
      onDone();
    } catch (err) {
      if (err && err.code === 'invalid_token') {
        inviteToken = '';
        dead();
        body.querySelector('a').focus();
        return;
      }
      replaceChildren(messages, alertBox(errorMessage(err)));
      markInvalid(all, err && err.code === 'weak_password' ? pw.fresh : null);
    } finally {
      busy = false;
      submit.disabled = false;
      submit.textContent = t('invitation.submit');
    }
  });
  replaceChildren(body, form, signInLink());
  return { focus: () => name.input.focus() };
}
