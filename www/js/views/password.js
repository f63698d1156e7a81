// Passwords in the browser. « Changer mon mot de passe » (a form on one's
// own profile: PUT /me/password) and « Envoyer un lien de réinitialisation »
// (administrators: POST /users/{id}/password-reset); and the pages that
// stand alone, signed in or not, like the sign-in page: /mot-de-passe-oublie (« Mot de passe oublié ? » on the sign-in page:
// the address, then POST /password-reset) and /mot-de-passe/nouveau#TOKEN
// (the link of the mail: the new password twice, then POST
// /password-reset/confirm). The token travels after '#', which browsers
// never send to the server; the page takes it and clears it from the
// address bar.

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { post, put } from '../api.js';
import { standalone, takeHashToken } from './standalone.js';
import { alertBox, statusBox, field, errorMessage } from '../ui.js';

export const FORGOT_PATH = '/mot-de-passe-oublie';
export const RESET_PATH = '/mot-de-passe/nouveau';
const MIN = 12;

export const signInLink = () => h('p', { class: 'signin-alt' }, h('a', { href: '/connexion' }, t('password.backToSignIn')));

/** Marks one field as the one in error (announced with the alert), or none. */
export function markInvalid(fields, bad) {
  for (const f of fields) {
    if (f === bad) f.setAttribute('aria-invalid', 'true');
    else f.removeAttribute('aria-invalid');
  }
  if (bad) bad.focus();
}

/** Two fields for a new password (typed twice) with the rules as their hint. */
export function newPasswordFields() {
  const fresh = field({
    label: t('password.new'), name: 'new-password', type: 'password', autocomplete: 'new-password',
    required: true, hint: t('password.rules'), attrs: { minlength: MIN, maxlength: 1024 },
  });
  const again = field({
    label: t('password.confirm'), name: 'new-password-again', type: 'password', autocomplete: 'new-password',
    required: true, attrs: { minlength: MIN, maxlength: 1024 },
  });
  return {
    wraps: [fresh.wrap, again.wrap],
    inputs: [fresh.input, again.input],
    value: () => fresh.input.value,
    /** The key of what is wrong before asking the server, and the field to fix; null when fine. */
    check() {
      if (!fresh.input.value || !again.input.value) return { key: 'password.missing', input: fresh.input.value ? again.input : fresh.input };
      if ([...fresh.input.value].length < MIN) return { key: 'password.tooShort', input: fresh.input };
      if (fresh.input.value !== again.input.value) return { key: 'password.mismatch', input: again.input };
      return null;
    },
    clear() { fresh.input.value = ''; again.input.value = ''; },
    focus: () => fresh.input.focus(),
    fresh: fresh.input,
  };
}

/** /mot-de-passe-oublie: asks for the address; the same answer whether or not it is an account's. */
export function renderForgotPassword(root, { email = '' } = {}) {
  const { heading, body } = standalone(root, {
    titleKey: 'password.forgotTitle', intro: t('password.forgotIntro'), labelId: 'forgot-title',
  });
  const messages = h('div', { class: 'messages' });
  const emailField = field({
    label: t('signin.email'), name: 'email', type: 'email', autocomplete: 'username', required: true, value: email,
    attrs: { autocapitalize: 'none', spellcheck: 'false' },
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('password.forgotSubmit'));
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'forgot-title' },
    messages, emailField.wrap, submit);
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    const value = emailField.input.value.trim();
    if (!value) {
      replaceChildren(messages, alertBox(t('password.forgotMissing')));
      markInvalid([emailField.input], emailField.input);
      return;
    }
    busy = true;
    submit.disabled = true;
    submit.textContent = t('password.forgotSubmitting');
    try {
      await post('/password-reset', { email: value }, { quiet401: true });
      replaceChildren(body,
        statusBox(t('password.forgotSent', { email: value })),
        h('p', { class: 'muted' }, t('password.forgotHint')),
        signInLink());
      heading.focus();
    } catch (err) {
      replaceChildren(messages, alertBox(errorMessage(err)));
      markInvalid([emailField.input], err && err.code === 'bad_request' ? emailField.input : null);
    } finally {
      busy = false;
      submit.disabled = false;
      submit.textContent = t('password.forgotSubmit');
    }
  });
  replaceChildren(body, form, signInLink());
  return { focus: () => emailField.input.focus() };
}

// the link's token, kept while the page is open (the address no longer shows it)
let resetToken = '';

