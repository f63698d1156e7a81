// « Administration › Statistiques » and « Journal » on a 360 px screen:
// curves drawn as SVG with their numbers in a table, CSV links; the
// journal filtered by action from the keyboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN, needsStack, newPage, signIn, browserTests, noSideways, createUser, unique } from './helpers.mjs';

const stack = browserTests();
const small = { viewport: { width: 360, height: 740 } };

test('statistics: curves as SVG, their numbers as a table, CSV links, readable at 360 px', needsStack, async () => {
  const { context, page } = await newPage(stack.browser, small);
  try {
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto(`${BASE}/admin/statistiques`);
    await page.getByRole('heading', { level: 1, name: 'Statistiques' }).waitFor();
    const charts = page.getByRole('img', { name: /Personnes actives par jour|Connexions et recherches/ });
    await charts.first().waitFor();
    assert.equal(await charts.count(), 2);
    assert.equal(await page.locator('figure svg.chart').count(), 4, 'four curves');
    // the numbers of the first curve, today included (the administrator signed in)
    await page.getByText('Voir les chiffres : Personnes actives par jour').click();
    const today = new Date().toISOString().slice(0, 10);
    const row = page.getByRole('table', { name: 'Personnes actives par jour' }).getByRole('row', { name: new RegExp(today) });
    await row.waitFor();
    assert.ok(Number((await row.getByRole('cell').first().textContent()).replace(/\D/g, '')) >= 1, 'someone active today');
    const csv = page.getByRole('link', { name: 'Exporter (CSV)' }).first();
    assert.match(await csv.getAttribute('href'), /^\/api\/v1\/admin\/statistics\?.*format=csv/);
    await noSideways(page);
    // by department: its own table
    await page.getByLabel('Répartir par').selectOption('department');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.getByRole('heading', { name: 'Par Service' }).waitFor();
    await noSideways(page);
  } finally {
    await context.close();
  }
});

test('journal: filtered by action from the keyboard, the export follows the filters', needsStack, async () => {
  const person = await createUser(stack.admin, { name: `Journal ${unique()}` });
  await fetch(`${BASE}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: person.email, password: 'pas le bon mot de passe' }) });
  const { context, page } = await newPage(stack.browser, small);
  try {
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto(`${BASE}/admin/journal`);
    await page.getByRole('heading', { level: 1, name: 'Journal' }).waitFor();
    const table = page.getByRole('table', { name: /Journal des actions/ });
    await table.getByRole('row').nth(1).waitFor();
    const action = page.getByLabel('Action', { exact: true });
    await action.focus();
    await action.selectOption({ label: 'Connexion échouée' });
    await page.getByRole('button', { name: 'Filtrer' }).focus();
    await page.keyboard.press('Enter');
    await table.getByRole('row', { name: new RegExp(person.email) }).waitFor();
    const kinds = await table.locator('tbody tr td:nth-child(3)').allTextContents();
    assert.ok(kinds.length >= 1 && kinds.every((k) => k === 'Connexion échouée'), kinds.join(', '));
    assert.match(await page.getByRole('link', { name: 'Exporter (CSV)' }).getAttribute('href'), /action=session\.signin_failed.*format=csv/);
    await noSideways(page);
  } finally {
    await context.close();
  }
});
