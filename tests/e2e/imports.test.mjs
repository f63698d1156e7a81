// Importing people in the browser (« Administration › Importer des
// personnes »), at 360 px: a file with an error shows its line in the
// preview and no « Appliquer »; the corrected file's preview lists what
// will be created, and « Appliquer », pressed from the keyboard, creates
// the accounts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needsStack, newPage, signIn, browserTests, noSideways, unique } from './helpers.mjs';

const stack = browserTests();

test('an administrator previews a CSV file, sees its error, corrects it and applies it', needsStack, async () => {
  const tag = unique();
  const a = `ines.${tag}@example.org`, b = `oscar.${tag}@example.org`;
  const { context, page } = await newPage(stack.browser, { viewport: { width: 360, height: 740 } });
  try {
    await signIn(page, stack.admin.user.email, process.env.PARVIS_ADMIN_PASSWORD, { path: '/admin/import' });
    await page.getByRole('heading', { level: 1, name: 'Importer des personnes' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Importer des personnes' }).getAttribute('aria-current'), 'page');
    const file = page.getByLabel('Fichier CSV');
    const csv = (second) => ({ name: 'agents.csv', mimeType: 'text/csv',
      buffer: Buffer.from(`email;nom;service\n${a};Inès Tag;Voirie\n${second};Oscar Tag;Voirie\n`, 'latin1') });

    await file.setInputFiles(csv('pas-une-adresse'));
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    await page.getByRole('alert').filter({ hasText: 'erreurs : 1' }).waitFor();
    await page.getByText('Ligne 3 : Adresse e-mail invalide : « pas-une-adresse ».').waitFor();
    const errorRow = page.locator('tr.import-error');
    assert.equal(await errorRow.count(), 1);
    assert.match(await errorRow.innerText(), /3\s+pas-une-adresse\s+Erreur/);
    assert.equal(await page.getByRole('button', { name: 'Appliquer' }).count(), 0, 'nothing to apply while an error remains');
    await noSideways(page);

    await file.setInputFiles(csv(b));
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    await page.getByRole('status').filter({ hasText: 'À créer : 2' }).waitFor();
    const table = page.getByRole('table', { name: /Les lignes du fichier/ });
    await table.getByRole('row', { name: new RegExp(`2 ${a.replace(/\./g, '\\.')} Création`) }).waitFor();
    assert.match(await table.innerText(), /service : Voirie/);
    const apply = page.getByRole('button', { name: 'Appliquer' });
    await apply.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Import appliqué : 2 compte(s) créé(s)' }).waitFor();
    await noSideways(page);
    const found = await stack.admin.request('GET', `/users?q=${encodeURIComponent('Tag')}&limit=100`);
    const emails = found.items.map((u) => u.email);
    assert.ok(emails.includes(a) && emails.includes(b), JSON.stringify(emails));
  } finally {
    await context.close();
  }
});
