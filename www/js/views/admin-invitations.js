// /admin/invitations — administrators invite people by e-mail (one or many
// addresses, pasted one per line or separated by commas or semicolons),
// with a role and groups; the list of invitations by state, each pending
// one with « Renvoyer » (a new link for 14 days, the old one dead) and
// « Révoquer ».

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get, post, del } from '../api.js';
import { adminHeader } from '../admin-nav.js';
import {
  textareaField, selectField, checkboxField, alertBox, statusBox, loading, roleLabel, badge, errorMessage, formatDate,
} from '../ui.js';

const MAX = 500;
const STATES = ['pending', 'expired', 'accepted', 'revoked'];

/** The addresses of a pasted text: one per line, or separated by commas or semicolons. */
export function splitAddresses(text) {
  const seen = new Set();
  return text.split(/[\n\r,;]+/).map((s) => s.trim()).filter((s) => s && !seen.has(s.toLowerCase()) && seen.add(s.toLowerCase()));
}

export const adminInvitations = {
  title: () => `${t('admin.invitations')} — ${t('admin.title')}`,
  render(main, { user: me, signal }) {
    main.append(...adminHeader('/admin/invitations', 'admin.invitations'));
    if (me.role !== 'admin') {
      main.append(alertBox(t('admin.forbidden')));
      return;
    }
    const T = (k, vars) => t(`admin.invitationsPage.${k}`, vars);

    // ---- the form ----------------------------------------------------------
    const formMessages = h('div', { class: 'messages' });
    const results = h('div', {});
    const emails = textareaField({ label: T('emails'), name: 'emails', rows: 6, hint: T('emailsHint', { max: MAX }) });
    const role = selectField({
      label: T('role'), name: 'role', value: 'user',
      options: [{ value: 'user', label: roleLabel('user') }, { value: 'admin', label: roleLabel('admin') }],
    });
    const groupBoxes = h('div', { class: 'choices' }, loading());
    const groupsSet = h('fieldset', { class: 'field fieldset' }, h('legend', { class: 'label' }, T('groups')), groupBoxes);
    const chosen = [];
    get('/groups', { query: { limit: 100 }, signal }).then((data) => {
      const items = (data && data.items) || [];
      replaceChildren(groupBoxes, items.length ? null : h('p', { class: 'muted' }, T('noGroups')));
      for (const g of items) {
        const c = checkboxField({ label: g.name, name: `group-${g.id}` });
        chosen.push({ id: g.id, input: c.input });
        groupBoxes.append(c.wrap);
      }
    }).catch((err) => { if (!err || err.name !== 'AbortError') replaceChildren(groupBoxes, alertBox(errorMessage(err))); });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, T('submit'));
    const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'invite-title' },
      formMessages, emails.wrap, role.wrap, groupsSet, h('div', { class: 'form-actions' }, submit), results);

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const list = splitAddresses(emails.input.value);
      replaceChildren(results);
      if (!list.length) {
        replaceChildren(formMessages, alertBox(T('missing')));
        emails.input.setAttribute('aria-invalid', 'true');
        emails.input.focus();
        return;
      }
      if (list.length > MAX) {
        replaceChildren(formMessages, alertBox(T('tooMany', { max: MAX, count: list.length })));
        emails.input.setAttribute('aria-invalid', 'true');
        emails.input.focus();
        return;
      }
      emails.input.removeAttribute('aria-invalid');
      submit.disabled = true;
      submit.textContent = T('submitting');
      try {
        const data = await post('/invitations', {
          emails: list, role: role.select.value, groups: chosen.filter((c) => c.input.checked).map((c) => c.id),
        });
        const items = (data && data.items) || [];
        const count = (s) => items.filter((i) => i.status === s).length;
        replaceChildren(formMessages, statusBox(T('done', {
          invited: count('invited'), again: count('already_invited'), members: count('already_member'), invalid: count('invalid'),
        })));
        const notInvited = items.filter((i) => i.status === 'already_member' || i.status === 'invalid');
        if (notInvited.length) {
          replaceChildren(results, h('ul', { class: 'plain-list', 'aria-label': T('notInvited') },
            notInvited.map((i) => h('li', {}, `${i.email} — ${T(`status.${i.status}`)}`))));
        }
        emails.input.value = notInvited.filter((i) => i.status === 'invalid').map((i) => i.email).join('\n');
        loadList();
      } catch (err) {
        replaceChildren(formMessages, alertBox(errorMessage(err)));
      } finally {
        submit.disabled = false;
        submit.textContent = T('submit');
      }
    });

    // ---- the list ----------------------------------------------------------
    const listMessages = h('div', { class: 'messages' });
    const listBody = h('div', {}, loading());
    const state = selectField({
      label: T('state'), name: 'state', value: 'pending',
      options: STATES.map((s) => ({ value: s, label: T(`states.${s}`) })),
    });
    state.select.addEventListener('change', () => loadList());

    function row(inv) {
      const li = h('li', { class: 'account invitation', dataset: { id: String(inv.id) } });
      const actions = h('div', { class: 'account-actions' });
      if (inv.status === 'pending' || inv.status === 'expired') {
        const resend = h('button', { type: 'button', class: 'btn', 'aria-label': T('resendLabel', { email: inv.email }) }, T('resend'));
        const revoke = h('button', { type: 'button', class: 'btn btn-danger-outline', 'aria-label': T('revokeLabel', { email: inv.email }) }, T('revoke'));
        resend.addEventListener('click', async () => {
          resend.disabled = true;
          try {
            const updated = await post(`/invitations/${inv.id}/resend`);
            replaceChildren(listMessages, statusBox(T('resent', { email: inv.email })));
            if (state.select.value === 'pending') li.replaceWith(row(updated));
            else li.remove();
          } catch (err) {
            replaceChildren(listMessages, alertBox(errorMessage(err)));
          } finally {
            resend.disabled = false;
          }
        });
        revoke.addEventListener('click', async () => {
          revoke.disabled = true;
          try {
            await del(`/invitations/${inv.id}`);
            replaceChildren(listMessages, statusBox(T('revoked', { email: inv.email })));
            const next = li.nextElementSibling || li.previousElementSibling;
            li.remove();
            if (next) next.querySelector('button')?.focus();
            else state.select.focus();
          } catch (err) {
            revoke.disabled = false;
            replaceChildren(listMessages, alertBox(errorMessage(err)));
          }
        });
        actions.append(resend, revoke);
      }
      const by = inv.invited_by ? inv.invited_by.display_name : '';
      replaceChildren(li,
        h('div', { class: 'account-text' },
          h('span', { class: 'account-name' }, inv.email),
          h('span', { class: 'account-email muted' },
            T('meta', { by, created: formatDate(inv.created), expires: formatDate(inv.expires) })),
          inv.groups && inv.groups.length
            ? h('span', { class: 'muted' }, T('inGroups', { groups: inv.groups.map((g) => g.name).join(', ') })) : null),
        h('div', { class: 'account-badges' },
          badge(roleLabel(inv.role), `badge-role-${inv.role}`),
          badge(T(`states.${inv.status}`), `badge-${inv.status}`)),
        actions);
      return li;
    }

    let seq = 0;
    async function loadList(cursor) {
      const mine = cursor ? seq : ++seq;
      try {
        const data = await get('/invitations', { query: { status: state.select.value, limit: 100, cursor: cursor || undefined }, signal });
        if (mine !== seq) return;
        const items = (data && data.items) || [];
        let list = listBody.querySelector('ul');
        if (!cursor) {
          list = h('ul', { class: 'account-list', 'aria-label': T('listTitle') });
          replaceChildren(listBody, items.length ? list : h('p', { class: 'muted' }, T('none')));
        }
        for (const inv of items) list.append(row(inv));
        listBody.querySelector('.more')?.remove();
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

    main.append(
      h('div', { class: 'admin-grid' },
        h('section', { class: 'card', 'aria-labelledby': 'invite-title' },
          h('h2', { id: 'invite-title' }, T('title')),
          h('p', { class: 'muted' }, T('intro')),
          form),
        h('section', { class: 'card', 'aria-labelledby': 'invitations-title' },
          h('h2', { id: 'invitations-title' }, T('listTitle')),
          state.wrap,
          listMessages,
          listBody)),
    );
    loadList();
  },
};
