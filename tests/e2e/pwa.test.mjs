// The installable application (docs/delivery.md): the manifest is valid
// and the application installable (Chromium's own checks through CDP), the
// service worker active; offline, Accueil and the Fil open with the last
// posts seen and the « Hors ligne » banner (axe at 360 px), composer
// disabled; back online the banner goes; at sign-out the offline copies of
// the API's answers are deleted. One browser, one page.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  BASE, needsStack, CHROMIUM_ARGS, Api, createUser, unique, eventually, groupWith, apiFor, cardOf, axeViolations, signIn,
} from './helpers.mjs';

let admin;
before(async () => {
  if (BASE) admin = await Api.admin();
});

/** A browser with a profile of its own (an incognito context, as
 * browser.newContext() makes, is never installable). */
async function profilePage() {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || os.tmpdir(), 'pwa-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.PARVIS_CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS,
    baseURL: BASE, locale: 'fr-FR', viewport: { width: 360, height: 740 },
  });
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] || await context.newPage();
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/.test(msg.text())) page.problems.push(`csp: ${msg.text()}`);
  });
  return { context, page, close: async () => { await context.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/** The API answers kept in the worker's cache (their paths). */
const apiCached = (page) => page.evaluate(async () => {
  if (!(await caches.has('parvis-api'))) return [];
  const keys = await (await caches.open('parvis-api')).keys();
  return keys.map((r) => new URL(r.url).pathname + new URL(r.url).search);
});

test('the manifest from the settings; installable; offline, Accueil and the Fil as last seen, read-only; sign-out deletes the copies', needsStack, async () => {
  const tag = unique();
  // the organisation's name and colour, seen by the manifest without a rebuild
  const before = await admin.request('GET', '/settings');
  await admin.request('PATCH', '/settings', { theme_colour: 'oops' }, { expect: 400 });
  const set = await admin.request('PATCH', '/settings', { organisation_name: `Ville ${tag}`, theme_colour: '#0B6E4F' });
  assert.equal(set.theme_colour, '#0b6e4f');
  const person = await createUser(admin, { name: `Paule Vidal-${tag}` });
  const group = await groupWith(await apiFor(person), [], { name: `Marché ${tag}` });
  await (await apiFor(person)).request('POST', `/groups/${group.id}/posts`, { body: `Les étals ouvrent à 7 h ${tag}` }, { expect: 201 });
  await admin.request('POST', '/news/posts', { title: `Travaux rue Haute ${tag}`, body: 'La rue est fermée lundi.' }, { expect: 201 });

  const { context, page, close } = await profilePage();
  try {
    const res = await fetch(`${BASE}/manifest.webmanifest`);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    const manifest = await res.json();
    assert.equal(manifest.name, `Ville ${tag}`);
    assert.equal(manifest.theme_color, '#0b6e4f');
    assert.equal(manifest.display, 'standalone');

    await signIn(page, person.email, person.password);
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    const cdp = await context.newCDPSession(page);
    const { errors, data } = await cdp.send('Page.getAppManifest');
    assert.deepEqual(errors, [], 'the manifest has no error');
    assert.equal(JSON.parse(data).short_name, `Ville ${tag}`);
    // the worker is active and controls the page (registered after load)
    await eventually(() => page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return !!(r && r.active && r.active.state === 'activated');
    }), { timeout: 15_000, message: 'the service worker activated' });
    await eventually(async () => {
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      return installabilityErrors.length === 0 || assert.fail(JSON.stringify(installabilityErrors));
    }, { timeout: 10_000, message: 'no installability error' });

    // seen once online, with the worker in control: Accueil, then the Fil
    await page.reload();
    await eventually(() => page.evaluate(() => !!navigator.serviceWorker.controller), { message: 'the page controlled' });
    await page.getByRole('region', { name: 'Dernières actualités', exact: true }).getByRole('link', { name: `Travaux rue Haute ${tag}` }).waitFor();
    await page.goto('/fil');
    const feed = page.getByRole('feed', { name: 'Publications' });
    await cardOf(feed, `Les étals ouvrent à 7 h ${tag}`).waitFor();
    await eventually(async () => (await apiCached(page)).some((u) => u.startsWith('/api/v1/feed?')), { message: 'the Fil kept' });
    const kept = await apiCached(page);
    assert.ok(kept.includes('/api/v1/me') && kept.includes('/api/v1/portal'), kept.join(' '));
    assert.ok(!kept.some((u) => /live|unread|notifications|reports/.test(u)), `only the session, Accueil and the Fil: ${kept.join(' ')}`);
    const me = await page.evaluate(async () => (await (await caches.open('parvis-api')).match('/api/v1/me')).json());
    assert.equal(me.csrf_token, undefined, 'the CSRF token is never kept');

    // offline: the application opens, Accueil and the Fil as last seen
    await context.setOffline(true);
    await page.goto('/');
    const banner = page.getByRole('status').filter({ hasText: 'Hors ligne' });
    await banner.waitFor();
    await page.getByRole('region', { name: 'Dernières actualités', exact: true }).getByRole('link', { name: `Travaux rue Haute ${tag}` }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'axe, offline, 360 px');
    await page.goto('/fil');
    await cardOf(feed, `Les étals ouvrent à 7 h ${tag}`).waitFor();
    await banner.waitFor();
    // read-only: nothing to send while offline
    const buttons = page.locator('main button:not([disabled])');
    await eventually(async () => (await buttons.count()) === 0, { message: 'the page\'s buttons disabled offline' })
      .catch(async (err) => { throw new Error(`${err.message}: ${await buttons.evaluateAll((l) => l.map((b) => b.outerHTML.slice(0, 120)).join('\n'))}`); });

    // back online: the banner goes, the buttons come back
    await context.setOffline(false);
    await eventually(async () => (await page.locator('.offline-banner').innerText()).trim() === '', { message: 'the banner gone' });
    await eventually(async () => (await buttons.count()) > 0, { message: 'the buttons back' });

    // sign-out: the copies of the API's answers are gone
    await page.locator('header .user-menu button').first().click();
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.locator('input[type="password"]').waitFor();
    await eventually(async () => (await apiCached(page)).length === 0, { message: 'the API cache emptied' });
    assert.deepEqual(page.problems, []);
  } finally {
    await close();
    await admin.request('PATCH', '/settings', { organisation_name: before.organisation_name, theme_colour: before.theme_colour });
  }
});
