// The application as nginx delivers it (docs/delivery.md): the budgets of
// Accueil's first and return visits, counted with Chromium's own network
// events (CDP: every request, and the bytes that came over the wire,
// headers included); the caching headers of the hashed files and of
// index.html; and a page opened before an upgrade that still loads its
// views' chunks after it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, needsStack, launch, newPage, Api, createUser, signIn, eventually } from './helpers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = process.env.PARVIS_VAR ? path.join(process.env.PARVIS_VAR, 'www') : '';

let browser;
let person;
before(async () => {
  if (!BASE) return;
  browser = await launch();
  person = await createUser(await Api.admin());
});
after(async () => { if (browser) await browser.close(); });

/** Counts the requests of a page and the bytes they brought (encoded, with
 * headers), from CDP's Network events; `done()` gives the list so far. */
async function recorder(page) {
  const cdp = await page.context().newCDPSession(page);
  const reqs = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.startsWith('data:')) return;
    if (!reqs.has(e.requestId)) reqs.set(e.requestId, { url: e.request.url, bytes: 0, status: 0, finished: false });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = reqs.get(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    // answered by the service worker: from its cache ("cache-storage"),
    // or fetched by it from the network ("network"; the worker's own
    // request is not among this page's events)
    if (e.response.fromServiceWorker) r.worker = e.response.serviceWorkerResponseSource || 'unknown';
  });
  // sent to the server: Chromium tells the headers it sent (a file from
  // its memory or disk cache has none); the status there is the one on the
  // wire (304 where responseReceived shows the cached 200)
  // (they may come before requestWillBeSent)
  const sent = new Set();
  const wire = new Map();
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => { sent.add(e.requestId); });
  cdp.on('Network.responseReceivedExtraInfo', (e) => { wire.set(e.requestId, e.statusCode); });
  cdp.on('Network.dataReceived', (e) => {
    const r = reqs.get(e.requestId);
    if (r && !r.finished) r.bytes += e.encodedDataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = reqs.get(e.requestId);
    if (r) { r.bytes = e.encodedDataLength; r.finished = true; }
  });
  await cdp.send('Network.enable');
  return {
    cdp,
    // what went over the network: a file the memory or disk cache gave is
    // no request to the server
    // (the service worker answered from its cache: not either; it fetched
    // from the network for the page: counted)
    sent: () => [...reqs].filter(([id, r]) => (r.worker ? r.worker !== 'cache-storage' : sent.has(id)))
      .map(([id, r]) => ({ ...r, wire: wire.get(id) || 0 })),
    // every request the page made, wherever its answer came from
    all: () => [...reqs.values()],
  };
}

/** Accueil shown with its sections, and no request started for 700 ms. */
async function settled(page, rec) {
  await page.locator('.portal-main').waitFor();
  let last = -1;
  let since = performance.now();
  await eventually(() => {
    const n = rec.sent().length;
    if (n !== last) { last = n; since = performance.now(); }
    return performance.now() - since > 700;
  }, { timeout: 10_000, interval: 100, message: 'the network to go quiet' });
}

const LOG = process.env.PARVIS_VAR ? path.join(process.env.PARVIS_VAR, 'log', 'nginx-access.log') : '';
const logSize = () => (fs.existsSync(LOG) ? fs.statSync(LOG).size : 0);
/** Waits until nginx's access log has not grown for 700 ms (and, with
 * `want`, holds a line matching it after `from`); gives its size then, or
 * with `from`, the lines written after that offset. */
