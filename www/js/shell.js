// The signed-in frame: header (brand, search, « Messagerie » with its unread
// count, the notifications bell, user menu), navigation, main.

import { h, icon, avatar, initials, uid, setAvatarPhoto } from './dom.js';
import { t } from './i18n.js';
import { langSwitch } from './langswitch.js';
import { createSearchBox } from './searchbox.js';
import { createBell } from './bell.js';
import { createChatLink } from './chat/link.js';
import { get } from './api.js';
import { installItem } from './pwa.js';

const NAV = [
  { href: '/', key: 'nav.home', icon: 'home', match: (p) => p === '/' },
  { href: '/fil', key: 'nav.feed', icon: 'feed' },
  { href: '/groupes', key: 'nav.groups', icon: 'groups' },
  { href: '/drive', key: 'nav.drive', icon: 'drive' },
  { href: '/agenda', key: 'agenda.mine', icon: 'calendar', match: (p) => p === '/agenda' || p.startsWith('/evenements/') },
  { href: '/personnes', key: 'nav.people', icon: 'people', staff: true },
  { href: '/messagerie', key: 'nav.chat', icon: 'chat' },
  // the reports to moderate (docs/moderation.md): administrators, and
  // whoever has some in their queue
  { href: '/moderation', key: 'nav.moderation', icon: 'flag', moderation: true },
  { href: '/admin/comptes', key: 'nav.admin', icon: 'admin', admin: true, match: (p) => p.startsWith('/admin') },
];

function isCurrent(item, path) {
  if (item.match) return item.match(path);
  return path === item.href || path.startsWith(`${item.href}/`);
}

/**
 * Builds the shell into `root`. Returns {main, update(path, query)}.
 */
