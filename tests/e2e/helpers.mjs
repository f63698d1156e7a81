// Shared helpers for the browser tests (node:test + playwright-core, Debian's
// chromium). The stack under test comes from the environment:
//   PARVIS_URL             e.g. http://127.0.0.1:18080
//   PARVIS_ADMIN_EMAIL     the first administrator's e-mail
//   PARVIS_ADMIN_PASSWORD  and password
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const BASE = (process.env.PARVIS_URL || '').replace(/\/+$/, '');
export const ADMIN = {
  email: process.env.PARVIS_ADMIN_EMAIL || '',
  password: process.env.PARVIS_ADMIN_PASSWORD || '',
};

/** node:test option: skip (with the reason) when no stack is configured. */
export const needsStack = BASE && ADMIN.email && ADMIN.password
  ? {}
  : { skip: 'PARVIS_URL, PARVIS_ADMIN_EMAIL and PARVIS_ADMIN_PASSWORD must be set (tests/stack.sh start)' };

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function launch() {
  return chromium.launch({
    executablePath: process.env.PARVIS_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * A fresh context and page. Defaults: a French desktop browser.
 * Page errors and failed requests to the application (not 4xx answers) are
 * collected in page.problems so that tests can assert there were none.
 */
export async function newPage(browser, { locale = 'fr-FR', viewport = { width: 1280, height: 800 }, timezoneId } = {}) {
  const context = await browser.newContext({ locale, viewport, baseURL: BASE, ...(timezoneId ? { timezoneId } : {}) });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/.test(msg.text())) {
      page.problems.push(`csp: ${msg.text()}`);
    }
  });
  return { context, page };
}

/** Random suffix for names and e-mails, so runs never collide. */
export function unique() {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** A password any reasonable policy accepts. */
export function strongPassword() {
  return `Pv-${randomBytes(9).toString('base64url')}-9a`;
}

/** Retries `fn` until it returns a truthy value (or stops throwing). */
export async function eventually(fn, { timeout = 5000, interval = 150, message = 'condition' } = {}) {
  const deadline = performance.now() + timeout;   // monotonic: immune to steps of the wall clock
  let lastError = null;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (performance.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${message}${lastError ? `: ${lastError.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * Signs in through the sign-in page (whatever its language) and waits for the
 * application shell (the main navigation).
 */
export async function signIn(page, email, password, { path = '/' } = {}) {
  await page.goto(BASE + path);
  const form = page.locator('form').filter({ has: page.locator('input[type="password"]') });
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(password);
  await form.locator('button[type="submit"]').click();
  await page.locator('nav').first().waitFor({ state: 'attached' });
  await page.locator('header .user-menu button').first().waitFor();
}

/**
 * The HTTP API as a script sees it (Node's fetch): signs in, keeps the
 * session cookie and the CSRF token, and sends them on every request.
 */
export class Api {
  constructor() {
    this.cookies = new Map();
    this.csrf = null;
    this.user = null;
  }

  /** The session's cookies as a Cookie header, for a request made with fetch() directly. */
  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  static async signIn(email, password) {
    const api = new Api();
    const data = await api.request('POST', '/session', { email, password });
    api.csrf = data.csrf_token;
    api.user = data.user;
    return api;
  }

  static admin() {
    return Api.signIn(ADMIN.email, ADMIN.password);
  }

  async request(method, path, body, { lang = 'fr', expect } = {}) {
    const headers = { Accept: 'application/json', 'Accept-Language': lang };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.csrf && method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
    if (this.cookies.size) headers.Cookie = this.cookieHeader();
    const res = await fetch(`${BASE}/api/v1${path}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual',
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) {
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
    }
    const text = await res.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = text; }
    const ok = expect !== undefined ? res.status === expect : res.ok;
    if (!ok) {
      throw new Error(`${method} ${path} → ${res.status} ${typeof data === 'string' ? data : JSON.stringify(data)}`);
    }
    return data;
  }

  /** POST /users; returns the user (with initial_password when none was given). */
  async createUser({ email, display_name, role = 'user', password } = {}) {
    const body = { email, display_name, role };
    if (password) body.password = password;
    const data = await this.request('POST', '/users', body, { expect: 201 });
    const user = data && data.user ? { ...data.user } : { ...data };
    if (data && data.initial_password && !user.initial_password) user.initial_password = data.initial_password;
    return user;
  }

  search(q, { type = 'person', limit = 20 } = {}) {
    const params = new URLSearchParams({ q, type, limit: String(limit) });
    return this.request('GET', `/search?${params}`);
  }
}

/** Creates a plain user with a known password: {id, email, display_name, password}. */
export async function createUser(api, { name, role = 'user' } = {}) {
  const tag = unique();
  const password = strongPassword();
  const display_name = name || `Camille Martin-${tag}`;
  const user = await api.createUser({
    email: `e2e-${tag}@example.org`, display_name, role, password,
  });
  return { ...user, display_name: user.display_name || display_name, password };
}

