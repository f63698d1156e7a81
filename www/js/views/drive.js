// The drive pages: /drive (Mon drive), /drive/dossiers/:id (any drive's
// folder), /drive/recents, /drive/partages and /drive/corbeille (?groupe=
// for a group's). A small navigation links them.

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get, post, del } from '../api.js';
import { pageTitle, alertBox, statusBox, loading, errorMessage, confirmDialog, badge } from '../ui.js';
import { shortDateTime, fullDate } from '../dates.js';
import { createDriveBrowser, nodeItem, nodeActions } from '../drive-browser.js';
import {
  driveIcon, driveLabel, folderHref, trashDays, nodeIconName, fillDriveHead,
} from '../drive-util.js';

const enc = encodeURIComponent;

const SECTIONS = [
  { href: '/drive', key: 'drive.nav.mine', icon: 'personal' },
  { href: '/drive/recents', key: 'drive.nav.recent', icon: 'clock' },
  { href: '/drive/partages', key: 'drive.nav.shared', icon: 'share' },
  { href: '/drive/corbeille', key: 'drive.nav.trash', icon: 'trash' },
];

/** The drive's own navigation; `current` is the href of the page shown (or null). */
function driveNav(current) {
  return h('nav', { class: 'subnav drive-nav', 'aria-label': t('drive.nav.label') },
    h('ul', {}, SECTIONS.map((s) => h('li', {},
      h('a', { href: s.href, class: 'subnav-link', 'aria-current': s.href === current ? 'page' : null },
        driveIcon(s.icon, 'icon icon-sm'), h('span', {}, t(s.key)))))));
}

/**
 * « Drives de mes groupes »: a link into the Drive tab of each group of the
 * person's (filled once their list comes; nothing when they have none).
 */
function groupDrives(signal) {
  const labelId = 'drive-groups-label';
  const nav = h('nav', { class: 'drive-groups', 'aria-labelledby': labelId, hidden: true });
  (async () => {
    const groups = [];
    let cursor;
    for (let i = 0; i < 5; i += 1) {
      const data = await get('/groups', { query: { mine: 1, limit: 100, cursor }, signal });
      groups.push(...((data && data.items) || []));
      if (!data || !data.next) break;
      cursor = data.next;
    }
    if (!groups.length) return;
    replaceChildren(nav,
      h('p', { id: labelId, class: 'drive-groups-title' }, t('driveGroups.title')),
      h('ul', { class: 'drive-groups-list' }, groups.map((g) => h('li', {},
        h('a', {
          href: `/groupes/${enc(g.id)}?onglet=drive`, class: 'drive-group-link',
          'aria-label': t('drive.groupDrive', { name: g.name || '' }),
        }, driveIcon('group', 'icon icon-sm'), h('span', {}, g.name || ''))))));
    nav.hidden = false;
  })().catch(() => { /* the person's own drive is still there */ });
  return nav;
}

// ---- Mon drive and any folder ---------------------------------------------------------------

export const drive = {
  title: () => t('drive.myDrive'),
  async render(main, { user, signal, navigate, setTitle }) {
    main.append(driveNav('/drive'), groupDrives(signal));
    const slot = h('div', { class: 'drive-slot' }, loading());
    main.append(slot);
    try {
      const mine = await get('/drive', { signal });
      replaceChildren(slot);
      const browser = createDriveBrowser(slot, {
        folderId: mine.root_folder_id, me: user, signal, navigate, setTitle,
      });
      await browser.ready;
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(slot, pageTitle(t('drive.myDrive')), alertBox(errorMessage(err)));
    }
  },
};

export const driveFolder = {
  title: () => t('drive.title'),
  async render(main, { params, user, signal, navigate, setTitle }) {
    main.append(driveNav(null));
    const slot = h('div', { class: 'drive-slot' });
    main.append(slot);
    const browser = createDriveBrowser(slot, {
      folderId: params.id, me: user, signal, navigate, setTitle,
    });
    await browser.ready;
    // one's own drive's root is « Mon drive »
    const s = browser.state();
    if (s && s.drive.kind === 'personal' && s.drive.owner && String(s.drive.owner.id) === String(user.id)
      && String(s.folder.id) === String(s.drive.root_folder_id)) {
      const link = main.querySelector('.drive-nav a[href="/drive"]');
      if (link) link.setAttribute('aria-current', 'page');
    }
  },
};

