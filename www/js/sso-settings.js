// « Connexion unique (SSO) » on /admin/reglages (docs/sso.md): the OpenID
// provider (issuer, client, secret), how claims map to the profile, how
// accounts are found, ProConnect's options (acr_values, a claims request,
// a signed userinfo), sign-out at the provider, and passwords switched off
// but for a break-glass administrator (GET / PUT /admin/sso).

import { h, replaceChildren } from './dom.js';
import { t } from './i18n.js';
import { get, put } from './api.js';
import { field, checkboxField, radioGroup, alertBox, statusBox, loading, errorMessage } from './ui.js';

/** The section; it loads its own settings. */
export function ssoSection(signal) {
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const body = h('div', {}, loading());
  const section = h('section', { class: 'card admin-settings-section sso-settings', 'aria-labelledby': 'sso-settings-title' },
    h('h2', { id: 'sso-settings-title' }, t('sso.title')),
    h('p', { class: 'hint' }, t('sso.intro')), messages, body);

  function form(cfg) {
    const k = (name) => `sso.${name}`;
    const text = (name, value, extra = {}) => field({
      label: t(k(name)), name, value: value || '', hint: t(k(`${name}Hint`), { uri: cfg.redirect_uri }),
      attrs: { autocomplete: 'off', spellcheck: 'false', ...extra },
    });
    const enabled = checkboxField({ label: t(k('enabled')), name: 'enabled', checked: !!cfg.enabled });
    const label = text('label', cfg.label, { placeholder: 'ProConnect' });
    const issuer = text('issuer', cfg.issuer, { placeholder: 'https://auth.agentconnect.gouv.fr/api/v2' });
    const clientId = text('client_id', cfg.client_id);
    const secret = field({
      label: t(k('client_secret')), name: 'client_secret', type: 'password',
      hint: t(cfg.client_secret_set ? k('secretSet') : k('secretNone')), attrs: { autocomplete: 'new-password' },
    });
    const auth = radioGroup({
      legend: t(k('client_auth')), name: 'client_auth', value: cfg.client_auth,
      options: ['client_secret_basic', 'client_secret_post'].map((v) => ({ value: v, label: v })),
    });
    const scopes = text('scopes', cfg.scopes);
    const m = cfg.claims_mapping || {};
    const map = ['email', 'name', 'department', 'site'].map((n) => ({ n, ...field({
      label: t(k(`map_${n}`)), name: `map_${n}`, value: m[n] || '', attrs: { autocomplete: 'off', spellcheck: 'false' },
    }) }));
    const create = checkboxField({ label: t(k('create_accounts')), name: 'create_accounts', checked: !!cfg.create_accounts, hint: t(k('create_accountsHint')) });
    const match = checkboxField({ label: t(k('match_email')), name: 'match_email', checked: !!cfg.match_email, hint: t(k('match_emailHint')) });
    const acr = text('acr_values', cfg.acr_values, { placeholder: 'eidas1' });
    const claims = text('claims', cfg.claims, { placeholder: '{"id_token":{"amr":{"essential":true}}}' });
    const userinfo = radioGroup({
      legend: t(k('userinfo')), name: 'userinfo', value: cfg.userinfo,
      options: ['none', 'json', 'jwt'].map((v) => ({ value: v, label: t(k(`userinfo_${v}`)) })),
    });
    const logout = checkboxField({ label: t(k('logout')), name: 'logout', checked: !!cfg.logout, hint: t(k('logoutHint'), { uri: cfg.post_logout_redirect_uri }) });
    const off = checkboxField({ label: t(k('passwords_off')), name: 'passwords_off', checked: !!cfg.passwords_off, hint: t(k('passwords_offHint')) });
    const breakglass = text('breakglass_email', cfg.breakglass_email, { type: 'email' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('sso.save'));
    const group = (legend, ...items) => h('fieldset', { class: 'plain-fieldset' }, h('legend', { class: 'label' }, legend), ...items);
    const el = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'sso-settings-title' },
      h('p', { class: 'hint' }, t(k('redirect')), ' ', h('code', {}, cfg.redirect_uri)),
      enabled.wrap, label.wrap, issuer.wrap, clientId.wrap, secret.wrap, auth.wrap, scopes.wrap,
      group(t(k('mapping')), ...map.map((x) => x.wrap)),
      group(t(k('accounts')), create.wrap, match.wrap),
      group(t(k('federation')), acr.wrap, claims.wrap, userinfo.wrap, logout.wrap),
      group(t(k('passwords')), off.wrap, breakglass.wrap),
      h('div', { class: 'form-actions' }, submit));
    el.addEventListener('submit', async (event) => {
      event.preventDefault();
      replaceChildren(messages);
      const wanted = {
        enabled: enabled.input.checked, label: label.input.value.trim(), issuer: issuer.input.value.trim(),
        client_id: clientId.input.value.trim(), client_auth: auth.value(), scopes: scopes.input.value.trim(),
        claims_mapping: Object.fromEntries(map.map((x) => [x.n, x.input.value.trim()])),
        create_accounts: create.input.checked, match_email: match.input.checked,
        acr_values: acr.input.value.trim(), claims: claims.input.value.trim(), userinfo: userinfo.value(),
        logout: logout.input.checked, passwords_off: off.input.checked, breakglass_email: breakglass.input.value.trim(),
      };
      if (secret.input.value) wanted.client_secret = secret.input.value;
      submit.disabled = true;
      try {
        const saved = await put('/admin/sso', wanted, { signal });
        replaceChildren(body, form(saved));
        replaceChildren(messages, statusBox(t(k('saved'))));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        // focus on the refusal: the button is far below it in a long form
        const box = alertBox(errorMessage(err));
        box.tabIndex = -1;
        replaceChildren(messages, box);
        box.focus();
      } finally {
        submit.disabled = false;
      }
    });
    return el;
  }

  get('/admin/sso', { signal }).then((cfg) => replaceChildren(body, form(cfg)), (err) => {
    if (err && err.name === 'AbortError') return;
    replaceChildren(body, alertBox(errorMessage(err)));
  });
  return section;
}
