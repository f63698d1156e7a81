// The service worker (docs/delivery.md, « Installable web app »): served at
// /sw.js (scope /, no-cache), registered by www/js/pwa.js after the page's
// load. web/build.mjs writes into it the list of the build's shell files
// (index.html under its hashed name, the entry bundle and its chunks, the
// stylesheet, the dictionaries): a new deployment is a new worker.
//  - the shell: precached in a cache named by the build; every page
//    navigation answered with that build's index.html (no request), so a
//    page never mixes two builds; older builds' caches deleted on activate;
//  - /assets/ (hashed: a name never changes content) and /img/: cache-first;
//  - a few GETs of the API (the session, Accueil's portal and agenda, the
//    Fil's first page and its groups): network-first, the last good answer
//    kept for when the network is away — in one cache, for one person:
//    emptied at sign-in, at sign-out, and when the session has ended (401);
//  - anything else (other API answers, /api/v1/live, files, uploads, every
//    request that is not a GET): not touched, never cached; errors never
//    cached.
const BUILD = 'dev';
const SHELL_FILES = [];
const INDEX = SHELL_FILES.find((f) => /^\/assets\/index-[\w]+\.html$/.test(f)) || '/index.html';

const SHELL = `parvis-shell-${BUILD}`;
const API = 'parvis-api';
const PERSON = '/__parvis/person'; // the person the API cache belongs to

// what a navigation may be (the application's routes): not the API, files
// or the worker's own addresses
const NOT_APP = /^\/(api|assets|img|i18n|js|css|_[\w]*)(\/|$)|^\/(sw\.js|manifest\.webmanifest)$/;

// the API answers kept for offline reading: their paths, and which queries
function keptApi(url) {
  const p = url.pathname.replace(/^\/api\/v1/, '');
  if (!url.pathname.startsWith('/api/v1/')) return false;
  if (p === '/me' || p === '/portal' || p === '/events') return true;
  // the Fil's first page (not the pages after, nor /feed/new)
  if (p === '/feed') return !url.searchParams.has('cursor');
  // the Fil's list of one's groups
  if (p === '/groups') return url.searchParams.get('mine') === '1' && !url.searchParams.has('cursor');
  return false;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL);
    await cache.addAll(SHELL_FILES);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('parvis-shell-') && name !== SHELL) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// the API cache's changes, one after the other
let queue = Promise.resolve();
const serial = (fn) => { queue = queue.then(fn, fn); return queue; };

const clearApi = () => serial(() => caches.delete(API));

async function person() {
  const cache = await caches.open(API);
  const r = await cache.match(PERSON);
  return r ? r.text() : null;
}

/** The answer of /me, /session or /invitations/accept: whose session this
 * is. Another person than the cache's: the cache is emptied first. */
function setPerson(id) {
  return serial(async () => {
    if (id === null) { await caches.delete(API); return; }
    const was = await person();
    if (was !== String(id)) {
      await caches.delete(API);
      await (await caches.open(API)).put(PERSON, new Response(String(id)));
    }
  });
}

async function store(request, response, id) {
  await serial(async () => {
    if ((await person()) !== String(id)) return; // signed out or someone else since
    await (await caches.open(API)).put(request, response);
  });
}

/** Tells the page whether the network answered (www/js/pwa.js shows the
 * « Hors ligne » banner when it did not). */
function tell(event, up) {
  event.waitUntil((async () => {
    const client = event.clientId ? await self.clients.get(event.clientId) : null;
    if (client) client.postMessage({ type: 'network', up });
  })());
}

async function networkFirst(event) {
  const { request } = event;
  const url = new URL(request.url);
  let response;
  try {
    response = await fetch(request);
    tell(event, true);
  } catch (err) {
    tell(event, false);
    const cache = await caches.open(API);
    const hit = await cache.match(request)
      // the agenda of Accueil asks from today: the last one seen will do
      || (url.pathname === '/api/v1/events' ? await cache.match(request, { ignoreSearch: true }) : undefined);
    if (hit) return hit;
    throw err;
  }
  if (response.status === 401) {
    event.waitUntil(clearApi());
    return response;
  }
  const json = (response.headers.get('Content-Type') || '').includes('application/json');
  if (response.status !== 200 || !json) return response; // errors are never kept
  const copy = response.clone();
  event.waitUntil((async () => {
    let data;
    try { data = await copy.json(); } catch { return; }
    if (url.pathname === '/api/v1/me') {
      const id = data && data.user ? data.user.id : null;
      await setPerson(id);
      if (id === null) return;
      // the CSRF token stays in the page's memory: never on disk
      const { csrf_token: _, ...kept } = data;
      await store(request, new Response(JSON.stringify(kept), { headers: { 'Content-Type': 'application/json' } }), id);
      return;
    }
    const id = await person();
    if (id) await store(request, new Response(JSON.stringify(data), { headers: { 'Content-Type': 'application/json' } }), id);
  })());
  return response;
}

/** POST /session, POST /invitations/accept (a person signs in) and
 * DELETE /session or POST /auth/oidc/logout (signs out): the API cache is emptied before the page reads the answer. */
async function session(event) {
  const { request } = event;
  const signIn = request.method === 'POST' && !request.url.endsWith('/auth/oidc/logout');
  if (!signIn) await clearApi();
  const response = await fetch(request);
  if (signIn && response.ok) {
    try {
      const data = await response.clone().json();
      await setPerson(data && data.user ? data.user.id : null);
    } catch { await clearApi(); }
  } else if (!signIn) {
    await clearApi();
  }
  return response;
}

async function cacheFirst(request) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.status === 200) {
    const copy = response.clone();
    cache.put(request, copy).catch(() => {});
  }
  return response;
}

async function shell(request) {
  const hit = await caches.match(INDEX, { cacheName: SHELL });
  return hit || fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const p = url.pathname;
  if ((p === '/api/v1/session' && (request.method === 'POST' || request.method === 'DELETE'))
      || (p === '/api/v1/invitations/accept' && request.method === 'POST')
      || (p === '/api/v1/auth/oidc/logout' && request.method === 'POST')) {   // a sign-out (docs/sso.md)
    event.respondWith(session(event));
    return;
  }
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    if (!NOT_APP.test(p)) event.respondWith(shell(request));
    return;
  }
  if (p.startsWith('/assets/') || p.startsWith('/img/')) {
    event.respondWith(cacheFirst(request));
    return;
  }
  if (keptApi(url)) event.respondWith(networkFirst(event));
});

// the page asks: sign-out done on its side too (www/js/pwa.js)
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'forget') event.waitUntil(clearApi());
});
