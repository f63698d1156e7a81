// /groupes/{id} — one group: its header (name, badges, managers, the buttons
// `can` allows, « Discussion du groupe », the member's notification level)
// and the tabs Fil, Drive,
// Membres, Agenda, Paramètres (?onglet=). For those who manage the group,
// the pending join requests are counted on the page (« 2 demandes en
// attente », a link to Membres) and on the Membres tab.

import { h, replaceChildren, uid, avatar } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { pageTitle, alertBox, statusBox, loading, errorMessage, takeFlash } from '../ui.js';
import { createTabs } from '../tabs.js';
import { groupBadges, myRoleText, membershipActions, groupUrl, pendingBadge } from '../group-ui.js';
import { renderMembers } from './group-members.js';
import { renderSettings } from './group-settings.js';
import { renderGroupFeed } from './group-feed.js';
import { renderGroupDrive } from './drive.js';
import { renderGroupAgenda } from './group-agenda.js';
import { createGroupFollow } from '../group-follow.js';
import { photoControls } from '../avatar-edit.js';
import { roomButton } from '../chat/group-room.js';

// what decides which tabs and controls are shown: when it changes, the tabs are rebuilt
const shape = (g) => JSON.stringify([g.can, g.my_role, g.archived, g.visibility, g.posting]);

