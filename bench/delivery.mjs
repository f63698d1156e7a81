// node bench/delivery.mjs — Accueil on a simulated slow 4G phone (docs/delivery.md):
// Chromium (tests/node_modules/playwright-core, Debian's chromium) with CDP
// Network.emulateNetworkConditions (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s
// up) and Emulation.setCPUThrottlingRate 4. Signed in as the stack's
// administrator (env as tests/stack.sh writes it), RUNS times:
//  - first visit: a new browser context (empty HTTP cache), signed in, then
//    Accueil loaded;
//  - return visit: another tab of the same context loads Accueil again
//    (once the service worker, when there is one, is active).
// The throttling applies to the page's own requests: those the service
// worker makes for it (the API's, on a return visit) are not slowed.
// Prints one JSON line: medians of DOMContentLoaded, of index.html's arrival
// (responseEnd) and of « Accueil shown »
// (its sections drawn: .portal-main), requests and KB of the first visit.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'tests', 'package.json'));
const { chromium } = require('playwright-core');

const BASE = process.env.PARVIS_URL;
const RUNS = Number(process.env.BENCH_DELIVERY_RUNS || 5);
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };

async function slow(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (750e3 / 8),
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  // what went to the network: requests with the headers Chromium sent,
  // and those the service worker fetched for the page; not what the
  // worker answered from its cache (docs/delivery.md)
  const sent = new Set();
  const cached = new Set();
  const bytes = new Map();
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => sent.add(e.requestId));
  cdp.on('Network.responseReceived', (e) => {
    if (!e.response.fromServiceWorker) return;
    if (e.response.serviceWorkerResponseSource === 'cache-storage') cached.add(e.requestId);
    else sent.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => { bytes.set(e.requestId, e.encodedDataLength); });
  const urls = new Map();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  const net = () => [...sent].filter((id) => !cached.has(id));
  return { cdp, list: () => net().map((id) => urls.get(id)), requests: () => net().length, kb: () => net().reduce((n, id) => n + (bytes.get(id) || 0), 0) / 1024 };
}

async function visit(page) {
  const net = await slow(page);
  const t0 = Date.now();
  await page.goto(`${BASE}/`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.locator('.portal-main').waitFor({ timeout: 60_000 });
  const shown = Date.now() - t0;
  const { dcl, html } = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return { dcl: n.domContentLoadedEventEnd - n.startTime, html: n.responseEnd - n.startTime };
  });
  // BENCH_DELIVERY_DEBUG=1: each visit's requests on stderr
  if (process.env.BENCH_DELIVERY_DEBUG) console.error(net.list());
  return { dcl, html, shown, requests: net.requests(), kb: net.kb() };
}

const browser = await chromium.launch({
  executablePath: process.env.PARVIS_CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const first = [];
const again = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 412, height: 800 } });
    // signed in through the API (not timed): the session cookie
    const res = await context.request.post(`${BASE}/api/v1/session`, {
      data: { email: process.env.PARVIS_ADMIN_EMAIL, password: process.env.PARVIS_ADMIN_PASSWORD },
    });
    if (!res.ok()) throw new Error(`sign-in: ${res.status()}`);
    const page = await context.newPage();
    first.push(await visit(page));
    await page.waitForTimeout(500); // the first visit's late requests end
    // the service worker (when the tree has one) active before the return visit
    await page.evaluate(async () => {
      if (!navigator.serviceWorker) return;
      const reg = await navigator.serviceWorker.getRegistration();
      if (!reg) return;
      for (let i = 0; i < 100 && !(reg.active && reg.active.state === 'activated'); i++) await new Promise((r) => setTimeout(r, 100));
    });
    again.push(await visit(await context.newPage()));
    await context.close();
  }
} finally {
  await browser.close();
}
const pick = (list, k) => Math.round(median(list.map((r) => r[k])));
console.log(JSON.stringify({
  runs: RUNS,
  first: { dcl: pick(first, 'dcl'), html: pick(first, 'html'), shown: pick(first, 'shown'), requests: pick(first, 'requests'), kb: pick(first, 'kb') },
  again: { dcl: pick(again, 'dcl'), html: pick(again, 'html'), shown: pick(again, 'shown'), requests: pick(again, 'requests'), kb: pick(again, 'kb') },
}));
