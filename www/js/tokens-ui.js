// API tokens in the browser (docs/api_tokens.md): the form that creates one
// (name, scopes, expiry), the secret shown once with a copy button, and the
// list with « Révoquer ». Used by « Jetons d'accès » (a person's own,
// /jetons) and by Administration › Jetons de service (/admin/jetons).

import { h, replaceChildren, uid } from './dom.js';
import { t } from './i18n.js';
import { get, post, del } from './api.js';
import { alertBox, statusBox, loading, errorMessage, confirmDialog, field, checkboxField, formatDate, tableScroll } from './ui.js';

const DEFAULT_DAYS = 90;

function isoDay(offsetDays) {
  return new Date(Date.now() + offsetDays * 86400e3).toISOString().slice(0, 10);
}

/** The secret, shown once, with a copy button (the clipboard refused: selected). */
export function secretBox(secret, { label, note }) {
  const value = h('code', { class: 'secret-value' }, secret);
  const copied = h('p', { class: 'muted', role: 'status' });
  const copy = h('button', { type: 'button', class: 'btn' }, t('tokens.copy'));
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(secret);
      copied.textContent = t('tokens.copied');
    } catch {
      const range = document.createRange();
      range.selectNodeContents(value);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    }
  });
  return h('div', { class: 'secret', role: 'region', 'aria-label': label },
    h('p', { class: 'secret-label' }, label),
    h('p', { class: 'secret-row' }, value, copy),
    h('p', { class: 'secret-note' }, note), copied);
}

function scopesText(scopes) {
  return (scopes || []).map((s) => t(`tokens.scope.${s}`)).join(', ');
}

/**
 * The whole section: {element}. `base` is '/me/tokens' or '/admin/tokens';
 * `service` adds the account field and leaves out the admin scope;
 * `adminScope` offers the admin scope (administrators' own tokens).
 */
