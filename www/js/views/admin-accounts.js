// /admin/comptes — administrators list, create, disable and reactivate
// accounts, and send a person a link to choose their password (« Envoyer un
// lien de réinitialisation »: an administrator never sees it).

import { h, replaceChildren, avatar, debounce } from '../dom.js';
import { t } from '../i18n.js';
import { get, post, patch } from '../api.js';
import { adminHeader } from '../admin-nav.js';
import { commEditorToggle } from '../comm-editor-toggle.js';
import { sendResetLinkButton } from './password.js';
import {
  field, selectField, alertBox, statusBox, loading, roleLabel, statusLabel, badge, errorMessage, guestBadge, formatDate,
} from '../ui.js';

const PAGE = 100;

export const adminAccounts = {
  title: () => `${t('admin.accounts')} — ${t('admin.title')}`,
  render(main, { user: me, signal }) {
    main.append(...adminHeader('/admin/comptes', 'admin.accounts'));
    if (me.role !== 'admin') {
      main.append(alertBox(t('admin.forbidden')));
      return;
    }

    // ---- the list ------------------------------------------------------
    const listMessages = h('div', { class: 'messages' });
    const listBody = h('div', {}, loading());
    let list = null;

    function accountRow(account) {
      const li = h('li', { class: 'account', dataset: { id: String(account.id) } });
      fillRow(li, account);
      return li;
    }

    function fillRow(li, account) {
      const self = String(account.id) === String(me.id);
      const disabled = account.status === 'disabled';
      const action = self ? null : h('button', {
        type: 'button',
        class: disabled ? 'btn' : 'btn btn-danger-outline',
        'aria-label': t(disabled ? 'admin.enableLabel' : 'admin.disableLabel', { name: account.display_name }),
      }, t(disabled ? 'admin.enable' : 'admin.disable'));
      if (action) {
        action.addEventListener('click', async () => {
          action.disabled = true;
          replaceChildren(listMessages);
          try {
            const updated = await patch(`/users/${encodeURIComponent(account.id)}`,
              { status: disabled ? 'active' : 'disabled' });
            const next = { ...account, ...(updated && updated.user ? updated.user : updated) };
            if (!next.status) next.status = disabled ? 'active' : 'disabled';
            fillRow(li, next);
            replaceChildren(listMessages, statusBox(t(next.status === 'disabled' ? 'admin.disabled' : 'admin.enabled',
              { name: next.display_name })));
            const again = li.querySelector('button');
            if (again) again.focus();
          } catch (err) {
            action.disabled = false;
            replaceChildren(listMessages, alertBox(errorMessage(err)));
          }
        });
      }
      const link = self || disabled ? null : sendResetLinkButton(account, {
        withName: true, say: (box) => replaceChildren(listMessages, box),
      });
      li.classList.toggle('is-disabled', disabled);
      replaceChildren(li,
        avatar(account.display_name, 'avatar', account.avatar_url),
        h('div', { class: 'account-text' },
          h('span', { class: 'account-name' },
            h('a', { href: `/personnes/${encodeURIComponent(account.id)}` }, account.display_name || ''),
            self ? h('span', { class: 'muted' }, ` (${t('admin.you')})`) : null),
          h('span', { class: 'account-email muted' }, account.email || '')),
        h('div', { class: 'account-badges' },
          badge(roleLabel(account.role), `badge-role-${account.role}`),
          badge(statusLabel(account.status), `badge-${account.status}`),
          guestBadge(account),
          account.expires_at ? h('span', { class: 'muted account-expiry' }, t('guest.expiresOn', { date: formatDate(account.expires_at) })) : null),
        h('div', { class: 'account-actions' },
          commEditorToggle(account, {
            onSaved: (user, message) => replaceChildren(listMessages, statusBox(message)),
            onError: (message) => replaceChildren(listMessages, alertBox(message)),
          }),
          action,
          link,
          self ? null : accessEditor(li, account)));
    }

    // the account's kind (staff or external guest) and the end of its access
    function accessEditor(li, account) {
      const kind = selectField({
        label: t('guest.kind'), name: 'kind', value: account.kind || 'staff',
        options: [{ value: 'staff', label: t('guest.staff') }, { value: 'guest', label: t('guest.guestOne') }],
      });
      const ends = field({
        label: t('guest.expires'), name: 'expires_at', type: 'date', hint: t('guest.expiresHint'),
        value: account.expires_at ? account.expires_at.slice(0, 10) : '',
      });
      const save = h('button', { type: 'submit', class: 'btn btn-small' }, t('guest.save'));
      const form = h('form', { class: 'form access-form' }, kind.wrap, ends.wrap, save);
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        save.disabled = true;
        replaceChildren(listMessages);
        try {
          const updated = await patch(`/users/${encodeURIComponent(account.id)}`,
            { kind: kind.select.value, expires_at: ends.input.value || null });
          fillRow(li, { ...account, ...updated });
          replaceChildren(listMessages, statusBox(t('guest.saved', { name: account.display_name })));
        } catch (err) {
          save.disabled = false;
          replaceChildren(listMessages, alertBox(errorMessage(err)));
        }
      });
      return h('details', { class: 'access' },
        h('summary', { 'aria-label': t('guest.accessLabel', { name: account.display_name }) }, t('guest.access')), form);
    }

    // with thousands of accounts, the administrator finds one by name or e-mail
    const filter = field({
      label: t('admin.list.filter'), name: 'q', type: 'search', attrs: { autocomplete: 'off', spellcheck: 'false' },
    });
    const kindFilter = selectField({
      label: t('guest.filterKind'), name: 'kind', value: '',
      options: [{ value: '', label: t('guest.allKinds') }, { value: 'staff', label: t('guest.staff') },
        { value: 'guest', label: t('guest.guests') }],
    });
    const filterForm = h('form', { class: 'filter-form', role: 'search', 'aria-label': t('admin.list.title') }, filter.wrap, kindFilter.wrap);
    filterForm.addEventListener('submit', (event) => event.preventDefault());
    let seq = 0;

    async function loadList(cursor) {
      const mine = cursor ? seq : ++seq;
      const q = filter.input.value.trim();
      try {
        const data = await get('/users', {
          query: { q: q || undefined, kind: kindFilter.select.value || undefined, limit: PAGE, cursor: cursor || undefined }, signal,
        });
        if (mine !== seq) return;
        const items = (data && data.items) || [];
        if (!cursor) {
          list = h('ul', { class: 'account-list', 'aria-label': t('admin.list.title') });
          replaceChildren(listBody, items.length ? list : h('p', { class: 'muted' }, t('admin.list.none')));
        }
        for (const account of items) list.append(accountRow(account));
        const old = listBody.querySelector('.more');
        if (old) old.remove();
        if (data && data.next) {
          const more = h('button', { type: 'button', class: 'btn more' }, t('common.more'));
          more.addEventListener('click', () => { more.disabled = true; loadList(data.next); });
          listBody.append(more);
        }
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        replaceChildren(listBody, alertBox(errorMessage(err)));
      }
    }

    // ---- the creation form ----------------------------------------------
    const formMessages = h('div', { class: 'messages' });
    const secret = h('div', { class: 'secret-slot' });
    const email = field({ label: t('admin.create.email'), name: 'email', type: 'email', autocomplete: 'off', required: true });
    const name = field({ label: t('admin.create.name'), name: 'display_name', autocomplete: 'off', required: true });
    const role = selectField({
      label: t('admin.create.role'), name: 'role', value: 'user',
      options: [{ value: 'user', label: roleLabel('user') }, { value: 'admin', label: roleLabel('admin') }],
    });
    const kind = selectField({
      label: t('guest.kind'), name: 'kind', value: 'staff',
      options: [{ value: 'staff', label: t('guest.staff') }, { value: 'guest', label: t('guest.guestOne') }],
    });
    const ends = field({ label: t('guest.expires'), name: 'expires_at', type: 'date', hint: t('guest.expiresHint') });
    const password = field({
      label: t('admin.create.password'), name: 'password', type: 'password',
      autocomplete: 'new-password', hint: t('admin.create.passwordHint'),
    });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('admin.create.submit'));
    const form = h('form', { class: 'form form-grid', novalidate: true, 'aria-labelledby': 'create-title' },
      h('div', { class: 'span-all' }, formMessages, secret),
      email.wrap, name.wrap, role.wrap, kind.wrap, ends.wrap, password.wrap,
      h('div', { class: 'form-actions span-all' }, submit));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = {
        email: email.input.value.trim(),
        display_name: name.input.value.trim(),
        role: role.select.value,
        kind: kind.select.value,
      };
      if (ends.input.value) body.expires_at = ends.input.value;
      if (!body.email || !body.display_name) {
        replaceChildren(formMessages, alertBox(t('admin.create.missing')));
        (body.email ? name.input : email.input).focus();
        return;
      }
      if (password.input.value) body.password = password.input.value;
      submit.disabled = true;
      submit.textContent = t('admin.create.submitting');
      replaceChildren(formMessages);
      replaceChildren(secret);
      try {
        const created = await post('/users', body);
        const account = created && created.user ? { ...created.user } : { ...created };
        const initial = (created && created.initial_password) || account.initial_password;
        delete account.initial_password;
        replaceChildren(formMessages, statusBox(t('admin.create.done', { name: account.display_name || body.display_name })));
        if (initial) {
          replaceChildren(secret, initialPasswordBox({ ...body, ...account }, initial,
            (box) => replaceChildren(formMessages, box)));
        }
        form.reset();
        if (list) list.prepend(accountRow({ status: 'active', ...body, ...account }));
        else loadList(null);
      } catch (err) {
        replaceChildren(formMessages, alertBox(errorMessage(err)));
      } finally {
        submit.disabled = false;
        submit.textContent = t('admin.create.submit');
      }
    });

    main.append(
      h('div', { class: 'admin-grid' },
        h('section', { class: 'card', 'aria-labelledby': 'create-title' },
          h('h2', { id: 'create-title' }, t('admin.create.title')),
          form),
        h('section', { class: 'card', 'aria-labelledby': 'list-title' },
          h('h2', { id: 'list-title' }, t('admin.list.title')),
          filterForm,
          listMessages,
          listBody)),
    );
    const reload = debounce(() => loadList(null), 200);
    filter.input.addEventListener('input', reload);
    kindFilter.select.addEventListener('change', () => loadList(null));
    signal.addEventListener('abort', () => reload.cancel(), { once: true });
    loadList(null);
  },
};

