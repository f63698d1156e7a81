// /groupes — "Mes groupes" and "Tous les groupes", filtered by name, page by
// page; joining, requesting and withdrawing from the list; creating a group.

import { h, replaceChildren, debounce } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { pageTitle, field, alertBox, statusBox, loading, errorMessage, takeFlash, setFlash } from '../ui.js';
import { createTabs } from '../tabs.js';
import { groupBadges, myRoleText, membershipActions, groupUrl } from '../group-ui.js';
import { groupCreateForm } from './group-create.js';

const LIMIT = 20;

export const groups = {
  title: () => t('groups.title'),
  render(main, { query, user: me, signal, navigate }) {
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' }, takeFlash());
    const say = (box) => replaceChildren(messages, box);

    // ---- creating a group (when the platform lets this person) -------------
    const createSlot = h('div', { class: 'create-slot' });
    const createButton = h('button', {
      type: 'button', class: 'btn btn-primary', 'aria-expanded': 'false', hidden: true,
    }, t('group.create.open'));
    let createForm = null;
    function setCreateOpen(open) {
      createButton.setAttribute('aria-expanded', String(open));
      if (open) {
        createForm = groupCreateForm({
          onCreated: (group) => {
            setFlash(t('group.create.done', { name: group.name }));
            navigate(groupUrl(group));
          },
          onCancel: () => { setCreateOpen(false); createButton.focus(); },
        });
        replaceChildren(createSlot, h('section', { class: 'card create-card', 'aria-labelledby': 'create-group-title' },
          h('h2', { id: 'create-group-title' }, t('group.create.title')), createForm.form));
        createForm.focus();
      } else {
        createForm = null;
        replaceChildren(createSlot);
      }
    }
    createButton.addEventListener('click', () => setCreateOpen(createButton.getAttribute('aria-expanded') !== 'true'));
    get('/settings', { signal }).then((settings) => {
      const allowed = me.kind !== 'guest' && (!settings || settings.group_creation !== 'admins' || me.role === 'admin');
      createButton.hidden = !allowed;
    }).catch(() => { createButton.hidden = me.role !== 'admin' || me.kind === 'guest'; });

    // ---- the filter ---------------------------------------------------------
    const filter = field({
      label: t('groups.filter'), name: 'q', type: 'search', value: query.get('q') || '',
      attrs: { autocomplete: 'off', spellcheck: 'false' },
    });
    const filterForm = h('form', { class: 'filter-form', role: 'search', 'aria-label': t('groups.filterLabel') }, filter.wrap);
    filterForm.addEventListener('submit', (event) => event.preventDefault());

    // ---- one list per tab -----------------------------------------------------
    const lists = {};
    function groupList(mine) {
      const body = h('div', { class: 'group-results', 'aria-busy': 'false' });
      let seq = 0;
      let stale = false;

      function card(group) {
        const li = h('li', { class: 'group-card', dataset: { id: String(group.id) } });
        fill(li, group);
        return li;
      }

      function fill(li, group) {
        const role = myRoleText(group);
        replaceChildren(li,
          h('div', { class: 'group-card-main' },
            h('h3', { class: 'group-card-title' }, h('a', { href: groupUrl(group) }, group.name || '')),
            h('div', { class: 'badges' }, groupBadges(group)),
            h('p', { class: 'group-card-meta muted' },
              t('group.memberCount', { n: group.member_count || 0 }),
              role ? ` · ${t('group.myRole', { role })}` : null),
            group.description ? h('p', { class: 'group-card-desc' }, group.description) : null),
          membershipActions(group, {
            me,
            named: true,
            onChanged: async (message) => {
              say(statusBox(message));
              for (const other of Object.values(lists)) if (other !== self) other.stale();
              try {
                const fresh = await get(`/groups/${encodeURIComponent(group.id)}`, { signal });
                fill(li, fresh);
              } catch (err) {
                if (err && err.name === 'AbortError') return;
                li.remove(); // no longer visible to this person
              }
              const again = li.querySelector('button');
              if (again) again.focus();
            },
            onError: (message) => say(alertBox(message)),
          }));
      }

      async function load(cursor, list) {
        const mineSeq = cursor ? seq : ++seq;
        stale = false;
        if (!cursor) replaceChildren(body, loading());
        body.setAttribute('aria-busy', 'true');
        const q = filter.input.value.trim();
        try {
          const data = await get('/groups', {
            query: { mine: mine ? 1 : undefined, q: q || undefined, limit: LIMIT, cursor: cursor || undefined }, signal,
          });
          if (mineSeq !== seq) return;
          const items = (data && data.items) || [];
          if (!cursor) {
            list = h('ul', { class: 'group-list', 'aria-label': t(mine ? 'groups.mine' : 'groups.all') });
            const none = q ? t('groups.noMatch') : t(mine ? 'groups.noneMine' : 'groups.none');
            replaceChildren(body, items.length ? list : h('p', { class: 'muted empty' }, none));
          }
          for (const group of items) list.append(card(group));
          const old = body.querySelector('.more');
          if (old) old.remove();
          if (data && data.next) {
            const more = h('button', { type: 'button', class: 'btn more' }, t('groups.more'));
            more.addEventListener('click', () => { more.disabled = true; load(data.next, list); });
            body.append(more);
          }
        } catch (err) {
          if (err && err.name === 'AbortError') return;
          if (mineSeq === seq) replaceChildren(body, alertBox(errorMessage(err)));
        } finally {
          if (mineSeq === seq) body.setAttribute('aria-busy', 'false');
        }
      }

      const self = {
        render(panel) { panel.append(body); load(null); },
        show() { if (stale) load(null); },
        reload() { load(null); },
        stale() { stale = true; },
      };
      return self;
    }

    lists.mes = groupList(true);
    lists.tous = groupList(false);
    const tabs = createTabs({
      label: t('groups.title'),
      param: 'onglet',
      selected: query.get('onglet') || 'mes',
      tabs: [
        { id: 'mes', label: t('groups.mine'), render: (p) => lists.mes.render(p), show: () => lists.mes.show() },
        { id: 'tous', label: t('groups.all'), render: (p) => lists.tous.render(p), show: () => lists.tous.show() },
      ],
    });

    main.append(
      h('div', { class: 'page-head' },
        h('div', {}, pageTitle(t('groups.title')), h('p', { class: 'muted' }, t('groups.intro'))),
        createButton),
      messages,
      createSlot,
      filterForm,
      h('section', { class: 'groups-section' }, tabs.element),
    );

    const reload = debounce(() => {
      const url = new URL(window.location.href);
      const q = filter.input.value.trim();
      if (q) url.searchParams.set('q', q); else url.searchParams.delete('q');
      history.replaceState(history.state, '', url.pathname + url.search);
      // the visible list now, the other one when it is shown
      const visible = main.querySelector('[role="tab"][aria-selected="true"]');
      for (const [id, list] of Object.entries(lists)) {
        if (visible && visible.dataset.tab === id) list.reload(); else list.stale();
      }
    }, 250);
    filter.input.addEventListener('input', reload);
    signal.addEventListener('abort', () => reload.cancel(), { once: true });
  },
};