export const group = {
  title: () => t('groups.title'),
  async render(main, { params, user: me, signal, setTitle, navigate }) {
    const id = encodeURIComponent(params.id);
    const back = h('p', { class: 'back' }, h('a', { href: '/groupes' }, `← ${t('group.back')}`));
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' }, takeFlash());
    const head = h('section', { class: 'card group-head' }, loading());
    const content = h('div', { class: 'group-content' });
    main.append(back, head, messages, content);

    let current = null;
    let membersTab = null; // {update(group), reload()} once the Membres tab was shown
    let follow = null;     // the notification level (members only), built once
    let pending = 0;       // join requests waiting (managers only)
    const pendingSpot = h('span', { class: 'pending-spot' });
    const pendingTab = h('span', { class: 'tab-pending' });
    // the count, shown in the header and on the Membres tab
    function showPending(n) {
      pending = n;
      replaceChildren(pendingSpot, n && current
        ? h('a', { href: groupUrl(current, 'membres'), class: 'pending-link' }, pendingBadge(n)) : null);
      replaceChildren(pendingTab, n ? [' ', pendingBadge(n, true)] : null);
    }
    async function loadPending(g) {
      if (!g.can || !g.can.manage || g.archived) return 0;
      try {
        const data = await get(`/groups/${id}/requests`, { signal });
        return ((data && data.items) || []).length;
      } catch {
        return pending;   // the count stays as it was; the Membres tab says what failed
      }
    }
    const say = (box) => replaceChildren(messages, box);

    // « Rechercher dans ce groupe »: the results page, limited to this group
    function groupSearch(g) {
      if (!g.can || !g.can.read) return null;
      const inputId = uid('group-search');
      const input = h('input', {
        id: inputId, type: 'search', name: 'q', class: 'input', autocomplete: 'off',
        placeholder: t('group.search.placeholder'), enterkeyhint: 'search', maxlength: '200',
      });
      const form = h('form', { class: 'group-search', role: 'search', 'aria-label': t('group.search.label') },
        h('div', { class: 'field' }, h('label', { for: inputId, class: 'label' }, t('group.search.label')), input),
        h('button', { type: 'submit', class: 'btn' }, t('group.search.submit')));
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const q = input.value.trim();
        if (!q) { input.focus(); return; }
        navigate(`/recherche?${new URLSearchParams({ q, groupe: String(g.id) })}`);
      });
      return form;
    }

    function roomRow(g) {
      const button = roomButton(g, { navigate, say });
      return button ? h('div', { class: 'chat-room-row' }, button) : null;
    }

    function renderHead(g) {
      setTitle(g.name);
      const managers = Array.isArray(g.managers) ? g.managers : [];
      const role = myRoleText(g);
      const hadFocus = head.contains(document.activeElement) && !(follow && follow.element.contains(document.activeElement));
      if (g.my_role && !follow) follow = createGroupFollow(g, { signal });
      if (!g.my_role) follow = null;
      // the group's image (docs/viewer.md): initials of its name without one;
      // its managers change or remove it
      const image = avatar(g.name || '', 'avatar avatar-lg group-image', g.image_url);
      const imageEdit = g.can && g.can.manage && !g.archived ? photoControls({
        name: g.name, url: g.image_url, shown: image, endpoint: `/groups/${encodeURIComponent(g.id)}/image`, urlKey: 'image_url',
        labels: { change: t('avatar.groupChange'), remove: t('avatar.groupRemove') },
        onChanged: (url) => { g.image_url = url; },
      }) : null;
      replaceChildren(head,
        h('div', { class: 'group-head-top' },
          image,
          h('div', { class: 'group-head-text' },
            pageTitle(g.name || ''),
            h('div', { class: 'badges' }, groupBadges(g), pendingSpot),
            h('p', { class: 'group-meta muted' },
              t('group.memberCount', { n: g.member_count || 0 }),
              role ? ` · ${t('group.myRole', { role })}` : null,
              g.posting === 'managers' ? ` · ${t('group.posting.announcements')}` : null)),
          membershipActions(g, {
            me,
            leave: true,
            onChanged: (message) => refresh(statusBox(message)),
            onError: (message) => say(alertBox(message)),
          })),
        g.description ? h('p', { class: 'group-description' }, g.description) : null,
        managers.length ? h('p', { class: 'group-managers' },
          h('span', { class: 'muted' }, `${t('group.managers', { n: managers.length })} `),
          managers.map((m, i) => [i ? ', ' : '', h('a', { href: `/personnes/${encodeURIComponent(m.id)}` }, m.display_name || '')]))
          : null,
        imageEdit ? h('div', { class: 'group-image-edit' }, imageEdit.element) : null,
        follow ? follow.element : null,
        roomRow(g),
        groupSearch(g));
      if (hadFocus) {
        const again = head.querySelector('.membership-actions button');
        (again || head.querySelector('h1')).focus();
      }
    }

    function renderContent(g) {
      if (!g.can || !g.can.read) {
        replaceChildren(content, h('section', { class: 'card card-empty' },
          h('p', {}, t(g.requested ? 'group.closedRequested' : 'group.closed'))));
        return;
      }
      const ctx = {
        group: g, me, signal, navigate,
        say,
        // after a change: header and, when rights changed, the tabs
        refresh: (box) => refresh(box),
        membersChanged: () => { if (membersTab) membersTab.reload(); },
        // the Membres tab loaded the requests: the count follows
        requestsCounted: (n) => showPending(n),
      };
      membersTab = null;
      const tabs = [
        { id: 'fil', label: t('group.tab.feed'), render: (p) => renderGroupFeed(p, ctx) },
        { id: 'drive', label: t('group.tab.drive'), render: (p) => renderGroupDrive(p, ctx) },
        { id: 'membres', label: [t('group.tab.members'), pendingTab], render: (p) => { membersTab = renderMembers(p, ctx); } },
        { id: 'agenda', label: t('agenda.tab'), render: (p) => renderGroupAgenda(p, ctx) },
      ];
      if (g.can.manage || g.can.set_default) {
        tabs.push({ id: 'parametres', label: t('group.tab.settings'), render: (p) => renderSettings(p, ctx) });
      }
      const selected = new URLSearchParams(window.location.search).get('onglet') || 'fil';
      const widget = createTabs({ label: t('group.tabsLabel', { name: g.name }), tabs, selected, param: 'onglet' });
      const hadFocus = content.contains(document.activeElement);
      replaceChildren(content, h('section', { class: 'card group-tabs' }, widget.element));
      // the control that had focus is gone: keep the keyboard in the tabs
      if (hadFocus) widget.focus();
    }

    async function refresh(box) {
      if (box) say(box);
      try {
        const g = await get(`/groups/${id}`, { signal });
        const rebuild = !current || shape(current) !== shape(g);
        current = g;
        showPending(await loadPending(g));
        renderHead(g);
        if (rebuild) renderContent(g);
        else if (membersTab) membersTab.update(g);
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        if (err && err.status === 404) {
          // gone, or no longer visible (a secret group one has left)
          setTitle(t('group.notFound'));
          replaceChildren(head, pageTitle(t('group.notFound')), h('p', { class: 'muted' }, t('group.notFoundText')));
          replaceChildren(content);
          if (!box) replaceChildren(messages);
          return;
        }
        say(alertBox(errorMessage(err)));
        if (!current) replaceChildren(head, pageTitle(t('groups.title')));
      }
    }

    await refresh(null);
  },
};