export function tokensSection({ base, service = false, adminScope = false, signal }) {
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const once = h('div', { class: 'secret-slot' });
  const listBox = h('div', { class: 'token-list' }, loading());
  const listId = uid('tok-list');
  const listTitle = h('h2', { id: listId, tabindex: '-1' }, t('tokens.listTitle'));
  const account = service ? field({ label: t('tokens.account'), name: 'account', required: true, hint: t('tokens.accountHint'), attrs: { maxlength: 100 } }) : null;
  const name = field({ label: t('tokens.name'), name: 'name', required: true, hint: t('tokens.nameHint'), attrs: { maxlength: 100 } });
  const scopes = ['read', 'write', ...(adminScope && !service ? ['admin'] : [])].map((s) =>
    ({ s, f: checkboxField({ label: t(`tokens.scope.${s}`), name: `scope-${s}`, checked: s === 'read', hint: t(`tokens.scopeHint.${s}`) }) }));
  const legendId = uid('scopes');
  const expires = field({ label: t('tokens.expires'), name: 'expires', type: 'date', hint: t('tokens.expiresHint'),
    value: isoDay(DEFAULT_DAYS), attrs: { min: isoDay(1), max: isoDay(730) } });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('tokens.create'));
  const form = h('form', { class: 'form', novalidate: true },
    messages,
    account ? account.wrap : null,
    name.wrap,
    h('fieldset', { class: 'plain-fieldset', 'aria-labelledby': legendId },
      h('p', { id: legendId, class: 'label' }, t('tokens.scopes')),
      scopes.map((x) => x.f.wrap)),
    expires.wrap,
    h('div', { class: 'form-actions' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replaceChildren(messages);
    replaceChildren(once);
    const body = {
      name: name.input.value.trim(),
      scopes: scopes.filter((x) => x.f.input.checked).map((x) => x.s),
      expires: expires.input.value || null,
    };
    if (account) body.account = account.input.value.trim();
    if (account && !body.account) {
      replaceChildren(messages, alertBox(t('tokens.accountMissing')));
      account.input.focus();
      return;
    }
    if (!body.name) {
      replaceChildren(messages, alertBox(t('tokens.nameMissing')));
      name.input.focus();
      return;
    }
    if (!body.scopes.length) {
      replaceChildren(messages, alertBox(t('tokens.scopesMissing')));
      scopes[0].f.input.focus();
      return;
    }
    submit.disabled = true;
    try {
      const made = await post(base, body, { signal });
      replaceChildren(once, secretBox(made.token, { label: t('tokens.shownOnce', { name: made.name }), note: t('tokens.shownOnceNote') }));
      name.input.value = '';
      once.querySelector('button').focus();
      await refresh();
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(messages, alertBox(errorMessage(err)));
    } finally {
      submit.disabled = false;
    }
  });

  async function revoke(tok, button) {
    const ok = await confirmDialog({ title: t('tokens.revokeTitle'), message: t('tokens.revokeText', { name: tok.name }),
      confirm: t('tokens.revoke'), danger: true });
    if (!ok) return;
    button.disabled = true;
    try {
      await del(`${base}/${encodeURIComponent(tok.id)}`, { signal });
      // the list as it is now before it is said: the row gone, the focus on
      // the list's title (its button is gone with it), then the news
      await refresh();
      listTitle.focus();
      replaceChildren(messages, statusBox(t('tokens.revoked', { name: tok.name })));
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      button.disabled = false;
      replaceChildren(messages, alertBox(errorMessage(err)));
    }
  }

  function row(tok) {
    const button = h('button', { type: 'button', class: 'btn btn-danger btn-small' }, t('tokens.revoke'),
      h('span', { class: 'sr-only' }, ` ${tok.name}`));
    button.addEventListener('click', () => revoke(tok, button));
    return h('tr', {},
      service ? h('td', { 'data-label': t('tokens.account') }, tok.account ? tok.account.name : '') : null,
      h('th', { scope: 'row' }, tok.name, h('br'), h('code', { class: 'muted' }, `${tok.prefix}…`)),
      h('td', { 'data-label': t('tokens.scopes') }, scopesText(tok.scopes)),
      h('td', { 'data-label': t('tokens.expires') }, tok.expires ? formatDate(tok.expires) : t('tokens.never'),
        tok.expired ? h('span', { class: 'badge' }, ` ${t('tokens.expired')}`) : null),
      h('td', { 'data-label': t('tokens.lastUsed') }, tok.last_used_at ? formatDate(tok.last_used_at) : t('tokens.neverUsed')),
      h('td', {}, button));
  }

  async function refresh() {
    try {
      const { items } = await get(base, { signal });
      if (!items.length) { replaceChildren(listBox, h('p', { class: 'muted' }, t('tokens.none'))); return; }
      replaceChildren(listBox, tableScroll(h('table', { class: 'data-table tokens-table' },
        h('caption', { class: 'sr-only' }, t('tokens.listTitle')),
        h('thead', {}, h('tr', {},
          service ? h('th', { scope: 'col' }, t('tokens.account')) : null,
          h('th', { scope: 'col' }, t('tokens.name')), h('th', { scope: 'col' }, t('tokens.scopes')),
          h('th', { scope: 'col' }, t('tokens.expires')), h('th', { scope: 'col' }, t('tokens.lastUsed')),
          h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('tokens.actions'))))),
        h('tbody', {}, items.map(row))), t('tokens.listTitle')));
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(listBox, alertBox(errorMessage(err)));
    }
  }
  refresh();

  const createId = uid('tok-create');
  const element = h('div', { class: 'tokens' },
    h('section', { class: 'card', 'aria-labelledby': createId }, h('h2', { id: createId }, t(service ? 'tokens.createServiceTitle' : 'tokens.createTitle')), form, once),
    h('section', { class: 'card', 'aria-labelledby': listId }, listTitle, listBox));
  return { element };
}
