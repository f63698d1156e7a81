// The installable application (docs/delivery.md): the service worker
// registered once the page has loaded; the « Hors ligne » banner while the
// network is away (the pages then show what was last seen, read-only: the
// forms and buttons of the page are disabled); « Installer l'application »
// when the browser offers it; the offline copies forgotten at sign-out.

import { h, pathIcon } from './dom.js';
import { t, onLangChange } from './i18n.js';

const API_CACHE = 'parvis-api'; // www/sw.js
let installEvent = null;        // the browser's beforeinstallprompt, kept
const installListeners = new Set();
let banner = null;
let observer = null;
const onlineListeners = new Set();

/** Registers /sw.js after the page's load (not while it loads). */
export function registerWorker() {
  if (!('serviceWorker' in navigator)) return;
  const go = () => navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err) => console.warn('service worker:', err));
  if (document.readyState === 'complete') go();
  else window.addEventListener('load', go, { once: true });
}

/** Sign-out (or another person signs in): the offline copies of the API's
 * answers are deleted, here and by the worker. */
export async function forgetOffline() {
  try {
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: 'forget' });
    }
    if (window.caches) await caches.delete(API_CACHE);
  } catch { /* storage disabled */ }
}

// ---- offline ------------------------------------------------------------

const ACTIONS = 'main button, main input, main textarea, main select, .topbar input, .topbar form button';

function disable(root) {
  const list = root.matches && root.matches(ACTIONS) ? [root] : [];
  if (root.querySelectorAll) list.push(...root.querySelectorAll(ACTIONS));
  for (const el of list) {
    if (el.disabled || el.dataset.offline) continue;
    el.dataset.offline = '1';
    el.disabled = true;
  }
}

function enable() {
  for (const el of document.querySelectorAll('[data-offline]')) {
    delete el.dataset.offline;
    el.disabled = false;
  }
}

function showOffline(offline) {
  document.documentElement.toggleAttribute('data-offline', offline);
  if (banner) banner.textContent = offline ? t('pwa.offline') : '';
  if (offline) {
    disable(document.body);
    if (!observer) {
      observer = new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1) disable(n);
      });
      observer.observe(document.body, { childList: true, subtree: true });
    }
  } else {
    if (observer) observer.disconnect();
    observer = null;
    enable();
  }
}

/** The banner (role=status, outside the application's frame so that a new
 * page keeps it) and the network's state followed. fn() when back online. */
export function watchNetwork() {
  if (banner) return;
  banner = h('div', { class: 'offline-banner', role: 'status' });
  document.body.prepend(banner);
  window.addEventListener('offline', () => showOffline(true));
  window.addEventListener('online', () => {
    showOffline(false);
    for (const fn of onlineListeners) fn();
  });
  onLangChange(() => { if (!navigator.onLine) banner.textContent = t('pwa.offline'); });
  if (!navigator.onLine) showOffline(true);
}

/** fn() each time the network comes back. */
export function onOnline(fn) {
  onlineListeners.add(fn);
  return () => onlineListeners.delete(fn);
}

export const isOffline = () => !navigator.onLine;

// ---- install ------------------------------------------------------------

function installed() {
  return window.matchMedia && window.matchMedia('(display-mode: standalone)').matches;
}

function changed() {
  for (const fn of installListeners) fn(!!installEvent && !installed());
}

window.addEventListener('beforeinstallprompt', (event) => {
  // the browser's own bar is not shown: the user menu offers it instead
  event.preventDefault();
  installEvent = event;
  changed();
});
window.addEventListener('appinstalled', () => { installEvent = null; changed(); });

/** A menu item « Installer l'application », hidden unless the browser
 * offers to install and the application is not already installed. */
export function installItem(cls) {
  const button = h('button', { type: 'button', class: cls, hidden: true },
    pathIcon(['M12 4v11', 'M7 10l5 5 5-5', 'M5 20h14']), h('span', {}, t('pwa.install')));
  let placed = false;
  const set = (can) => {
    // a menu drawn again (another language, another sign-in) leaves this one
    if (button.isConnected) placed = true;
    else if (placed) { installListeners.delete(set); return; }
    button.hidden = !can;
  };
  installListeners.add(set);
  set(!!installEvent && !installed());
  button.addEventListener('click', async () => {
    const event = installEvent;
    if (!event) return;
    installEvent = null;
    try {
      event.prompt();
      await event.userChoice;
    } catch { /* dismissed */ }
    changed();
  });
  return button;
}
