// The Membres tab of a group: the members (managers first), with their role
// and delegated rights; for those who manage the group, the pending requests
// (approve / decline), adding a person, and per member: manager or not, the
// drive and moderation rights, removal.

import { h, replaceChildren, avatar, debounce } from '../dom.js';
import { t } from '../i18n.js';
import { get, put, post, del } from '../api.js';
import {
  field, alertBox, statusBox, loading, badge, errorMessage, confirmDialog, formatDate, guestBadge,
} from '../ui.js';
import { createPersonPicker } from '../person-picker.js';

const LIMIT = 50;

/** The role and rights badges of a member entry. */
function memberBadges(entry) {
  return [
    badge(t(`group.role.${entry.role}`), `badge-grole-${entry.role}`),
    entry.drive_manager ? badge(t('group.right.drive'), 'badge-right') : null,
    entry.feed_moderator ? badge(t('group.right.moderate'), 'badge-right') : null,
  ];
}

const personLink = (user) => [h('a', { href: `/personnes/${encodeURIComponent(user.id)}`, class: 'member-name' }, user.display_name || ''),
  guestBadge(user)];

export function renderMembers(panel, { group, me, signal, refresh, requestsCounted = () => {} }) {
  const gid = encodeURIComponent(group.id);
  const manage = !!(group.can && group.can.manage) && !group.archived;
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const say = (box) => replaceChildren(messages, box);
  const isMe = (user) => String(user.id) === String(me.id);

  panel.append(h('h2', { class: 'sr-only' }, t('group.tab.members')), messages);
  if (group.archived && group.can && group.can.manage) {
    panel.append(h('p', { class: 'alert alert-info' }, t('group.archivedMembers')));
  }

  // ---- pending requests ------------------------------------------------------
  const requestsBody = h('div', {});
  const requestsSection = h('section', { class: 'subsection', 'aria-labelledby': 'requests-title' },
    h('h3', { id: 'requests-title' }, t('group.requests.title')), requestsBody);

  async function loadRequests() {
    replaceChildren(requestsBody, loading());
    try {
      const data = await get(`/groups/${gid}/requests`, { signal });
      const items = (data && data.items) || [];
      requestsCounted(items.length);
      requestsSection.hidden = !items.length && group.visibility !== 'private';
      if (!items.length) {
        replaceChildren(requestsBody, h('p', { class: 'muted' }, t('group.requests.none')));
        return;
      }
      replaceChildren(requestsBody, h('ul', { class: 'member-list', 'aria-label': t('group.requests.title') },
        items.map(requestRow)));
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(requestsBody, alertBox(errorMessage(err)));
    }
  }

  function requestRow(item) {
    const user = item.user;
    const li = h('li', { class: 'member' });
    const approve = h('button', {
      type: 'button', class: 'btn btn-primary btn-small', 'aria-label': t('group.requests.approveNamed', { name: user.display_name }),
    }, t('group.requests.approve'));
    const decline = h('button', {
      type: 'button', class: 'btn btn-danger-outline btn-small', 'aria-label': t('group.requests.declineNamed', { name: user.display_name }),
    }, t('group.requests.decline'));
    const uidPath = encodeURIComponent(user.id);
    approve.addEventListener('click', async () => {
      approve.disabled = true; decline.disabled = true;
      try {
        await post(`/groups/${gid}/requests/${uidPath}/approve`);
        say(statusBox(t('group.requests.approved', { name: user.display_name })));
        li.remove();
        loadRequests();
        loadMembers(null);
        refresh(null);
      } catch (err) {
        approve.disabled = false; decline.disabled = false;
        say(alertBox(errorMessage(err)));
      }
    });
    decline.addEventListener('click', async () => {
      approve.disabled = true; decline.disabled = true;
      try {
        await del(`/groups/${gid}/requests/${uidPath}`);
        say(statusBox(t('group.requests.declined', { name: user.display_name })));
        li.remove();
        loadRequests();
      } catch (err) {
        approve.disabled = false; decline.disabled = false;
        say(alertBox(errorMessage(err)));
      }
    });
    return replaceChildren(li,
      avatar(user.display_name, 'avatar', user.avatar_url),
      h('div', { class: 'member-text' },
        personLink(user),
        item.created_at ? h('span', { class: 'muted member-detail' }, t('group.requests.since', { date: formatDate(item.created_at) })) : null),
      h('div', { class: 'member-actions' }, approve, decline));
  }

  // ---- adding a person ---------------------------------------------------------
  function addForm() {
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', disabled: true }, t('group.add.submit'));
    const picker = createPersonPicker({
      label: t('group.add.label'), name: 'person', signal,
      onChange: (person) => { submit.disabled = !person; },
    });
    const form = h('form', { class: 'form add-member', 'aria-labelledby': 'add-title' },
      h('h3', { id: 'add-title' }, t('group.add.title')),
      h('div', { class: 'add-member-row' }, picker.wrap, submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const person = picker.value();
      if (!person) { picker.input.focus(); return; }
      submit.disabled = true;
      try {
        // no role sent: a new member joins as "member", a present one keeps theirs
        await put(`/groups/${gid}/members/${encodeURIComponent(person.id)}`, {});
        say(statusBox(t('group.add.done', { name: person.display_name })));
        picker.clear();
        picker.input.focus();
        loadMembers(null);
        loadRequests();
        refresh(null);
      } catch (err) {
        submit.disabled = false;
        say(alertBox(errorMessage(err)));
      }
    });
    return h('section', { class: 'subsection' }, form);
  }

  // ---- the members ----------------------------------------------------------------
  const filter = field({
    label: t('group.membersFilter'), name: 'q', type: 'search', attrs: { autocomplete: 'off', spellcheck: 'false' },
  });
  const filterForm = h('form', { class: 'filter-form filter-inline', role: 'search', 'aria-label': t('group.membersFilter') }, filter.wrap);
  filterForm.addEventListener('submit', (event) => event.preventDefault());
  filterForm.hidden = (group.member_count || 0) <= LIMIT;
  const membersBody = h('div', { 'aria-busy': 'false' });
  const membersTitle = h('h3', { id: 'members-title' }, t('group.membersTitle', { n: group.member_count || 0 }));
  let seq = 0;

  function memberRow(entry) {
    const li = h('li', { class: 'member', dataset: { id: String(entry.user.id) } });
    fillMember(li, entry);
    return li;
  }

  async function change(li, entry, body, message) {
    try {
      const updated = await put(`/groups/${gid}/members/${encodeURIComponent(entry.user.id)}`, body);
      const next = { ...entry, ...updated, user: (updated && updated.user) || entry.user };
      say(statusBox(message));
      if (isMe(entry.user)) {
        // my own rights changed: the whole group page follows
        refresh(statusBox(message));
        return;
      }
      fillMember(li, next, Object.keys(body)[0]);
      if ('role' in body) refresh(null);
    } catch (err) {
      say(alertBox(errorMessage(err)));
      fillMember(li, entry, Object.keys(body)[0]);
    }
  }

  function manageControls(li, entry) {
    const user = entry.user;
    const name = user.display_name;
    const controls = [];
    const manager = entry.role === 'manager';
    const roleButton = h('button', { type: 'button', class: 'btn btn-small', dataset: { k: 'role' } },
      t(manager ? 'group.member.demote' : 'group.member.promote'));
    roleButton.addEventListener('click', () => {
      roleButton.disabled = true;
      change(li, entry, { role: manager ? 'member' : 'manager' },
        t(manager ? 'group.member.demoted' : 'group.member.promoted', { name }));
    });
    controls.push(roleButton);
    if (!manager) {
      for (const [key, flag] of [['drive', 'drive_manager'], ['moderate', 'feed_moderator']]) {
        const id = `m-${group.id}-${user.id}-${flag}`;
        const box = h('input', { type: 'checkbox', id, class: 'choice-input', checked: entry[flag] || null, dataset: { k: flag } });
        box.addEventListener('change', () => {
          box.disabled = true;
          change(li, entry, { [flag]: box.checked },
            t(box.checked ? 'group.member.rightOn' : 'group.member.rightOff', { name, right: t(`group.right.${key}`) }));
        });
        controls.push(h('div', { class: 'choice' }, box, h('label', { for: id, class: 'choice-label' }, t(`group.right.${key}`))));
      }
    }
    if (!isMe(user)) {
      const remove = h('button', { type: 'button', class: 'btn btn-danger-outline btn-small' }, t('group.member.remove'));
      remove.addEventListener('click', async () => {
        const ok = await confirmDialog({
          title: t('group.member.removeTitle'),
          message: t('group.member.removeText', { name, group: group.name }),
          confirm: t('group.member.remove'),
          danger: true,
        });
        if (!ok) return;
        remove.disabled = true;
        try {
          await del(`/groups/${gid}/members/${encodeURIComponent(user.id)}`);
          say(statusBox(t('group.member.removed', { name })));
          li.remove();
          refresh(null);
        } catch (err) {
          remove.disabled = false;
          say(alertBox(errorMessage(err)));
        }
      });
      controls.push(remove);
    }
    // a disclosure: the controls stay out of the way until asked for
    const bodyId = `m-${group.id}-${user.id}-manage`;
    const toggle = h('button', {
      type: 'button', class: 'btn btn-small member-manage-toggle', 'aria-expanded': 'false', 'aria-controls': bodyId,
      'aria-label': t('group.member.manageNamed', { name }), dataset: { k: 'manage' },
    }, t('group.member.manage'));
    const body = h('div', { id: bodyId, class: 'member-manage-body', hidden: true }, controls);
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      body.hidden = !open;
    });
    return h('div', { class: 'member-manage' }, toggle, body);
  }

  /** (Re)draws a member's row; `again` names the control to open and focus again. */
  function fillMember(li, entry, again) {
    const user = entry.user;
    replaceChildren(li,
      avatar(user.display_name, 'avatar', user.avatar_url),
      h('div', { class: 'member-text' },
        h('span', {}, personLink(user), isMe(user) ? h('span', { class: 'muted' }, ` (${t('admin.you')})`) : null),
        user.job_title ? h('span', { class: 'muted member-detail' }, user.job_title) : null,
        h('span', { class: 'badges' }, memberBadges(entry))),
      manage ? h('div', { class: 'member-actions' }, manageControls(li, entry)) : null);
    const control = again && li.querySelector(`[data-k="${again}"]`);
    if (control) {
      const toggle = li.querySelector('[data-k="manage"]');
      if (toggle && control !== toggle) toggle.click();
      control.focus();
    }
  }

  async function loadMembers(cursor, list) {
    const mine = cursor ? seq : ++seq;
    if (!cursor) replaceChildren(membersBody, loading());
    membersBody.setAttribute('aria-busy', 'true');
    const q = filter.input.value.trim();
    try {
      const data = await get(`/groups/${gid}/members`, {
        query: { q: q || undefined, limit: LIMIT, cursor: cursor || undefined }, signal,
      });
      if (mine !== seq) return;
      const items = (data && data.items) || [];
      if (!cursor) {
        list = h('ul', { class: 'member-list', 'aria-labelledby': 'members-title' });
        replaceChildren(membersBody, items.length ? list : h('p', { class: 'muted' }, t('group.membersNone')));
      }
      for (const entry of items) list.append(memberRow(entry));
      const old = membersBody.querySelector('.more');
      if (old) old.remove();
      if (data && data.next) {
        const more = h('button', { type: 'button', class: 'btn more' }, t('groups.more'));
        more.addEventListener('click', () => { more.disabled = true; loadMembers(data.next, list); });
        membersBody.append(more);
      }
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (mine === seq) replaceChildren(membersBody, alertBox(errorMessage(err)));
    } finally {
      if (mine === seq) membersBody.setAttribute('aria-busy', 'false');
    }
  }

  if (manage) panel.append(requestsSection, addForm());
  panel.append(h('section', { class: 'subsection', 'aria-labelledby': 'members-title' }, membersTitle, filterForm, membersBody));

  const reload = debounce(() => loadMembers(null), 250);
  filter.input.addEventListener('input', reload);
  signal.addEventListener('abort', () => reload.cancel(), { once: true });
  if (manage) loadRequests();
  loadMembers(null);

  return {
    /** Called with the group after the header was reloaded. */
    update(g) { membersTitle.textContent = t('group.membersTitle', { n: g.member_count || 0 }); },
    /** Called when something else (the rules) changed who is a member. */
    reload() { loadMembers(null); if (manage) loadRequests(); },
  };
}