async function quietLog(from, want) {
  let last = -1;
  let since = performance.now();
  const lines = () => fs.readFileSync(LOG, 'utf8').slice(from).split('\n').filter(Boolean);
  await eventually(() => {
    const n = logSize();
    if (n !== last) { last = n; since = performance.now(); }
    return performance.now() - since > 700 && (!want || lines().some((l) => want.test(l)));
  }, { timeout: 10_000, interval: 100, message: 'nginx\'s log to go quiet' });
  return from === undefined ? last : lines();
}
// $bytes_sent: the field after the user agent (nginx/nginx.conf.in's
// « parvis » format; the request's times follow it)
const BYTES_SENT = /"[^"]*" "[^"]*" (\d+)(?: |$)/;
const isContentLine = (l) => /"(?:GET|HEAD) \/api\/v1\/(posts\/\d+\/attachments\/\d+|files\/\d+)\//.test(l);

const kb = (list) => list.reduce((n, r) => n + r.bytes, 0) / 1024;
const show = (list) => list.map((r) => `${r.wire || r.status} ${Math.round(r.bytes)} ${r.url.replace(BASE, '')}`).join('\n');
const isApp = (r) => !new URL(r.url).pathname.startsWith('/api/');
// what people posted (a picture in a news post on Accueil): content, which
// the other tests on the same stack may have put there; not the page's weight
const isContent = (r) => /^\/api\/v1\/(posts\/\d+\/attachments\/\d+|files\/\d+)\//.test(new URL(r.url).pathname);

test('Accueil: first visit ≤ 150 KB in ≤ 12 requests, its files in ≤ 5; a return visit gets the application from the service worker, the page makes ≤ 4 requests, ≤ 20 KB', { ...needsStack, ...(OUT ? {} : { skip: 'PARVIS_VAR is not set' }) }, async () => {
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, person.email, person.password);
    // a first visit: signed in, nothing in the browser's cache
    const rec = await recorder(page);
    await rec.cdp.send('Network.clearBrowserCache');
    // nor a service worker (the sign-in page registered it)
    await rec.cdp.send('Storage.clearDataForOrigin', { origin: BASE, storageTypes: 'service_workers,cache_storage,local_storage' });
    await page.goto('/');
    await settled(page, rec);
    const first = rec.sent().filter((r) => !isContent(r));
    const firstKb = kb(first);
    console.log(`# first visit: ${first.length} requests, ${firstKb.toFixed(1)} KB\n${show(first)}`);
    // The budget: 12 requests in all; the application's own files
    // take 5 (index.html, the stylesheet, the bundle, the dictionary, the
    // logo), the API and the live stream the rest (docs/delivery.md)
    const firstApp = first.filter(isApp);
    assert.ok(firstApp.length <= 5, `first visit: ${firstApp.length} requests for the application's files (≤ 5)\n${show(first)}`);
    assert.ok(first.length <= 12, `first visit: ${first.length} requests in all (≤ 12)\n${show(first)}`);
    assert.ok(firstKb <= 150, `first visit: ${firstKb.toFixed(1)} KB (≤ 150)\n${show(first)}`);
    // compressed: the bundle came as Brotli (or gzip), far under its size
    const js = first.find((r) => /\/assets\/main-[\w-]+\.js$/.test(r.url));
    assert.ok(js, 'the main bundle was loaded');
    const raw = fs.statSync(path.join(OUT, new URL(js.url).pathname)).size;
    assert.ok(js.bytes < raw / 2, `the bundle came compressed (${js.bytes} bytes over the wire for ${raw})`);

    // the service worker (registered after the first visit's load) in
    // control, its shell precached
    await eventually(() => page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return !!(r && r.active && r.active.state === 'activated' && navigator.serviceWorker.controller);
    }), { timeout: 15_000, message: 'the service worker activated' });
    // the first tab closed (its live connection ends), nginx's log quiet:
    // what it logs from now on is the return visit's
    await page.close();
    const mark = await quietLog();

    // a return visit, another tab of the same browser
    const again = await context.newPage();
    again.problems = [];
    again.on('pageerror', (err) => again.problems.push(`pageerror: ${err.message}`));
    const rec2 = await recorder(again);
    await again.goto('/');
    await settled(again, rec2);
    const second = rec2.sent().filter((r) => !isContent(r));
    const appFiles = second.filter(isApp);
    const fromWorker = rec2.all().filter((r) => r.worker === 'cache-storage');
    // what reached the server, from nginx's log: the page's requests and
    // the service worker's (its check for a new /sw.js); the tab closed
    // first, so that the live connection is logged too
    await again.close();
    const served = (await quietLog(mark, /GET \/api\/v1\/live/)).filter((l) => !isContentLine(l));
    // the bytes: nginx's $bytes_sent (headers included; the page's events
    // give none for what the worker fetched)
    const secondKb = served.reduce((n, l) => n + Number(BYTES_SENT.exec(l)[1]), 0) / 1024;
    const short = (l) => l.replace(/^.*?\] /, '').replace(/ "http[^"]*" "[^"]*"/, '');
    console.log(`# return visit: ${served.length} requests reached the server, ${secondKb.toFixed(1)} KB; `
      + `${fromWorker.length} answered by the service worker's cache\n${show(second)}\n# nginx:\n${served.map(short).join('\n')}`);
    // the application's files: none from the network (the worker answers
    // index.html and the bundles from its cache); at most its check for
    // a new worker
    assert.deepEqual(appFiles.map((r) => new URL(r.url).pathname), [], `return visit:\n${show(second)}`);
    assert.ok(fromWorker.some((r) => new URL(r.url).pathname === '/'), 'index.html came from the worker\'s cache');
    const appServed = served.filter((l) => !/"GET \/api\//.test(l));
    assert.ok(appServed.every((l) => /"GET \/sw\.js /.test(l)) && appServed.length <= 1, `the application's files reached the server:\n${appServed.join('\n')}`);
    assert.ok(secondKb <= 20, `return visit: ${secondKb.toFixed(1)} KB (≤ 20)\n${served.map(short).join('\n')}`);
    // The budget: 4 requests, the page's: the session (with the
    // unread counts), Accueil's portal and agenda, the live stream
    // (docs/delivery.md); the browser's check for a new worker (/sw.js,
    // after the page's load) besides
    const pageServed = served.filter((l) => !/"GET \/sw\.js /.test(l));
    assert.ok(pageServed.length <= 4, `return visit: ${pageServed.length} requests of the page reached the server (≤ 4)\n${served.map(short).join('\n')}`);
    assert.deepEqual(page.problems, []);
    assert.deepEqual(again.problems, []);
  } finally {
    await context.close();
  }
});

/** A GET with Node's http (fetch would decompress): status, headers, bytes. */
function head(url, encoding = 'br, gzip', headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(BASE + url, { headers: { 'Accept-Encoding': encoding, ...headers } }, (res) => {
      let size = 0;
      res.on('data', (c) => { size += c.length; });
      res.on('end', () => resolve({ status: res.statusCode, headers: new Headers(res.headers), size }));
    }).on('error', reject);
  });
}