export function renderShell(root, { user, navigate, onSignOut }) {
  const navId = uid('nav');
  const userPanelId = uid('user-panel');

  // Navigation (a drawer below 900 px, a sidebar above)
  // a guest (docs/guests.md) has no directory: only the people of their groups
  const links = NAV.filter((item) => (!item.admin || user.role === 'admin') && (!item.staff || user.kind !== 'guest')).map((item) => {
    const a = h('a', { href: item.href, class: 'nav-link' }, icon(item.icon), h('span', {}, t(item.key)));
    return { item, a, li: h('li', {}, a) };
  });
  for (const l of links) {
    if (!l.item.moderation || user.role === 'admin') continue;
    l.li.hidden = true;
    // whether the person has reports to moderate: kept 10 minutes on this
    // device (one request less on each page load; forgotten at sign-out)
    const key = `parvis.moderates.${user.id}`;
    let known = null;
    try { known = JSON.parse(localStorage.getItem(key) || 'null'); } catch { /* storage disabled */ }
    if (known && typeof known.v === 'boolean' && Date.now() - known.at < 600_000 && Date.now() >= known.at) {
      l.li.hidden = !known.v;
      continue;
    }
    get('/reports', { query: { limit: 1 } })
      .then((r) => {
        const v = !!(r && r.items && r.items.length);
        l.li.hidden = !v;
        try { localStorage.setItem(key, JSON.stringify({ v, at: Date.now() })); } catch { /* storage disabled */ }
      })
      .catch(() => {});
  }
  const nav = h('nav', { id: navId, class: 'nav', 'aria-label': t('nav.label') },
    h('ul', { class: 'nav-list' }, links.map((l) => l.li)));

  const menuButton = h('button', {
    type: 'button', class: 'btn-icon menu-toggle', 'aria-expanded': 'false', 'aria-controls': navId,
  }, icon('menu'), h('span', { class: 'menu-toggle-label' }, t('nav.menu')));

  function setNavOpen(open) {
    menuButton.setAttribute('aria-expanded', String(open));
    document.body.classList.toggle('nav-open', open);
    menuButton.replaceChild(icon(open ? 'close' : 'menu'), menuButton.firstChild);
  }
  menuButton.addEventListener('click', () => {
    const open = menuButton.getAttribute('aria-expanded') !== 'true';
    setNavOpen(open);
    if (open) links[0].a.focus();
  });
  nav.addEventListener('click', (event) => {
    if (event.target.closest('a')) setNavOpen(false);
  });
  nav.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && menuButton.getAttribute('aria-expanded') === 'true') {
      setNavOpen(false);
      menuButton.focus();
    }
  });

  // User menu (a disclosure: the language switch and sign-out)
  const userAvatar = avatar(user.display_name, 'avatar avatar-sm', user.avatar_url);
  const userName = h('span', { class: 'user-name' }, user.display_name);
  const userButton = h('button', {
    type: 'button', class: 'user-button', 'aria-expanded': 'false', 'aria-controls': userPanelId,
  },
  userAvatar,
  userName,
  icon('chevron', 'icon icon-sm'));
  const panelName = h('span', { class: 'user-panel-name' }, user.display_name);
  const signOutButton = h('button', { type: 'button', class: 'menu-item' }, icon('signout'), h('span', {}, t('user.signout')));
  signOutButton.addEventListener('click', () => onSignOut());
  const userPanel = h('div', { id: userPanelId, class: 'user-panel card', hidden: true },
    h('div', { class: 'user-panel-head' },
      panelName,
      h('span', { class: 'user-panel-email muted' }, user.email || '')),
    h('a', { href: `/personnes/${encodeURIComponent(user.id)}`, class: 'menu-item' }, icon('person'), h('span', {}, t('user.profile'))),
    h('a', { href: '/mes-donnees', class: 'menu-item' }, icon('drive'), h('span', {}, t('gdpr.myData'))),
    h('a', { href: '/jetons', class: 'menu-item' }, icon('admin'), h('span', {}, t('tokens.title'))),
    h('a', { href: '/donnees-personnelles', class: 'menu-item' }, icon('admin'), h('span', {}, t('gdpr.register'))),
    h('div', { class: 'menu-row' }, h('span', { class: 'muted', 'aria-hidden': 'true' }, t('lang.group')), langSwitch()),
    // « Installer l'application »: only when the browser offers it (www/js/pwa.js)
    installItem('menu-item'),
    signOutButton);
  const userMenu = h('div', { class: 'user-menu' }, userButton, userPanel);

  function setUserOpen(open) {
    userPanel.hidden = !open;
    userButton.setAttribute('aria-expanded', String(open));
  }
  userButton.addEventListener('click', () => setUserOpen(userPanel.hidden));
  userPanel.addEventListener('click', (event) => { if (event.target.closest('a')) setUserOpen(false); });
  userMenu.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !userPanel.hidden) {
      setUserOpen(false);
      userButton.focus();
    }
  });
  userMenu.addEventListener('focusout', (event) => {
    if (!userMenu.contains(event.relatedTarget) && event.relatedTarget) setUserOpen(false);
  });
  const onDocClick = (event) => {
    if (!userMenu.isConnected) { document.removeEventListener('click', onDocClick); return; }
    if (!userMenu.contains(event.target)) setUserOpen(false);
  };
  document.addEventListener('click', onDocClick);

  const search = createSearchBox({ navigate });
  const bell = createBell({ navigate });
  const chatLink = createChatLink();

  const header = h('header', { class: 'topbar' },
    menuButton,
    h('a', { href: '/', class: 'brand', 'aria-label': t('app.home') },
      h('img', { src: '/img/logo.svg', alt: '', class: 'brand-logo', width: 32, height: 32 }),
      h('span', { class: 'brand-name', 'aria-hidden': 'true' }, t('app.name'))),
    search.element,
    chatLink.element,
    bell.element,
    userMenu);

  const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  const skip = h('a', { href: '#main', class: 'skip-link' }, t('skip'));
  skip.addEventListener('click', (event) => { event.preventDefault(); main.focus(); });

  root.replaceChildren(skip, header, h('div', { class: 'layout' }, nav, main));
  document.body.classList.remove('nav-open');

  return {
    main,
    search,
    isUserMenuOpen: () => !userPanel.hidden,
    /** Shows the person's new name (after they edited their profile). */
    setUser(next) {
      userAvatar.textContent = initials(next.display_name);
      setAvatarPhoto(userAvatar, next.avatar_url);
      userName.textContent = next.display_name;
      panelName.textContent = next.display_name;
    },
    openUserMenu: () => setUserOpen(true),
    /** Marks the current navigation entry and closes the drawers. */
    update(path, query) {
      for (const { item, a } of links) {
        if (isCurrent(item, path)) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      }
      setNavOpen(false);
      setUserOpen(false);
      bell.close();
      chatLink.setCurrent(path === '/messagerie' || path.startsWith('/messagerie/'));
      search.setValue(path === '/recherche' ? query.get('q') || '' : '');
    },
  };
}
