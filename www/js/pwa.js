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
    // the moderation link's answer kept by www/js/shell.js
    for (const k of Object.keys(localStorage)) if (k.startsWith('parvis.moderates.')) localStorage.removeItem(k);
  } catch { /* storage disabled */ }
}

// ---- offline ------------------------------------------------------------

const ACTIONS = 'main button, main input, main textarea, main select, .topbar input, .topbar form button';

function disable(root) {
  const list = root.matches && root.matches(ACTIONS) ? [root] : [];
  if (root.querySelectorAll) list.push(...root.querySelectorAll(ACTIONS));
  for (const el of list) {
    if (el.disabled) continue;
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
      // what the pages draw or enable again while offline
      observer = new MutationObserver((records) => {
        for (const r of records) {
          if (r.type === 'attributes') { if (!r.target.disabled) disable(r.target); continue; }
          for (const n of r.addedNodes) if (n.nodeType === 1) disable(n);
        }
      });
      observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
    }
  } else {
    if (observer) observer.disconnect();
    observer = null;
    enable();
  }
}

// offline: the browser says so, or the worker answered from its copies
// because the server could not be reached (then the server is asked again
// every few seconds, until it answers)
let unreachable = false;
let probe = null;
let shown = false;
const PROBE_MS = 5000;

function update() {
  const offline = unreachable || !navigator.onLine;
  if (offline === shown) return;
  shown = offline;
  showOffline(offline);
  if (!offline) for (const fn of onlineListeners) fn();
}

function setReachable(up) {
  unreachable = !up;
  clearInterval(probe);
  probe = null;
  if (unreachable) {
    probe = setInterval(() => {
      fetch('/api/v1/health', { cache: 'no-store' })
        .then((r) => { if (r.status < 500) setReachable(true); })
        .catch(() => {});
    }, PROBE_MS);
  }
  update();
}

/** The banner (role=status, outside the application's frame so that a new
 * page keeps it) and the network's state followed. */
export function watchNetwork() {
  if (banner) return;
  banner = h('div', { class: 'offline-banner', role: 'status' });
  document.body.prepend(banner);
  window.addEventListener('offline', update);
  window.addEventListener('online', () => setReachable(true));
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (event.data && event.data.type === 'network' && !event.data.up !== unreachable) setReachable(!!event.data.up);
    });
  }
  onLangChange(() => { if (shown) banner.textContent = t('pwa.offline'); });
  update();
}

/** fn() each time the network comes back (after an offline time). */
export function onOnline(fn) {
  onlineListeners.add(fn);
  return () => onlineListeners.delete(fn);
}

export const isOffline = () => shown;

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
