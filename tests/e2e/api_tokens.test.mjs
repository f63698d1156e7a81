// API tokens in the browser (docs/api_tokens.md): on a phone-sized screen,
// « Jetons d'accès » from the account menu; a token made with the keyboard
// is shown once with « Copier », listed without its secret, works with the
// API, and is revoked after a confirmation. The API reference page
// (/api/docs/) renders in chromium under the application's CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, needsStack, newPage, createUser, browserTests, axeViolations, noSideways } from './helpers.mjs';

const stack = browserTests();

test('« Jetons d\'accès »: make one with the keyboard, shown once, used, revoked', needsStack, async () => {
  const person = await createUser(stack.admin, { name: `Jeanne Jeton ${Date.now()}` });
  const { context, page } = await stack.pageFor(person, { viewport: { width: 360, height: 740 } });
  try {
    await page.getByRole('button', { name: person.display_name }).click();
    await page.getByRole('link', { name: "Jetons d'accès" }).click();
    await page.getByRole('heading', { level: 1, name: "Jetons d'accès" }).waitFor();
    await page.getByText('Aucun jeton pour l\'instant.').waitFor();
    await page.getByLabel('Nom', { exact: true }).fill('Script de sauvegarde');
    await page.getByLabel('Écriture').check();
    await page.getByRole('button', { name: 'Créer le jeton' }).focus();
    await page.keyboard.press('Enter');
    const secret = page.locator('.secret-value');
    await secret.waitFor();
    const token = (await secret.textContent()).trim();
    assert.match(token, /^pvt_[A-Za-z0-9_-]{43}$/);
    // focus on « Copier », the token listed by its prefix only
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Copier');
    const row = page.locator('.tokens-table tbody tr', { hasText: 'Script de sauvegarde' });
    await row.waitFor();
    assert.match(await row.textContent(), /Lecture, Écriture/);
    assert.ok(!(await page.locator('.token-list').textContent()).includes(token.slice(10)));
    await noSideways(page);
    assert.deepEqual(await axeViolations(page), [], 'axe at 360 px');

    const me = await fetch(`${BASE}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
    assert.equal((await me.json()).user.id, person.id);

    await row.getByRole('button', { name: /Révoquer/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Révoquer' }).click();
    await page.getByRole('status').filter({ hasText: 'Jeton « Script de sauvegarde » révoqué.' }).waitFor();
    assert.equal((await fetch(`${BASE}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } })).status, 401);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the API reference (/api/docs/) renders with no CSP violation', needsStack, async () => {
  const { context, page } = await newPage(stack.browser);
  const violations = [];
  page.on('console', (msg) => { if (/Content Security Policy|Refused to/.test(msg.text())) violations.push(msg.text()); });
  try {
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => { (window.cspViolations ||= []).push(`${e.violatedDirective} ${e.blockedURI}`); });
    });
    await page.goto(`${BASE}/api/docs`);
    await page.locator('.swagger-ui .info .title', { hasText: 'Parvis API' }).waitFor({ timeout: 20_000 });
    await page.locator('.opblock-tag', { hasText: 'integrations' }).first().waitFor();
    assert.deepEqual(await page.evaluate(() => window.cspViolations || []), []);
    assert.deepEqual(violations, []);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
