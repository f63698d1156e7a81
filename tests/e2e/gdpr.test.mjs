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

test('« Conservation des données »: an administrator sets how long the audit log is kept; the register says it', needsStack, async () => {
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, process.env.PARVIS_ADMIN_EMAIL, process.env.PARVIS_ADMIN_PASSWORD, { path: '/admin/portail' });
    const section = page.getByRole('region', { name: 'Conservation des données' });
    const audit = section.getByLabel("Conserver le journal d'audit (mois)");
    assert.equal(await audit.inputValue(), '12');
    await audit.fill('200');
    await section.getByRole('button', { name: 'Enregistrer' }).click();
    await section.getByRole('alert').filter({ hasText: 'entre 0 et 120' }).waitFor();
    await audit.fill('7');
    await section.getByRole('button', { name: 'Enregistrer' }).click();
    await section.getByRole('status').filter({ hasText: 'Les réglages de conservation sont enregistrés.' }).waitFor();
    await section.getByRole('link', { name: 'Données personnelles' }).click();
    await page.getByRole('heading', { level: 1, name: 'Données personnelles' }).waitFor();
    await page.getByText('7 mois').waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await admin.request('PATCH', '/settings', { audit_retention_months: 12 });
    await context.close();
  }
});