// ---- a group's Drive tab --------------------------------------------------------------------

/** Fills the group page's Drive tab with the group's drive (its root folder). */
export function renderGroupDrive(panel, { group, me, signal, navigate }) {
  panel.append(h('h2', { class: 'sr-only' }, t('group.tab.drive')));
  const slot = h('div', { class: 'drive-slot' }, loading());
  panel.append(slot);
  get(`/groups/${enc(group.id)}/drive`, { signal }).then((d) => {
    replaceChildren(slot);
    createDriveBrowser(slot, {
      folderId: d.root_folder_id, me, signal, navigate, embedded: true,
    });
  }).catch((err) => {
    if (err && err.name === 'AbortError') return;
    replaceChildren(slot, alertBox(errorMessage(err)));
  });
}

// ---- lists: Récents, Partagés avec moi --------------------------------------------------------

function listPage({ titleKey, href, introKey, path, emptyKey, extra }) {
  return {
    title: () => t(titleKey),
    async render(main, { user, signal, navigate }) {
      const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
      const say = (box) => replaceChildren(messages, box);
      const body = h('section', { class: 'card drive-zone', 'aria-busy': 'true' }, loading());
      main.append(driveNav(href), h('div', { class: 'drive-page-head' }, pageTitle(t(titleKey)), h('p', { class: 'muted' }, t(introKey))), messages, body);

      async function load() {
        body.setAttribute('aria-busy', 'true');
        try {
          const data = await get(path, { signal });
          const items = (data && data.items) || [];
          if (!items.length) {
            replaceChildren(body, h('p', { class: 'muted drive-empty' }, t(emptyKey)));
            return;
          }
          replaceChildren(body, h('ul', { class: 'drive-items is-list', 'aria-label': t(titleKey) }, items.map((node) => nodeItem(node, {
            extra: extra(node, user),
            actions: nodeActions(node, {
              me: user, drive: node.drive || null, say,
              changed: load, removed: load,
              open: (n) => navigate(folderHref(n.id)),
            }),
          }))));
        } catch (err) {
          if (err && err.name === 'AbortError') return;
          replaceChildren(body, alertBox(errorMessage(err)));
        } finally {
          body.setAttribute('aria-busy', 'false');
        }
      }
      await load();
    },
  };
}

export const driveRecent = listPage({
  titleKey: 'drive.recent.title',
  introKey: 'drive.recent.intro',
  emptyKey: 'drive.recent.empty',
  href: '/drive/recents',
  path: '/drive/recent',
  extra: (node, me) => (node.drive ? [driveIcon(node.drive.kind === 'group' ? 'group' : 'personal', `icon icon-sm drive-mini-${node.drive.kind}`),
    ` ${node.drive.kind === 'group' ? t('drive.groupDrive', { name: node.drive.name }) : (me && node.drive.owner_id !== me.id ? t('drive.theirDrive', { name: node.drive.name }) : t('drive.myDrive'))}`] : null),
});

export const driveShared = listPage({
  titleKey: 'drive.shared.title',
  introKey: 'drive.shared.intro',
  emptyKey: 'drive.shared.empty',
  href: '/drive/partages',
  path: '/drive/shared',
  extra: (node) => [
    node.shared_by ? t('drive.shared.by', { name: node.shared_by.display_name }) : null,
    ' ',
    badge(t(node.can_edit ? 'drive.share.edit' : 'drive.share.read'), node.can_edit ? 'badge-share-edit' : 'badge-share-read'),
  ],
});

// ---- the trash ------------------------------------------------------------------------------------

