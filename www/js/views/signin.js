// /connexion — the sign-in page, shown whenever nobody is signed in.

import { h, replaceChildren } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { api } from '../api.js';
import { signIn } from '../session.js';
import { langSwitch } from '../langswitch.js';
import { alertBox, statusBox, field, errorMessage } from '../ui.js';

/**
 * Renders the sign-in page into `root`.
 * notice: optional key of an informative message (session expired, signed out).
 * onSignedIn(user): called after a successful sign-in.
 */
export function renderSignIn(root, { notice, onSignedIn, email = '' } = {}) {
  document.title = `${t('signin.title')} — Parvis`;

  const messages = h('div', { class: 'messages' },
    notice ? statusBox(t(notice), 'alert alert-info') : null);
  const emailField = field({
    label: t('signin.email'), name: 'email', type: 'email', autocomplete: 'username',
    required: true, value: email, attrs: { autocapitalize: 'none', spellcheck: 'false' },
  });
  const passwordField = field({
    label: t('signin.password'), name: 'password', type: 'password',
    autocomplete: 'current-password', required: true,
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('signin.submit'));

  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'signin-title' },
    messages, emailField.wrap, passwordField.wrap, submit);

  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    const emailValue = emailField.input.value.trim();
    const password = passwordField.input.value;
    if (!emailValue || !password) {
      replaceChildren(messages, alertBox(t('signin.missing')));
      (emailValue ? passwordField.input : emailField.input).focus();
      return;
    }
    busy = true;
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    submit.textContent = t('signin.submitting');
    try {
      const user = await signIn(emailValue, password);
      onSignedIn(user);
    } catch (err) {
      replaceChildren(messages, alertBox(errorMessage(err)));
      passwordField.input.value = '';
      passwordField.input.focus();
    } finally {
      busy = false;
      submit.disabled = false;
      form.removeAttribute('aria-busy');
      submit.textContent = t('signin.submit');
    }
  });

  // « Se connecter avec … » when single sign-on is configured (docs/sso.md);
  // with passwords switched off, the form stays for the break-glass
  // administrator, folded under « Connexion de secours »
  const sso = h('div', { class: 'signin-sso' });
  const forgot = h('p', { class: 'signin-alt' }, h('a', { href: '/mot-de-passe-oublie' }, t('password.forgotLink')));
  const passwords = h('div', { class: 'signin-passwords' }, form, forgot);
  api('GET', '/auth/methods', { quiet401: true }).then((m) => {
    if (!m || !m.oidc) return;
    const href = `${m.oidc.login_url}?lang=${encodeURIComponent(getLang())}`;
    replaceChildren(sso,
      h('a', { class: 'btn btn-primary btn-block signin-sso-button', href }, t('sso.signInWith', { label: m.oidc.label })),
      m.passwords ? h('p', { class: 'signin-or muted' }, h('span', {}, t('sso.or'))) : null);
    if (!m.passwords) {
      forgot.remove();
      replaceChildren(passwords, h('details', { class: 'signin-breakglass' },
        h('summary', {}, t('sso.breakglass')), form));
    }
  }).catch(() => {});

  const page = h('div', { class: 'signin-page' },
    h('header', { class: 'signin-top' },
      h('span', { class: 'brand' },
        h('img', { src: '/img/logo.svg', alt: '', class: 'brand-logo', width: 32, height: 32 }),
        h('span', { class: 'brand-name' }, t('app.name'))),
      langSwitch()),
    h('main', { id: 'main', class: 'signin-main', tabindex: '-1' },
      h('section', { class: 'card signin-card' },
        h('img', { src: '/img/logo.svg', alt: '', class: 'signin-logo', width: 56, height: 56 }),
        h('h1', { id: 'signin-title', class: 'signin-title' }, t('signin.title')),
        h('p', { class: 'muted signin-intro' }, t('signin.intro')),
        sso,
        passwords)),
    h('footer', { class: 'signin-foot muted' }, `${t('app.name')} · ${t('app.tagline')}`));

  replaceChildren(root, page);
  return { focus: () => emailField.input.focus(), emailInput: emailField.input };
}