/** Takes the token from the address (#TOKEN) and clears it from there. */
function takeResetToken() {
  resetToken = takeHashToken(resetToken);
  return resetToken;
}

/**
 * /mot-de-passe/nouveau: the new password twice. onDone() is called once it
 * is saved (every session of the person ended: the caller shows sign-in).
 */
export function renderResetPassword(root, { onDone }) {
  const token = takeResetToken();
  const { body } = standalone(root, {
    titleKey: 'password.resetTitle', intro: t('password.resetIntro'), labelId: 'reset-title',
  });
  const askAgain = () => h('p', { class: 'signin-alt' }, h('a', { href: FORGOT_PATH }, t('password.askAgain')));
  const dead = () => replaceChildren(body, alertBox(t('password.invalidLink')), askAgain(), signInLink());
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) {
    dead();
    return { focus: () => body.querySelector('a').focus() };
  }
  const messages = h('div', { class: 'messages' });
  const pw = newPasswordFields();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('password.resetSubmit'));
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'reset-title' },
    messages, ...pw.wraps, submit);
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    const wrong = pw.check();
    if (wrong) {
      replaceChildren(messages, alertBox(t(wrong.key)));
      markInvalid(pw.inputs, wrong.input);
      return;
    }
    busy = true;
    submit.disabled = true;
    submit.textContent = t('password.submitting');
    try {
      await post('/password-reset/confirm', { token, new: pw.value() }, { quiet401: true });
      resetToken = '';
      onDone();
    } catch (err) {
      if (err && err.code === 'invalid_token') {
        resetToken = '';
        dead();
        body.querySelector('a').focus();
        return;
      }
      replaceChildren(messages, alertBox(errorMessage(err)));
      markInvalid(pw.inputs, err && err.code === 'weak_password' ? pw.fresh : null);
    } finally {
      busy = false;
      submit.disabled = false;
      submit.textContent = t('password.resetSubmit');
    }
  });
  replaceChildren(body, form, signInLink());
  return { focus: () => pw.focus() };
}

/**
 * « Changer mon mot de passe »: the current password, the new one twice.
 * onDone() once changed (this session goes on, the others have ended).
 */
export function passwordChangeForm({ onDone, onCancel }) {
  const messages = h('div', { class: 'messages' });
  const current = field({
    label: t('password.current'), name: 'current-password', type: 'password', autocomplete: 'current-password',
    required: true, attrs: { maxlength: 1024 },
  });
  const pw = newPasswordFields();
  const all = [current.input, ...pw.inputs];
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('password.changeSubmit'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  cancel.addEventListener('click', () => onCancel());
  const form = h('form', { class: 'form password-form', novalidate: true, 'aria-labelledby': 'password-change-title' },
    h('h2', { id: 'password-change-title' }, t('password.changeTitle')),
    messages, current.wrap, ...pw.wraps,
    h('div', { class: 'form-actions' }, submit, cancel));
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    const wrong = !current.input.value ? { key: 'password.changeMissing', input: current.input } : pw.check();
    if (wrong) {
      replaceChildren(messages, alertBox(t(wrong.key)));
      markInvalid(all, wrong.input);
      return;
    }
    busy = true;
    submit.disabled = true;
    submit.textContent = t('password.submitting');
    try {
      await put('/me/password', { current: current.input.value, new: pw.value() });
      onDone();
    } catch (err) {
      replaceChildren(messages, alertBox(errorMessage(err)));
      if (err && err.code === 'bad_credentials') {
        current.input.value = '';
        markInvalid(all, current.input);
      } else {
        markInvalid(all, err && err.code === 'weak_password' ? pw.fresh : null);
      }
    } finally {
      busy = false;
      submit.disabled = false;
      submit.textContent = t('password.changeSubmit');
    }
  });
  return { form, focus: () => current.input.focus() };
}

/**
 * « Envoyer un lien de réinitialisation » for an administrator: a button
 * that mails the person a link (the administrator never sees it).
 * say(box) shows the outcome.
 */
export function sendResetLinkButton(person, { say, withName = false }) {
  const button = h('button', {
    type: 'button', class: 'btn',
    'aria-label': withName ? t('password.sendLinkLabel', { name: person.display_name || person.email || '' }) : null,
  }, t('password.sendLink'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await post(`/users/${encodeURIComponent(person.id)}/password-reset`);
      say(statusBox(t('password.linkSent', { email: person.email || '' })));
    } catch (err) {
      say(alertBox(errorMessage(err)));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}