export const driveTrash = {
  title: () => t('drive.trash.title'),
  async render(main, { query, user, signal, setTitle }) {
    const groupId = query.get('groupe');
    main.append(driveNav(groupId ? null : '/drive/corbeille'));
    const head = h('section', { class: 'drive-head' }, loading());
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const say = (box) => replaceChildren(messages, box);
    const actions = h('div', { class: 'drive-toolbar' });
    const body = h('section', { class: 'card drive-zone', 'aria-busy': 'true', 'aria-label': t('drive.trash.title') }, loading());
    main.append(head, actions, messages, body);

    let theDrive;
    try {
      theDrive = await get(groupId ? `/groups/${enc(groupId)}/drive` : '/drive', { signal });
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(head, pageTitle(t('drive.trash.title')));
      replaceChildren(body, alertBox(errorMessage(err)));
      return;
    }
    const days = await trashDays();
    const label = driveLabel(theDrive, user);
    setTitle(`${t('drive.trash.title')} — ${label}`);
    fillDriveHead(head, theDrive, {
      crumbs: [{ text: label, href: folderHref(theDrive.root_folder_id) }, { text: t('drive.trash.title') }],
      heading: pageTitle(t('drive.trash.title')),
      note: h('p', { class: 'drive-trash-retention' }, t('drive.trash.retention', { n: days })),
    });

    const base = `/drives/${enc(theDrive.id)}/trash`;

    async function load() {
      body.setAttribute('aria-busy', 'true');
      try {
        const data = await get(base, { signal });
        const items = (data && data.items) || [];
        replaceChildren(actions, theDrive.can && theDrive.can.purge && items.length
          ? h('button', { type: 'button', class: 'btn btn-danger-outline', onclick: emptyAll }, driveIcon('trash'), t('drive.trash.empty'))
          : null);
        replaceChildren(body, items.length
          ? h('ul', { class: 'drive-items is-list drive-trash-list', 'aria-label': t('drive.trash.listLabel') }, items.map(row))
          : h('p', { class: 'muted drive-empty' }, t('drive.trash.none')));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        replaceChildren(body, alertBox(errorMessage(err)));
      } finally {
        body.setAttribute('aria-busy', 'false');
      }
    }

    function row(item) {
      const can = item.can || {};
      const restore = h('button', { type: 'button', class: 'btn btn-small', 'aria-label': t('drive.trash.restoreNamed', { name: item.name }) }, t('drive.trash.restore'));
      restore.addEventListener('click', async () => {
        restore.disabled = true;
        try {
          const node = await post(`/trash/${enc(item.id)}/restore`);
          say(statusBox(t('drive.trash.restored', { name: (node && node.name) || item.name })));
          await load();
        } catch (err) {
          restore.disabled = false;
          say(alertBox(errorMessage(err)));
        }
      });
      const purge = can.purge || (theDrive.can && theDrive.can.purge)
        ? h('button', { type: 'button', class: 'btn btn-danger-outline btn-small', 'aria-label': t('drive.trash.purgeNamed', { name: item.name }) }, t('drive.trash.purge'))
        : null;
      if (purge) {
        purge.addEventListener('click', async () => {
          const ok = await confirmDialog({
            title: t('drive.trash.purgeTitle'),
            message: t('drive.trash.purgeText', { name: item.name }),
            confirm: t('drive.trash.purge'),
            danger: true,
          });
          if (!ok) return;
          try {
            await del(`/trash/${enc(item.id)}`);
            say(statusBox(t('drive.trash.purged', { name: item.name })));
            await load();
          } catch (err) {
            say(alertBox(errorMessage(err)));
          }
        });
      }
      const when = item.trashed_at;
      return h('li', { class: `drive-item drive-item-${item.kind}`, dataset: { id: String(item.id), kind: item.kind } },
        h('span', { class: `drive-item-icon drive-icon-${nodeIconName(item)}` }, driveIcon(nodeIconName(item))),
        h('span', { class: 'drive-item-main' },
          h('span', { class: 'drive-item-name' }, item.name || ''),
          h('span', { class: 'drive-item-meta muted' },
            item.original_path ? t('drive.trash.from', { path: item.original_path }) : null,
            when ? [' · ', t('drive.trash.when', { date: '' }), h('time', { datetime: when, title: fullDate(when) }, shortDateTime(when))] : null,
            item.trashed_by ? ` · ${t('drive.trash.by', { name: item.trashed_by.display_name })}` : null)),
        h('span', { class: 'drive-trash-actions' }, can.restore === false ? null : restore, purge));
    }

    async function emptyAll() {
      const ok = await confirmDialog({
        title: t('drive.trash.emptyTitle'),
        message: t('drive.trash.emptyText', { name: label }),
        confirm: t('drive.trash.empty'),
        danger: true,
      });
      if (!ok) return;
      try {
        await del(base);
        say(statusBox(t('drive.trash.emptied')));
        await load();
      } catch (err) {
        say(alertBox(errorMessage(err)));
      }
    }

    await load();
  },
};