/** The computed outline of the focused element: {tag, style, width}. */
export function focusedOutline(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const cs = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type'),
      style: cs.outlineStyle,
      width: parseFloat(cs.outlineWidth) || 0,
    };
  });
}

/**
 * Records every JavaScript dialog (alert, confirm, prompt) the page opens and
 * dismisses it; returns the list of their messages (empty: none opened).
 */
export function watchDialogs(page) {
  const seen = [];
  page.on('dialog', (dialog) => {
    seen.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  return seen;
}

/** Puts keys in localStorage before any page of the context starts (e.g. parvis.feedPoll). */
export function presetStorage(context, entries) {
  return context.addInitScript((values) => {
    for (const [key, value] of Object.entries(values)) localStorage.setItem(key, value);
  }, entries);
}

/** Creates a group through the API as `owner` (an Api) and adds `members` (users with an id). */
export async function groupWith(owner, members = [], { visibility = 'public', name } = {}) {
  const group = await owner.request('POST', '/groups', { name: name || `Groupe ${unique()}`, visibility }, { expect: 201 });
  for (const m of members) await owner.request('PUT', `/groups/${group.id}/members/${m.id}`, {});
  return group;
}

/**
 * A signed-in page for `person` (French, desktop unless told); opts as for
 * newPage, plus `path` (where to land) and `storage` (localStorage preset).
 */
export async function signedInPage(browser, person, opts = {}) {
  const { context, page } = await newPage(browser, opts);
  if (opts.storage) await presetStorage(context, opts.storage);
  await signIn(page, person.email, person.password, { path: opts.path || '/' });
  return { context, page };
}

/** The API as `person` (created with createUser). */
export const apiFor = (person) => Api.signIn(person.email, person.password);

/** The post card in `scope` that shows `text`. */
export const cardOf = (scope, text) => scope.locator('article.post-card', { hasText: text });

/** Throws when the page scrolls sideways on a 360 px screen. */
export async function noSideways(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 360) throw new Error(`page is ${width}px wide`);
}

/**
 * The set-up every browser test file repeats: before its tests, a chromium
 * and the administrator's Api (when a stack is configured); after them, the
 * browser closed. Returns {browser, admin} (set once `before` ran) and
 * pageFor(person, opts), signedInPage() with that browser.
 */
export function browserTests() {
  const stack = {
    browser: null,
    admin: null,
    pageFor: (person, opts) => signedInPage(stack.browser, person, opts),
  };
  before(async () => {
    if (needsStack.skip) return;
    stack.browser = await launch();
    stack.admin = await Api.admin();
  });
  after(async () => { if (stack.browser) await stack.browser.close(); });
  return stack;
}

/** PUT /folders/{id}/files/{name} with raw bytes, as `api` (an Api): the
 * node, after checking the status (201 unless `expect` says otherwise). */
export async function putFile(api, folderId, name, content, { expect = 201, type = 'application/octet-stream' } = {}) {
  const res = await fetch(`${BASE}/api/v1/folders/${folderId}/files/${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { Accept: 'application/json', 'X-CSRF-Token': api.csrf, Cookie: api.cookieHeader(), 'Content-Type': type },
    body: content,
  });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`PUT ${name} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** GET /search as `api` until `ok(data)` (the indexer works within about a second). */
export function searchUntil(api, params, ok, message, timeout = 20000) {
  return eventually(async () => {
    const data = await api.request('GET', `/search?${new URLSearchParams(params)}`);
    return ok(data) ? data : null;
  }, { timeout, interval: 250, message });
}

// The SMTP server of the API tests (tests/api/mailbox.mjs, a real one; its
// module needs the stack's address) as the platform's relay; stop() sets no
// relay again and stops it.
export async function useMailRelay(admin) {
  const { startSmtp } = await import('../api/mailbox.mjs');
  const smtp = await startSmtp();
  await admin.request('PUT', '/admin/mail', { relay: `smtp://127.0.0.1:${smtp.port}`, starttls: false });
  return {
    smtp,
    async stop() {
      await admin.request('PUT', '/admin/mail', { relay: '' });
      smtp.stop();
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's violations (WCAG 2.1 A and AA rules) on the page, or within
 * `selector`: [{id, help, targets}] (each node's target). The transitions
 * running are let finish first: a button caught half-way between two
 * colours (just pressed) is not a contrast the person sees.
 */
export async function axeDetails(page, selector = null) {
  // evaluated through the DevTools protocol: the page's CSP does not apply
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(axeSource);
  return page.evaluate(async (sel) => {
    await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)));
    const r = await window.axe.run(sel ? { include: [[sel]] } : document,
      // only the violations' details are gathered (the passes' cost most of a run)
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, selector);
}

/** The same as "rule: targets" lines (the first three), for assert.deepEqual(…, []). */
export async function axeViolations(page, selector = null) {
  return (await axeDetails(page, selector)).map((v) => `${v.id}: ${v.targets.slice(0, 3).join(', ')}`);
}
