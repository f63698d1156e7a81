// « Mes données » in the browser (docs/gdpr.md): from the account menu, the
// person prepares their export, sees it being prepared, then « Télécharger »
// appears by itself and downloads the zip; « Données personnelles » lists
// what is kept and for how long, from a phone-sized screen too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, needsStack, launch, newPage, signIn, Api, createUser } from './helpers.mjs';

let browser, admin;
before(async () => {
  if (needsStack.skip) return;
  browser = await launch();
  admin = await Api.admin();
});
after(async () => { if (browser) await browser.close(); });

test('« Mes données »: prepare the export, then the download link appears and downloads the zip', needsStack, async () => {
  const person = await createUser(admin, { name: `Denise Données ${Date.now()}` });
  const { context, page } = await newPage(browser, { viewport: { width: 360, height: 740 } });
  try {
    await signIn(page, person.email, person.password);
    await page.getByRole('button', { name: person.display_name }).click();
    await page.getByRole('link', { name: 'Mes données' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mes données' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/mes-donnees');
    await page.getByText('Aucun export en cours.').waitFor();
    const prepare = page.getByRole('button', { name: 'Préparer mon export' });
    await prepare.focus();
    await page.keyboard.press('Enter');
    const download = page.getByRole('link', { name: /^Télécharger/ });
    await download.waitFor({ timeout: 30_000 });
    await page.getByRole('status').filter({ hasText: 'Votre export est prêt' }).waitFor();
    assert.match(await download.getAttribute('href'), /^\/api\/v1\/exports\/\d+\/download$/);
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    assert.equal(file.suggestedFilename(), 'parvis-mes-donnees.zip');
    const path = await file.path();
    assert.ok(path, 'downloaded');

    // the register, linked from there
    await page.getByRole('link', { name: /^Données personnelles/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Données personnelles' }).waitFor();
    await page.getByRole('heading', { level: 2, name: "Journal d'audit" }).waitFor();
    await page.getByText('12 mois').waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