/**
 * The generated password, shown once, with a copy button; or, rather than
 * passing it on, a reset link mailed to the person (say(box): the outcome).
 */
function initialPasswordBox(account, secret, say) {
  const email = account.email || '';
  const value = h('code', { class: 'secret-value' }, secret);
  const copied = h('p', { class: 'muted', role: 'status' });
  const copy = h('button', { type: 'button', class: 'btn' }, t('admin.initial.copy'));
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(secret);
      copied.textContent = t('admin.initial.copied');
    } catch {
      // clipboard refused: select the text so it can be copied by hand
      const range = document.createRange();
      range.selectNodeContents(value);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    }
  });
  const box = h('div', { class: 'secret', role: 'region', 'aria-label': t('admin.initial.title') },
    h('p', { class: 'secret-label' }, t('admin.initial.label', { email })),
    h('p', { class: 'secret-row' }, value, copy),
    h('p', { class: 'secret-note' }, t('admin.initial.note')),
    account.id ? h('p', { class: 'secret-note' }, t('admin.initial.orLink'), ' ', sendResetLinkButton(account, { say })) : null,
    copied);
  const dismiss = h('button', { type: 'button', class: 'btn btn-link' }, t('admin.initial.dismiss'));
  dismiss.addEventListener('click', () => box.remove());
  box.append(dismiss);
  return box;
}