test('hashed files are immutable for a year, index.html is asked again; both precompressed; API JSON gzipped', needsStack, async () => {
  const index = await head('/', 'gzip');
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  assert.equal(index.headers.get('content-encoding'), 'gzip');
  assert.ok(index.headers.get('etag'), 'index.html has an ETag to revalidate with');
  const html = await (await fetch(`${BASE}/`)).text();
  const main = /<script type="module" src="(\/assets\/main-[\w-]+\.js)"><\/script>/.exec(html)[1];
  const css = /<link rel="stylesheet" href="(\/assets\/app-[\w-]+\.css)">/.exec(html)[1];
  for (const url of [main, css]) {
    const br = await head(url, 'br, gzip');
    assert.equal(br.status, 200, url);
    assert.equal(br.headers.get('cache-control'), 'public, max-age=31536000, immutable', url);
    assert.equal(br.headers.get('content-encoding'), 'br', url);
    const gz = await head(url, 'gzip');
    assert.equal(gz.headers.get('content-encoding'), 'gzip', url);
    const plain = await head(url, 'identity');
    assert.equal(plain.headers.get('content-encoding'), null, url);
    assert.ok(br.size < gz.size && gz.size < plain.size / 2, `${url}: br ${br.size} < gzip ${gz.size} < raw ${plain.size}/2`);
    // the security headers too
    assert.match(br.headers.get('content-security-policy') || '', /script-src 'self'/, url);
  }
  // a missing hashed file is a 404, never index.html
  const missing = await head('/assets/main-nothere.js');
  assert.equal(missing.status, 404);
  assert.notEqual(missing.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  // the API's JSON, gzipped when large enough
  const admin = await Api.admin();
  const r = await head('/api/v1/users?limit=100', 'gzip', { Cookie: admin.cookieHeader() });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/json');
  assert.equal(r.headers.get('content-encoding'), 'gzip', `JSON of ${r.size} bytes`);
});

function build(src) {
  execFileSync(process.execPath, [path.join(ROOT, 'web/build.mjs'), '--src', src, '--out', OUT, '--quiet'], { stdio: 'inherit' });
}

test('an upgrade while a page is open: the page still loads its views from the previous build, and reloads when they are gone', { ...needsStack, ...(OUT ? {} : { skip: 'PARVIS_VAR is not set' }) }, async () => {
  // the "old" application: the source with one view changed
  const old = fs.mkdtempSync(path.join(process.env.TMPDIR || os.tmpdir(), 'www-old-'));
  fs.cpSync(path.join(ROOT, 'www'), old, { recursive: true });
  fs.appendFileSync(path.join(old, 'js/views/people.js'), "\nglobalThis.parvisBuild = 'old';\n");
  const { context, page } = await newPage(browser);
  let upgraded = false;
  try {
    build(old);
    await signIn(page, person.email, person.password);
    const oldMain = await page.locator('script[type="module"]').getAttribute('src');
    // the upgrade: built again from the real source
    build(path.join(ROOT, 'www'));
    upgraded = true;
    const html = await (await fetch(`${BASE}/`)).text();
    assert.ok(!html.includes(oldMain), 'index.html refers to the new build');
    // the open page goes to a view it has not loaded yet: the old chunk
    const failed = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
    await page.locator('nav a[href="/personnes"]').first().click();
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    assert.equal(await page.evaluate(() => globalThis.parvisBuild), 'old', 'the view came from the old build');
    assert.deepEqual(failed, []);
    // a second upgrade would remove the old build's files: one of its
    // chunks gone, the page loads the current application in its place
    const gone = JSON.parse(fs.readFileSync(path.join(OUT, '.generations.json'), 'utf8')).previous
      .filter((f) => /^assets\/groups-/.test(f));
    assert.equal(gone.length, 1, 'the old build had its own chunk for « Groupes »');
    for (const ext of ['', '.gz', '.br']) fs.rmSync(path.join(OUT, gone[0] + ext));
    await page.locator('nav a[href="/groupes"]').first().click();
    // the page asks the service worker for the new build, waits for it to
    // store that build's files, and reloads: more than the default 10 s on
    // a busy machine
    await eventually(async () => page.getByRole('heading', { level: 1, name: 'Groupes' }).isVisible(),
      { timeout: 45_000, message: 'the page, reloaded with the new build, shows « Groupes »' });
    await eventually(async () => (await page.locator('script[type="module"]').getAttribute('src')) !== oldMain,
      { message: 'the page reloaded with the new build' });
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
    if (!upgraded) build(path.join(ROOT, 'www')); // the stack serves the real source again
    fs.rmSync(old, { recursive: true, force: true });
  }
});
