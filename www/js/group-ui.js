// Pieces every group page shares: badges, the asker's role, and the
// join / request / withdraw / leave buttons that the group's `can` allows.

import { h } from './dom.js';
import { t } from './i18n.js';
import { post, del } from './api.js';
import { badge, confirmDialog, errorMessage } from './ui.js';

export const VISIBILITIES = ['public', 'private', 'secret'];
export const POSTINGS = ['members', 'managers'];

export function groupUrl(group, tab) {
  const url = `/groupes/${encodeURIComponent(group.id)}`;
  return tab ? `${url}?onglet=${tab}` : url;
}

export function visibilityBadge(visibility) {
  return badge(t(`group.visibility.${visibility}`), `badge-vis badge-vis-${visibility}`);
}

/** Visibility, archived and default badges. */
export function groupBadges(group) {
  return [
    visibilityBadge(group.visibility),
    group.archived ? badge(t('group.archived'), 'badge-archived') : null,
    group.default ? badge(t('group.default'), 'badge-default') : null,
  ];
}

/** « 2 demandes en attente »: the join requests a manager has to answer (short: the number alone, its words for screen readers). */
export function pendingBadge(n, short = false) {
  const words = t('group.requests.pending', { n });
  if (!short) return badge(words, 'badge-pending');
  return h('span', { class: 'badge badge-pending badge-count' },
    h('span', { 'aria-hidden': 'true' }, String(n)), h('span', { class: 'sr-only' }, words));
}

/** "Gestionnaire" / "Membre" for the asker, or null. */
export function myRoleText(group) {
  return group.my_role ? t(`group.role.${group.my_role}`) : null;
}

/**
 * The buttons for joining, requesting, withdrawing a request and (with
 * `leave`) leaving. Each calls the API, then onChanged(message) — the caller
 * reloads the group — or onError(message).
 */
export function membershipActions(group, { me, onChanged, onError, leave = false, named = false }) {
  const id = encodeURIComponent(group.id);
  const can = group.can || {};
  const wrap = h('div', { class: 'membership-actions' });
  const label = (key) => (named ? t(`${key}Named`, { name: group.name }) : null);

  function action(button, run, ask) {
    button.addEventListener('click', async () => {
      // asked before the button is disabled, so that focus comes back to it
      if (ask && !(await confirmDialog(ask))) return;
      button.disabled = true;
      try {
        onChanged(await run());
      } catch (err) {
        button.disabled = false;
        onError(errorMessage(err));
      }
    });
    return button;
  }

  if (group.requested) {
    wrap.append(
      badge(t('group.requested'), 'badge-requested'),
      action(h('button', { type: 'button', class: 'btn btn-small', 'aria-label': label('group.withdraw') }, t('group.withdraw')),
        async () => {
          await del(`/groups/${id}/requests/${encodeURIComponent(me.id)}`);
          return t('group.withdrawn', { name: group.name });
        }));
  } else if (can.join) {
    wrap.append(action(h('button', { type: 'button', class: 'btn btn-primary btn-small', 'aria-label': label('group.join') }, t('group.join')),
      async () => {
        const r = await post(`/groups/${id}/join`);
        return t(r && r.status === 'requested' ? 'group.requestSent' : 'group.joined', { name: group.name });
      }));
  } else if (can.request) {
    wrap.append(action(h('button', { type: 'button', class: 'btn btn-primary btn-small', 'aria-label': label('group.request') }, t('group.request')),
      async () => {
        const r = await post(`/groups/${id}/join`);
        return t(r && r.status === 'member' ? 'group.joined' : 'group.requestSent', { name: group.name });
      }));
  }

  if (leave && group.my_role && can.leave) {
    wrap.append(action(h('button', { type: 'button', class: 'btn btn-danger-outline btn-small' }, t('group.leave')),
      async () => {
        await del(`/groups/${id}/members/${encodeURIComponent(me.id)}`);
        return t('group.left', { name: group.name });
      },
      { title: t('group.leaveTitle'), message: t('group.leaveText', { name: group.name }), confirm: t('group.leave'), danger: true }));
  }
  return wrap.childNodes.length ? wrap : null;
}
